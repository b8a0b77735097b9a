/**
 * Connection caps of the HTTP(S) listener, which also carries the websocket endpoint:
 * open TCP connections overall (`limits.maxConnections`) and from one source address
 * (`limits.maxConnectionsPerAddress`). A connection over either cap is answered at once
 * with a 503 naming the code (plain HTTP) or closed before the TLS handshake (HTTPS),
 * so that it costs no parser, no TLS and no websocket state.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { NODE_ERRORS } from '../errors.js';

export interface ConnectionCounts {
  readonly open: number;
  readonly addresses: number;
  readonly refused: number;
}

/**
 * A whole HTTP response refusing a connection before any parser or websocket sees it:
 * the status line, `Retry-After`, and the error body the routes send
 * (`{ error: { code, message } }`).
 */
export function rawRefusal(status: string, code: string, message: string, retryAfterSeconds: number): string {
  const body = JSON.stringify({ error: { code, message } });
  return [
    `HTTP/1.1 ${status}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Retry-After: ${retryAfterSeconds}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

const REFUSAL = rawRefusal(
  '503 Service Unavailable',
  'ARX_NODE_TOO_MANY_CONNECTIONS',
  NODE_ERRORS.ARX_NODE_TOO_MANY_CONNECTIONS.message,
  5,
);

/** Installs the caps on `server`; returns live counts (for /metrics). */
export function limitConnections(
  server: Server,
  limits: { maxConnections: number; maxConnectionsPerAddress: number },
  tls: boolean,
  log: Logger,
): () => ConnectionCounts {
  let open = 0;
  let refused = 0;
  // One entry per address with an open connection: deleted at zero, so it follows open connections.
  const perAddress = new Map<string, number>();
  server.prependListener('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const mine = perAddress.get(address) ?? 0;
    if (open >= limits.maxConnections || mine >= limits.maxConnectionsPerAddress) {
      refused++;
      if (refused % 1000 === 1)
        log.warn({ address, open, fromAddress: mine, refused }, 'connection refused: cap reached');
      socket.on('error', () => {});
      if (tls) socket.destroy();
      else socket.end(REFUSAL, () => socket.destroy());
      // The HTTP server's own listener still runs after this one: give it a socket that
      // is already finished, so no request on it is parsed.
      socket.pause();
      return;
    }
    open++;
    perAddress.set(address, mine + 1);
    socket.once('close', () => {
      open--;
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left <= 0) perAddress.delete(address);
      else perAddress.set(address, left);
    });
  });
  return () => ({ open, addresses: perAddress.size, refused });
}

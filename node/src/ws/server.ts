/** The websocket endpoint (`/v1/ws`) on the node's HTTP server. */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import { WebSocketServer } from 'ws';
import type { NodeContext } from '../context.js';
import { WS_CLOSE } from '../errors.js';
import type { StoredEvent } from '../ingest/writer.js';
import { Connection } from './connection.js';
import { type PeerHandler, Session } from './session.js';

export const WS_PATH = '/v1/ws';

export class SessionRegistry {
  readonly sessions = new Set<Session>();
  private readonly stopMetrics: () => void;

  constructor(
    private readonly ctx: NodeContext,
    private peers: PeerHandler | null,
  ) {
    ctx.writer.on('stored', (event: StoredEvent) => {
      for (const s of this.sessions) s.onStored(event);
    });
    this.stopMetrics = ctx.metrics.onScrape(() => this.setGauges());
  }

  /** Connection gauges for /metrics: how many, and how much is buffered for slow readers. */
  private setGauges(): void {
    let buffered = 0;
    let subscriptions = 0;
    for (const s of this.sessions) {
      buffered += s.conn.socket.bufferedAmount;
      subscriptions += s.subscriptionCount;
    }
    const m = this.ctx.metrics;
    m.wsConnections.set(this.sessions.size);
    m.wsSubscriptions.set(subscriptions);
    m.wsBufferedBytes.set(buffered);
  }

  setPeerHandler(peers: PeerHandler): void {
    this.peers = peers;
  }

  /** Wraps an open socket (inbound or outbound) in a session. */
  attach(socket: WebSocket, remote: string, outbound: boolean): Session {
    const conn = new Connection(socket, remote, this.ctx.config.limits);
    const session = new Session(this.ctx, conn, this.peers, outbound);
    this.sessions.add(session);
    // Frames of one connection are handled in order (entries keep their order at the writer).
    let chain: Promise<void> = Promise.resolve();
    socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      if (!isBinary) {
        chain = chain.then(() => session.onTextFrame());
        return;
      }
      const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
      chain = chain.then(() => session.onMessage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
    });
    socket.on('close', () => {
      this.sessions.delete(session);
      session.onClose();
    });
    socket.on('error', (err) => this.ctx.log.debug({ err, remote }, 'websocket error'));
    return session;
  }

  closeAll(): void {
    for (const s of this.sessions) s.conn.close(WS_CLOSE.goingAway, 'node shutting down');
    this.stopMetrics();
  }
}

/** Accepts websocket upgrades on WS_PATH of the given HTTP(S) server. */
export function attachWebsocketServer(server: Server, ctx: NodeContext, registry: SessionRegistry): WebSocketServer {
  // The hard cap closes the socket (1009); frames between the soft limit and this get a `too-large` reply.
  const wss = new WebSocketServer({ noServer: true, maxPayload: ctx.config.limits.maxFrameBytes * 4 });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== WS_PATH) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      registry.attach(ws, `${request.socket.remoteAddress}:${request.socket.remotePort}`, false);
    });
  });
  return wss;
}

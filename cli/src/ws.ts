/**
 * A minimal websocket client (RFC 6455) for binary frames, enough for `arx subscribe`:
 * Node 20 has no built-in WebSocket, and the CLI keeps its dependencies to commander.
 * Client frames are masked (§5.3); fragmented messages are reassembled (§5.4); pings
 * are answered (§5.5.2); a close frame is echoed before the socket ends (§5.5.1).
 */
import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OP = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;
/** Largest message accepted (the node's frames are far smaller). */
const MAX_MESSAGE = 16 * 1024 * 1024;

/** Encodes one client frame (always masked, FIN set). */
export function encodeClientFrame(opcode: number, payload: Uint8Array, mask = randomBytes(4)): Buffer {
  const len = payload.length;
  const head = len < 126 ? 2 : len < 65536 ? 4 : 10;
  const out = Buffer.alloc(head + 4 + len);
  out[0] = 0x80 | opcode;
  if (len < 126) out[1] = 0x80 | len;
  else if (len < 65536) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(len, 2);
  } else {
    out[1] = 0x80 | 127;
    out.writeBigUInt64BE(BigInt(len), 2);
  }
  mask.copy(out, head);
  for (let i = 0; i < len; i++) out[head + 4 + i] = payload[i]! ^ mask[i & 3]!;
  return out;
}

interface ParsedFrame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
  size: number;
}

/** Parses one frame from the front of `buf`, or returns undefined if incomplete. */
export function parseFrame(buf: Buffer): ParsedFrame | undefined {
  if (buf.length < 2) return undefined;
  const fin = (buf[0]! & 0x80) !== 0;
  const opcode = buf[0]! & 0x0f;
  const masked = (buf[1]! & 0x80) !== 0;
  let len = buf[1]! & 0x7f;
  let offset = 2;
  if (len === 126) {
    if (buf.length < 4) return undefined;
    len = buf.readUInt16BE(2);
    offset = 4;
  } else if (len === 127) {
    if (buf.length < 10) return undefined;
    const big = buf.readBigUInt64BE(2);
    if (big > BigInt(MAX_MESSAGE)) throw new Error('websocket frame too large');
    len = Number(big);
    offset = 10;
  }
  const maskLen = masked ? 4 : 0;
  if (buf.length < offset + maskLen + len) return undefined;
  let payload = buf.subarray(offset + maskLen, offset + maskLen + len);
  if (masked) {
    const mask = buf.subarray(offset, offset + 4);
    payload = Buffer.from(payload.map((b, i) => b ^ mask[i & 3]!));
  }
  return { fin, opcode, payload: Buffer.from(payload), size: offset + maskLen + len };
}

/**
 * An open websocket. Events: `message` (Uint8Array, binary messages only), `close`
 * (code, reason), `error` (Error).
 */
export class WsClient extends EventEmitter {
  private buffer: Buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private fragmentOpcode = 0;
  private closed = false;

  /** `head`: bytes that arrived with the upgrade response, before the socket was handed over. */
  constructor(
    private readonly socket: Socket,
    head?: Buffer,
  ) {
    super();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.resume();
    // Bytes that came with the upgrade go first; they are parsed once the caller has
    // attached its listeners (later chunks append, so order is kept).
    if (head && head.length > 0) {
      this.buffer = Buffer.from(head);
      setImmediate(() => this.onData(Buffer.alloc(0)));
    }
    socket.on('close', () => this.finish(1006, 'connection lost'));
    socket.on('error', (err) => this.emit('error', err));
  }

  /** Sends one binary message. */
  send(data: Uint8Array): void {
    if (!this.closed) this.socket.write(encodeClientFrame(OP.binary, data));
  }

  /** Starts the closing handshake (code 1000) and ends the socket. */
  close(code = 1000): void {
    if (this.closed) return;
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code);
    this.socket.end(encodeClientFrame(OP.close, payload));
    this.finish(code, '');
  }

  private finish(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close', code, reason);
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    try {
      for (;;) {
        const frame = parseFrame(this.buffer);
        if (!frame) return;
        this.buffer = this.buffer.subarray(frame.size);
        this.onFrame(frame);
      }
    } catch (error) {
      this.emit('error', error as Error);
      this.socket.destroy();
    }
  }

  private onFrame(frame: ParsedFrame): void {
    switch (frame.opcode) {
      case OP.ping:
        if (!this.closed) this.socket.write(encodeClientFrame(OP.pong, frame.payload));
        return;
      case OP.pong:
        return;
      case OP.close: {
        const code = frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005;
        const reason = frame.payload.subarray(2).toString('utf8');
        if (!this.closed) this.socket.end(encodeClientFrame(OP.close, frame.payload.subarray(0, 2)));
        this.finish(code, reason);
        return;
      }
      case OP.text:
      case OP.binary:
        this.fragmentOpcode = frame.opcode;
        this.fragments = [frame.payload];
        break;
      case OP.continuation:
        this.fragments.push(frame.payload);
        break;
      default:
        throw new Error(`unknown websocket opcode ${frame.opcode}`);
    }
    if (!frame.fin) return;
    const message = Buffer.concat(this.fragments);
    this.fragments = [];
    if (this.fragmentOpcode === OP.binary) this.emit('message', new Uint8Array(message));
  }
}

/** Opens a websocket to `url` (ws:// or wss://); rejects with the HTTP status if refused. */
export function connectWs(url: string, headers: Record<string, string> = {}, timeoutMs = 10_000): Promise<WsClient> {
  const target = new URL(url);
  const key = randomBytes(16).toString('base64');
  const request = target.protocol === 'wss:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request({
      host: target.hostname.replace(/^\[|\]$/g, ''),
      port: target.port || (target.protocol === 'wss:' ? 443 : 80),
      path: `${target.pathname}${target.search}`,
      headers: {
        ...headers,
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Key': key,
        'Sec-WebSocket-Version': '13',
      },
      timeout: timeoutMs,
    });
    req.on('upgrade', (res: IncomingMessage, socket: Socket, head: Buffer) => {
      const expected = createHash('sha1')
        .update(key + GUID)
        .digest('base64');
      if (res.headers['sec-websocket-accept'] !== expected) {
        socket.destroy();
        reject(new Error('websocket handshake failed: wrong Sec-WebSocket-Accept'));
        return;
      }
      socket.setTimeout(0);
      const client = new WsClient(socket, head);
      resolve(client);
    });
    req.on('response', (res: IncomingMessage) => {
      res.resume();
      reject(Object.assign(new Error(`websocket upgrade refused: HTTP ${res.statusCode}`), { status: res.statusCode }));
    });
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error('websocket connect timed out'), { code: 'ETIMEDOUT' })),
    );
    req.on('error', reject);
    req.end();
  });
}

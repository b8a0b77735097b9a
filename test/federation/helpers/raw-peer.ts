/**
 * A hand-driven peer: a websocket client (or server) that speaks the link protocol
 * frame by frame with any member's test key, so tests can play an impostor, replay a
 * handshake, stop reading, or count exactly what a node sends.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import {
  decodeFrame,
  encodeFrame,
  type Frame,
  fromHex,
  type KeyPair,
  linkAuthMessage,
  signEntry,
  toHex,
} from '@arx/protocol';
import { nodeEd25519 } from '@arx/protocol/node-crypto';
import type WebSocketType from 'ws';
import type { WebSocketServer as WebSocketServerType } from 'ws';

// `ws` is a dependency of @arx/node, resolved from there (the test package does not list it).
const require = createRequire(new URL('../../../node/package.json', import.meta.url));
const ws = require('ws') as { WebSocket: typeof WebSocketType; WebSocketServer: typeof WebSocketServerType };

export type Received = { frame: Frame; bytes: number };

/** Wraps an open socket: records decoded frames, lets a test wait on them. */
export class RawPeer {
  readonly frames: Frame[] = [];
  bytesIn = 0;
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];
  /** Called for every frame as it arrives (benchmarks timestamp deliveries here). */
  onFrame: ((frame: Frame) => void) | null = null;
  /** Keep received frames in `frames` (off for long benchmark streams). */
  record = true;

  constructor(readonly socket: WebSocketType) {
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        resolve({ code, reason: String(reason) });
        this.wake();
      }),
    );
    socket.on('error', () => {});
    socket.on('message', (data: Buffer) => {
      this.bytesIn += data.length;
      const frame = decodeFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      this.onFrame?.(frame);
      if (this.record) this.frames.push(frame);
      this.wake();
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  static connect(url: string): Promise<RawPeer> {
    const socket = new ws.WebSocket(url);
    const peer = new RawPeer(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(peer));
      socket.once('error', reject);
    });
  }

  send(frame: Frame | readonly unknown[]): void {
    this.socket.send(encodeFrame(frame as Frame));
  }

  /** Sends pre-encoded frames as fast as the socket drains (keeps its buffer under `highWater`). */
  async stream(frames: Iterable<Uint8Array>, highWater = 4 * 1024 * 1024): Promise<void> {
    for (const bytes of frames) {
      this.socket.send(bytes);
      while (this.socket.bufferedAmount > highWater) {
        if (this.socket.readyState !== 1) throw new Error('socket closed while streaming');
        await new Promise((r) => setTimeout(r, 2));
      }
    }
  }

  /** Resolves with the first frame (received so far or later) that matches. */
  async waitFor(pred: (f: Frame) => boolean, timeoutMs = 15_000, what = 'a matching frame'): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(pred);
      if (found) return found;
      if (this.socket.readyState > 1) throw new Error(`socket closed before ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  entries(): Uint8Array[] {
    return this.frames.filter((f) => f[0] === 'entry').map((f) => f[1] as Uint8Array);
  }

  close(): void {
    this.socket.close();
  }
}

/**
 * Completes the link handshake as `keys` (which must be a roster member) and waits
 * for the node's `have`. With `have`, announces that vector instead of an empty one;
 * `version` is the link protocol version stated in `hello`.
 */
export async function linkAs(url: string, keys: KeyPair, have: [string, number][] = [], version = 1): Promise<RawPeer> {
  const peer = await RawPeer.connect(url);
  const challenge = randomBytes(32);
  peer.send(['hello', { v: version, key: keys.publicKey, challenge, agent: 'test-peer' }]);
  const hello = (await peer.waitFor((f) => f[0] === 'hello', 10_000, 'hello')) as Extract<
    Frame,
    readonly ['hello', unknown]
  >;
  const message = linkAuthMessage(keys.publicKey, challenge, hello[1].key, hello[1].challenge);
  peer.send(['auth', { sig: nodeEd25519.sign(message, keys.secretKey) }]);
  await peer.waitFor((f) => f[0] === 'have', 10_000, 'have');
  peer.send(['have', have.map(([origin, seq]) => [fromHex(origin), seq])]);
  return peer;
}

/** A websocket server a node can dial; it records what the dialling node sends. */
export class RawServer {
  readonly peers: RawPeer[] = [];
  private constructor(private readonly server: WebSocketServerType) {}

  static async listen(port = 0): Promise<RawServer> {
    const server = new ws.WebSocketServer({ host: '127.0.0.1', port, path: '/v1/ws' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const raw = new RawServer(server);
    server.on('connection', (socket) => raw.peers.push(new RawPeer(socket)));
    return raw;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async nextPeer(timeoutMs = 15_000): Promise<RawPeer> {
    const deadline = Date.now() + timeoutMs;
    while (this.peers.length === 0) {
      if (Date.now() > deadline) throw new Error('no node dialled in');
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.peers[0]!;
  }

  close(): Promise<void> {
    for (const c of this.server.clients) c.terminate();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Signs an entry for `keys` at an explicit seq/prev (for forks and forged chains). */
export function signAt(
  keys: KeyPair,
  seq: number,
  prev: Uint8Array | null,
  kind: Parameters<typeof signEntry>[0]['kind'],
  body: Parameters<typeof signEntry>[0]['body'],
  ts = Date.now(),
) {
  return signEntry({ seq, prev, ts, kind, body } as never, keys);
}

export { toHex };

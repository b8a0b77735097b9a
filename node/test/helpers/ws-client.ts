/**
 * A websocket test client: sends frames (or raw bytes), records every frame it
 * receives, and waits for frames matching a predicate. Received frames are decoded
 * with the protocol's frame decoder, so a malformed reply fails the test.
 */
import { decodeFrame, encodeFrame, type Frame } from '@arx/protocol';
import WebSocket from 'ws';

export type OkFrame = readonly ['ok', Uint8Array | null, boolean, string, string];

export class WsClient {
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  private listeners: ((f: Frame) => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
    socket.on('message', (data: Buffer) => {
      const frame = decodeFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      this.frames.push(frame);
      for (const l of this.listeners) l(frame);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(frame)) return true;
        w.resolve(frame);
        return false;
      });
    });
  }

  static open(url: string, options: WebSocket.ClientOptions = {}): Promise<WsClient> {
    const socket = new WebSocket(url, options);
    const client = new WsClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  send(frame: Frame | readonly unknown[]): void {
    this.socket.send(encodeFrame(frame as Frame));
  }

  sendRaw(bytes: Uint8Array): void {
    this.socket.send(bytes);
  }

  /** Calls `fn` for every frame received from now on. */
  onFrame(fn: (f: Frame) => void): void {
    this.listeners.push(fn);
  }

  /** The first frame (already received or future) matching `pred`. */
  waitFor(pred: (f: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    const found = this.frames.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        pred,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
    });
  }

  /** Resolves once `count` received frames match `pred`. */
  async waitCount(pred: (f: Frame) => boolean, count: number, timeoutMs = 20_000): Promise<Frame[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.frames.filter(pred);
      if (matching.length >= count) return matching;
      if (Date.now() > deadline) throw new Error(`only ${matching.length} of ${count} frames within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  oks(): OkFrame[] {
    return this.frames.filter((f): f is OkFrame => f[0] === 'ok');
  }

  close(): Promise<{ code: number; reason: string }> {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.close();
    }
    return this.closed;
  }
}

/** Sends one entry and waits for the `ok` that answers it (the connection must have nothing else in flight). */
export async function publishOne(client: WsClient, bytes: Uint8Array): Promise<OkFrame> {
  const before = client.oks().length;
  client.send(['entry', bytes]);
  await client.waitCount((f) => f[0] === 'ok', before + 1);
  return client.oks()[before]!;
}

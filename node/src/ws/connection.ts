/**
 * One websocket connection: frame encoding, backpressure (a high-water mark on the
 * socket buffer), a token-bucket rate limit, and an idle timeout.
 */
import type { Socket } from 'node:net';
import { encodeFrame, type Frame } from '@arx/protocol';
import type WebSocket from 'ws';

export class Connection {
  private tokens: number;
  private lastRefill = Date.now();
  private idleTimer: NodeJS.Timeout | undefined;
  private drainWaiters: (() => void)[] = [];
  private drainTimer: NodeJS.Timeout | undefined;
  bytesOut = 0;
  bytesIn = 0;
  private corked = false;

  constructor(
    readonly socket: WebSocket,
    readonly remote: string,
    private readonly limits: { ratePerSecond: number; idleTimeoutSeconds: number; maxBufferedBytes: number },
  ) {
    this.tokens = limits.ratePerSecond * 2;
    this.touch();
    socket.on('close', () => {
      clearTimeout(this.idleTimer);
      clearInterval(this.drainTimer);
      for (const w of this.drainWaiters.splice(0)) w();
    });
  }

  /** Resets the idle timer; called on every received frame. */
  touch(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.close(4008, 'idle timeout'), this.limits.idleTimeoutSeconds * 1000);
    this.idleTimer.unref();
  }

  /** Takes one token; false when the sender exceeds its rate. */
  allow(): boolean {
    const now = Date.now();
    const refill = ((now - this.lastRefill) / 1000) * this.limits.ratePerSecond;
    this.tokens = Math.min(this.limits.ratePerSecond * 2, this.tokens + refill);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  send(frame: Frame | readonly unknown[]): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    const bytes = encodeFrame(frame as Frame);
    this.bytesOut += bytes.length;
    this.batchWrites();
    this.socket.send(bytes);
  }

  /**
   * Frames sent in one tick (a replay batch, the fan-out of a group commit, its `ok`s)
   * leave in one write: the TCP socket is corked until the next tick. Uncorked, every
   * frame is its own system call, which cost a replaying subscriber more than reading
   * the entries from storage did.
   */
  private batchWrites(): void {
    if (this.corked) return;
    const raw = (this.socket as unknown as { _socket?: Socket })._socket;
    if (!raw || typeof raw.cork !== 'function') return;
    raw.cork();
    this.corked = true;
    process.nextTick(() => {
      this.corked = false;
      raw.uncork();
    });
  }

  writable(): boolean {
    return this.socket.readyState === this.socket.OPEN && this.socket.bufferedAmount < this.limits.maxBufferedBytes;
  }

  closed(): boolean {
    return this.socket.readyState !== this.socket.OPEN;
  }

  /** Resolves once the socket buffer is below half the high-water mark, or the socket closed. */
  drained(): Promise<void> {
    if (this.closed() || this.socket.bufferedAmount < this.limits.maxBufferedBytes / 2) return Promise.resolve();
    return new Promise((resolve) => {
      this.drainWaiters.push(resolve);
      if (!this.drainTimer) {
        // ws has no 'drain' event; poll the buffer while someone waits.
        this.drainTimer = setInterval(() => {
          if (this.closed() || this.socket.bufferedAmount < this.limits.maxBufferedBytes / 2) {
            clearInterval(this.drainTimer);
            this.drainTimer = undefined;
            for (const w of this.drainWaiters.splice(0)) w();
          }
        }, 5);
      }
    });
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, reason.slice(0, 120));
    }
  }
}

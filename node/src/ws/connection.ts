/**
 * One websocket connection: frame encoding, backpressure (a high-water mark on the
 * socket buffer, and the node-wide total), a token-bucket rate limit, a storage read
 * budget for its replays, and an idle timeout.
 */
import type { Socket } from 'node:net';
import { encodeFrame, type Frame } from '@arx/protocol';
import type WebSocket from 'ws';
import type { NodeConfig } from '../config.js';
import { WS_CLOSE } from '../errors.js';
import { type Budget, JointBudget, type SendBuffers, TokenBucket } from './budget.js';

type ConnectionLimits = Pick<
  NodeConfig['limits'],
  'ratePerSecond' | 'idleTimeoutSeconds' | 'maxBufferedBytes' | 'replayReadBytesPerSecond'
>;

/**
 * What a connection may still have buffered while the node's total is at its cap. The
 * total then exceeds the cap by at most this much per connection (and connections are
 * capped), which lets readers that keep up go on while those that do not are paused.
 */
const AT_CAP_ALLOWANCE = 64 * 1024;

/** The budgets one client (an IPv4 address or IPv6 /64) shares across its connections. */
export interface ClientBudgets {
  readonly frames: TokenBucket;
  readonly readBytes: TokenBucket;
}

export class Connection {
  private readonly frames: Budget;
  /** Storage bytes this connection's replays may still read (see Subscription). */
  readonly readBudget: Budget;
  private idleTimer: NodeJS.Timeout | undefined;
  private drainWaiters: (() => void)[] = [];
  private drainTimer: NodeJS.Timeout | undefined;
  bytesOut = 0;
  bytesIn = 0;
  private corked = false;

  constructor(
    readonly socket: WebSocket,
    readonly remote: string,
    private readonly limits: ConnectionLimits,
    private readonly buffers: SendBuffers | null = null,
    client: ClientBudgets | null = null,
  ) {
    const frames = new TokenBucket(limits.ratePerSecond, limits.ratePerSecond * 2);
    const readBytes = new TokenBucket(limits.replayReadBytesPerSecond, limits.replayReadBytesPerSecond * 2);
    this.frames = client ? new JointBudget(frames, client.frames) : frames;
    this.readBudget = client ? new JointBudget(readBytes, client.readBytes) : readBytes;
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
    this.idleTimer = setTimeout(() => this.close(WS_CLOSE.idle, 'idle timeout'), this.limits.idleTimeoutSeconds * 1000);
    this.idleTimer.unref();
  }

  /** Takes one token; false when the sender exceeds its rate. */
  allow(): boolean {
    return this.frames.take();
  }

  send(frame: Frame | readonly unknown[]): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    const bytes = encodeFrame(frame as Frame);
    this.bytesOut += bytes.length;
    this.buffers?.queued(bytes.length);
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

  /**
   * True while this socket's buffer is below its high-water mark and — when the node's
   * total is at its cap — below a small allowance: at the cap, readers that keep up go
   * on and only those holding more than the allowance wait.
   */
  writable(): boolean {
    const own = this.socket.bufferedAmount;
    return (
      this.socket.readyState === this.socket.OPEN &&
      own < this.limits.maxBufferedBytes &&
      (own < AT_CAP_ALLOWANCE || !this.buffers?.full())
    );
  }

  private drainedEnough(): boolean {
    const own = this.socket.bufferedAmount;
    return (
      this.closed() ||
      (own < this.limits.maxBufferedBytes / 2 &&
        (own < AT_CAP_ALLOWANCE / 2 || !this.buffers || this.buffers.bufferedTotal() < this.buffers.cap * 0.9))
    );
  }

  closed(): boolean {
    return this.socket.readyState !== this.socket.OPEN;
  }

  /** Resolves once the socket buffer is below half the high-water mark (and the total below its cap), or the socket closed. */
  drained(): Promise<void> {
    if (this.drainedEnough()) return Promise.resolve();
    return new Promise((resolve) => {
      this.drainWaiters.push(resolve);
      if (!this.drainTimer) {
        // ws has no 'drain' event; poll the buffer while someone waits.
        this.drainTimer = setInterval(() => {
          if (this.drainedEnough()) {
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

  /**
   * Closes with a reason and frees the send buffer soon after: a reader that does not
   * read would never take the close frame, and its buffer would stay allocated until
   * ws's own 30 s close timeout.
   */
  drop(code: number, reason: string, graceMs = 1000): void {
    this.close(code, reason);
    const timer = setTimeout(() => this.socket.terminate(), graceMs);
    timer.unref();
    this.socket.once('close', () => clearTimeout(timer));
  }
}

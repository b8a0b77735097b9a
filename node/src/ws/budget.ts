/**
 * What a websocket client may make the node spend: a token bucket (frames per second,
 * storage bytes read per second), a node-wide cap on replays reading storage at once,
 * and the total of bytes buffered for all sockets. Replays are the expensive operation
 * (one `sub` can make the node read the whole log), so they are charged for what they
 * read, not for the frame that asked.
 */

/** A token bucket: `rate` tokens a second, holding at most `burst`. */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }

  /** Takes one token; false (nothing taken) when there is none. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Charges `amount` after the fact; the balance may go negative (a debt repaid by waiting). */
  charge(amount: number): void {
    this.refill();
    this.tokens -= amount;
  }

  /** True while the balance is positive. */
  available(): boolean {
    this.refill();
    return this.tokens > 0;
  }

  /** Milliseconds until the balance is positive again (0 if it is). */
  waitMs(): number {
    this.refill();
    return this.tokens > 0 ? 0 : Math.ceil((-this.tokens / this.rate) * 1000) + 1;
  }
}

/** What a connection spends from: its own bucket, or its own and its client's together. */
export type Budget = Pick<TokenBucket, 'take' | 'charge' | 'available' | 'waitMs'>;

/**
 * A connection's own bucket and the one its client (address) shares across all its
 * connections, charged together: spent when either is, so opening more connections
 * does not buy a client more.
 */
export class JointBudget implements Budget {
  constructor(
    private readonly own: TokenBucket,
    private readonly client: TokenBucket,
  ) {}

  take(): boolean {
    if (!this.own.take()) return false;
    if (this.client.take()) return true;
    this.own.charge(-1);
    return false;
  }

  charge(amount: number): void {
    this.own.charge(amount);
    this.client.charge(amount);
  }

  available(): boolean {
    return this.own.available() && this.client.available();
  }

  waitMs(): number {
    return Math.max(this.own.waitMs(), this.client.waitMs());
  }
}

/** Resolves once `bucket` has a positive balance, or `cancelled()` turns true (checked every 250 ms at most). */
export async function untilAvailable(bucket: Budget, cancelled: () => boolean): Promise<void> {
  for (let wait = bucket.waitMs(); wait > 0 && !cancelled(); wait = bucket.waitMs()) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 250)));
  }
}

/**
 * A counting semaphore with a FIFO queue: the node-wide cap on replay batches reading
 * storage at once. Waiters are sessions' subscriptions, themselves capped per
 * connection, so the queue is bounded by the connection cap.
 */
export class Slots {
  private used = 0;
  /** Storage bytes read by the replays that ran in these slots (for /metrics). */
  bytesRead = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  /** Waits for a slot; the returned function gives it back (call it exactly once). */
  async acquire(): Promise<() => void> {
    if (this.used >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.used++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter; `used` stays the same.
      if (next) next();
      else this.used--;
    };
  }

  get inUse(): number {
    return this.used;
  }

  get queued(): number {
    return this.waiting.length;
  }
}

/** The socket side the total-buffer cap looks at. */
export interface BufferedSocket {
  readonly bufferedAmount: number;
}

/**
 * The bytes buffered for all websockets together (`limits.maxBufferedBytesTotal`).
 * While the total is at the cap no connection is writable, so subscribers drop back to
 * reading from storage and nothing more is queued; `largest()` names the connection to
 * drop so that the others can go on.
 */
export class SendBuffers {
  private total = 0;
  private measuredAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly cap: number,
    private readonly sockets: () => Iterable<BufferedSocket>,
  ) {}

  /** The total, re-measured at most every few milliseconds (it is asked on every send), or now if `fresh`. */
  bufferedTotal(fresh = false): number {
    const now = performance.now();
    if (fresh || now - this.measuredAt > 5) {
      let sum = 0;
      for (const s of this.sockets()) sum += s.bufferedAmount;
      this.total = sum;
      this.measuredAt = now;
    }
    return this.total;
  }

  /** Counts bytes just queued, so that the cached total does not lag behind a burst. */
  queued(bytes: number): void {
    this.total += bytes;
  }

  full(): boolean {
    return this.bufferedTotal() >= this.cap;
  }
}

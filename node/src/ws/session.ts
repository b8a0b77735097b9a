/**
 * The frames one connection may exchange. Anyone may publish signed entries and
 * subscribe (entries are public within the federation and self-authenticating);
 * `hello`/`auth` turn the connection into an authenticated peer link, after which
 * `have`/`want` catch-up and relay apply (federation/link.ts).
 */
import {
  ArxProtocolError,
  decodeFrame,
  entryFrameParts,
  type Frame,
  type SubFilter,
  type VerifiedEntry,
} from '@arx/protocol';
import type { NodeContext } from '../context.js';
import { ArxNodeError, describeError, entryIdOf, WS_CLOSE } from '../errors.js';
import type { StoredEvent, StoreResult } from '../ingest/writer.js';
import { Slots } from './budget.js';
import type { Connection } from './connection.js';
import { Subscription } from './subscription.js';

/** Peer-link behaviour plugged into a session by the federation layer. */
export interface PeerHandler {
  onFrame(session: Session, frame: Frame): Promise<void> | void;
  onEntry(session: Session, bytes: Uint8Array, evidence?: Uint8Array): Promise<void>;
  onStored(session: Session, event: StoredEvent): void;
  onClose(session: Session): void;
}

const MAX_SUBSCRIPTIONS = 32;
/**
 * Client entries in flight on one connection (received, not yet answered). Past either
 * bound the socket stops being read, so TCP pushes back on the sender and a fast
 * publisher costs bounded memory.
 */
const MAX_INFLIGHT = 2048;
const MAX_INFLIGHT_BYTES = 16 * 1024 * 1024;

type Outcome = { entry: VerifiedEntry; storing: Promise<StoreResult> } | { error: unknown };

export class Session {
  private readonly subs = new Map<string, Subscription>();
  private violations = 0;
  /** Entries are verified concurrently but queued at the writer in arrival order (the tail of that queue). */
  private storeTail: Promise<unknown> = Promise.resolve();
  /** Every reply to a received frame goes out in the order the frames came in. */
  private replyTail: Promise<unknown> = Promise.resolve();
  private inflight = 0;
  private inflightBytes = 0;
  private paused = false;
  /** Set by the federation layer once the peer has proven its key. */
  peerKey: string | null = null;
  /** Per-session state owned by the federation layer. */
  link: unknown = null;

  constructor(
    readonly ctx: NodeContext,
    readonly conn: Connection,
    readonly peers: PeerHandler | null,
    readonly outbound: boolean,
    private readonly replaySlots: Slots,
  ) {
    this.replayTurns = new Slots(ctx.config.limits.maxReplaysPerConnection);
    if (!outbound) this.armIdleCheck();
  }

  private lastFrameAt = performance.now();
  /** This connection's cap on replays reading storage at once (`limits.maxReplaysPerConnection`). */
  private readonly replayTurns: Slots;

  /**
   * A connection that is neither a peer link nor a subscriber and sends nothing holds a
   * socket for nobody: it is closed after `limits.idleUnauthenticatedSeconds`.
   */
  private armIdleCheck(delayMs = this.ctx.config.limits.idleUnauthenticatedSeconds * 1000): void {
    const idleMs = this.ctx.config.limits.idleUnauthenticatedSeconds * 1000;
    const timer = setTimeout(() => {
      if (this.conn.closed() || this.peerKey) return;
      const quiet = performance.now() - this.lastFrameAt;
      if (quiet >= idleMs && this.subs.size === 0) {
        this.conn.close(WS_CLOSE.idle, 'idle: no subscription, no peer link, no frames');
        return;
      }
      this.armIdleCheck(Math.max(1000, idleMs - quiet));
    }, delayMs);
    timer.unref();
  }

  /** Handles one binary message from the socket. */
  async onMessage(data: Uint8Array): Promise<void> {
    const { conn, ctx } = this;
    // Frames still arriving on a connection the node is closing are not worth any work.
    if (conn.closed()) return;
    conn.touch();
    this.lastFrameAt = performance.now();
    conn.bytesIn += data.length;
    if (data.length > ctx.config.limits.maxFrameBytes) {
      this.reply([
        'ok',
        null,
        false,
        'too-large',
        `frame of ${data.length} bytes exceeds ${ctx.config.limits.maxFrameBytes}`,
      ]);
      return this.violation();
    }
    // Peers relay in bulk; the rate limit protects against clients, not against catch-up.
    if (!this.peerKey && !conn.allow()) {
      this.reply(['ok', null, false, 'rate-limited', 'slow down']);
      return;
    }
    let frame: Frame;
    try {
      frame = decodeFrame(data);
    } catch (error) {
      // A frame of the wrong shape is BAD_FRAME; a field of the wrong shape inside it
      // carries the field's own code (UNKNOWN_KIND, BAD_FIELD, BAD_UTF8, …), as protocol.md says.
      const code = error instanceof ArxProtocolError ? error.code : 'ARX_PROTO_BAD_FRAME';
      this.reply(['notice', code, (error as Error).message.slice(0, 200)]);
      return this.violation();
    }
    try {
      await this.dispatch(frame);
    } catch (error) {
      const d = describeError(error);
      this.reply(['notice', d.code, d.message.slice(0, 500)]);
      if (!(error instanceof ArxNodeError) && !(error instanceof ArxProtocolError))
        ctx.log.error({ err: error }, 'frame failed');
    }
  }

  /** A text frame: refused like a malformed one, and counted against the rate limit. */
  onTextFrame(): void {
    this.conn.touch();
    if (!this.peerKey && !this.conn.allow()) return this.reply(['ok', null, false, 'rate-limited', 'slow down']);
    this.reply(['notice', 'ARX_PROTO_BAD_FRAME', 'frames are binary CBOR']);
    this.violation();
  }

  /** Sends a reply after the replies to every earlier frame of this connection. */
  private reply(frame: readonly unknown[] | Promise<readonly unknown[]>): void {
    const previous = this.replyTail;
    this.replyTail = (async () => {
      const ready = await frame;
      await previous;
      this.conn.send(ready);
    })().catch((err) => this.ctx.log.error({ err }, 'reply failed'));
  }

  /** Set on inbound connections: called once when this one is closed for its violations. */
  onViolationsClose: (() => void) | null = null;

  private violation(): void {
    if (++this.violations !== this.ctx.config.limits.maxViolationsPerConnection + 1) return;
    this.conn.close(WS_CLOSE.protocolError, 'too many malformed frames or refused entries');
    this.onViolationsClose?.();
  }

  private async dispatch(frame: Frame): Promise<void> {
    switch (frame[0]) {
      case 'entry': {
        const { envelope, evidence } = entryFrameParts(frame);
        const delivery = frame.length >= 4;
        if (this.peerKey && this.peers) return this.peers.onEntry(this, envelope, evidence);
        // A subscription delivery from a node we subscribed to is taken only as a relayed entry.
        if (!delivery) return this.publish(envelope, evidence);
        return;
      }
      case 'sub':
        return this.subscribe(frame[1], frame[2]);
      case 'unsub': {
        this.subs.get(frame[1])?.stop();
        this.subs.delete(frame[1]);
        return;
      }
      case 'hello':
      case 'auth':
        if (this.peers) return this.peers.onFrame(this, frame);
        return;
      case 'have':
      case 'want':
      case 'horizon':
      case 'ok':
      case 'eose':
      case 'notice':
        if (this.peers && this.link !== null) return this.peers.onFrame(this, frame);
        // Catch-up frames belong to authenticated peer links; a plain client is told so.
        if (frame[0] === 'have' || frame[0] === 'want') {
          const e = new ArxNodeError('ARX_NODE_NOT_PEER', frame[0]);
          this.reply(['notice', e.code, e.message]);
        }
        return;
      // Detached blobs are public like entries: any connection may fetch or supply one.
      case 'fetch':
      case 'blob':
        if (this.peers) return this.peers.onFrame(this, frame);
        return;
    }
  }

  /**
   * A client publishes an entry it signed itself. Entries are verified as they arrive
   * (on the worker pool when there is one) but handed to the writer strictly in arrival
   * order, and many are in flight at once, so one group commit carries many entries of
   * one connection; each `ok` still goes out only once its entry is durable.
   */
  private publish(bytes: Uint8Array, evidence?: Uint8Array): void {
    const size = bytes.length + (evidence?.length ?? 0);
    this.inflight++;
    this.inflightBytes += size;
    const verifying = this.ctx.ingest.verifyFromClient(bytes, evidence).then(
      (entry) => ({ entry }),
      (error: unknown) => ({ error }),
    );
    const previous = this.storeTail;
    const queued = (async (): Promise<Outcome> => {
      const verified = await verifying;
      await previous;
      if ('error' in verified) return verified;
      return { entry: verified.entry, storing: this.ctx.writer.store(verified.entry) };
    })();
    this.storeTail = queued;
    const answer = queued
      .then(async (q) => {
        if ('error' in q) throw q.error;
        return okFrame(q.entry, await q.storing);
      })
      .catch((error: unknown) => {
        const d = describeError(error);
        // An entry of a stranger or a malformed one is never sent by an honest client
        // twice: a connection that keeps sending them is closed like one that sends
        // malformed frames, so a flood of them costs the node little.
        if (d.reason === 'not-member' || d.reason === 'invalid') this.violation();
        return ['ok', entryIdOf(error), false, d.reason, `${d.code}: ${d.message}`.slice(0, 1000)] as const;
      })
      .finally(() => {
        this.inflight--;
        this.inflightBytes -= size;
        if (this.paused && this.inflight <= MAX_INFLIGHT / 2 && this.inflightBytes <= MAX_INFLIGHT_BYTES / 2) {
          this.paused = false;
          this.conn.socket.resume();
        }
      });
    this.reply(answer);
    if (!this.paused && (this.inflight >= MAX_INFLIGHT || this.inflightBytes >= MAX_INFLIGHT_BYTES)) {
      this.paused = true;
      this.conn.socket.pause();
    }
  }

  /**
   * A `sub` ends any subscription of the same id (its replay stops before its next read),
   * then starts a new one — unless the connection has spent its read budget, in which
   * case it is refused with a notice naming the id. Replays beyond the connection's
   * concurrent-replay cap wait their turn (at most MAX_SUBSCRIPTIONS of them).
   */
  private subscribe(id: string, filter: SubFilter): void {
    const { limits } = this.ctx.config;
    const previous = this.subs.get(id);
    previous?.stop();
    this.subs.delete(id);
    const refuse = (code: 'ARX_NODE_RATE_LIMITED' | 'ARX_NODE_READ_BUDGET', why: string) =>
      this.reply(['notice', code, `sub ${id} refused: ${why}`]);
    if (this.subs.size >= MAX_SUBSCRIPTIONS) {
      return refuse('ARX_NODE_RATE_LIMITED', `at most ${MAX_SUBSCRIPTIONS} subscriptions per connection`);
    }
    if (!this.conn.readBudget.available()) {
      return refuse('ARX_NODE_READ_BUDGET', `read budget of ${limits.replayReadBytesPerSecond} bytes/s spent`);
    }
    const deletedTo = this.ctx.writer.horizonCursor;
    if ((filter.since ?? 0) < deletedTo) {
      // A typed word, not silence: the replay goes on with what is kept (docs/api.md).
      const e = new ArxNodeError('ARX_NODE_BELOW_HORIZON', `sub ${id}`);
      const why = `entries stored up to cursor ${deletedTo} past the horizon that carried no live state are deleted; the kept ones and all later ones follow`;
      this.reply(['notice', e.code, `${e.message}: ${why}`]);
    }
    const sub = new Subscription(this.ctx, id, filter, this.conn, this.replaySlots, this.replayTurns);
    this.subs.set(id, sub);
    sub.start(previous?.finished);
  }

  get subscriptionCount(): number {
    return this.subs.size;
  }

  onStored(event: StoredEvent): void {
    for (const sub of this.subs.values()) sub.onStored(event);
    if (this.peerKey && this.peers) this.peers.onStored(this, event);
  }

  onClose(): void {
    for (const sub of this.subs.values()) sub.stop();
    this.subs.clear();
    this.peers?.onClose(this);
  }
}

/**
 * The `ok` frame answering a stored (or held, or conflicting) entry: `accepted` says
 * whether the entry is stored here; for an entry stored now, the sixth item says what
 * it did to state (docs/protocol.md "Entry effects"), the same values as over HTTP.
 */
export function okFrame(entry: VerifiedEntry, result: StoreResult): Frame {
  const { id } = entry;
  switch (result.status) {
    case 'accepted':
      return ['ok', id, true, 'accepted', '', result.effect ?? { outcome: 'applied' }];
    case 'duplicate':
      return ['ok', id, true, 'duplicate', ''];
    case 'gap': {
      const e = new ArxNodeError('ARX_NODE_GAP', `missing seq ${result.missing?.from}..${result.missing?.to}`);
      return ['ok', id, false, e.reason, `${e.code}: ${e.message}`];
    }
    case 'fork': {
      const e = new ArxNodeError('ARX_NODE_FORK', `seq ${entry.payload.seq}`);
      return ['ok', id, false, e.reason, `${e.code}: ${e.message}`];
    }
  }
}

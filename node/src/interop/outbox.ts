/**
 * The forwarding outbox: new reports about this member's netblocks, mailed as ARF to
 * its abuse mailbox, with nothing lost while the MTA is unreachable.
 *
 * - A report to forward is queued in the `i` sublevel in the same batch that stores
 *   the report (the writer's sameBatch hook), so a stored report is always queued.
 * - Delivery retries with exponential backoff (forward.retrySeconds doubling up to
 *   forward.maxRetrySeconds) and survives restarts: the queue is on disk, keyed by the
 *   next attempt's time. A report still undelivered forward.giveUpHours after it was
 *   queued is given up: logged as an error and counted.
 * - An item leaves the queue only after the MTA accepted the message, and a closing node
 *   waits for the attempt in flight, so a restart delivers nothing twice. (After a
 *   crash between the MTA's reply and the delete, one report may be sent again: its
 *   Message-ID, derived from the entry id, is the same, so the desk can tell.)
 * - The recipient is forward.to when set, else the abuse contacts of the member the
 *   report is about (this node's own member) in the roster.
 */
import { parseEntry, type ReportBody } from '@arx/protocol';
import type { NodeContext } from '../context.js';
import type { StoredEvent } from '../ingest/writer.js';
import { mirrorCounter } from '../oversight/registry.js';
import type { ApplyContext } from '../state/apply.js';
import { pad } from '../store/db.js';
import { envelopeOf } from '../store/envelopes.js';
import { Txn } from '../store/txn.js';
import { withHeldEvidence } from './complaints.js';
import { type ArfForwarder, createArfForwarder, exportArf } from './index.js';
import { exportable } from './mail.js';

/** One queued report. */
interface OutboxItem {
  readonly id: string;
  readonly to: string[];
  readonly queuedAt: number;
  readonly attempts: number;
  readonly nextAt: number;
  readonly lastError: string | null;
}

/** What `arx status` shows about the outbox. */
export interface OutboxStatus {
  readonly queued: number;
  readonly oldestQueuedAt: number | null;
  readonly nextAttemptAt: number | null;
  readonly lastError: string | null;
  /** Since the node started. */
  readonly counts: {
    readonly queued: number;
    readonly sent: number;
    readonly retried: number;
    readonly failed: number;
  };
}

const DUE = 'ob!due!';
const dueKey = (at: number, id: string) => `${DUE}${pad(at)}!${id}`;
/** Items attempted per pass; the next pass follows at once while items are due. */
const BATCH = 16;
const POLL_MS = 1000;

const outboxes = new WeakMap<NodeContext, ForwardingOutbox>();

/** The outbox of a running node, if forwarding is on. */
export function outboxOf(ctx: NodeContext): ForwardingOutbox | undefined {
  return outboxes.get(ctx);
}

export class ForwardingOutbox {
  private forwarder: ArfForwarder | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private depth = 0;
  private lastError: string | null = null;
  private readonly counts = { queued: 0, sent: 0, retried: 0, failed: 0 };
  private warnedNoRecipient = false;
  private stopMetrics: (() => void) | null = null;

  constructor(
    private readonly ctx: NodeContext,
    private readonly now: () => number = Date.now,
  ) {}

  /** Queues a newly stored report about this member's netblocks; runs inside the writer's batch. */
  enqueue(a: ApplyContext, { entry, meta }: StoredEvent): void {
    if (meta.k !== 'report' || meta.r !== this.ctx.ownKey) return;
    const to = this.recipients();
    if (to.length === 0) {
      if (!this.warnedNoRecipient)
        this.ctx.log.warn('forwarding on, but no forward.to and no abuse contact in the roster');
      this.warnedNoRecipient = true;
      return;
    }
    const at = this.now();
    const item: OutboxItem = { id: entry.idHex, to, queuedAt: at, attempts: 0, nextAt: at, lastError: null };
    a.txn.put(this.ctx.subs.mail, dueKey(at, item.id), item);
    a.after(() => {
      this.depth++;
      this.counts.queued++;
      this.kick();
    });
  }

  private recipients(): string[] {
    const { to } = this.ctx.config.forward;
    if (to.length > 0) return [...to];
    return [...(this.ctx.roster().member(this.ctx.ownKey)?.contacts.abuse ?? [])];
  }

  /** Starts delivering (counts what a previous run left queued). */
  async start(): Promise<void> {
    const { forward } = this.ctx.config;
    this.forwarder = createArfForwarder({ host: forward.smtpHost, port: forward.smtpPort, from: forward.from });
    for await (const _ of this.ctx.subs.mail.keys({ gte: DUE, lt: `${DUE}\uffff` })) this.depth++;
    outboxes.set(this.ctx, this);
    this.stopMetrics = this.ctx.metrics.onScrape(() => this.setSeries());
    this.schedule(0);
  }

  /** Stops after the attempt in flight; what is queued stays queued. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await this.running;
    this.forwarder?.close();
    this.stopMetrics?.();
    outboxes.delete(this.ctx);
  }

  private kick(): void {
    if (!this.running) this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.running) return;
      this.running = this.pass()
        .catch((err) => this.ctx.log.error({ err }, 'forwarding outbox pass failed'))
        .finally(() => {
          this.running = null;
        });
    }, ms);
    this.timer.unref();
  }

  /** Attempts the due items, then sleeps until the next is due (at most POLL_MS). */
  private async pass(): Promise<void> {
    let attempted = 0;
    const now = this.now();
    const due: [string, OutboxItem][] = [];
    for await (const [key, value] of this.ctx.subs.mail.iterator({
      gte: DUE,
      lt: `${DUE}${pad(now)}\uffff`,
      limit: BATCH,
    })) {
      due.push([key as string, value as OutboxItem]);
    }
    for (const [key, item] of due) {
      if (this.stopped) return;
      await this.attempt(key, item);
      attempted++;
    }
    if (this.stopped) return;
    if (attempted === BATCH) return this.schedule(0);
    let next: number | undefined;
    for await (const value of this.ctx.subs.mail.values({ gte: DUE, lt: `${DUE}\uffff`, limit: 1 })) {
      next = (value as OutboxItem).nextAt;
    }
    this.schedule(next === undefined ? POLL_MS : Math.max(0, Math.min(POLL_MS, next - this.now())));
  }

  private async attempt(key: string, item: OutboxItem): Promise<void> {
    const { forward } = this.ctx.config;
    const mail = this.ctx.subs.mail;
    let message: string;
    try {
      message = await this.message(item.id);
    } catch (err) {
      // The entry is gone (or unreadable): there is nothing to deliver, ever.
      await this.write((t) => t.del(mail, key));
      this.depth--;
      this.counts.failed++;
      this.ctx.log.error({ err: String(err), report: item.id }, 'forwarding given up: report not readable');
      return;
    }
    try {
      await this.forwarder!.send(item.to, message);
      await this.write((t) => t.del(mail, key));
      this.depth--;
      this.counts.sent++;
      this.ctx.log.info({ report: item.id, to: item.to, attempts: item.attempts + 1 }, 'report forwarded as ARF');
    } catch (err) {
      const error = String((err as Error).message ?? err).slice(0, 300);
      this.lastError = error;
      const now = this.now();
      const attempts = item.attempts + 1;
      if (now - item.queuedAt >= forward.giveUpHours * 3_600_000) {
        await this.write((t) => t.del(mail, key));
        this.depth--;
        this.counts.failed++;
        this.ctx.log.error(
          { report: item.id, to: item.to, attempts, err: error, queuedAt: new Date(item.queuedAt).toISOString() },
          `forwarding given up after ${forward.giveUpHours} hours`,
        );
        return;
      }
      const delay = Math.min(forward.retrySeconds * 2 ** (attempts - 1), forward.maxRetrySeconds) * 1000;
      const next: OutboxItem = { ...item, attempts, nextAt: now + delay, lastError: error };
      await this.write((t) => {
        t.del(mail, key);
        t.put(mail, dueKey(next.nextAt, item.id), next);
      });
      this.counts.retried++;
      this.ctx.log.warn(
        { report: item.id, attempts, retryInSeconds: delay / 1000, err: error },
        'ARF forwarding failed; will retry',
      );
    }
  }

  /** One synced batch of outbox changes (the writer never touches these keys after queueing them). */
  private async write(change: (t: Txn) => void): Promise<void> {
    const txn = new Txn(this.ctx.subs);
    change(txn);
    await txn.commit(true);
  }

  private async message(id: string): Promise<string> {
    const bytes = await envelopeOf(this.ctx.subs, id);
    if (!bytes) throw new Error(`entry ${id} not held`);
    const entry = parseEntry(bytes);
    const { forward } = this.ctx.config;
    return exportArf(
      exportable(this.ctx, {
        originHex: entry.originHex,
        idHex: entry.idHex,
        ts: entry.payload.ts,
        body: await withHeldEvidence(this.ctx, entry, entry.payload.body as ReportBody),
      }),
      { from: forward.from, to: this.recipients(), lang: 'en', userAgent: 'arx-node/0.1' },
    );
  }

  /** The queue as `arx status` shows it. */
  async status(): Promise<OutboxStatus> {
    let oldest: number | null = null;
    let next: number | null = null;
    for await (const value of this.ctx.subs.mail.values({ gte: DUE, lt: `${DUE}\uffff`, limit: 1 })) {
      next = (value as OutboxItem).nextAt;
    }
    // The oldest item is at most one retry interval behind the next due; read a bounded page.
    for await (const value of this.ctx.subs.mail.values({ gte: DUE, lt: `${DUE}\uffff`, limit: 256 })) {
      const item = value as OutboxItem;
      if (oldest === null || item.queuedAt < oldest) oldest = item.queuedAt;
    }
    return {
      queued: this.depth,
      oldestQueuedAt: oldest,
      nextAttemptAt: next,
      lastError: this.lastError,
      counts: { ...this.counts },
    };
  }

  /** The outbox's Prometheus series (counters since start, and the queue depth). */
  private setSeries(): void {
    const m = this.ctx.metrics;
    mirrorCounter(m.forwardQueued, this.counts.queued);
    mirrorCounter(m.forwardSent, this.counts.sent);
    mirrorCounter(m.forwardRetried, this.counts.retried);
    mirrorCounter(m.forwardFailed, this.counts.failed);
    m.forwardOutboxDepth.set(this.depth);
  }
}

/**
 * Subscriptions: stored matches from the subscriber's cursor, `eose`, then live
 * matches. A subscriber that falls behind (its socket buffer is full) drops back to
 * replaying from storage where it left off, so a slow reader costs disk reads, never
 * unbounded memory, and never misses an entry.
 */
import { fromHex, type IpPrefix, prefixContains, type SubFilter, toHex } from '@arx/protocol';
import type { NodeContext } from '../context.js';
import type { StoredEvent } from '../ingest/writer.js';
import { type ArrivalMeta, evidenceKey, pad, readMany } from '../store/db.js';
import { type Budget, type Slots, untilAvailable } from './budget.js';

export interface CompiledFilter {
  kinds: Set<string> | null;
  origins: Set<string> | null;
  responsible: string | null;
  about: IpPrefix[] | null;
  /** Send reports' detached evidence with them. */
  evidence: boolean;
}

export function compileFilter(filter: SubFilter): CompiledFilter {
  return {
    kinds: filter.kinds?.length ? new Set(filter.kinds) : null,
    origins: filter.origins?.length ? new Set(filter.origins.map(toHex)) : null,
    responsible: filter.responsible ? toHex(filter.responsible) : null,
    about: filter.about?.length ? filter.about : null,
    evidence: filter.evidence === true,
  };
}

export function filterMatches(f: CompiledFilter, meta: ArrivalMeta): boolean {
  if (f.kinds && !f.kinds.has(meta.k)) return false;
  if (f.origins && !f.origins.has(meta.o)) return false;
  if (f.responsible && meta.r !== f.responsible) return false;
  if (f.about) {
    if (meta.ip === null || meta.len === null) return false;
    const subject = { ip: fromHex(meta.ip), len: meta.len };
    if (!f.about.some((p) => prefixContains(p, subject) || prefixContains(subject, p))) return false;
  }
  return true;
}

/** Whether the filter takes every entry and nothing beside it (a replay of it needs no arrival row). */
export function matchesEverything(f: CompiledFilter): boolean {
  return !f.kinds && !f.origins && !f.responsible && !f.about && !f.evidence;
}

/** One entry read for a replay: its envelope and, if asked for and held, its detached evidence. */
interface Delivery {
  readonly envelope: Uint8Array;
  evidence?: Uint8Array;
}

/** The socket side a subscription writes to. */
export interface SubscriberSink {
  send(frame: readonly unknown[]): void;
  /** True while the socket buffer is below the high-water mark. */
  writable(): boolean;
  /** Resolves when the socket buffer has drained below the mark (or the socket closed). */
  drained(): Promise<void>;
  closed(): boolean;
  /** Storage bytes this connection's replays may still read. */
  readonly readBudget: Budget;
}

/** Arrival rows read per replay batch, and envelopes fetched per storage call. */
const ROWS_PER_BATCH = 512;
const ENVELOPES_PER_READ = 64;

export class Subscription {
  private readonly filter: CompiledFilter;
  /** What one byte read costs this subscription's budget (see charged()). */
  private readonly costFactor: number;
  private delivered: number;
  private live = false;
  private stopped = false;
  /** True while the subscription reads from storage (its first replay or a catch-up after falling behind). */
  replaying = false;
  private done!: () => void;
  /** Resolves once no replay of this subscription is reading storage any more. */
  readonly finished: Promise<void> = new Promise((resolve) => {
    this.done = resolve;
  });

  constructor(
    private readonly ctx: NodeContext,
    readonly id: string,
    filter: SubFilter,
    private readonly sink: SubscriberSink,
    /** The node-wide cap on replay reads running at once. */
    private readonly slots: Slots,
    /** The connection's cap on replays running at once: held from a replay's start to its end. */
    private readonly turns: Slots,
  ) {
    this.filter = compileFilter(filter);
    this.costFactor = Math.max(1, (this.filter.about?.length ?? 0) / 16);
    this.delivered = filter.since ?? 0;
  }

  /** Starts the first replay once `after` (the subscription this one replaces) has stopped reading. */
  start(after: Promise<void> = Promise.resolve()): void {
    this.replaying = true;
    this.catchUp(after.then(() => this.inTurn(() => this.replay(true))));
  }

  /** Runs a replay holding one of the connection's replay turns. */
  private async inTurn(replay: () => Promise<void>): Promise<void> {
    if (this.cancelled()) return;
    const release = await this.turns.acquire();
    try {
      await replay();
    } finally {
      release();
    }
  }

  /** Ends the subscription; a replay in progress stops before its next storage read. */
  stop(): void {
    this.stopped = true;
    if (!this.replaying) this.done();
  }

  /** Called for every newly stored entry (in cursor order). */
  onStored(event: StoredEvent): void {
    if (!this.live || this.stopped || event.meta.c <= this.delivered) return;
    if (!this.sink.writable()) {
      // Too slow for live delivery: catch up from storage once the socket drains.
      this.live = false;
      this.replaying = true;
      this.catchUp(this.sink.drained().then(() => this.inTurn(() => this.replay(false))));
      return;
    }
    this.delivered = event.meta.c;
    if (filterMatches(this.filter, event.meta)) {
      const evidence = this.filter.evidence ? event.entry.evidence : undefined;
      const frame = ['entry', event.entry.bytes, this.id, event.meta.c] as const;
      this.sink.send(evidence ? [...frame, evidence] : frame);
    }
  }

  /**
   * Runs a replay to its end. A storage error (the node closing under it) ends the
   * subscription rather than escaping as an unhandled rejection.
   */
  private catchUp(replay: Promise<void>): void {
    replay
      .catch((err: unknown) => {
        this.stopped = true;
        if (this.sink.closed()) return;
        this.ctx.log.warn({ err, sub: this.id }, 'subscription replay failed');
        this.sink.send(['notice', 'ARX_NODE_STORAGE', `subscription ${this.id} ended: ${String(err)}`.slice(0, 500)]);
      })
      .finally(() => {
        if (this.live) return;
        this.replaying = false;
        this.done();
      });
  }

  private cancelled(): boolean {
    return this.stopped || this.sink.closed();
  }

  /**
   * One storage read for this subscription: it waits until the connection's read budget
   * is positive, runs inside a node-wide slot, and charges the bytes it read. Null when
   * the subscription was cancelled meanwhile.
   */
  private async charged<T>(read: () => Promise<{ value: T; bytes: number }>): Promise<T | null> {
    await untilAvailable(this.sink.readBudget, () => this.cancelled());
    if (this.cancelled()) return null;
    const release = await this.slots.acquire();
    try {
      if (this.cancelled()) return null;
      const { value, bytes } = await read();
      // A row is matched against every prefix of the filter: a wide filter costs more per byte.
      this.sink.readBudget.charge(bytes * this.costFactor);
      this.slots.bytesRead += bytes;
      return this.cancelled() ? null : value;
    } finally {
      release();
    }
  }

  /** Arrival rows after the cursor, up to `target`, as stored text (so the charge is exactly what was read). */
  private rows(target: number, limit: number): Promise<ArrivalMeta[] | null> {
    return this.charged(async () => {
      const range = { gt: pad(this.delivered), lte: pad(target), limit, valueEncoding: 'utf8' };
      // One call for the whole chunk: an async step per row costs more than reading it.
      const texts = (await this.ctx.subs.arrival.values(range as { gt: string }).all()) as string[];
      const rows: ArrivalMeta[] = new Array(texts.length);
      let bytes = 0;
      for (const [i, text] of texts.entries()) {
        bytes += text.length;
        rows[i] = JSON.parse(text) as ArrivalMeta;
      }
      return { value: rows, bytes };
    });
  }

  /** Envelopes after the cursor, up to `target`, with their cursors (the keys of `r`). */
  private scan(target: number, limit: number): Promise<[string, Uint8Array][] | null> {
    return this.charged(async () => {
      const range = { gt: pad(this.delivered), lte: pad(target), limit };
      const rows = (await this.ctx.subs.replay.iterator(range as { gt: string }).all()) as [string, Uint8Array][];
      let bytes = 0;
      for (const [key, envelope] of rows) bytes += key.length + envelope.length;
      return { value: rows, bytes };
    });
  }

  /**
   * The envelopes of `matches` (read by arrival cursor, so in key order) and, when the
   * filter asks for it, the detached evidence of the reports among them.
   */
  private envelopes(matches: ArrivalMeta[], reports: ArrivalMeta[]): Promise<Map<string, Delivery> | null> {
    if (matches.length === 0) return Promise.resolve(new Map());
    return this.charged(async () => {
      const found = await readMany<Uint8Array>(
        this.ctx.subs.replay,
        matches.map((m) => pad(m.c)),
      );
      const evidence =
        this.filter.evidence && reports.length > 0
          ? await readMany<Uint8Array>(
              this.ctx.subs.evidence,
              reports.map((r) => evidenceKey(r.t, r.id)),
            )
          : [];
      const byId = new Map<string, Delivery>();
      let bytes = 0;
      for (const [i, { id }] of matches.entries()) {
        const envelope = found[i];
        if (envelope) byId.set(id, { envelope });
        bytes += envelope?.length ?? 0;
      }
      for (const [i, { id }] of reports.entries()) {
        const held = evidence[i];
        const delivery = byId.get(id);
        if (!held || !delivery) continue;
        delivery.evidence = held;
        bytes += held.length;
      }
      return { value: byId, bytes };
    });
  }

  /**
   * Replays everything (no condition, no evidence): what is sent is each envelope and its
   * cursor, both in `r`, so the replay is one scan of it in key order and reads no
   * arrival row.
   */
  private replayEverything(): Promise<boolean> {
    // Envelopes are what fills memory: as many per read as the filtered replay fetches.
    let limit = ENVELOPES_PER_READ;
    return this.untilCaughtUp(
      (target) => this.scan(target, limit),
      async (rows) => {
        let sent = 0;
        let full = false;
        // Stop at the high-water mark: what is buffered stays within one entry of it.
        for (const [key, envelope] of rows) {
          const cursor = Number(key);
          this.sink.send(['entry', envelope, this.id, cursor]);
          this.delivered = cursor;
          sent++;
          if (!this.sink.writable()) {
            full = true;
            break;
          }
        }
        limit = full ? Math.max(1, sent) : Math.min(ENVELOPES_PER_READ, limit * 2);
        if (full) await this.sink.drained();
        return true;
      },
    );
  }

  /** Replays the matches of a filter from the arrival rows; false when cancelled midway. */
  private replayMatches(): Promise<boolean> {
    let rowLimit = ROWS_PER_BATCH;
    let envelopeLimit = ENVELOPES_PER_READ;
    return this.untilCaughtUp(
      (target) => this.rows(target, rowLimit),
      async (rows) => {
        let next = 0;
        let full = false;
        while (next < rows.length && !full) {
          // The next rows up to `envelopeLimit` matches, and the envelopes of those matches.
          let end = next;
          const matches: ArrivalMeta[] = [];
          const reports: ArrivalMeta[] = [];
          for (; end < rows.length && matches.length < envelopeLimit; end++) {
            if (!filterMatches(this.filter, rows[end]!)) continue;
            matches.push(rows[end]!);
            if (rows[end]!.k === 'report') reports.push(rows[end]!);
          }
          const byId = await this.envelopes(matches, reports);
          if (!byId) return false;
          let sent = 0;
          // Stop at the high-water mark: what is buffered stays within one entry of it.
          for (; next < end; next++) {
            const row = rows[next]!;
            const found = byId.get(row.id);
            if (found) {
              const frame = ['entry', found.envelope, this.id, row.c] as const;
              this.sink.send(found.evidence ? [...frame, found.evidence] : frame);
              sent++;
            }
            this.delivered = row.c;
            if (!this.sink.writable()) {
              full = true;
              next++;
              break;
            }
          }
          envelopeLimit = full ? Math.max(1, sent) : Math.min(ENVELOPES_PER_READ, envelopeLimit * 2);
        }
        rowLimit = full ? Math.max(16, next * 2) : Math.min(ROWS_PER_BATCH, rowLimit * 2);
        if (full) await this.sink.drained();
        return true;
      },
    );
  }

  /**
   * Reads chunk after chunk from the cursor up to the writer's, handing each to `deliver`
   * (which waits for the socket to drain when it filled it); false when cancelled midway.
   */
  private async untilCaughtUp<T>(
    read: (target: number) => Promise<T[] | null>,
    deliver: (rows: T[]) => Promise<boolean>,
  ): Promise<boolean> {
    while (!this.cancelled()) {
      const target = this.ctx.writer.lastCursor;
      if (this.delivered >= target) break;
      const rows = await read(target);
      if (!rows) return false;
      if (rows.length === 0) break;
      if (!(await deliver(rows))) return false;
    }
    return true;
  }

  /**
   * Streams stored matches from the cursor. Rows and envelopes are read in chunks sized
   * by how much the reader took last time, so a slow reader is not charged (and the node
   * does not spend) for reads whose results would be dropped at the high-water mark.
   */
  private async replay(first: boolean): Promise<void> {
    const { writer } = this.ctx;
    if (!(await (matchesEverything(this.filter) ? this.replayEverything() : this.replayMatches()))) return;
    if (this.cancelled()) return;
    // Synchronously with the check above no commit can interleave: switch to live now.
    if (first) this.sink.send(['eose', this.id, this.delivered]);
    if (this.delivered < writer.lastCursor) return this.replay(false);
    this.live = true;
    this.replaying = false;
  }
}

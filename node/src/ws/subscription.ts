/**
 * Subscriptions: stored matches from the subscriber's cursor, `eose`, then live
 * matches. A subscriber that falls behind (its socket buffer is full) drops back to
 * replaying from storage where it left off, so a slow reader costs disk reads, never
 * unbounded memory, and never misses an entry.
 */
import { fromHex, type IpPrefix, prefixContains, type SubFilter, toHex } from '@arx/protocol';
import type { NodeContext } from '../context.js';
import type { StoredEvent } from '../ingest/writer.js';
import { type ArrivalMeta, pad } from '../store/db.js';

export interface CompiledFilter {
  kinds: Set<string> | null;
  origins: Set<string> | null;
  responsible: string | null;
  about: IpPrefix[] | null;
}

export function compileFilter(filter: SubFilter): CompiledFilter {
  return {
    kinds: filter.kinds?.length ? new Set(filter.kinds) : null,
    origins: filter.origins?.length ? new Set(filter.origins.map(toHex)) : null,
    responsible: filter.responsible ? toHex(filter.responsible) : null,
    about: filter.about?.length ? filter.about : null,
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

/** The socket side a subscription writes to. */
export interface SubscriberSink {
  send(frame: readonly unknown[]): void;
  /** True while the socket buffer is below the high-water mark. */
  writable(): boolean;
  /** Resolves when the socket buffer has drained below the mark (or the socket closed). */
  drained(): Promise<void>;
  closed(): boolean;
}

export class Subscription {
  private readonly filter: CompiledFilter;
  private delivered: number;
  private live = false;
  private stopped = false;

  constructor(
    private readonly ctx: NodeContext,
    readonly id: string,
    filter: SubFilter,
    private readonly sink: SubscriberSink,
  ) {
    this.filter = compileFilter(filter);
    this.delivered = filter.since ?? 0;
  }

  start(): void {
    this.catchUp(this.replay(true));
  }

  stop(): void {
    this.stopped = true;
  }

  /** Called for every newly stored entry (in cursor order). */
  onStored(event: StoredEvent): void {
    if (!this.live || this.stopped || event.meta.c <= this.delivered) return;
    if (!this.sink.writable()) {
      // Too slow for live delivery: catch up from storage once the socket drains.
      this.live = false;
      this.catchUp(this.sink.drained().then(() => this.replay(false)));
      return;
    }
    this.delivered = event.meta.c;
    if (filterMatches(this.filter, event.meta)) {
      this.sink.send(['entry', event.entry.bytes, this.id, event.meta.c]);
    }
  }

  /**
   * Runs a replay to its end. A storage error (the node closing under it) ends the
   * subscription rather than escaping as an unhandled rejection.
   */
  private catchUp(replay: Promise<void>): void {
    replay.catch((err: unknown) => {
      this.stopped = true;
      if (this.sink.closed()) return;
      this.ctx.log.warn({ err, sub: this.id }, 'subscription replay failed');
      this.sink.send(['notice', 'ARX_NODE_STORAGE', `subscription ${this.id} ended: ${String(err)}`.slice(0, 500)]);
    });
  }

  private async replay(first: boolean): Promise<void> {
    const { subs, writer } = this.ctx;
    while (!this.stopped && !this.sink.closed()) {
      const target = writer.lastCursor;
      if (this.delivered >= target) break;
      const rows: ArrivalMeta[] = [];
      for await (const value of subs.arrival.values({ gt: pad(this.delivered), lte: pad(target), limit: 512 })) {
        rows.push(value as ArrivalMeta);
      }
      if (rows.length === 0) break;
      const matching = rows.filter((m) => filterMatches(this.filter, m));
      const envelopes = (await subs.entries.getMany(matching.map((m) => m.id))) as (Uint8Array | undefined)[];
      if (this.stopped) return;
      // Stop at the high-water mark, not at the end of the batch: what is buffered for a
      // slow reader stays within one entry of the mark, whatever the batch size.
      let sent = 0;
      let full = false;
      for (const row of rows) {
        if (sent < matching.length && matching[sent] === row) {
          const bytes = envelopes[sent++];
          if (bytes) this.sink.send(['entry', bytes, this.id, row.c]);
        }
        this.delivered = row.c;
        if (!this.sink.writable()) {
          full = true;
          break;
        }
      }
      if (full) await this.sink.drained();
    }
    if (this.stopped || this.sink.closed()) return;
    // Synchronously with the check above no commit can interleave: switch to live now.
    if (first) this.sink.send(['eose', this.id, this.delivered]);
    if (this.delivered < writer.lastCursor) {
      this.catchUp(this.replay(false));
      return;
    }
    this.live = true;
  }
}

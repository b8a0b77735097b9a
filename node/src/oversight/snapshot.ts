/**
 * The records metrics are computed from, read from the `s` sublevel. A snapshot is
 * reused while no entry has been stored since (the writer's cursor has not moved), so
 * a dashboard and a Prometheus scrape hitting the node together read storage once.
 */
import { toHex } from '@arx/protocol';
import type { NodeContext } from '../context.js';
import type { DelistRecord, ListingRecord, ReportRecord } from '../state/records.js';
import type { MemberInfo } from './resolution.js';

export interface Snapshot {
  /** The writer's cursor when the snapshot was read: figures reflect entries up to here. */
  readonly cursor: number;
  readonly reports: readonly ReportRecord[];
  readonly listings: readonly ListingRecord[];
  readonly delists: readonly DelistRecord[];
}

const cache = new WeakMap<NodeContext, Promise<Snapshot>>();

async function scan<T>(ctx: NodeContext, prefix: string, slim: (value: T) => T): Promise<T[]> {
  const out: T[] = [];
  for await (const value of ctx.subs.state.values({ gte: prefix, lt: `${prefix}\uffff` })) out.push(slim(value as T));
  return out;
}

// Evidence and notes are not needed for metrics; dropping them keeps the snapshot small.
const slimReport = (r: ReportRecord): ReportRecord => ({ ...r, evidence: null, note: null });

async function read(ctx: NodeContext): Promise<Snapshot> {
  const cursor = ctx.writer.lastCursor;
  const [reports, listings, delists] = await Promise.all([
    scan<ReportRecord>(ctx, 'rep!', slimReport),
    scan<ListingRecord>(ctx, 'lst!', (l) => l),
    scan<DelistRecord>(ctx, 'dr!', (d) => d),
  ]);
  return { cursor, reports, listings, delists };
}

/** The current snapshot, read again only when entries were stored since the last one. */
export async function snapshot(ctx: NodeContext): Promise<Snapshot> {
  const held = cache.get(ctx);
  if (held) {
    const s = await held;
    if (s.cursor === ctx.writer.lastCursor) return s;
  }
  const next = read(ctx);
  cache.set(ctx, next);
  next.catch(() => cache.delete(ctx));
  return next;
}

/** Roster members as the metrics need them. */
export function memberInfos(ctx: NodeContext): MemberInfo[] {
  return ctx
    .roster()
    .members()
    .map((m) => ({
      key: toHex(m.key),
      handle: m.handle,
      roles: m.roles,
      netblocks: m.netblocks.length,
    }));
}

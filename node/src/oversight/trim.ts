/**
 * Trimming the per-item rows of the oversight aggregates past the horizon, so that the
 * store follows its window and not its history. The cells (hour sums, timeline cells and
 * totals) stay, and with them every count; the rows kept one per item — windowed points
 * (`ovp!`), timeline points (`ovtp!`), intervals (`ovti!`), repeat rows (`ovrp!`) — of a
 * record the horizon deletes go wherever they lie below the trim floor (floor.ts).
 *
 * A row's *position* is what it is keyed by after its scope: a point's item hour, a
 * timeline point's instant, an interval's end, a repeat row's report hour. Readers of a
 * window starting at or after the floor read rows at or after it only, so the invariant
 * kept is: every row positioned at or after the floor is held, for every item ever
 * counted. Two steps keep it, both through the writer:
 *
 * - when the horizon deletes a record, its rows below the floor are deleted in the same
 *   batch (`trimRecord`: the rows are derived from the record, as the writer derived
 *   them, so the cost is the record's own rows);
 * - rows of deleted records that were still above the floor then (an item whose last
 *   instant lies in the hour the floor stopped at) are deleted once the floor passes them
 *   (`sweepBelowFloor`: reads the rows between the old floor and the new one, so its cost
 *   follows what expired since the last pass). The rows of records still held (an open
 *   report, a listing in force) stay, below the floor or not.
 *
 * The repeat rows that say which two resolutions come first per target (`ovr!`) stay: a
 * report filed after a resolution counts as a repeat even once that resolution is gone.
 */
import type { NodeContext } from '../context.js';
import type { DelistRecord, ListingRecord, ReportRecord } from '../state/records.js';
import { K } from '../state/records.js';
import type { Sublevels } from '../store/db.js';
import { pad } from '../store/db.js';
import type { Txn } from '../store/txn.js';
import { AK, hourOf } from './aggregates.js';
import {
  type Derived,
  delistContributions,
  FEDERATION,
  listingContributions,
  memberScope,
  reportContributions,
  UNROUTED,
} from './contributions.js';
import { FLOOR_KEY, trimFloor } from './floor.js';
import { scopesOf } from './reads.js';
import { RK } from './repeats.js';

/** Deletes the rows of `item` positioned below `floor`, from its contributions. */
function trimDerived(txn: Txn, subs: Sublevels, item: string, derived: Derived, floor: number): void {
  for (const [n, c] of derived.w.entries()) {
    if (hourOf(c.w) < floor) txn.del(subs.state, AK.point(c.s, hourOf(c.w), c.t, item, n));
  }
  for (const [n, iv] of derived.i.entries()) {
    const edges: number[] = [iv.start];
    if (iv.end !== null) edges.push(iv.end);
    for (const [m, t] of edges.entries()) {
      // A report's first open interval has no timeline point at its start (aggregates.ts).
      if (m === 0 && iv.fromItem) continue;
      if (t < floor) txn.del(subs.state, AK.tpoint(iv.s, t, item, 2 * n + m));
    }
    if (iv.end !== null && iv.end < floor) txn.del(subs.state, AK.interval(iv.s, iv.end, iv.start, item, n));
  }
}

/** The operator scope a delisting request was counted in, found by its first point (its listing is gone). */
async function requestOperator(txn: Txn, subs: Sublevels, d: DelistRecord): Promise<string | null> {
  for (const key of await scopesOf(subs, 'o:')) {
    const first = delistContributions(d, key).w[0];
    if (first && (await txn.get(subs.state, AK.point(first.s, hourOf(first.w), first.t, d.id, 0)))) return key;
  }
  return null;
}

export type TrimmedRecord =
  | { readonly kind: 'report'; readonly record: ReportRecord }
  | { readonly kind: 'listing'; readonly record: ListingRecord }
  | { readonly kind: 'delist-request'; readonly record: DelistRecord };

/** In the batch that deletes a record past the horizon: its per-item rows below `floor`. */
export async function trimRecord(txn: Txn, subs: Sublevels, trimmed: TrimmedRecord, floor: number): Promise<void> {
  switch (trimmed.kind) {
    case 'report': {
      const r = trimmed.record;
      trimDerived(txn, subs, r.id, reportContributions(r), floor);
      if (r.responsible !== null && hourOf(r.ts) < floor) {
        for (const s of [memberScope(r.responsible), FEDERATION])
          txn.del(subs.state, RK.counted(s, r.ts, r.about, r.id));
      }
      return;
    }
    case 'listing':
      trimDerived(txn, subs, trimmed.record.id, listingContributions(trimmed.record), floor);
      return;
    case 'delist-request': {
      const d = trimmed.record;
      if (hourOf(d.ts) >= floor) return;
      const operator = await requestOperator(txn, subs, d);
      if (operator !== null) trimDerived(txn, subs, d.id, delistContributions(d, operator), floor);
      return;
    }
  }
}

/** Rows read per writer batch by the sweep. */
const SWEEP_BATCH = 1000;
/** State key: the floor up to which `sweepBelowFloor` has looked (an `ov` row: a rebuild of the aggregates clears it). */
const SWEPT_KEY = 'ovswept';

/** The families of per-item rows: prefix, and where the item id sits among the key's `!` fields after the scope. */
const FAMILIES: readonly [string, (fields: string[]) => string | undefined][] = [
  ['ovp!', (f) => f[2]],
  ['ovtp!', (f) => f[1]],
  ['ovti!', (f) => f[2]],
  ['ovrp!', (f) => f.at(-1)],
];

/** Whether the record an item's rows follow is still held (an operator scope counts listings and requests). */
async function held(txn: Txn, subs: Sublevels, scope: string, item: string): Promise<boolean> {
  if (!scope.startsWith('o:')) return (await txn.get(subs.state, K.report(item))) !== undefined;
  return (
    (await txn.get(subs.state, K.listing(item))) !== undefined ||
    (await txn.get(subs.state, K.delist(item))) !== undefined
  );
}

/** Every scope with aggregates: windowed (`ovs!`) or timeline only (`ovtt!`). */
async function everyScope(subs: Sublevels): Promise<string[]> {
  const scopes = new Set<string>();
  for (const kind of ['m:', 'o:']) for (const key of await scopesOf(subs, kind)) scopes.add(`${kind}${key}`);
  for await (const key of subs.state.keys({ gte: 'ovtt!', lt: 'ovtt!\uffff' })) scopes.add(String(key).slice(5));
  for (const s of [FEDERATION, UNROUTED]) scopes.add(s);
  return [...scopes];
}

/**
 * Raises the trim floor to `floor` (an hour; it never goes down) and returns it. Before
 * anything is trimmed: a read then answers the hours below it from cells, never from rows
 * half trimmed.
 */
export async function raiseTrimFloor(ctx: NodeContext, floor: number): Promise<number> {
  const held = await trimFloor(ctx.subs);
  if (floor <= held) return held;
  await ctx.writer.task(async (a) => a.txn.put(ctx.subs.state, FLOOR_KEY, floor));
  return floor;
}

/**
 * Deletes the rows of records no longer held positioned between the floor last swept and
 * the current one (what `trimRecord` left above the floor of its pass). Returns the number
 * of rows deleted.
 */
export async function sweepBelowFloor(ctx: NodeContext): Promise<number> {
  const { subs, writer } = ctx;
  const floor = await trimFloor(subs);
  const from = ((await subs.state.get(SWEPT_KEY)) as number | undefined) ?? 0;
  if (from >= floor) return 0;
  let deleted = 0;
  for (const scope of await everyScope(subs)) {
    for (const [family, itemOf] of FAMILIES) {
      const base = `${family}${scope}!`;
      let after = `${base}${pad(from)}`;
      for (;;) {
        const rows: [string, string][] = [];
        for await (const key of subs.state.keys({ gte: after, lt: `${base}${pad(floor)}`, limit: SWEEP_BATCH })) {
          const text = String(key);
          rows.push([text, itemOf(text.slice(base.length).split('!')) ?? '']);
        }
        if (rows.length === 0) break;
        await writer.task(async (a) => {
          for (const [key, item] of rows) {
            if (await held(a.txn, subs, scope, item)) continue;
            a.txn.del(subs.state, key);
            deleted++;
          }
        });
        if (rows.length < SWEEP_BATCH) break;
        after = `${rows.at(-1)![0]}\u0000`;
      }
    }
  }
  await writer.task(async (a) => a.txn.put(subs.state, SWEPT_KEY, floor));
  return deleted;
}

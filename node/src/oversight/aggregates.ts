/**
 * The oversight aggregates on disk, written in the batch that changes the record they
 * follow (state/apply.ts calls `trackReport` and friends next to each record write).
 * In the `s` sublevel (JSON values), times padded to 16 digits, buckets are hours (ms of the hour's start):
 *
 *   ovc!<scope>!<item hour>!<event hour>   → Cell: sums of windowed contributions
 *   ovp!<scope>!<item hour>!<t>!<item>!<n> → Point: one windowed contribution (for window edges)
 *   ovtc!<scope>!<hour>                   → Cell: sums of timeline deltas taking effect that hour
 *   ovtt!<scope>                          → Cell: sum of every timeline delta (the state at the end of time)
 *   ovtp!<scope>!<t>!<item>!<n>           → Point: one timeline delta (but the start of a
 *                                           report's first open interval: its creation point)
 *   ovti!<scope>!<end or ~>!<start>!<item>!<n> → { w, f }: intervals by end (traces of active sets)
 *   ovs!<scope>                           → number of items with windowed contributions
 *
 * Cells are written with sorted keys, so the same sums have the same bytes whichever
 * order the contributions arrived in (the bulk loader and the upgrade write what the
 * writer writes).
 */
import type { Sublevels } from '../store/db.js';
import { pad } from '../store/db.js';
import type { Txn } from '../store/txn.js';
import type { Derived, Interval, Windowed } from './contributions.js';
import { addHists, type Bins } from './sketch.js';

export const HOUR = 3_600_000;
export const hourOf = (ms: number): number => Math.floor(ms / HOUR) * HOUR;

export interface Cell {
  /** Contributions summed. */
  n: number;
  d: Record<string, number>;
  h?: Record<string, Bins>;
}

export interface Point {
  readonly w: number;
  readonly d: Record<string, number>;
  readonly h?: Record<string, Bins>;
}

export const AK = {
  cell: (s: string, rb: number, eb: number) => `ovc!${s}!${pad(rb)}!${pad(eb)}`,
  cellPrefix: (s: string) => `ovc!${s}!`,
  point: (s: string, rb: number, t: number, item: string, n: number) => `ovp!${s}!${pad(rb)}!${pad(t)}!${item}!${n}`,
  pointPrefix: (s: string, rb: number) => `ovp!${s}!${pad(rb)}!`,
  tcell: (s: string, eb: number) => `ovtc!${s}!${pad(eb)}`,
  tcellPrefix: (s: string) => `ovtc!${s}!`,
  ttotal: (s: string) => `ovtt!${s}`,
  tpoint: (s: string, t: number, item: string, n: number) => `ovtp!${s}!${pad(t)}!${item}!${n}`,
  tpointPrefix: (s: string) => `ovtp!${s}!`,
  interval: (s: string, end: number | null, start: number, item: string, n: number) =>
    `ovti!${s}!${end === null ? '~' : pad(end)}!${pad(start)}!${item}!${n}`,
  intervalPrefix: (s: string) => `ovti!${s}!`,
  item: (item: string) => `ovi!${item}`,
  scope: (s: string) => `ovs!${s}`,
  scopePrefix: 'ovs!',
} as const;

/** Adds `sign` × (d, h) into a cell (mutating it). */
export function addToCell(cell: Cell, d: Readonly<Record<string, number>>, h: Point['h'], sign: number, n = 1): void {
  cell.n += sign * n;
  // for…in, not Object.entries: no pair allocated per field (cells hold hundreds of fields).
  for (const field in d) {
    const next = (cell.d[field] ?? 0) + sign * d[field]!;
    if (next === 0) delete cell.d[field];
    else cell.d[field] = next;
  }
  if (!h) return;
  const hists = cell.h ?? {};
  addHists(hists, h, sign);
  if (Object.keys(hists).length > 0) cell.h = hists;
  else delete cell.h;
}

const sorted = <T>(record: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function canonical(cell: Cell): Cell {
  const out: Cell = { n: cell.n, d: sorted(cell.d) };
  if (cell.h) out.h = sorted(Object.fromEntries(Object.entries(cell.h).map(([k, v]) => [k, sorted(v)])));
  return out;
}

/**
 * Marks a cell to be written with sorted keys. The sort happens when the batch is
 * encoded, once per cell and batch, not at every contribution: a busy cell (one hour of
 * unrouted reports over thousands of blocks) changes thousands of times in one group.
 */
function sortedOnWrite(cell: Cell): Cell {
  if (!Object.hasOwn(cell, 'toJSON')) Object.defineProperty(cell, 'toJSON', { value: () => canonical(cell) });
  return cell;
}

/**
 * An empty cell. Its fields are a dictionary from the start (no prototype): sums over
 * many fields (an unrouted cell names every address block) would otherwise walk a
 * hidden-class transition per field added.
 */
export const emptyCell = (): Cell => ({ n: 0, d: Object.create(null) as Record<string, number> });

async function bump(
  txn: Txn,
  subs: Sublevels,
  key: string,
  d: Readonly<Record<string, number>>,
  h: Point['h'],
  sign: number,
) {
  const cell = (await txn.get<Cell>(subs.state, key)) ?? emptyCell();
  addToCell(cell, d, h, sign);
  if (cell.n === 0 && Object.keys(cell.d).length === 0 && !cell.h) txn.del(subs.state, key);
  else txn.put(subs.state, key, sortedOnWrite(cell));
}

async function applyWindowed(txn: Txn, subs: Sublevels, item: string, list: readonly Windowed[], sign: number) {
  for (const [n, c] of list.entries()) {
    await bump(txn, subs, AK.cell(c.s, hourOf(c.w), hourOf(c.t)), c.d, c.h, sign);
    const key = AK.point(c.s, hourOf(c.w), c.t, item, n);
    if (sign > 0) txn.put(subs.state, key, { w: c.w, d: c.d, ...(c.h ? { h: c.h } : {}) } satisfies Point);
    else txn.del(subs.state, key);
  }
}

async function applyIntervals(txn: Txn, subs: Sublevels, item: string, list: readonly Interval[], sign: number) {
  for (const [n, iv] of list.entries()) {
    const plus = Object.fromEntries(iv.f.map((f) => [f, 1]));
    const edges: [number, number][] = [[iv.start, 1]];
    if (iv.end !== null) edges.push([iv.end, -1]);
    for (const [m, [t, dir]] of edges.entries()) {
      await bump(txn, subs, AK.tcell(iv.s, hourOf(t)), plus, undefined, sign * dir);
      await bump(txn, subs, AK.ttotal(iv.s), plus, undefined, sign * dir);
      // A report's first open interval starts at its own ts: its creation point says so.
      if (m === 0 && iv.fromItem) continue;
      const key = AK.tpoint(iv.s, t, item, 2 * n + m);
      if (sign > 0) txn.put(subs.state, key, { w: iv.w, d: dir > 0 ? plus : negate(plus) } satisfies Point);
      else txn.del(subs.state, key);
    }
    const key = AK.interval(iv.s, iv.end, iv.start, item, n);
    if (sign > 0) txn.put(subs.state, key, { w: iv.w, f: iv.f });
    else txn.del(subs.state, key);
  }
}

const negate = (d: Record<string, number>) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, -v]));

const scopesOf = (derived: Derived | null) => new Set(derived?.w.map((c) => c.s) ?? []);

/**
 * Replaces what `item` contributed (`prev`, derived from the record before its change;
 * null for a new record) with `next`, in the caller's batch.
 */
export async function trackItem(
  txn: Txn,
  subs: Sublevels,
  item: string,
  prev: Derived | null,
  next: Derived,
): Promise<void> {
  if (prev && JSON.stringify(prev) === JSON.stringify(next)) return;
  if (prev) {
    await applyWindowed(txn, subs, item, prev.w, -1);
    await applyIntervals(txn, subs, item, prev.i, -1);
  }
  await applyWindowed(txn, subs, item, next.w, 1);
  await applyIntervals(txn, subs, item, next.i, 1);
  const before = scopesOf(prev);
  const after = scopesOf(next);
  for (const s of new Set([...before, ...after])) {
    const delta = (after.has(s) ? 1 : 0) - (before.has(s) ? 1 : 0);
    if (delta === 0) continue;
    const count = ((await txn.get<number>(subs.state, AK.scope(s))) ?? 0) + delta;
    if (count === 0) txn.del(subs.state, AK.scope(s));
    else txn.put(subs.state, AK.scope(s), count);
  }
}

/**
 * Reading the oversight aggregates (layout in aggregates.ts). A window's sums are the
 * cells of the hours it covers; a cell that straddles an edge — an item hour cut by the
 * window's start or end, an event hour holding `until` — is replaced by its points,
 * filtered exactly, so every count is what the records say as of `until`.
 */
import type { Sublevels } from '../store/db.js';
import { pad } from '../store/db.js';
import { AK, addToCell, type Cell, emptyCell, HOUR, hourOf, type Point } from './aggregates.js';
import { F } from './contributions.js';
import { coarseInstant } from './floor.js';
import { scopeMemo, scopesMemo } from './read-cache.js';

/** Item times [from, to) a sum is taken over. */
export interface Region {
  readonly from: number;
  readonly to: number;
}

export interface WindowSums {
  /** One sum per region asked. */
  readonly sums: Cell[];
  /** Sums of the first region by item hour (ascending; empty if not asked for). */
  readonly byHour: Map<number, Cell>;
}

const full = (rb: number, r: Region) => rb >= r.from && rb + HOUR <= r.to;
const disjoint = (rb: number, r: Region) => rb + HOUR <= r.from || rb >= r.to;
const inside = (w: number, r: Region) => w >= r.from && w < r.to;

function addTo(byHour: Map<number, Cell>, rb: number, value: Cell | Point, sign: number, n?: number) {
  let cell = byHour.get(rb);
  if (!cell) {
    cell = emptyCell();
    byHour.set(rb, cell);
  }
  addToCell(cell, value.d, value.h, sign, n);
}

/**
 * Windowed sums of `scope` for items in each region, as of `until` (events with t ≤ until).
 *
 * A cell whose item hour lies inside a region is added whole; if its event hour holds
 * `until`, the points after `until` are then taken off again — events never precede
 * their item (contributions.ts), so for `until` near now that tail is nearly empty. A
 * cell whose item hour is cut by a region's start (or by an end other than `until`)
 * is read point by point: one hour of items. Below the trim `floor` (floor.ts) points may
 * be gone, so a region's edge there moves to the start of its hour: cells answer it whole.
 * (`until` before the floor is the caller's to move: see coarseInstant.)
 */
export async function windowSums(
  subs: Sublevels,
  scope: string,
  asked: readonly Region[],
  until: number,
  floor = 0,
  byHourToo = true,
): Promise<WindowSums> {
  const cut = (x: number) => (x < floor && x !== until ? hourOf(x) : x);
  const regions = asked.map((r) => ({ from: cut(r.from), to: cut(r.to) }));
  const live = regions.filter((r) => r.to > r.from);
  if (live.length === 0) return { sums: regions.map(() => emptyCell()), byHour: new Map() };
  const lo = hourOf(Math.min(...live.map((r) => r.from)));
  const hi = hourOf(Math.max(...live.map((r) => r.to)) - 1);
  const untilHour = hourOf(until);
  const memo = scopeMemo(subs, scope);
  // Which cells are added whole and which are edges depends only on the regions' hours
  // and on which region ends at `until`: requests in the same hour share that work (kept
  // until a write to the scope), and only their edges are read for each one.
  const ceil = (x: number) => hourOf(x + HOUR - 1);
  const shape = regions.map((r) => [
    hourOf(r.from),
    ceil(r.from),
    hourOf(r.to),
    ceil(r.to),
    r.to === until ? 1 : 0,
    r.to > r.from ? 1 : 0,
  ]);
  const name = `w!${untilHour}!${byHourToo ? 1 : 0}!${shape.join(';')}`;
  let whole = memo.get<WholeCells>(name);
  if (!whole) {
    whole = wholeCells(await cellRows(subs, scope, lo, hi), regions, until, byHourToo);
    memo.set(name, whole);
  }
  let { sums, byHour } = whole;
  // The kept sums are shared: copied before an edge changes them.
  let copied = false;
  const own = () => {
    if (copied) return;
    copied = true;
    sums = sums.map(copyCell);
    byHour = new Map([...byHour].map(([rb, cell]) => [rb, copyCell(cell)]));
  };
  for (const [rb, eb, tail, pointwise] of whole.edges) {
    const base = AK.pointPrefix(scope, rb);
    const from = pointwise.length > 0 ? eb : Math.max(eb, until);
    // A tail is nearly always empty (no point after `until`): once seen empty, it is kept so until a write.
    const tailName = `p!${rb}!${eb}`;
    if (pointwise.length === 0 && memo.emptyFrom(tailName, from)) continue;
    const range = { gte: `${base}${pad(from)}`, lt: `${base}${pad(eb + HOUR)}` };
    let seen = 0;
    for await (const [key, value] of subs.state.iterator(range)) {
      seen++;
      const point = value as Point;
      const t = Number((key as string).slice(base.length, base.length + 16));
      own();
      for (const i of tail) {
        if (t > until || !inside(point.w, regions[i]!)) {
          addToCell(sums[i]!, point.d, point.h, -1);
          if (i === 0 && byHourToo) addTo(byHour, rb, point, -1);
        }
      }
      for (const i of pointwise) {
        if (t > until || !inside(point.w, regions[i]!)) continue;
        addToCell(sums[i]!, point.d, point.h, 1);
        if (i === 0 && byHourToo) addTo(byHour, rb, point, 1);
      }
    }
    if (seen === 0) memo.setEmptyFrom(tailName, from);
  }
  // An edge's points may have added an hour the whole cells did not have.
  return { sums, byHour: copied ? new Map([...byHour].sort(([a], [b]) => a - b)) : byHour };
}

/** The cells of a window's shape added whole, and its edges: [item hour, event hour, regions to subtract the tail from, regions to read point by point]. */
interface WholeCells {
  readonly sums: Cell[];
  /** Ascending by item hour. */
  readonly byHour: Map<number, Cell>;
  readonly edges: readonly [number, number, number[], number[]][];
}

function wholeCells(rows: [number, number, Cell][], regions: Region[], until: number, byHourToo: boolean): WholeCells {
  const untilHour = hourOf(until);
  const sums = regions.map(() => emptyCell());
  const byHour = new Map<number, Cell>();
  const edges: [number, number, number[], number[]][] = [];
  for (const [rb, eb, cell] of rows) {
    if (eb > untilHour) continue;
    const tail: number[] = [];
    const pointwise: number[] = [];
    regions.forEach((r, i) => {
      if (r.to <= r.from || disjoint(rb, r)) return;
      // Cut only by its end at `until`: the items after `until` have their events after it too.
      const whole = full(rb, r) || (rb >= r.from && r.to === until);
      if (!whole) {
        pointwise.push(i);
        return;
      }
      addToCell(sums[i]!, cell.d, cell.h, 1, cell.n);
      if (i === 0 && byHourToo) addTo(byHour, rb, cell, 1, cell.n);
      if (eb === untilHour || !full(rb, r)) tail.push(i);
    });
    if (tail.length > 0 || pointwise.length > 0) edges.push([rb, eb, tail, pointwise]);
  }
  return { sums, byHour: new Map([...byHour].sort(([a], [b]) => a - b)), edges };
}

function copyCell(cell: Cell): Cell {
  const out = emptyCell();
  addToCell(out, cell.d, cell.h, 1, cell.n);
  return out;
}

/** The cells of `scope` with item hours lo..hi: [item hour, event hour, cell], in key order (kept until a write). */
async function cellRows(subs: Sublevels, scope: string, lo: number, hi: number): Promise<[number, number, Cell][]> {
  const memo = scopeMemo(subs, scope);
  const name = `c!${lo}!${hi}`;
  const kept = memo.get<[number, number, Cell][]>(name);
  if (kept) return kept;
  const prefix = AK.cellPrefix(scope);
  const rows: [number, number, Cell][] = [];
  for await (const [key, value] of subs.state.iterator({ gte: `${prefix}${pad(lo)}`, lt: `${prefix}${pad(hi)}~` })) {
    const [rbText, ebText] = (key as string).slice(prefix.length).split('!');
    rows.push([Number(rbText), Number(ebText), value as Cell]);
  }
  memo.set(name, rows);
  return rows;
}

/** The windowed points of `scope` whose item time is in `region` and that take effect by `until`, in key order. */
export async function* windowPoints(
  subs: Sublevels,
  scope: string,
  region: Region,
  until: number,
  hours?: { from: number; to: number },
): AsyncGenerator<{ item: string; t: number; point: Point }> {
  const prefix = `ovp!${scope}!`;
  const lo = hours?.from ?? hourOf(region.from);
  const hi = hours?.to ?? hourOf(region.to - 1);
  for await (const [key, value] of subs.state.iterator({ gte: `${prefix}${pad(lo)}`, lt: `${prefix}${pad(hi)}~` })) {
    const point = value as Point;
    const [, tText, item] = (key as string).slice(prefix.length).split('!');
    const t = Number(tText);
    if (t <= until && inside(point.w, region)) yield { item: item!, t, point };
  }
}

/**
 * Timeline sums of `scope` at each instant: every delta with t ≤ instant. Read as the
 * total less what takes effect after the instant (the cells of later hours, and the
 * points of the instant's own hour that come after it; see coarseInstant before the
 * trim floor). `exclude` leaves one field of
 * the items whose own time is at or after `from` out (a report signed at `until` is not
 * in the view, a listing made at `until` is in force).
 */
export async function timelineAt(
  subs: Sublevels,
  scope: string,
  instants: readonly number[],
  exclude?: { readonly from: number; readonly field: string },
  floor = 0,
): Promise<Cell[]> {
  const memo = scopeMemo(subs, scope);
  let total = memo.get<Cell>('tt');
  if (!total) {
    total = ((await subs.state.get(AK.ttotal(scope))) as Cell | undefined) ?? emptyCell();
    memo.set('tt', total);
  }
  const out: Cell[] = [];
  const prefix = AK.tcellPrefix(scope);
  // Below the trim floor an instant is read at the end of its hour: from cells alone.
  for (const t of instants.map((x) => coarseInstant(x, floor))) {
    const at: Cell = { n: total.n, d: { ...total.d } };
    const hour = hourOf(t);
    let later = memo.get<Cell[]>(`tc!${hour}`);
    if (!later) {
      later = [];
      for await (const value of subs.state.values({ gt: `${prefix}${pad(hour)}`, lt: `${prefix}~` })) {
        later.push(value as Cell);
      }
      memo.set(`tc!${hour}`, later);
    }
    for (const cell of later) addToCell(at, cell.d, undefined, -1, cell.n);
    const base = AK.tpointPrefix(scope);
    // Only what follows the instant: deltas never precede their item, so an item left
    // out by `exclude` (at or after the instant) has all its deltas from it on.
    const deltas = `tp!${hour}`;
    let seen = 0;
    for await (const [key, value] of memo.emptyFrom(deltas, t)
      ? []
      : subs.state.iterator({ gte: `${base}${pad(t)}`, lt: `${base}${pad(hour + HOUR)}` })) {
      seen++;
      const point = value as Point;
      const pt = Number((key as string).slice(base.length).split('!')[0]);
      if (pt > t) addToCell(at, point.d, undefined, -1);
      else if (exclude && point.w >= exclude.from && exclude.field in point.d) {
        addToCell(at, { [exclude.field]: point.d[exclude.field]! }, undefined, -1, 0);
      }
    }
    if (seen === 0) memo.setEmptyFrom(deltas, t);
    // A report's first open interval starts at its creation point (aggregates.ts).
    const created = AK.pointPrefix(scope, hour);
    const creations = `cp!${hour}`;
    seen = 0;
    for await (const [key, value] of memo.emptyFrom(creations, t)
      ? []
      : subs.state.iterator({ gte: `${created}${pad(t)}`, lt: `${created}${pad(hour + HOUR)}` })) {
      seen++;
      const point = value as Point;
      if (point.d[F.received] !== 1) continue;
      const pt = Number((key as string).slice(created.length, created.length + 16));
      if (pt > t || (exclude && point.w >= exclude.from)) addToCell(at, { [F.open]: 1 }, undefined, -1, 0);
    }
    if (seen === 0) memo.setEmptyFrom(creations, t);
    out.push(at);
  }
  return out;
}

/** Ids of the items whose interval holding `field` contains `t` (sorted), read from the intervals that end after `t`. */
export async function activeAt(
  subs: Sublevels,
  scope: string,
  field: string,
  t: number,
  excludeFrom?: number,
): Promise<string[]> {
  const prefix = AK.intervalPrefix(scope);
  const ids = new Set<string>();
  for await (const [key, value] of subs.state.iterator({ gte: `${prefix}${pad(t + 1)}`, lt: `${prefix}\u007f` })) {
    const [, startText, item] = (key as string).slice(prefix.length).split('!');
    const row = value as { w: number; f: string[] };
    if (Number(startText) > t || !row.f.includes(field)) continue;
    if (excludeFrom !== undefined && row.w >= excludeFrom) continue;
    ids.add(item!);
  }
  return [...ids].sort();
}

/** What a scope holds: windowed items, timeline deltas. Two point reads, so an idle scope costs no scan. */
export async function scopePresence(subs: Sublevels, scope: string): Promise<{ items: boolean; timeline: boolean }> {
  const memo = scopeMemo(subs, scope);
  const kept = memo.get<{ items: boolean; timeline: boolean }>('presence');
  if (kept) return kept;
  const [items, total] = (await subs.state.getMany([AK.scope(scope), AK.ttotal(scope)])) as [
    number | undefined,
    Cell | undefined,
  ];
  const presence = { items: (items ?? 0) > 0, timeline: total !== undefined };
  memo.set('presence', presence);
  return presence;
}

/** Scopes with windowed contributions whose name starts with `kind` (`m:` or `o:`), by key. */
export async function scopesOf(subs: Sublevels, kind: string): Promise<string[]> {
  const memo = scopesMemo(subs);
  const kept = memo.get<string[]>(kind);
  if (kept) return [...kept];
  const out: string[] = [];
  const prefix = `${AK.scopePrefix}${kind}`;
  for await (const key of subs.state.keys({ gte: prefix, lt: `${prefix}\uffff` })) {
    out.push((key as string).slice(prefix.length));
  }
  memo.set(kind, out);
  return [...out];
}

/** The item hour of a scope's first cell (its oldest item), if it has any. */
export async function firstHour(subs: Sublevels, scope: string): Promise<number | undefined> {
  const memo = scopeMemo(subs, scope);
  const kept = memo.get<{ hour: number | undefined }>('first');
  if (kept) return kept.hour;
  const prefix = AK.cellPrefix(scope);
  let hour: number | undefined;
  for await (const key of subs.state.keys({ gte: prefix, lt: `${prefix}~`, limit: 1 })) {
    hour = Number((key as string).slice(prefix.length).split('!')[0]);
  }
  memo.set('first', { hour });
  return hour;
}

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

/** Item times [from, to) a sum is taken over. */
export interface Region {
  readonly from: number;
  readonly to: number;
}

export interface WindowSums {
  /** One sum per region asked. */
  readonly sums: Cell[];
  /** Sums of the first region by item hour (ascending). */
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
): Promise<WindowSums> {
  const cut = (x: number) => (x < floor && x !== until ? hourOf(x) : x);
  const regions = asked.map((r) => ({ from: cut(r.from), to: cut(r.to) }));
  const sums = regions.map(() => emptyCell());
  const byHour = new Map<number, Cell>();
  const live = regions.filter((r) => r.to > r.from);
  if (live.length === 0) return { sums, byHour };
  const lo = hourOf(Math.min(...live.map((r) => r.from)));
  const hi = hourOf(Math.max(...live.map((r) => r.to)) - 1);
  const untilHour = hourOf(until);
  const prefix = AK.cellPrefix(scope);
  /** [item hour, event hour, regions to subtract the tail from, regions to read point by point]. */
  const edges: [number, number, number[], number[]][] = [];
  for await (const [key, value] of subs.state.iterator({ gte: `${prefix}${pad(lo)}`, lt: `${prefix}${pad(hi)}~` })) {
    const [rbText, ebText] = (key as string).slice(prefix.length).split('!');
    const rb = Number(rbText);
    const eb = Number(ebText);
    if (eb > untilHour) continue;
    const cell = value as Cell;
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
      if (i === 0) addTo(byHour, rb, cell, 1, cell.n);
      if (eb === untilHour || !full(rb, r)) tail.push(i);
    });
    if (tail.length > 0 || pointwise.length > 0) edges.push([rb, eb, tail, pointwise]);
  }
  for (const [rb, eb, tail, pointwise] of edges) {
    const base = AK.pointPrefix(scope, rb);
    const from = pointwise.length > 0 ? eb : Math.max(eb, until);
    const range = { gte: `${base}${pad(from)}`, lt: `${base}${pad(eb + HOUR)}` };
    for await (const [key, value] of subs.state.iterator(range)) {
      const point = value as Point;
      const t = Number((key as string).slice(base.length, base.length + 16));
      for (const i of tail) {
        if (t > until || !inside(point.w, regions[i]!)) {
          addToCell(sums[i]!, point.d, point.h, -1);
          if (i === 0) addTo(byHour, rb, point, -1);
        }
      }
      for (const i of pointwise) {
        if (t > until || !inside(point.w, regions[i]!)) continue;
        addToCell(sums[i]!, point.d, point.h, 1);
        if (i === 0) addTo(byHour, rb, point, 1);
      }
    }
  }
  return { sums, byHour: new Map([...byHour].sort(([a], [b]) => a - b)) };
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
  const total = ((await subs.state.get(AK.ttotal(scope))) as Cell | undefined) ?? emptyCell();
  const out: Cell[] = [];
  const prefix = AK.tcellPrefix(scope);
  // Below the trim floor an instant is read at the end of its hour: from cells alone.
  for (const t of instants.map((x) => coarseInstant(x, floor))) {
    const at: Cell = { n: total.n, d: { ...total.d } };
    const hour = hourOf(t);
    for await (const value of subs.state.values({ gt: `${prefix}${pad(hour)}`, lt: `${prefix}~` })) {
      const cell = value as Cell;
      addToCell(at, cell.d, undefined, -1, cell.n);
    }
    const base = AK.tpointPrefix(scope);
    // Only what follows the instant: deltas never precede their item, so an item left
    // out by `exclude` (at or after the instant) has all its deltas from it on.
    for await (const [key, value] of subs.state.iterator({
      gte: `${base}${pad(t)}`,
      lt: `${base}${pad(hour + HOUR)}`,
    })) {
      const point = value as Point;
      const pt = Number((key as string).slice(base.length).split('!')[0]);
      if (pt > t) addToCell(at, point.d, undefined, -1);
      else if (exclude && point.w >= exclude.from && exclude.field in point.d) {
        addToCell(at, { [exclude.field]: point.d[exclude.field]! }, undefined, -1, 0);
      }
    }
    // A report's first open interval starts at its creation point (aggregates.ts).
    const created = AK.pointPrefix(scope, hour);
    for await (const [key, value] of subs.state.iterator({
      gte: `${created}${pad(t)}`,
      lt: `${created}${pad(hour + HOUR)}`,
    })) {
      const point = value as Point;
      if (point.d[F.received] !== 1) continue;
      const pt = Number((key as string).slice(created.length, created.length + 16));
      if (pt > t || (exclude && point.w >= exclude.from)) addToCell(at, { [F.open]: 1 }, undefined, -1, 0);
    }
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
  const [items, total] = (await subs.state.getMany([AK.scope(scope), AK.ttotal(scope)])) as [
    number | undefined,
    Cell | undefined,
  ];
  return { items: (items ?? 0) > 0, timeline: total !== undefined };
}

/** Scopes with windowed contributions whose name starts with `kind` (`m:` or `o:`), by key. */
export async function scopesOf(subs: Sublevels, kind: string): Promise<string[]> {
  const out: string[] = [];
  const prefix = `${AK.scopePrefix}${kind}`;
  for await (const key of subs.state.keys({ gte: prefix, lt: `${prefix}\uffff` })) {
    out.push((key as string).slice(prefix.length));
  }
  return out;
}

/** The item hour of a scope's first cell (its oldest item), if it has any. */
export async function firstHour(subs: Sublevels, scope: string): Promise<number | undefined> {
  const prefix = AK.cellPrefix(scope);
  for await (const key of subs.state.keys({ gte: prefix, lt: `${prefix}~`, limit: 1 })) {
    return Number((key as string).slice(prefix.length).split('!')[0]);
  }
  return undefined;
}

/**
 * The oversight figures from the aggregates: what `computeResolution` (the reference,
 * resolution.ts) computes from every record, read here in O(scopes × hours in the
 * window), plus the points of the hours cut by the window's edges.
 *
 * A scope (member, federation, list operator, unrouted space) with at most
 * `exactItems` items in the window is computed exactly from its records, by the
 * reference code, so small histories give the reference's answer to the letter —
 * percentiles and entry lists included. A larger scope is answered from its sums: every
 * count is exact; percentiles come from log histograms within RELATIVE_ERROR; figures
 * then carry `n` (the number of entries behind them) and no list, which `?trace=` reads.
 * A window reaching before the trim floor (floor.ts) is answered from sums, at whole hours.
 */
import { LIST_KINDS, type ListKind } from '@arx/protocol';
import type { DelistRecord, ListingRecord, ReportRecord } from '../state/records.js';
import { K } from '../state/records.js';
import type { Sublevels } from '../store/db.js';
import { type Cell, emptyCell } from './aggregates.js';
import { F, FEDERATION, HIST, memberScope, operatorScope, UNROUTED } from './contributions.js';
import type { Figure } from './figures.js';
import { secondsBetween } from './figures.js';
import { coarseWindow, trimFloor } from './floor.js';
import { firstHour, type Region, scopePresence, scopesOf, timelineAt, windowPoints, windowSums } from './reads.js';
import { repeatFigures } from './repeat-figures.js';
import {
  analyse,
  HISTOGRAM_BOUNDS,
  type MemberInfo,
  type OperatorFigures,
  operatorFigures,
  type ResolutionFigures,
  type ResolutionMetrics,
  resolutionFigures,
  seriesInstants,
  type UnroutedFigures,
  type Window,
} from './resolution.js';
import { binsPercentile, binsTotal, withinHours } from './sketch.js';

/** Scopes with at most this many items in the window are computed from their records. */
export const EXACT_ITEMS = 200;

export interface AggregateQuery {
  readonly members: readonly MemberInfo[];
  readonly window: Window;
  readonly targetHours: number;
  /** Chart series too (histogram, open reports over time). Default true. */
  readonly charts?: boolean;
  /** See EXACT_ITEMS; 0 answers every scope from its sums (the property test does). */
  readonly exactItems?: number;
  /** The trim floor (floor.ts), if the caller has read it. */
  readonly floor?: number;
}

interface View {
  /** The window answered: `coarseWindow` of the one asked. */
  readonly w: Window;
  readonly floor: number;
  readonly exactItems: number;
}

/**
 * What a scope is answered for. A window reaching before the trim floor is answered from
 * cells (floor.ts): its edges there move out to whole hours, and no scope is computed from
 * its records (the records of those hours are partly deleted, the points of the deleted
 * ones trimmed, so an enumeration could not tell a complete scope from a thinned one).
 */
async function viewOf(subs: Sublevels, w: Window, exactItems: number, floor?: number): Promise<View> {
  const at = floor ?? (await trimFloor(subs));
  return { w: coarseWindow(w, at), floor: at, exactItems: w.from < at ? 0 : exactItems };
}

const HOUR_MS = 3_600_000;
const NOTHING = { sums: [emptyCell(), emptyCell()], byHour: new Map<number, Cell>() };
const NO_REPEATS = { repeatOffenders: { value: 0, entries: [] }, repeatOffenderAddresses: [] };

/** A figure kept as a sum: `per` entries stand behind each unit counted. */
export const summed = (value: number, per = 1): Figure => ({ value, entries: [], n: value * per });
const field = (cell: Cell, name: string) => cell.d[name] ?? 0;

function percentile(cell: Cell, hist: string, p: number): Figure {
  const bins = cell.h?.[hist] ?? {};
  return { value: binsPercentile(bins, p), entries: [], n: 2 * binsTotal(bins) };
}

async function records<T>(subs: Sublevels, keys: readonly string[]): Promise<T[]> {
  const found = (await subs.state.getMany([...keys])) as (T | undefined)[];
  return found.filter((r): r is T => r !== undefined);
}

async function itemsCounted(subs: Sublevels, scope: string, w: Window, counter: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const { item, point } of windowPoints(subs, scope, w, w.to)) if (point.d[counter] === 1) ids.push(item);
  return ids.sort();
}

/** The oldest open report: the first item hour with open reports, read in (ts, id) order. */
async function oldestOpen(
  subs: Sublevels,
  scope: string,
  w: Window,
  byHour: Map<number, Cell>,
): Promise<ReportRecord | undefined> {
  for (const [hour, cell] of byHour) {
    const open = field(cell, F.received) - field(cell, F.status('resolved')) - field(cell, F.status('rejected'));
    if (open <= 0) continue;
    for await (const { item, point } of windowPoints(subs, scope, w, w.to, { from: hour, to: hour })) {
      if (point.d[F.received] !== 1) continue;
      const r = (await subs.state.get(K.report(item))) as ReportRecord | undefined;
      if (r && r.retracted === null && !['resolved', 'rejected'].includes(analyse(r, w.to).status)) return r;
    }
  }
  return undefined;
}

/** The figures of a report scope (a member or the federation). */
export async function reportScopeFigures(
  subs: Sublevels,
  scope: string,
  q: AggregateQuery,
  exactAsked: number,
): Promise<ResolutionFigures> {
  const { w, floor, exactItems } = await viewOf(subs, q.window, exactAsked, q.floor);
  const { targetHours } = q;
  const charts = q.charts ?? true;
  const due: Region = { from: w.from, to: Math.min(w.to, w.to - targetHours * HOUR_MS + 1) };
  const present = await scopePresence(subs, scope);
  const { sums, byHour } = present.items ? await windowSums(subs, scope, [w, due], w.to, floor) : NOTHING;
  const [all, dueSums] = sums as [Cell, Cell];
  const instants = charts ? seriesInstants(w) : [];
  const at = present.timeline
    ? await timelineAt(subs, scope, [w.to, ...instants], { from: w.to, field: F.open }, floor)
    : [w.to, ...instants].map(emptyCell);
  const listingsAgainst = summed(field(at[0]!, F.against));
  const openOverTime = instants.map((t, i) => ({ t, open: summed(field(at[i + 1]!, F.open)) }));
  const repeats = present.items ? await repeatFigures(subs, scope, w) : NO_REPEATS;
  const received = field(all, F.received);
  if (received <= exactItems) {
    const ids = received === 0 ? [] : await itemsCounted(subs, scope, w, F.received);
    const held = await records<ReportRecord>(subs, ids.map(K.report));
    // A record deleted past the horizon (store/horizon.ts) leaves its sums; in the hour of the
    // trim floor its points may still be there (trim.ts): the scope is then answered from the sums.
    if (held.length === ids.length && ids.length === received) {
      const exact = resolutionFigures(
        held.map((r) => analyse(r, w.to)),
        w,
        targetHours,
        [],
        charts,
      );
      return { ...exact, listingsAgainst, openOverTime, ...repeats };
    }
  }
  const resolved = field(all, F.status('resolved'));
  const rejected = field(all, F.status('rejected'));
  const dueCount = field(dueSums, F.received) - field(dueSums, F.status('rejected'));
  const inTime = withinHours(dueSums.h?.[HIST.hours] ?? {}, targetHours);
  const oldest = await oldestOpen(subs, scope, w, byHour);
  const chart = all.h?.[HIST.chart] ?? {};
  return {
    received: summed(received),
    acknowledged: summed(field(all, F.acknowledged), 2),
    resolved: summed(resolved, 2),
    rejected: summed(rejected, 2),
    open: summed(received - resolved - rejected),
    timeToAcknowledge: { median: percentile(all, HIST.ack, 0.5), p90: percentile(all, HIST.ack, 0.9) },
    timeToResolve: { median: percentile(all, HIST.resolve, 0.5), p90: percentile(all, HIST.resolve, 0.9) },
    due: summed(dueCount),
    resolvedWithinTarget: summed(inTime, 2),
    withinTargetShare: { value: dueCount === 0 ? null : inTime / dueCount, entries: [], n: 2 * inTime },
    oldestOpen: oldest
      ? { value: secondsBetween(oldest.ts, w.to), entries: [oldest.id] }
      : { value: null, entries: [] },
    oldestOpenReport: oldest ? { id: oldest.id, ts: oldest.ts, about: oldest.about } : null,
    ...repeats,
    listingsAgainst,
    timeToResolveHistogram: charts
      ? [0, ...HISTOGRAM_BOUNDS].map((from, i) => ({
          from,
          to: HISTOGRAM_BOUNDS[i] ?? null,
          reports: summed(chart[String(i)] ?? 0, 2),
        }))
      : [],
    openOverTime,
  };
}

/** The figures of a list operator. */
export async function operatorScopeFigures(
  subs: Sublevels,
  key: string,
  asked: Window,
  exactAsked: number,
  knownFloor?: number,
): Promise<OperatorFigures> {
  const { w, floor, exactItems } = await viewOf(subs, asked, exactAsked, knownFloor);
  const scope = operatorScope(key);
  const present = await scopePresence(subs, scope);
  const sums = present.items ? (await windowSums(subs, scope, [w], w.to, floor, false)).sums : NOTHING.sums;
  const [all] = sums as [Cell];
  const [now] = (present.timeline ? await timelineAt(subs, scope, [w.to], undefined, floor) : [emptyCell()]) as [Cell];
  const activeListings = summed(field(now, F.active));
  const activeByList = Object.fromEntries(
    Object.keys(LIST_KINDS).map((k) => [k, summed(field(now, F.activeList(k)))]),
  ) as Record<ListKind, Figure>;
  const items = field(all, F.listed) + field(all, F.requests);
  if (items === 0) return { ...operatorFigures([], [], w), activeListings, activeByList };
  if (items <= exactItems) {
    const listings = await records<ListingRecord>(subs, (await itemsCounted(subs, scope, w, F.listed)).map(K.listing));
    const requests = await records<DelistRecord>(subs, (await itemsCounted(subs, scope, w, F.requests)).map(K.delist));
    // Records deleted past the horizon (horizon.ts) leave their sums: the scope is answered from them.
    if (listings.length + requests.length === items) {
      return { ...operatorFigures(listings, requests, w), activeListings, activeByList };
    }
  }
  const decisions = field(all, F.decisions);
  return {
    activeListings,
    activeByList,
    listed: summed(field(all, F.listed)),
    delistRequests: summed(field(all, F.requests)),
    decisions: summed(decisions, 2),
    granted: summed(field(all, F.granted), 2),
    denied: summed(field(all, F.denied), 2),
    pending: summed(field(all, F.requests) - decisions),
    timeToDecision: { median: percentile(all, HIST.decision, 0.5), p90: percentile(all, HIST.decision, 0.9) },
  };
}

/** Reports about address space no member claims, and about domains and URLs. */
export async function unroutedScopeFigures(
  subs: Sublevels,
  asked: Window,
  exactAsked: number,
  knownFloor?: number,
): Promise<UnroutedFigures> {
  const { w, floor, exactItems } = await viewOf(subs, asked, exactAsked, knownFloor);
  const [all] = (await windowSums(subs, UNROUTED, [w], w.to, floor, false)).sums as [Cell];
  const prefixOf = (name: string) => (name.startsWith('p:') ? name.slice(2) : null);
  if (field(all, F.received) <= exactItems) {
    const byPrefix = new Map<string, string[]>();
    const other: string[] = [];
    const addressed: string[] = [];
    const points: [string, Record<string, number>][] = [];
    for await (const { item, point } of windowPoints(subs, UNROUTED, w, w.to)) points.push([item, point.d]);
    points.sort(([a], [b]) => (a < b ? -1 : 1));
    // Points of records deleted past the horizon are trimmed (trim.ts): without all of them, the sums answer.
    if (new Set(points.map(([item]) => item)).size === field(all, F.received)) {
      for (const [item, d] of points) {
        if (d[F.other] === 1) other.push(item);
        const prefix = Object.keys(d)
          .map(prefixOf)
          .find((p) => p !== null);
        if (!prefix) continue;
        addressed.push(item);
        const list = byPrefix.get(prefix);
        if (list) list.push(item);
        else byPrefix.set(prefix, [item]);
      }
      const prefixes = [...byPrefix]
        .map(([prefix, ids]) => ({ prefix, reports: { value: ids.length, entries: ids } }))
        .sort((a, b) => b.reports.value - a.reports.value || (a.prefix < b.prefix ? -1 : 1));
      return {
        reports: { value: addressed.length, entries: addressed },
        prefixes,
        otherTargets: { value: other.length, entries: other },
      };
    }
  }
  const { prefixes, reports } = rankedBlocks(all);
  return {
    reports: summed(reports),
    prefixes,
    otherTargets: summed(field(all, F.other)),
  };
}

/** The ranking of the blocks of a sum, kept with the sum (the kept sums of reads.ts are shared until a write). */
const rankings = new WeakMap<Cell, { prefixes: UnroutedFigures['prefixes']; reports: number }>();

function rankedBlocks(all: Cell): { prefixes: UnroutedFigures['prefixes']; reports: number } {
  const kept = rankings.get(all);
  if (kept) return kept;
  const counted: [string, number][] = [];
  let reports = 0;
  // for…in over the sums' fields (hundreds of blocks): no pair allocated per field.
  for (const name in all.d) {
    const count = all.d[name]!;
    if (!name.startsWith('p:') || count <= 0) continue;
    counted.push([name.slice(2), count]);
    reports += count;
  }
  counted.sort(([pa, a], [pb, b]) => b - a || (pa < pb ? -1 : 1));
  const ranked = { prefixes: counted.map(([prefix, count]) => ({ prefix, reports: summed(count) })), reports };
  rankings.set(all, ranked);
  return ranked;
}

const byName =
  (nameOf: (key: string) => string) =>
  ([a]: readonly [string, unknown], [b]: readonly [string, unknown]) =>
    nameOf(a) < nameOf(b) ? -1 : 1;

/** Every figure of the oversight view, from the aggregates (the same shape as computeResolution). */
export async function aggregateResolution(subs: Sublevels, asked: AggregateQuery): Promise<ResolutionMetrics> {
  const w = asked.window;
  if (!(w.to > w.from)) throw new RangeError('window must end after it starts');
  const q = { ...asked, floor: asked.floor ?? (await trimFloor(subs)) };
  // The window answered: before the trim floor, its edges move out to whole hours.
  const answered = coarseWindow(w, q.floor);
  const exactItems = q.exactItems ?? EXACT_ITEMS;
  const handleOf = new Map(q.members.map((m) => [m.key, m.handle]));
  const nameOf = (key: string) => handleOf.get(key) ?? key;

  const memberKeys = new Set(
    q.members.filter((m) => m.roles.includes('provider') || m.netblocks > 0).map((m) => m.key),
  );
  for (const key of await scopesOf(subs, 'm:')) {
    if (memberKeys.has(key)) continue;
    const first = await firstHour(subs, memberScope(key));
    if (first !== undefined && first < answered.to) memberKeys.add(key);
  }
  const members: Record<string, ResolutionFigures & { key: string }> = {};
  const memberRows = await Promise.all(
    [...memberKeys].map(async (key) => [key, await reportScopeFigures(subs, memberScope(key), q, exactItems)] as const),
  );
  for (const [key, figures] of [...memberRows].sort(byName(nameOf))) members[nameOf(key)] = { key, ...figures };

  const operatorKeys = new Set(q.members.filter((m) => m.roles.includes('list-operator')).map((m) => m.key));
  for (const key of await scopesOf(subs, 'o:')) operatorKeys.add(key);
  const operators: Record<string, OperatorFigures & { key: string }> = {};
  const operatorRows = await Promise.all(
    [...operatorKeys].map(async (key) => [key, await operatorScopeFigures(subs, key, w, exactItems, q.floor)] as const),
  );
  for (const [key, figures] of [...operatorRows].sort(byName(nameOf))) operators[nameOf(key)] = { key, ...figures };

  return {
    window: answered,
    targetHours: q.targetHours,
    federation: await reportScopeFigures(subs, FEDERATION, q, exactItems),
    members,
    operators,
    unrouted: await unroutedScopeFigures(subs, w, exactItems, q.floor),
  };
}

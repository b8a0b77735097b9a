/**
 * `?trace=<figure>` for a figure answered from the aggregates (one that carries `n`
 * instead of its entries): the entries are read on demand, for that figure's scope only.
 * - a figure of the window (counts, percentiles, chart bins) of a scope with at most
 *   TRACE_RECORDS items in the window is computed again from those records by the
 *   reference code, so the list, its order and the sample picked are the exact ones;
 *   past that, the page asked for is read in signing order (trace-stream.ts), so a
 *   trace never holds a large scope's window in memory;
 * - a figure of an instant (listings in force, open reports at a point of the series)
 *   reads the intervals that end after that instant (`ovti!`), not the scope's history.
 */
import type { Sublevels } from '../store/db.js';
import { F, FEDERATION, memberScope, operatorScope, UNROUTED } from './contributions.js';
import { countFigure, type Figure } from './figures.js';
import { type AggregateQuery, operatorScopeFigures, reportScopeFigures, unroutedScopeFigures } from './incremental.js';
import { figureAt } from './json.js';
import { activeAt } from './reads.js';
import type { ResolutionFigures, ResolutionMetrics } from './resolution.js';
import { type PagedEntries, pageOfFigure, type TracePage } from './trace-stream.js';

const ALL = Number.POSITIVE_INFINITY;
/** Scopes with more items than this in the window are traced a page at a time. */
export const TRACE_RECORDS = 10_000;

export interface Traced {
  readonly figure: Figure;
  /** Set when only the page asked for was read: `figure.n` is the total. */
  readonly page?: PagedEntries;
}

const TIMELINE = new Set(['listingsAgainst', 'openOverTime', 'activeListings', 'activeByList']);

async function reportScope(
  subs: Sublevels,
  scope: string,
  q: AggregateQuery,
  rest: readonly string[],
  held: ResolutionFigures,
): Promise<ResolutionFigures> {
  if (rest[0] === 'listingsAgainst') {
    return { ...held, listingsAgainst: countFigure(await activeAt(subs, scope, F.against, q.window.to)) };
  }
  if (rest[0] === 'openOverTime') {
    const points = await Promise.all(
      held.openOverTime.map(async (p, i) =>
        String(i) === rest[1]
          ? { t: p.t, open: countFigure(await activeAt(subs, scope, F.open, p.t, q.window.to)) }
          : p,
      ),
    );
    return { ...held, openOverTime: points };
  }
  return reportScopeFigures(subs, scope, { ...q, charts: true }, ALL);
}

/** The items of a scope in the window, from its figures. */
function itemsOf(metrics: ResolutionMetrics, head: string, name: string): number {
  if (head === 'federation') return metrics.federation.received.value ?? 0;
  if (head === 'members') return metrics.members[name]?.received.value ?? 0;
  if (head === 'operators') {
    const o = metrics.operators[name];
    return (o?.listed.value ?? 0) + (o?.delistRequests.value ?? 0);
  }
  return (metrics.unrouted.reports.value ?? 0) + (metrics.unrouted.otherTargets.value ?? 0);
}

/** A page of a large scope's figure, read in signing order, if the figure is paged that way. */
async function pageOf(
  subs: Sublevels,
  q: AggregateQuery,
  metrics: ResolutionMetrics,
  path: string,
  page: TracePage,
): Promise<PagedEntries | undefined> {
  const [head, name, ...rest] = path.split('.');
  if (head === 'federation') {
    return pageOfFigure(subs, 'report', FEDERATION, [name!, ...rest], q.window, q.targetHours, page);
  }
  if (head === 'members') {
    const key = metrics.members[name!]!.key;
    return pageOfFigure(subs, 'report', memberScope(key), rest, q.window, q.targetHours, page);
  }
  if (head === 'operators') {
    const key = metrics.operators[name!]!.key;
    return pageOfFigure(subs, 'operator', operatorScope(key), rest, q.window, q.targetHours, page);
  }
  const prefixOf = (i: number) => metrics.unrouted.prefixes[i]?.prefix;
  return pageOfFigure(subs, 'unrouted', UNROUTED, [name!, ...rest], q.window, q.targetHours, page, prefixOf);
}

/**
 * The figure at `path` with its entries listed (or, for a large scope, the page asked
 * for), or undefined if there is none.
 */
export async function tracedFigure(
  subs: Sublevels,
  q: AggregateQuery,
  metrics: ResolutionMetrics,
  path: string,
  page: TracePage = { offset: 0, limit: Number.MAX_SAFE_INTEGER },
  traceRecords = TRACE_RECORDS,
): Promise<Traced | undefined> {
  const figure = figureAt(metrics, path);
  if (!figure || figure.n === undefined) return figure && { figure };
  const [head, name, ...rest] = path.split('.');
  const below = head === 'federation' || head === 'unrouted' ? [name!, ...rest] : rest;
  if (!TIMELINE.has(below[0]!) && itemsOf(metrics, head!, name!) > traceRecords) {
    const paged = await pageOf(subs, q, metrics, path, page);
    if (paged) return { figure, page: paged };
  }
  let scoped: ResolutionMetrics = metrics;
  if (head === 'federation') {
    scoped = {
      ...metrics,
      federation: await reportScope(subs, FEDERATION, q, [name!, ...rest], metrics.federation),
    };
  } else if (head === 'members') {
    const held = metrics.members[name!]!;
    const figures = await reportScope(subs, memberScope(held.key), q, rest, held);
    scoped = { ...metrics, members: { ...metrics.members, [name!]: { ...figures, key: held.key } } };
  } else if (head === 'operators') {
    const held = metrics.operators[name!]!;
    const scope = operatorScope(held.key);
    let figures = held;
    if (rest[0] === 'activeListings') {
      figures = { ...held, activeListings: countFigure(await activeAt(subs, scope, F.active, q.window.to)) };
    } else if (rest[0] === 'activeByList') {
      const ids = await activeAt(subs, scope, F.activeList(rest[1]!), q.window.to);
      figures = { ...held, activeByList: { ...held.activeByList, [rest[1]!]: countFigure(ids) } };
    } else figures = { ...(await operatorScopeFigures(subs, held.key, q.window, ALL)), key: held.key };
    scoped = { ...metrics, operators: { ...metrics.operators, [name!]: figures } };
  } else if (head === 'unrouted') {
    scoped = { ...metrics, unrouted: await unroutedScopeFigures(subs, q.window, ALL) };
  }
  const listed = figureAt(scoped, path);
  return listed && { figure: listed };
}

/**
 * `?trace=<figure>` for a figure answered from the aggregates (one that carries `n`
 * instead of its entries): the entries are read on demand, for that figure's scope only.
 * - a figure of the window (counts, percentiles, chart bins) is computed again for its
 *   scope from the scope's records in the window, by the reference code, so the list and
 *   the sample picked are the exact ones;
 * - a figure of an instant (listings in force, open reports at a point of the series)
 *   reads the intervals that end after that instant (`ovti!`), not the scope's history.
 */
import type { Sublevels } from '../store/db.js';
import { F, FEDERATION, memberScope, operatorScope } from './contributions.js';
import { countFigure, type Figure } from './figures.js';
import { type AggregateQuery, operatorScopeFigures, reportScopeFigures, unroutedScopeFigures } from './incremental.js';
import { figureAt } from './json.js';
import { activeAt } from './reads.js';
import type { ResolutionFigures, ResolutionMetrics } from './resolution.js';

const ALL = Number.POSITIVE_INFINITY;

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

/** The figure at `path` with its entries listed, or undefined if there is none. */
export async function tracedFigure(
  subs: Sublevels,
  q: AggregateQuery,
  metrics: ResolutionMetrics,
  path: string,
): Promise<Figure | undefined> {
  const figure = figureAt(metrics, path);
  if (!figure || figure.n === undefined) return figure;
  const [head, name, ...rest] = path.split('.');
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
  return figureAt(scoped, path);
}

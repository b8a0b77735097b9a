/**
 * The JSON form of the metrics. Every figure becomes `{ value, n, trace }`: `n` is the
 * number of entries behind it and `trace` its path, which `?trace=<path>` on the same
 * route (with the same `until`) turns into the list of those entries.
 */
import type { FigureJson, MetricsJson } from '../http/api-types.js';
import { type Figure, isFigure } from './figures.js';
import type { ResolutionMetrics } from './resolution.js';

function convert(value: unknown, path: string, inline: boolean): unknown {
  if (isFigure(value)) {
    const out: FigureJson = { value: value.value, n: value.n ?? value.entries.length, trace: path };
    // An aggregate figure has no list at hand: its entries are one `?trace=` away.
    if (inline && value.n === undefined) out.entries = [...value.entries];
    return out;
  }
  if (Array.isArray(value)) return value.map((v, i) => convert(v, `${path}.${i}`, inline));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = convert(v, path ? `${path}.${k}` : k, inline);
    return out;
  }
  return value;
}

/** The figures as JSON; `inline` adds each figure's entry ids. */
export function figuresJson(
  metrics: ResolutionMetrics,
  inline: boolean,
): Pick<MetricsJson, 'federation' | 'members' | 'operators' | 'unrouted'> {
  const { federation, members, operators, unrouted } = metrics;
  return convert({ federation, members, operators, unrouted }, '', inline) as never;
}

/** Only the named members and operators (for `?member=`). */
export function selectScope(metrics: ResolutionMetrics, handle: string): ResolutionMetrics {
  const pick = <T>(record: Readonly<Record<string, T>>) =>
    Object.fromEntries(Object.entries(record).filter(([k]) => k === handle));
  return { ...metrics, members: pick(metrics.members), operators: pick(metrics.operators) };
}

/** The figure at a trace path such as `members.cnisp1.timeToResolve.median`, if there is one. */
export function figureAt(metrics: ResolutionMetrics, path: string): Figure | undefined {
  let node: unknown = { federation: metrics.federation, members: metrics.members, operators: metrics.operators };
  (node as Record<string, unknown>)['unrouted'] = metrics.unrouted;
  for (const segment of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    if (Array.isArray(node)) {
      if (!/^(0|[1-9][0-9]*)$/.test(segment)) return undefined;
      node = node[Number(segment)];
    } else {
      if (!Object.hasOwn(node, segment)) return undefined;
      node = (node as Record<string, unknown>)[segment];
    }
  }
  return isFigure(node) ? node : undefined;
}

/**
 * The entries behind a figure of a large scope, one page at a time: the scope's items
 * in the window are read in the order they were signed (item hour, ts, id), each
 * tested against the figure's definition (resolution.ts), until the page is full. A
 * page costs the items before it and its own, never the scope's whole window in
 * memory. The order is that of signing rather than the reference's (report id, or
 * sorted samples for durations), and no sample is marked as the one picked: the value
 * came from a histogram (docs/oversight.md).
 */
import type { DelistRecord, ReportRecord } from '../state/records.js';
import { K } from '../state/records.js';
import type { Sublevels } from '../store/db.js';
import { chartBin, F } from './contributions.js';
import { type Sample, secondsBetween } from './figures.js';
import { windowPoints } from './reads.js';
import { type Analysed, analyse, type Window } from './resolution.js';

export interface TracePage {
  readonly offset: number;
  readonly limit: number;
}

export interface PagedEntries {
  readonly entries: string[];
  readonly samples?: Sample[];
}

/** What one item puts behind the figure: its entries, and its sample for durations. */
type Selected = { readonly entries: readonly string[]; readonly sample?: Sample } | null;

function pair(from: string, step: { ts: number; entry: string }, fromTs: number, withSample: boolean): Selected {
  return {
    entries: [from, step.entry],
    ...(withSample ? { sample: { seconds: secondsBetween(fromTs, step.ts), from, to: step.entry } } : {}),
  };
}

/** The per-report test of a report figure (`rest`: its path below the scope), or undefined if it is not one. */
function reportSelector(
  rest: readonly string[],
  w: Window,
  targetHours: number,
): ((a: Analysed) => Selected) | undefined {
  const target = targetHours * 3600;
  const closed = (a: Analysed) => a.status === 'resolved' || a.status === 'rejected';
  const isDue = (a: Analysed) => a.r.ts + target * 1000 <= w.to && a.status !== 'rejected';
  const ack = (a: Analysed, s: boolean) => (a.first ? pair(a.r.id, a.first, a.r.ts, s) : null);
  const res = (a: Analysed, s: boolean) => (a.resolution ? pair(a.r.id, a.resolution, a.r.ts, s) : null);
  const [name, sub] = rest;
  switch (name) {
    case 'received':
      return (a) => ({ entries: [a.r.id] });
    case 'acknowledged':
      return (a) => ack(a, false);
    case 'resolved':
      return (a) => res(a, false);
    case 'rejected':
      return (a) => {
        const last = a.r.steps.filter((s) => s.ts <= w.to).at(-1);
        return a.status === 'rejected' && last ? { entries: [a.r.id, last.entry] } : null;
      };
    case 'open':
      return (a) => (closed(a) ? null : { entries: [a.r.id] });
    case 'timeToAcknowledge':
      return (a) => ack(a, true);
    case 'timeToResolve':
      return (a) => res(a, true);
    case 'due':
      return (a) => (isDue(a) ? { entries: [a.r.id] } : null);
    case 'resolvedWithinTarget':
    case 'withinTargetShare':
      return (a) =>
        isDue(a) && a.resolution && secondsBetween(a.r.ts, a.resolution.ts) <= target ? res(a, false) : null;
    case 'timeToResolveHistogram':
      return (a) => (a.resolution && chartBin(secondsBetween(a.r.ts, a.resolution.ts)) === sub ? res(a, true) : null);
    default:
      return undefined;
  }
}

function delistSelector(name: string, w: Window): ((d: DelistRecord) => Selected) | undefined {
  const decided = (d: DelistRecord) => (d.decision !== null && d.decision.ts <= w.to ? d.decision : null);
  const withDecision = (want: string | null, s: boolean) => (d: DelistRecord) => {
    const decision = decided(d);
    return decision && (want === null || decision.decision === want) ? pair(d.id, decision, d.ts, s) : null;
  };
  switch (name) {
    case 'delistRequests':
      return (d) => ({ entries: [d.id] });
    case 'pending':
      return (d) => (decided(d) ? null : { entries: [d.id] });
    case 'decisions':
      return withDecision(null, false);
    case 'granted':
      return withDecision('granted', false);
    case 'denied':
      return withDecision('denied', false);
    case 'timeToDecision':
      return withDecision(null, true);
    default:
      return undefined;
  }
}

/** Collects one page of entries (and samples, paged alike) from selections in signing order. */
/** The items whose point matches `matches`, each as its own entry. */
async function* itemsWhere(
  points: AsyncIterable<{ item: string; point: { d: Record<string, number> } }>,
  matches: (d: Record<string, number>) => boolean,
): AsyncIterable<Selected> {
  for await (const { item, point } of points) yield matches(point.d) ? { entries: [item] } : null;
}

async function collect(selections: AsyncIterable<Selected>, page: TracePage): Promise<PagedEntries> {
  const entries: string[] = [];
  const samples: Sample[] = [];
  let seenEntries = 0;
  let seenSamples = 0;
  let anySample = false;
  const end = page.offset + page.limit;
  for await (const selected of selections) {
    if (!selected) continue;
    for (const id of selected.entries) {
      if (seenEntries >= page.offset && seenEntries < end) entries.push(id);
      seenEntries++;
    }
    if (selected.sample) {
      anySample = true;
      if (seenSamples >= page.offset && seenSamples < end) samples.push(selected.sample);
      seenSamples++;
    }
    if (seenEntries >= end && (!anySample || seenSamples >= end)) break;
  }
  return anySample ? { entries, samples } : { entries };
}

/**
 * One page of the entries behind the figure `rest` (its path below the scope) of a
 * scope: `report` for a member or the federation, `operator`, `unrouted`. Undefined
 * for a figure that is not paged this way.
 */
export async function pageOfFigure(
  subs: Sublevels,
  kind: 'report' | 'operator' | 'unrouted',
  scope: string,
  rest: readonly string[],
  w: Window,
  targetHours: number,
  page: TracePage,
  prefixOf?: (index: number) => string | undefined,
): Promise<PagedEntries | undefined> {
  const points = windowPoints(subs, scope, w, w.to);
  if (kind === 'report') {
    const select = reportSelector(rest, w, targetHours);
    if (!select) return undefined;
    return collect(
      (async function* () {
        for await (const { item, point } of points) {
          if (point.d[F.received] !== 1) continue;
          const r = (await subs.state.get(K.report(item))) as ReportRecord | undefined;
          if (r && r.retracted === null) yield select(analyse(r, w.to));
        }
      })(),
      page,
    );
  }
  if (kind === 'unrouted') {
    const [name, index] = rest;
    const field =
      name === 'otherTargets'
        ? (d: Record<string, number>) => d[F.other] === 1
        : name === 'reports'
          ? (d: Record<string, number>) => Object.keys(d).some((k) => k.startsWith('p:'))
          : name === 'prefixes' && prefixOf?.(Number(index))
            ? (d: Record<string, number>) => d[F.prefix(prefixOf(Number(index))!)] === 1
            : undefined;
    if (!field) return undefined;
    return collect(itemsWhere(points, field), page);
  }
  const [name] = rest;
  if (name === 'listed')
    return collect(
      itemsWhere(points, (d) => d[F.listed] === 1),
      page,
    );
  const select = delistSelector(name ?? '', w);
  if (!select) return undefined;
  return collect(
    (async function* () {
      for await (const { item, point } of points) {
        if (point.d[F.requests] !== 1) continue;
        const d = (await subs.state.get(K.delist(item))) as DelistRecord | undefined;
        if (d && d.retracted === null) yield select(d);
      }
    })(),
    page,
  );
}

/**
 * Resolution metrics, computed from materialised state that was itself derived from
 * signed entries. Pure: records, the roster's members, a window and a target in;
 * figures out. No clock is read here — the window's end `to` is the instant every
 * status is evaluated at, so the same inputs always give the same figures.
 *
 * Definitions (docs/oversight.md states them for readers):
 * - a report is *in the window* when its entry ts is in [from, to) and it is not retracted;
 * - its status is the latest step by the responsible member with ts ≤ to;
 * - time to acknowledge: first step ts − report ts; time to resolve: ts of the step that
 *   began the final run of `resolved` steps − report ts;
 * - percentiles are nearest-rank, so each is the duration between two real entries.
 */
import { LIST_KINDS, type ListKind, type ReportStatus } from '@arx/protocol';
import type { DelistRecord, ListingRecord, ReportRecord, ReportStep } from '../state/records.js';
import {
  countFigure,
  type Figure,
  percentileFigure,
  type Sample,
  secondsBetween,
  shareFigure,
  sortSamples,
} from './figures.js';
import { unroutedBucket } from './prefixes.js';

export interface MemberInfo {
  /** Hex public key. */
  readonly key: string;
  readonly handle: string;
  readonly roles: readonly string[];
  readonly netblocks: number;
}

export interface Window {
  /** Inclusive start (ms since epoch). */
  readonly from: number;
  /** Exclusive end (ms), and the instant statuses are evaluated at. */
  readonly to: number;
}

export interface ResolutionInput {
  readonly reports: readonly ReportRecord[];
  readonly listings: readonly ListingRecord[];
  readonly delists: readonly DelistRecord[];
  readonly members: readonly MemberInfo[];
  readonly window: Window;
  readonly targetHours: number;
  /** Also compute chart series (histogram, open reports over time). Default true. */
  readonly charts?: boolean;
}

export interface HistogramBucket {
  /** Lower bound, seconds (inclusive). */
  readonly from: number;
  /** Upper bound, seconds (exclusive); null for the last, open-ended bucket. */
  readonly to: number | null;
  readonly reports: Figure;
}

export interface OpenPoint {
  /** The instant (ms) the count is taken at. */
  readonly t: number;
  readonly open: Figure;
}

export interface RepeatOffender {
  readonly address: string;
  /** value: reports about the address after one about it was resolved. */
  readonly reports: Figure;
}

export interface ResolutionFigures {
  readonly received: Figure;
  readonly acknowledged: Figure;
  readonly resolved: Figure;
  readonly rejected: Figure;
  readonly open: Figure;
  readonly timeToAcknowledge: { readonly median: Figure; readonly p90: Figure };
  readonly timeToResolve: { readonly median: Figure; readonly p90: Figure };
  readonly due: Figure;
  readonly resolvedWithinTarget: Figure;
  readonly withinTargetShare: Figure;
  readonly oldestOpen: Figure;
  readonly oldestOpenReport: { readonly id: string; readonly ts: number; readonly about: string } | null;
  readonly repeatOffenders: Figure;
  readonly repeatOffenderAddresses: readonly RepeatOffender[];
  readonly listingsAgainst: Figure;
  readonly timeToResolveHistogram: readonly HistogramBucket[];
  readonly openOverTime: readonly OpenPoint[];
}

export interface OperatorFigures {
  readonly activeListings: Figure;
  readonly activeByList: Readonly<Record<ListKind, Figure>>;
  readonly listed: Figure;
  readonly delistRequests: Figure;
  readonly decisions: Figure;
  readonly granted: Figure;
  readonly denied: Figure;
  readonly pending: Figure;
  readonly timeToDecision: { readonly median: Figure; readonly p90: Figure };
}

export interface UnroutedFigures {
  /** Reports about IP addresses no member claims. */
  readonly reports: Figure;
  readonly prefixes: readonly { readonly prefix: string; readonly reports: Figure }[];
  /** Reports about domains and URLs, which netblock claims do not route. */
  readonly otherTargets: Figure;
}

export interface ResolutionMetrics {
  readonly window: Window;
  readonly targetHours: number;
  readonly federation: ResolutionFigures;
  /** By member handle (hex key for a responsible key no longer in the roster). */
  readonly members: Readonly<Record<string, ResolutionFigures & { readonly key: string }>>;
  readonly operators: Readonly<Record<string, OperatorFigures & { readonly key: string }>>;
  readonly unrouted: UnroutedFigures;
}

const HOUR = 3600;
/** Time-to-resolve histogram bounds, seconds. */
export const HISTOGRAM_BOUNDS = [HOUR, 4 * HOUR, 12 * HOUR, 24 * HOUR, 72 * HOUR, 7 * 24 * HOUR] as const;
/** Points in the open-reports-over-time series (at most). */
export const OPEN_SERIES_POINTS = 30;

const CLOSED: ReadonlySet<ReportStatus> = new Set(['resolved', 'rejected']);

/** One report as it stood at the window's end. */
export interface Analysed {
  readonly r: ReportRecord;
  readonly status: ReportStatus;
  readonly first: ReportStep | undefined;
  /** The step that began the final run of `resolved` steps, if resolved. */
  readonly resolution: ReportStep | undefined;
  /** Intervals [start, end) during which the report was open. */
  readonly openIntervals: readonly (readonly [number, number])[];
  /** Every `resolved` step (for repeat offenders). */
  readonly resolvedSteps: readonly ReportStep[];
}

/** A report as it stood at `to`: status, first step, resolution, open intervals. */
export function analyse(r: ReportRecord, to: number): Analysed {
  const steps = r.steps.filter((s) => s.ts <= to);
  const status: ReportStatus = steps.at(-1)?.status ?? 'published';
  let resolution: ReportStep | undefined;
  if (status === 'resolved') {
    let i = steps.length - 1;
    while (i > 0 && steps[i - 1]!.status === 'resolved') i--;
    resolution = steps[i];
  }
  const openIntervals: [number, number][] = [];
  let openSince: number | null = r.ts;
  for (const s of steps) {
    const at = Math.max(s.ts, r.ts);
    if (CLOSED.has(s.status) && openSince !== null) {
      openIntervals.push([openSince, at]);
      openSince = null;
    } else if (!CLOSED.has(s.status) && openSince === null) openSince = at;
  }
  if (openSince !== null) openIntervals.push([openSince, Number.POSITIVE_INFINITY]);
  return {
    r,
    status,
    first: steps[0],
    resolution,
    openIntervals,
    resolvedSteps: steps.filter((s) => s.status === 'resolved'),
  };
}

const inWindow = (ts: number, w: Window) => ts >= w.from && ts < w.to;
const isOpen = (status: ReportStatus) => !CLOSED.has(status);

/**
 * The figures of one scope (a member or the federation): `scope` holds its reports with
 * ts < to, analysed at the window's end; `activeAgainst` the ids of listings in force against it.
 */
export function resolutionFigures(
  scope: readonly Analysed[],
  w: Window,
  targetHours: number,
  activeAgainst: readonly string[],
  charts: boolean,
): ResolutionFigures {
  const inside = scope.filter((a) => inWindow(a.r.ts, w));
  const ids = (list: readonly Analysed[]) => list.map((a) => a.r.id);
  const acknowledged = inside.filter((a) => a.first !== undefined);
  const resolved = inside.filter((a) => a.status === 'resolved');
  const rejected = inside.filter((a) => a.status === 'rejected');
  const open = inside.filter((a) => isOpen(a.status));

  const ackSamples: Sample[] = acknowledged.map((a) => ({
    seconds: secondsBetween(a.r.ts, a.first!.ts),
    from: a.r.id,
    to: a.first!.entry,
  }));
  const resolveSamples: Sample[] = resolved.map((a) => ({
    seconds: secondsBetween(a.r.ts, a.resolution!.ts),
    from: a.r.id,
    to: a.resolution!.entry,
  }));

  // Due: the target time has passed by the window's end; rejected reports are not due.
  const target = targetHours * HOUR;
  const due = inside.filter((a) => a.r.ts + target * 1000 <= w.to && a.status !== 'rejected');
  const inTime = due.filter((a) => a.resolution !== undefined && secondsBetween(a.r.ts, a.resolution.ts) <= target);
  const inTimeEntries = inTime.flatMap((a) => [a.r.id, a.resolution!.entry]);

  const oldest = [...open].sort((a, b) => a.r.ts - b.r.ts || (a.r.id < b.r.id ? -1 : 1))[0];

  return {
    received: countFigure(ids(inside)),
    acknowledged: countFigure(
      ids(acknowledged),
      acknowledged.flatMap((a) => [a.r.id, a.first!.entry]),
    ),
    resolved: countFigure(
      ids(resolved),
      resolved.flatMap((a) => [a.r.id, a.resolution!.entry]),
    ),
    rejected: countFigure(
      ids(rejected),
      rejected.flatMap((a) => [a.r.id, a.r.steps.filter((s) => s.ts <= w.to).at(-1)!.entry]),
    ),
    open: countFigure(ids(open)),
    timeToAcknowledge: { median: percentileFigure(ackSamples, 0.5), p90: percentileFigure(ackSamples, 0.9) },
    timeToResolve: { median: percentileFigure(resolveSamples, 0.5), p90: percentileFigure(resolveSamples, 0.9) },
    due: countFigure(ids(due)),
    resolvedWithinTarget: countFigure(ids(inTime), inTimeEntries),
    withinTargetShare: shareFigure(ids(inTime), due.length, inTimeEntries),
    oldestOpen: oldest
      ? { value: secondsBetween(oldest.r.ts, w.to), entries: [oldest.r.id] }
      : { value: null, entries: [] },
    oldestOpenReport: oldest ? { id: oldest.r.id, ts: oldest.r.ts, about: oldest.r.about } : null,
    ...repeatOffenders(scope, w),
    listingsAgainst: countFigure(activeAgainst),
    timeToResolveHistogram: charts ? histogram(resolveSamples) : [],
    openOverTime: charts ? openOverTime(scope, w) : [],
  };
}

/**
 * Addresses reported again after a report about them was resolved: a report R2 in
 * the window counts when another report R1 about the same target has a `resolved`
 * step earlier than R2 (R1 itself may be older than the window).
 */
function repeatOffenders(
  scope: readonly Analysed[],
  w: Window,
): Pick<ResolutionFigures, 'repeatOffenders' | 'repeatOffenderAddresses'> {
  const byAbout = new Map<string, Analysed[]>();
  for (const a of scope) {
    const list = byAbout.get(a.r.about);
    if (list) list.push(a);
    else byAbout.set(a.r.about, [a]);
  }
  const offenders: RepeatOffender[] = [];
  for (const [address, reports] of byAbout) {
    if (reports.length < 2) continue;
    const entries = new Set<string>();
    let count = 0;
    for (const later of reports) {
      if (!inWindow(later.r.ts, w)) continue;
      let earliest: { report: string; step: ReportStep } | undefined;
      for (const earlier of reports) {
        if (earlier === later) continue;
        for (const step of earlier.resolvedSteps) {
          if (step.ts < later.r.ts && (!earliest || step.ts < earliest.step.ts))
            earliest = { report: earlier.r.id, step };
        }
      }
      if (!earliest) continue;
      count++;
      entries.add(earliest.report).add(earliest.step.entry).add(later.r.id);
    }
    if (count > 0) offenders.push({ address, reports: { value: count, entries: [...entries] } });
  }
  offenders.sort((a, b) => (b.reports.value ?? 0) - (a.reports.value ?? 0) || (a.address < b.address ? -1 : 1));
  return {
    repeatOffenders: { value: offenders.length, entries: offenders.flatMap((o) => o.reports.entries) },
    repeatOffenderAddresses: offenders,
  };
}

function histogram(samples: readonly Sample[]): HistogramBucket[] {
  const lower = [0, ...HISTOGRAM_BOUNDS];
  return lower.map((from, i) => {
    const to = HISTOGRAM_BOUNDS[i] ?? null;
    const inside = sortSamples(samples.filter((s) => s.seconds >= from && (to === null || s.seconds < to)));
    return {
      from,
      to,
      reports: { value: inside.length, entries: inside.flatMap((s) => [s.from, s.to]), samples: inside },
    };
  });
}

/** Instants at which the open-reports series is sampled: evenly spaced, the last at `to`. */
export function seriesInstants(w: Window, points = OPEN_SERIES_POINTS): number[] {
  const span = w.to - w.from;
  const step = Math.max(1, Math.ceil(span / points));
  const out: number[] = [];
  for (let t = w.to; t > w.from && out.length < points; t -= step) out.push(t);
  return out.reverse();
}

/**
 * Open reports at each instant: every report received by then (whatever its age, so
 * the series shows the backlog, not only the window's reports) that was open then.
 */
function openOverTime(scope: readonly Analysed[], w: Window): OpenPoint[] {
  return seriesInstants(w).map((t) => {
    const open = scope.filter((a) => a.r.ts <= t && a.openIntervals.some(([s, e]) => s <= t && t < e));
    return { t, open: countFigure(open.map((a) => a.r.id)) };
  });
}

function listingActive(l: ListingRecord, at: number): boolean {
  return l.since <= at && (l.removedAt === null || l.removedAt > at) && (l.expires === null || l.expires > at);
}

/** The figures of one list operator from its listings and the delisting requests against them. */
export function operatorFigures(
  listings: readonly ListingRecord[],
  requests: readonly DelistRecord[],
  w: Window,
): OperatorFigures {
  const active = listings.filter((l) => listingActive(l, w.to));
  const activeByList = Object.fromEntries(
    Object.keys(LIST_KINDS).map((k) => [k, countFigure(active.filter((l) => l.list === k).map((l) => l.id))]),
  ) as Record<ListKind, Figure>;
  const inside = requests.filter((d) => inWindow(d.ts, w));
  const decided = inside.filter((d) => d.decision !== null && d.decision.ts <= w.to);
  const withDecision = (list: readonly DelistRecord[]) => list.flatMap((d) => [d.id, d.decision!.entry]);
  const granted = decided.filter((d) => d.decision!.decision === 'granted');
  const denied = decided.filter((d) => d.decision!.decision === 'denied');
  const samples: Sample[] = decided.map((d) => ({
    seconds: secondsBetween(d.ts, d.decision!.ts),
    from: d.id,
    to: d.decision!.entry,
  }));
  return {
    activeListings: countFigure(active.map((l) => l.id)),
    activeByList,
    listed: countFigure(listings.filter((l) => inWindow(l.since, w)).map((l) => l.id)),
    delistRequests: countFigure(inside.map((d) => d.id)),
    decisions: countFigure(
      decided.map((d) => d.id),
      withDecision(decided),
    ),
    granted: countFigure(
      granted.map((d) => d.id),
      withDecision(granted),
    ),
    denied: countFigure(
      denied.map((d) => d.id),
      withDecision(denied),
    ),
    pending: countFigure(inside.filter((d) => !decided.includes(d)).map((d) => d.id)),
    timeToDecision: { median: percentileFigure(samples, 0.5), p90: percentileFigure(samples, 0.9) },
  };
}

function unroutedFigures(reports: readonly ReportRecord[], w: Window): UnroutedFigures {
  const inside = reports.filter((r) => r.responsible === null && inWindow(r.ts, w));
  const addressed = inside.filter((r) => r.ip !== null && r.len !== null);
  const buckets = new Map<string, string[]>();
  for (const r of addressed) {
    const prefix = unroutedBucket(r.ip!, r.len!);
    const list = buckets.get(prefix);
    if (list) list.push(r.id);
    else buckets.set(prefix, [r.id]);
  }
  const prefixes = [...buckets]
    .map(([prefix, ids]) => ({ prefix, reports: countFigure(ids) }))
    .sort((a, b) => b.reports.entries.length - a.reports.entries.length || (a.prefix < b.prefix ? -1 : 1));
  return {
    reports: countFigure(addressed.map((r) => r.id)),
    prefixes,
    otherTargets: countFigure(inside.filter((r) => r.ip === null).map((r) => r.id)),
  };
}

/** Computes every figure of the oversight view. */
export function computeResolution(input: ResolutionInput): ResolutionMetrics {
  const { window: w, targetHours } = input;
  if (!(w.to > w.from)) throw new RangeError('window must end after it starts');
  const charts = input.charts ?? true;
  const handleOf = new Map(input.members.map((m) => [m.key, m.handle]));
  const nameOf = (key: string) => handleOf.get(key) ?? key;

  const analysed = input.reports.filter((r) => r.retracted === null && r.ts < w.to).map((r) => analyse(r, w.to));
  const routed = analysed.filter((a) => a.r.responsible !== null);
  const active = input.listings.filter((l) => listingActive(l, w.to));

  const byMember = new Map<string, Analysed[]>();
  // Every provider (or claimant of address space) appears, with zeros if nobody reported it.
  for (const m of input.members) if (m.roles.includes('provider') || m.netblocks > 0) byMember.set(m.key, []);
  for (const a of routed) {
    const list = byMember.get(a.r.responsible!);
    if (list) list.push(a);
    else byMember.set(a.r.responsible!, [a]);
  }
  const members: Record<string, ResolutionFigures & { key: string }> = {};
  for (const [key, scope] of [...byMember].sort(([a], [b]) => (nameOf(a) < nameOf(b) ? -1 : 1))) {
    const against = active.filter((l) => l.responsible === key).map((l) => l.id);
    members[nameOf(key)] = { key, ...resolutionFigures(scope, w, targetHours, against, charts) };
  }

  const listingsByOperator = new Map<string, ListingRecord[]>();
  for (const m of input.members) if (m.roles.includes('list-operator')) listingsByOperator.set(m.key, []);
  for (const l of input.listings) {
    const list = listingsByOperator.get(l.origin);
    if (list) list.push(l);
    else listingsByOperator.set(l.origin, [l]);
  }
  const listingById = new Map(input.listings.map((l) => [l.id, l]));
  const operators: Record<string, OperatorFigures & { key: string }> = {};
  for (const [key, listings] of [...listingsByOperator].sort(([a], [b]) => (nameOf(a) < nameOf(b) ? -1 : 1))) {
    const requests = input.delists.filter((d) => d.retracted === null && listingById.get(d.listing)?.origin === key);
    operators[nameOf(key)] = { key, ...operatorFigures(listings, requests, w) };
  }

  const federationAgainst = active.filter((l) => l.responsible !== null).map((l) => l.id);
  return {
    window: w,
    targetHours,
    federation: resolutionFigures(routed, w, targetHours, federationAgainst, charts),
    members,
    operators,
    unrouted: unroutedFigures(
      input.reports.filter((r) => r.retracted === null),
      w,
    ),
  };
}

/**
 * What one record adds to the oversight aggregates. Pure: a report, listing or
 * delisting request in, its contributions out. The aggregates (aggregates.ts) hold the
 * sum of every record's contributions; when a record changes (an ack arrives in any
 * order, a retraction), its old contributions are subtracted and the new ones added.
 *
 * Two shapes, matching the two ways figures are asked:
 * - a *windowed* contribution counts for the window holding the record's own time `w`
 *   (report ts, listing since, request ts), from the instant `t` it takes effect: a
 *   report counts as received at its ts, moves from one status to another at the step
 *   that changes it, and so on. Summing those with `t ≤ until` gives each record's
 *   state as of `until`, which is the rule of resolution.ts.
 * - a *timeline interval* [start, end) counts at every instant inside it, whatever the
 *   window: a report while it is open (the backlog series), a listing while it is in
 *   force (active listings, listings against a member).
 *
 * Scopes: `f` the federation, `m:<key>` a responsible member, `u` unrouted reports,
 * `o:<key>` a list operator.
 */
import type { ReportStatus } from '@arx/protocol';
import type { DelistRecord, ListingRecord, ReportRecord } from '../state/records.js';
import { secondsBetween } from './figures.js';
import { unroutedBucket } from './prefixes.js';
import { HISTOGRAM_BOUNDS } from './resolution.js';
import { addHists, type Bins, hoursBucket, logBucket } from './sketch.js';

/** Longest target (config metrics.targetHours) the hours histogram answers exactly. */
export const MAX_TARGET_HOURS = 8760;

export interface Windowed {
  readonly s: string;
  readonly w: number;
  /**
   * When it takes effect, never before `w`: a step signed before its report (clock
   * skew) counts from the report's own time. Every figure looks at the steps of items
   * with w < until only, for which t ≤ until and max(t, w) ≤ until agree, so this changes
   * no figure — and lets an edge read only what follows `until`.
   */
  readonly t: number;
  /** Counter deltas by field. */
  readonly d: Record<string, number>;
  /** Histogram deltas: histogram name → bucket → count. */
  readonly h?: Record<string, Bins>;
}

export interface Interval {
  readonly s: string;
  readonly w: number;
  readonly start: number;
  /** Exclusive end; null while it lasts. */
  readonly end: number | null;
  /** Fields counted while the interval holds. */
  readonly f: readonly string[];
  /** Starts at the item's own time, as its windowed creation point (which reads.ts uses for it). */
  readonly fromItem?: true;
}

export interface Derived {
  readonly w: Windowed[];
  readonly i: Interval[];
}

export const memberScope = (key: string) => `m:${key}`;
export const operatorScope = (key: string) => `o:${key}`;
export const FEDERATION = 'f';
export const UNROUTED = 'u';

/** Field names of the counters (short: they are stored in every cell). */
export const F = {
  received: 'rcv',
  acknowledged: 'ack',
  status: (s: ReportStatus) => `s:${s}`,
  other: 'oth',
  prefix: (p: string) => `p:${p}`,
  listed: 'lst',
  requests: 'req',
  decisions: 'dec',
  granted: 'g',
  denied: 'dn',
  open: 'open',
  against: 'ag',
  active: 'act',
  activeList: (list: string) => `l:${list}`,
} as const;

/** Histogram names: log buckets (`ack`, `res`, `dec`), chart bins (`hb`), whole hours (`rh`). */
export const HIST = { ack: 'ack', resolve: 'res', chart: 'hb', hours: 'rh', decision: 'dec' } as const;

const CLOSED: ReadonlySet<ReportStatus> = new Set(['resolved', 'rejected']);

/** The time-to-resolve chart bin (index into [0, ...HISTOGRAM_BOUNDS]) of a duration. */
export function chartBin(seconds: number): string {
  let i = 0;
  while (i < HISTOGRAM_BOUNDS.length && seconds >= HISTOGRAM_BOUNDS[i]!) i++;
  return String(i);
}

function resolveHists(seconds: number, sign: number): Record<string, Bins> {
  return {
    [HIST.resolve]: { [logBucket(seconds)]: sign },
    [HIST.chart]: { [chartBin(seconds)]: sign },
    [HIST.hours]: { [hoursBucket(seconds, MAX_TARGET_HOURS)]: sign },
  };
}

function routedReport(r: ReportRecord, scopes: readonly string[]): Derived {
  const steps: Omit<Windowed, 's'>[] = [{ w: r.ts, t: r.ts, d: { [F.received]: 1, [F.status('published')]: 1 } }];
  const first = r.steps[0];
  if (first) {
    const seconds = secondsBetween(r.ts, first.ts);
    steps.push({ w: r.ts, t: first.ts, d: { [F.acknowledged]: 1 }, h: { [HIST.ack]: { [logBucket(seconds)]: 1 } } });
  }
  let status: ReportStatus = 'published';
  let resolvedSince: number | null = null;
  for (const step of r.steps) {
    if (step.status === status) continue;
    const h: Record<string, Bins> = {};
    if (resolvedSince !== null) Object.assign(h, resolveHists(secondsBetween(r.ts, resolvedSince), -1));
    resolvedSince = step.status === 'resolved' ? step.ts : null;
    if (resolvedSince !== null) addHists(h, resolveHists(secondsBetween(r.ts, resolvedSince), 1));
    steps.push({
      w: r.ts,
      t: step.ts,
      d: { [F.status(status)]: -1, [F.status(step.status)]: 1 },
      ...(Object.keys(h).length > 0 ? { h } : {}),
    });
    status = step.status;
  }
  const intervals: Omit<Interval, 's'>[] = [];
  const firstOpen = (start: number) => (intervals.length === 0 && start === r.ts ? { fromItem: true as const } : {});
  let openSince: number | null = r.ts;
  for (const step of r.steps) {
    const at = Math.max(step.ts, r.ts);
    if (CLOSED.has(step.status) && openSince !== null) {
      intervals.push({ w: r.ts, start: openSince, end: at, f: [F.open], ...firstOpen(openSince) });
      openSince = null;
    } else if (!CLOSED.has(step.status) && openSince === null) openSince = at;
  }
  if (openSince !== null)
    intervals.push({ w: r.ts, start: openSince, end: null, f: [F.open], ...firstOpen(openSince) });
  return {
    w: scopes.flatMap((s) => steps.map((c) => ({ s, ...c, t: Math.max(c.t, c.w) }))),
    i: scopes.flatMap((s) => intervals.map((c) => ({ s, ...c }))),
  };
}

/** A report's contributions: nothing once retracted. */
export function reportContributions(r: ReportRecord): Derived {
  if (r.retracted !== null) return { w: [], i: [] };
  if (r.responsible !== null) return routedReport(r, [memberScope(r.responsible), FEDERATION]);
  const where =
    r.ip !== null && r.len !== null ? F.prefix(unroutedBucket(r.ip, r.len)) : r.ip === null ? F.other : null;
  const d: Record<string, number> = { [F.received]: 1 };
  if (where) d[where] = 1;
  return { w: [{ s: UNROUTED, w: r.ts, t: r.ts, d }], i: [] };
}

/** A listing's contributions: counted as listed at `since`, in force until removed or expired. */
export function listingContributions(l: ListingRecord): Derived {
  const op = operatorScope(l.origin);
  const ends = [l.removedAt, l.expires].filter((x): x is number => x !== null);
  const end = ends.length > 0 ? Math.min(...ends) : null;
  const span = { w: l.since, start: l.since, end };
  const i: Interval[] = [];
  if (end === null || end > l.since) {
    i.push({ s: op, ...span, f: [F.active, F.activeList(l.list)] });
    if (l.responsible !== null) {
      i.push({ s: memberScope(l.responsible), ...span, f: [F.against] });
      i.push({ s: FEDERATION, ...span, f: [F.against] });
    }
  }
  return { w: [{ s: op, w: l.since, t: l.since, d: { [F.listed]: 1 } }], i };
}

/** A delisting request's contributions, counted for the operator of the listing it names. */
export function delistContributions(d: DelistRecord, operator: string | null): Derived {
  if (d.retracted !== null || operator === null) return { w: [], i: [] };
  const s = operatorScope(operator);
  const w: Windowed[] = [{ s, w: d.ts, t: d.ts, d: { [F.requests]: 1 } }];
  if (d.decision) {
    const seconds = secondsBetween(d.ts, d.decision.ts);
    w.push({
      s,
      w: d.ts,
      t: Math.max(d.ts, d.decision.ts),
      d: { [F.decisions]: 1, [d.decision.decision === 'granted' ? F.granted : F.denied]: 1 },
      h: { [HIST.decision]: { [logBucket(seconds)]: 1 } },
    });
  }
  return { w, i: [] };
}

/**
 * Mergeable duration histograms for the oversight aggregates.
 *
 * A `LogHistogram` is DDSketch's log-bucketed histogram (Masson, Rim and Lee, VLDB 2019):
 * a duration x > 0 s is counted in bucket k = ⌈log_γ x⌉ with γ = (1 + α)/(1 − α), and a
 * bucket answers 2γ^k/(γ + 1), which is within a relative error α of every value it
 * holds. Zero durations have a bucket of their own, answered exactly. Buckets are
 * plain counts, so histograms merge by adding and — which DDSketch libraries do not
 * offer and a retraction needs — shrink by subtracting.
 *
 * Histograms are sparse maps `bucket → count` (JSON objects), as stored in aggregate
 * cells; a zero count is removed, so equal contents have equal encodings.
 */

/** Stated relative error of every percentile taken from a histogram. */
export const RELATIVE_ERROR = 0.01;
const GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
const LOG_GAMMA = Math.log(GAMMA);
const ZERO = 'z';

export type Bins = Record<string, number>;

/** The log-histogram bucket of a duration in seconds. */
export function logBucket(seconds: number): string {
  if (!(seconds > 0)) return ZERO;
  return String(Math.ceil(Math.log(seconds) / LOG_GAMMA));
}

/** The value a log-histogram bucket answers (seconds). */
export function bucketValue(bucket: string): number {
  if (bucket === ZERO) return 0;
  return (2 * GAMMA ** Number(bucket)) / (GAMMA + 1);
}

/** Adds `delta` to one bucket, removing it when it reaches zero. */
export function addBin(bins: Bins, bucket: string, delta: number): void {
  const next = (bins[bucket] ?? 0) + delta;
  if (next === 0) delete bins[bucket];
  else bins[bucket] = next;
}

/** Adds every bucket of `from` (times `sign`) into `into`. */
export function mergeBins(into: Bins, from: Readonly<Bins>, sign = 1): void {
  for (const [bucket, count] of Object.entries(from)) addBin(into, bucket, sign * count);
}

/** Adds named histograms (times `sign`) into `into`, dropping the ones left empty. */
export function addHists(into: Record<string, Bins>, from: Readonly<Record<string, Bins>>, sign = 1): void {
  for (const [name, bins] of Object.entries(from)) {
    const target = into[name] ?? {};
    mergeBins(target, bins, sign);
    if (Object.keys(target).length === 0) delete into[name];
    else into[name] = target;
  }
}

export function binsTotal(bins: Readonly<Bins>): number {
  let n = 0;
  for (const count of Object.values(bins)) n += count;
  return n;
}

/**
 * The p-th percentile by nearest rank over a log histogram: the bucket holding the
 * ⌈p·n⌉-th smallest duration, so the answer is within RELATIVE_ERROR of the exact
 * nearest-rank value. Null for an empty histogram.
 */
export function binsPercentile(bins: Readonly<Bins>, p: number): number | null {
  const total = binsTotal(bins);
  if (total === 0) return null;
  const rank = Math.ceil(p * total);
  const ordered = Object.keys(bins).sort((a, b) => bucketOrder(a) - bucketOrder(b));
  let seen = 0;
  for (const bucket of ordered) {
    seen += bins[bucket]!;
    if (seen >= rank) return bucketValue(bucket);
  }
  return bucketValue(ordered.at(-1)!);
}

const bucketOrder = (bucket: string) => (bucket === ZERO ? Number.NEGATIVE_INFINITY : Number(bucket));

/** Whole hours a duration takes, rounded up (the exact within-target test for integer targets). */
export function hoursBucket(seconds: number, cap: number): string {
  return String(Math.min(cap + 1, Math.ceil(seconds / 3600)));
}

/** Durations of at most `hours` whole hours, from a `hoursBucket` histogram. */
export function withinHours(bins: Readonly<Bins>, hours: number): number {
  let n = 0;
  for (const [bucket, count] of Object.entries(bins)) if (Number(bucket) <= hours) n += count;
  return n;
}

/**
 * Figures: a number together with the ids of the signed entries it was computed
 * from, so that every figure the oversight view shows can be traced back to entries
 * anyone can fetch and verify (`GET /v1/entries/:id`).
 */

/** A duration between two entries: `from` (report or request) to `to` (ack or decision). */
export interface Sample {
  readonly seconds: number;
  readonly from: string;
  readonly to: string;
}

export interface Figure {
  /** The number; null when it is undefined (a median of nothing, a share of nothing). */
  readonly value: number | null;
  /** Ids of the entries behind the number, in a stable order (empty when `n` is set). */
  readonly entries: readonly string[];
  /**
   * Set when the entries are not listed here (a figure kept as an aggregate): their
   * number. `?trace=` reads them on demand.
   */
  readonly n?: number;
  /** For durations and percentiles: every sample, sorted ascending. */
  readonly samples?: readonly Sample[];
  /** For percentiles: the index in `samples` of the sample the value was taken from. */
  readonly pick?: number;
}

/** A count figure: the number of ids given, behind which are `entries`. */
export function countFigure(counted: readonly string[], entries: readonly string[] = counted): Figure {
  return { value: counted.length, entries };
}

/** Seconds between two entry timestamps (ms); clock skew never makes a duration negative. */
export function secondsBetween(fromTs: number, toTs: number): number {
  return Math.max(0, toTs - fromTs) / 1000;
}

export function sortSamples(samples: readonly Sample[]): Sample[] {
  return [...samples].sort((a, b) => a.seconds - b.seconds || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/**
 * The p-th percentile by the nearest-rank method (the smallest sample such that at
 * least p of all samples are at or below it). Unlike interpolation it always yields a
 * value that one pair of entries actually shows, which keeps the figure traceable.
 */
export function percentileFigure(samples: readonly Sample[], p: number): Figure {
  if (!(p > 0 && p <= 1)) throw new RangeError(`percentile ${p} is not in (0, 1]`);
  const sorted = sortSamples(samples);
  const entries = sorted.flatMap((s) => [s.from, s.to]);
  if (sorted.length === 0) return { value: null, entries, samples: sorted };
  const pick = Math.ceil(p * sorted.length) - 1;
  return { value: sorted[pick]!.seconds, entries, samples: sorted, pick };
}

/** A share (0..1) of `part` in `whole`, traced to the entries of `part`. */
export function shareFigure(part: readonly string[], whole: number, entries: readonly string[] = part): Figure {
  return { value: whole === 0 ? null : part.length / whole, entries };
}

/** True for a value that has the shape of a Figure (used to walk results by path). */
export function isFigure(value: unknown): value is Figure {
  return (
    typeof value === 'object' &&
    value !== null &&
    'value' in value &&
    'entries' in value &&
    Array.isArray((value as { entries: unknown }).entries)
  );
}

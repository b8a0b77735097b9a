/**
 * The listing index a node keeps in memory and how it is loaded: the listings in
 * force, in the compact columns of listing-index.ts, read at start from their
 * `act!` rows (listings in force, not every listing ever made) and kept current after
 * every commit. Report subjects are not held in memory at all (subjects.ts).
 */
import { parseTarget } from '@arx/protocol';
import type { Sub } from '../store/db.js';
import type { CompactListingIndex, ListingInput } from './listing-index.js';
import type { ActiveListing, ListingRecord } from './records.js';
import type { ListingView } from './types.js';

export { CompactListingIndex, CompactListingIndex as MemoryListingIndex } from './listing-index.js';
export { ReportSubjects } from './subjects.js';

const NO_REQUESTS: readonly string[] = Object.freeze([]);
const LOAD_BATCH = 4096;

/** A record as lookups see it (built on demand; the index keeps columns, not views). */
export function listingView(r: ListingRecord, handleOf: (key: string) => string | null): ListingView {
  return {
    id: r.id,
    list: r.list,
    target: parseTarget(r.target),
    targetText: r.target,
    reason: r.reason,
    origin: r.origin,
    originHandle: handleOf(r.origin),
    since: r.since,
    expires: r.expires,
    removedAt: r.removedAt,
    requests: r.requests.length === 0 ? NO_REQUESTS : r.requests,
  };
}

function activeInput(id: string, a: ActiveListing, handleOf: (key: string) => string | null): ListingInput {
  const [list, target, reason, origin, since, expires, requests] = a;
  return {
    id,
    list,
    target: parseTarget(target),
    targetText: target,
    reason,
    origin,
    originHandle: handleOf(origin),
    since,
    expires,
    removedAt: null,
    requests,
  };
}

/** Loads the listings in force from the state sublevel into `index`; returns how many. */
export async function loadActiveListings(
  state: Sub,
  index: CompactListingIndex,
  handleOf: (key: string) => string | null,
): Promise<number> {
  let n = 0;
  const handles = new Map<string, string | null>();
  const cachedHandle = (key: string) => {
    if (!handles.has(key)) handles.set(key, handleOf(key));
    return handles.get(key)!;
  };
  // Large batches: one thread-pool round trip per few thousand rows, not per few dozen.
  const rows = state.iterator({ gte: 'act!', lt: 'act!\uffff' });
  try {
    for (;;) {
      const batch = (await rows.nextv(LOAD_BATCH)) as [string, ActiveListing][];
      if (batch.length === 0) break;
      for (const [key, value] of batch) index.put(activeInput(key.slice(4), value, cachedHandle));
      n += batch.length;
    }
  } finally {
    await rows.close();
  }
  return n;
}

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
  for await (const [key, value] of state.iterator({ gte: 'act!', lt: 'act!\uffff' })) {
    index.put(activeInput(String(key).slice(4), value as ActiveListing, cachedHandle));
    n++;
  }
  return n;
}

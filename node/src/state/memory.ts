/**
 * The listing index a node keeps in memory and how it is loaded: the listings in
 * force, in the compact columns of listing-index.ts, kept current after every commit.
 * At start they come from the snapshot the last clean close wrote (listing-snapshot.ts)
 * when the store still carries that close's seal, else from their `act!` rows
 * (listings in force, not every listing ever made). Report subjects are not held in
 * memory at all (subjects.ts).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseTarget } from '@arx/protocol';
import type { Logger } from 'pino';
import type { Sub, Sublevels } from '../store/db.js';
import { readSeal, setSeal } from '../store/seal.js';
import type { CompactListingIndex, ListingInput } from './listing-index.js';
import { readListingSnapshot, SNAPSHOT_FILE, writeListingSnapshot } from './listing-snapshot.js';
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

/** Where the listings in force came from at start. */
export type ListingSource = 'snapshot' | 'scan';

/**
 * Fills the empty `index` with the listings in force: from the snapshot in `dataDir` if
 * it carries the store's seal and is whole, else (saying why in the log) from the
 * `act!` rows. Call it before the writer's first commit of the run.
 */
export async function loadListings(
  subs: Sublevels,
  dataDir: string,
  index: CompactListingIndex,
  handleOf: (key: string) => string | null,
  log: Logger,
): Promise<ListingSource> {
  const seal = await readSeal(subs);
  const file = join(dataDir, SNAPSHOT_FILE);
  if (seal !== null) {
    try {
      index.restore(readListingSnapshot(dataDir, seal), handleOf);
      log.info({ listings: index.size, file }, 'listings in force read from the snapshot');
      return 'snapshot';
    } catch (err) {
      // Whatever is wrong with the file, the rows are the truth: say so and read them.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') log.info({ file }, 'no listing snapshot');
      else log.warn({ err, file }, 'listing snapshot not used; reading the listings in force from the store');
    }
  } else if (existsSync(file)) {
    log.info({ file }, 'listing snapshot is stale (the store was written after it was saved)');
  }
  const n = await loadActiveListings(subs.state, index, handleOf);
  log.info({ listings: n }, 'listings in force read from the store');
  return 'scan';
}

/**
 * Saves `index` as the snapshot in `dataDir` and seals the store with it: call it at a
 * clean close, after the writer's last commit. Returns the bytes written.
 */
export async function saveListings(subs: Sublevels, dataDir: string, index: CompactListingIndex): Promise<number> {
  const token = randomBytes(16).toString('hex');
  const bytes = writeListingSnapshot(dataDir, index, token);
  await setSeal(subs, token);
  return bytes;
}

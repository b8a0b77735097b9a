/**
 * Builds a store from envelopes already signed and known good (benchmarks, a
 * migration from a dump): the writer's own code path — the same keys, values and
 * indexes as a running node with mail forwarding off would write (forwarding adds its
 * outbox queue in the same batch; see outbox.ts) — with large groups and no fsync per
 * group, and one synced write at the end. Nothing is acknowledged to anyone
 * while it runs, so durability per group buys nothing here.
 */
import { type KeyPair, parseEntry, type VerifiedEntry } from '@arx/protocol';
import type { RosterState } from '../state/roster.js';
import { openDb } from '../store/db.js';
import { Writer } from './writer.js';

export interface BulkLoadOptions {
  readonly dataDir: string;
  /** The store's own organisation (the writer signs nothing here, but needs its key). */
  readonly keys: KeyPair;
  readonly roster: RosterState;
}

/**
 * Stores every envelope of every batch, in order, and returns how many were stored.
 * The envelopes are parsed and validated, not verified: the caller vouches that they
 * were signed by the keys they name. Throws on the first entry not accepted.
 */
export async function bulkLoad(
  options: BulkLoadOptions,
  batches: AsyncIterable<readonly Uint8Array[]>,
): Promise<number> {
  const subs = await openDb(options.dataDir);
  const writer = new Writer({
    subs,
    keys: options.keys,
    roster: () => options.roster,
    hooks: { reportChanged() {}, listingChanged() {}, rosterAdopted() {} },
    sync: false,
  });
  let stored = 0;
  try {
    await writer.init();
    for await (const batch of batches) {
      const results = await Promise.all(batch.map((bytes) => writer.store(parseEntry(bytes) as VerifiedEntry)));
      const refused = results.find((r) => r.status !== 'accepted');
      if (refused) throw new Error(`bulk load: entry ${refused.id} was ${refused.status}`);
      stored += results.length;
    }
    await writer.close();
    // One synced write makes everything before it durable (LevelDB's log is sequential);
    // deleting a key that is not there changes nothing else in the store.
    await subs.meta.del('bulk-load', { sync: true } as never);
  } finally {
    await writer.close();
    await subs.db.close();
  }
  return stored;
}

/**
 * The seal a clean close leaves on a store: a random token in `m seal` naming what was
 * saved beside the store at that close (the listing snapshot, state/listing-snapshot.ts).
 * The first commit of every later run deletes it, in that commit's own batch
 * (ingest/writer.ts), and so does a layout upgrade (state/migrate.ts). A file stamped
 * with the seal's token therefore describes the store exactly: nothing has been written
 * since it was saved — whether the node then stopped cleanly or was killed.
 */
import type { Sublevels } from './db.js';

/** Meta key of the seal. */
export const SEAL_KEY = 'seal';

/** The token of the last clean close, if nothing was committed since. */
export async function readSeal(subs: Sublevels): Promise<string | null> {
  const token = (await subs.meta.get(SEAL_KEY)) as unknown;
  return typeof token === 'string' ? token : null;
}

/** Seals the store with `token` (synced: what it names is on disk already). */
export async function setSeal(subs: Sublevels, token: string): Promise<void> {
  await subs.meta.put(SEAL_KEY, token, { sync: true } as never);
}

/** Breaks the seal outside the writer (a layout upgrade rewrites state directly). */
export async function breakSeal(subs: Sublevels): Promise<void> {
  await subs.meta.del(SEAL_KEY, { sync: true } as never);
}

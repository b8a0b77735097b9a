/**
 * Store layout upgrades, run once when a node opens a store written by an earlier
 * version. Layout 2 added the indexes start-up and lookups read instead of scanning
 * every record: report subjects (`x sub!`, `x slen!`) and listings in force (`s act!`).
 * Layout 3 added the oversight aggregates (`s ov…`, oversight/aggregates.ts), built
 * here once from the records, after which the writer keeps them. Layout 4 added the
 * envelopes by arrival cursor (`r`, store/db.ts) that a replay reads in key order.
 * Layout 5 added each report subject's head (`x subh!`, state/subjects.ts), which a
 * lookup reads instead of scanning the subject's rows. Layout 6 keeps a stored entry's
 * envelope only in `r`: the copy by id (`e`) is dropped, except for an entry kept as fork
 * evidence alone, which has no arrival row (store/envelopes.ts). Layout 7 keeps a stored
 * entry's meta only in its arrival row (`a`): by id (`c`) only its cursor.
 */
import { trackDelist, trackListing, trackReport } from '../oversight/track.js';
import { type ArrivalMeta, pad, readMany, type Sublevels } from '../store/db.js';
import { breakSeal } from '../store/seal.js';
import { Txn } from '../store/txn.js';
import { activeListing, type DelistRecord, K, type ListingRecord, type ReportRecord } from './records.js';
import { buildSubjectHeads, indexSubject } from './subjects.js';

export const STORE_LAYOUT = 7;
const BATCH = 5000;

async function rewrite<T>(
  subs: Sublevels,
  prefix: string,
  each: (txn: Txn, value: T) => void | Promise<void>,
): Promise<void> {
  let txn = new Txn(subs);
  for await (const value of subs.state.values({ gte: prefix, lt: `${prefix}\uffff` })) {
    await each(txn, value as T);
    if (txn.size >= BATCH) {
      await txn.commit(false);
      txn = new Txn(subs);
    }
  }
  await txn.commit(false);
}

async function clearPrefix(subs: Sublevels, prefix: string): Promise<void> {
  let txn = new Txn(subs);
  for await (const key of subs.state.keys({ gte: prefix, lt: `${prefix}\uffff` })) {
    txn.del(subs.state, key as string);
    if (txn.size >= BATCH) {
      await txn.commit(false);
      txn = new Txn(subs);
    }
  }
  await txn.commit(false);
}

/** Meta key of how far (arrival cursor) an interrupted build of `r` got. */
const REPLAY_BUILT = 'layout4-built';

/**
 * Copies every stored envelope under its arrival cursor (`r`), in arrival order. Each
 * committed batch records how far it got, so an interrupted build resumes there; a row
 * written twice is written with the same bytes.
 */
async function buildReplayLog(subs: Sublevels): Promise<void> {
  let from = (await subs.meta.get(REPLAY_BUILT)) as string | undefined;
  for (;;) {
    const range = from === undefined ? { limit: BATCH } : { gt: from, limit: BATCH };
    const rows = (await subs.arrival.values(range).all()) as ArrivalMeta[];
    if (rows.length === 0) break;
    const envelopes = await readMany<Uint8Array>(
      subs.entries,
      rows.map((r) => r.id),
    );
    const txn = new Txn(subs);
    for (const [i, row] of rows.entries()) {
      const envelope = envelopes[i];
      if (envelope) txn.put(subs.replay, pad(row.c), envelope);
    }
    from = pad(rows[rows.length - 1]!.c);
    txn.put(subs.meta, REPLAY_BUILT, from);
    await txn.commit(false);
  }
  await subs.meta.del(REPLAY_BUILT);
}

/**
 * Deletes the copy by id (`e`) of every envelope that has an arrival row, and so a copy
 * in `r`; what is left is the fork evidence held only by id. Deleting again what is gone
 * changes nothing, so an interrupted pass simply runs again. The freed range is then
 * compacted, so the disk space comes back now rather than when LevelDB next gets to it.
 */
async function dropEnvelopesById(subs: Sublevels): Promise<void> {
  let from: string | undefined;
  for (;;) {
    const range = from === undefined ? { limit: BATCH } : { gt: from, limit: BATCH };
    const ids = (await subs.entries.keys(range).all()) as string[];
    if (ids.length === 0) break;
    const metas = await readMany<ArrivalMeta>(subs.byId, ids);
    const txn = new Txn(subs);
    for (const [i, id] of ids.entries()) if (metas[i]) txn.del(subs.entries, id);
    await txn.commit(false);
    from = ids[ids.length - 1];
  }
  await compactSublevel(subs, subs.entries.prefix);
}

/**
 * Replaces each meta by id (`c`) with its cursor, the meta itself staying in its arrival
 * row. A value already a cursor is left as it is, so an interrupted pass simply runs
 * again; the range is then compacted, as for layout 6.
 */
async function keepCursorsById(subs: Sublevels): Promise<void> {
  let txn = new Txn(subs);
  for await (const [id, value] of subs.byId.iterator()) {
    if (typeof value === 'number') continue;
    txn.put(subs.byId, id as string, (value as ArrivalMeta).c);
    if (txn.size >= BATCH) {
      await txn.commit(false);
      txn = new Txn(subs);
    }
  }
  await txn.commit(false);
  await compactSublevel(subs, subs.byId.prefix);
}

/** Compacts a sublevel's key range, so the space its rewrite freed comes back now. */
async function compactSublevel(subs: Sublevels, prefix: string): Promise<void> {
  const compact = (subs.db as { compactRange?: (start: string, end: string) => Promise<void> }).compactRange;
  if (compact) await compact.call(subs.db, prefix, `${prefix}\uffff`);
}

/** Brings the store to the current layout; returns the layout it found. */
export async function migrateStore(subs: Sublevels): Promise<number> {
  const found = Number((await subs.meta.get('layout')) ?? 1);
  if (found >= STORE_LAYOUT) return found;
  // What a clean close saved beside the store describes the old layout's state.
  await breakSeal(subs);
  if (found < 2) {
    await rewrite<ReportRecord>(subs, 'rep!', async (txn, r) => {
      if (r.retracted === null) await indexSubject(txn, subs, r);
    });
    await rewrite<ListingRecord>(subs, 'lst!', (txn, l) => {
      if (l.removedAt === null) txn.put(subs.state, K.active(l.id), activeListing(l));
    });
  }
  if (found < 3) {
    // Aggregates are sums: an interrupted build starts again from none.
    await clearPrefix(subs, 'ov');
    await rewrite<ReportRecord>(subs, 'rep!', (txn, r) => trackReport(txn, subs, null, r));
    await rewrite<ListingRecord>(subs, 'lst!', (txn, l) => trackListing(txn, subs, null, l));
    await rewrite<DelistRecord>(subs, 'dr!', (txn, d) => trackDelist(txn, subs, null, d));
  }
  if (found < 4) await buildReplayLog(subs);
  if (found < 5) await buildSubjectHeads(subs);
  if (found < 6) await dropEnvelopesById(subs);
  if (found < 7) await keepCursorsById(subs);
  // Marked last and synced: an interrupted upgrade runs again (it only writes derived keys; `r` resumes).
  await subs.meta.put('layout', STORE_LAYOUT, { sync: true } as never);
  return found;
}

/**
 * The hooks state/apply.ts calls next to every write of a report, listing or
 * delisting record, so the oversight aggregates change in the same batch as the
 * record they follow.
 */
import type { DelistRecord, ListingRecord, ReportRecord } from '../state/records.js';
import { K } from '../state/records.js';
import type { Sublevels } from '../store/db.js';
import type { Txn } from '../store/txn.js';
import { trackItem } from './aggregates.js';
import { delistContributions, listingContributions, reportContributions } from './contributions.js';
import { trackRepeats } from './repeats.js';

/** After a report record is written (stored, acknowledged, retracted). */
export async function trackReport(txn: Txn, subs: Sublevels, r: ReportRecord): Promise<void> {
  await trackItem(txn, subs, r.id, reportContributions(r));
  await trackRepeats(txn, subs, r);
}

/** After a listing record is written (listed, ended, a request filed against it). */
export async function trackListing(txn: Txn, subs: Sublevels, l: ListingRecord): Promise<void> {
  await trackItem(txn, subs, l.id, listingContributions(l));
}

/** After a delisting request record is written (filed, decided, retracted). */
export async function trackDelist(txn: Txn, subs: Sublevels, d: DelistRecord): Promise<void> {
  const listing = await txn.get<ListingRecord>(subs.state, K.listing(d.listing));
  await trackItem(txn, subs, d.id, delistContributions(d, listing?.origin ?? null));
}

/**
 * The hooks state/apply.ts calls next to every write of a report, listing or
 * delisting record, so the oversight aggregates change in the same batch as the
 * record they follow. Each is given the record as it was before the change (a shallow
 * copy taken before it was modified; null for a new record) and as it is now: what the
 * old version contributed is subtracted, what the new one contributes added. The
 * contributions are a pure function of the record (contributions.ts); a change to that
 * function needs a new store layout, so that stores rebuild their aggregates.
 */
import type { DelistRecord, ListingRecord, ReportRecord } from '../state/records.js';
import { K } from '../state/records.js';
import type { Sublevels } from '../store/db.js';
import type { Txn } from '../store/txn.js';
import { trackItem } from './aggregates.js';
import { delistContributions, listingContributions, reportContributions } from './contributions.js';
import { trackRepeats } from './repeats.js';

/** After a report record is written (stored, acknowledged, retracted). */
export async function trackReport(txn: Txn, subs: Sublevels, before: ReportRecord | null, r: ReportRecord) {
  await trackItem(txn, subs, r.id, before && reportContributions(before), reportContributions(r));
  await trackRepeats(txn, subs, before, r);
}

/** After a listing record is written (listed, ended). */
export async function trackListing(txn: Txn, subs: Sublevels, before: ListingRecord | null, l: ListingRecord) {
  await trackItem(txn, subs, l.id, before && listingContributions(before), listingContributions(l));
}

/** After a delisting request record is written (filed, decided, retracted). */
export async function trackDelist(txn: Txn, subs: Sublevels, before: DelistRecord | null, d: DelistRecord) {
  const listing = await txn.get<ListingRecord>(subs.state, K.listing(d.listing));
  const operator = listing?.origin ?? null;
  await trackItem(txn, subs, d.id, before && delistContributions(before, operator), delistContributions(d, operator));
}

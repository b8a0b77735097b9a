/**
 * How entries change materialised state. Effects that depend on another origin's
 * entries (an ack needs its report, a decision its request) are applied when both are
 * present, whatever order they arrive in, and order by entry time — so every node that
 * holds the same entries reaches the same state. An entry whose effect its origin is
 * not entitled to (an ack by a member not responsible for the address, a retraction of
 * someone else's entry) stays in the log as evidence and changes nothing.
 */
import {
  type AckBody,
  type DelistDecisionBody,
  type DelistRequestBody,
  type EffectOutcome,
  type EffectReason,
  formatTarget,
  isDetachedRoster,
  isIpTarget,
  type ListingBody,
  type ParsedEntry,
  type ReceiptBody,
  type ReportBody,
  toHex,
  toJsonValue,
  type VerifiedRoster,
  verifyRosterEntry,
} from '@arx/protocol';
import { trackDelist, trackListing, trackReport } from '../oversight/track.js';
import type { Sublevels } from '../store/db.js';
import { metaOf } from '../store/envelopes.js';
import type { Txn } from '../store/txn.js';
import type { PendingRefs } from './pending.js';
import {
  activeListing,
  type DelistRecord,
  K,
  type ListingRecord,
  type ReportRecord,
  type ReportStep,
} from './records.js';
import type { RosterState } from './roster.js';
import { indexSubject, unindexSubject } from './subjects.js';

/** What applying an entry did, for the `ok` reply and for in-memory indexes. */
export interface Effect {
  /** 'applied', 'pending' (waiting for a referenced entry or blob), or 'no-effect' with a reason code. */
  readonly outcome: EffectOutcome;
  readonly reason?: EffectReason;
  /** For 'pending' on a detached blob: its digest (hex), to fetch from whoever sent the entry. */
  readonly blob?: string;
}

/** The pending ref of a detached blob: entries committing to it wait for `blob:<digest>`. */
export const blobRef = (digestHex: string): string => `blob:${digestHex}`;

/** Roster verification codes as effect reasons (a roster entry is stored whatever its verdict). */
const ROSTER_EFFECT: Readonly<Record<string, EffectReason>> = {
  ARX_PROTO_ROSTER_ROLLBACK: 'roster-rollback',
  ARX_PROTO_ROSTER_THRESHOLD: 'roster-threshold',
  ARX_PROTO_BLOB_MISMATCH: 'blob-mismatch',
};

/** Hooks run after the batch holding the change is durable. */
export interface AfterCommit {
  reportChanged(record: ReportRecord): void;
  listingChanged(record: ListingRecord): void;
  rosterAdopted(verified: VerifiedRoster): void;
}

export interface ApplyContext {
  readonly txn: Txn;
  readonly subs: Sublevels;
  readonly roster: () => RosterState;
  readonly after: (fn: (hooks: AfterCommit) => void) => void;
  /** Refs that entries wait for; without it every lookup of waiters scans storage. */
  readonly pending?: PendingRefs;
}

const applied: Effect = { outcome: 'applied' };
const noEffect = (reason: EffectReason): Effect => ({ outcome: 'no-effect', reason });

/** The responsible member and subject of an entry, for indexing. */
export async function subjectOf(
  ctx: ApplyContext,
  entry: ParsedEntry,
): Promise<{ responsible: string | null; ip: string | null; len: number | null }> {
  const { payload } = entry;
  const none = { responsible: null, ip: null, len: null };
  const roster = ctx.roster();
  const forTarget = (t: ReportBody['about']) => {
    if (!isIpTarget(t)) return none;
    const m = roster.responsibleFor(t);
    return { responsible: m ? toHex(m.key) : null, ip: toHex(t.ip), len: t.len };
  };
  switch (payload.kind) {
    case 'report':
      return forTarget((payload.body as ReportBody).about);
    case 'listing':
      return forTarget((payload.body as ListingBody).target);
    case 'ack': {
      const r = await ctx.txn.get<ReportRecord>(ctx.subs.state, K.report(toHex((payload.body as AckBody).report)));
      return r ? { responsible: r.responsible, ip: r.ip, len: r.len } : none;
    }
    case 'delist-request': {
      const l = await ctx.txn.get<ListingRecord>(
        ctx.subs.state,
        K.listing(toHex((payload.body as DelistRequestBody).listing)),
      );
      return l ? { responsible: l.responsible, ip: l.ip, len: l.len } : none;
    }
    case 'delist-decision': {
      const d = await ctx.txn.get<DelistRecord>(
        ctx.subs.state,
        K.delist(toHex((payload.body as DelistDecisionBody).request)),
      );
      const l = d && (await ctx.txn.get<ListingRecord>(ctx.subs.state, K.listing(d.listing)));
      return l ? { responsible: l.responsible, ip: l.ip, len: l.len } : none;
    }
    default:
      return none;
  }
}

function byTime(a: ReportStep, b: ReportStep): number {
  return a.ts - b.ts || (a.entry < b.entry ? -1 : 1);
}

async function applyReport(ctx: ApplyContext, e: ParsedEntry<'report'>): Promise<Effect> {
  const b = e.payload.body;
  const subject = await subjectOf(ctx, e);
  const record: ReportRecord = {
    id: e.idHex,
    origin: e.originHex,
    ts: e.payload.ts,
    about: formatTarget(b.about),
    ip: subject.ip,
    len: subject.len,
    category: b.category,
    observed: { ...b.observed },
    source: b.source,
    note: b.note ?? null,
    evidence: b.evidence ? toJsonValue(b.evidence) : null,
    ...(b.evidenceDigest ? { evidenceDigest: toHex(b.evidenceDigest) } : {}),
    responsible: subject.responsible,
    steps: [],
    comments: [],
    retracted: null,
  };
  ctx.txn.put(ctx.subs.state, K.report(record.id), record);
  await indexSubject(ctx.txn, ctx.subs, record);
  await trackReport(ctx.txn, ctx.subs, null, record);
  ctx.after((h) => h.reportChanged(record));
  return applied;
}

async function applyAck(ctx: ApplyContext, e: ParsedEntry<'ack'>): Promise<Effect> {
  const b = e.payload.body;
  const reportId = toHex(b.report);
  const record = await ctx.txn.get<ReportRecord>(ctx.subs.state, K.report(reportId));
  if (!record) return pend(ctx, reportId, e);
  const step: ReportStep = {
    entry: e.idHex,
    by: e.originHex,
    status: b.status,
    ts: e.payload.ts,
    action: b.action ?? null,
    reason: b.reason ?? null,
  };
  // Only the member responsible for the address moves the report; other acks are comments.
  const responsible = record.responsible === e.originHex;
  const before = { ...record };
  if (responsible) record.steps = [...record.steps, step].sort(byTime);
  else record.comments = [...record.comments, step].sort(byTime);
  ctx.txn.put(ctx.subs.state, K.report(reportId), record);
  if (responsible) await trackReport(ctx.txn, ctx.subs, before, record);
  ctx.after((h) => h.reportChanged(record));
  return responsible ? applied : noEffect('not-responsible');
}

async function applyListing(ctx: ApplyContext, e: ParsedEntry<'listing'>): Promise<Effect> {
  const b = e.payload.body;
  const target = formatTarget(b.target);
  const key = K.listingKey(e.originHex, b.list, target);
  if (b.op === 'remove') {
    const id = await ctx.txn.get<string>(ctx.subs.state, key);
    if (!id) return noEffect('not-listed');
    await endListing(ctx, id, e.payload.ts, e.idHex);
    return applied;
  }
  const subject = await subjectOf(ctx, e);
  // Re-listing the same target replaces the previous listing of this origin and list.
  const previous = await ctx.txn.get<string>(ctx.subs.state, key);
  if (previous) await endListing(ctx, previous, e.payload.ts, e.idHex);
  const record: ListingRecord = {
    id: e.idHex,
    list: b.list,
    target,
    ip: subject.ip,
    len: subject.len,
    domain: isIpTarget(b.target) ? null : target,
    reason: b.reason,
    origin: e.originHex,
    since: e.payload.ts,
    expires: b.expires ?? null,
    responsible: subject.responsible,
    removedAt: null,
    removedBy: null,
    requests: [],
  };
  await putListing(ctx, record, null);
  ctx.txn.put(ctx.subs.state, key, record.id);
  ctx.after((h) => h.listingChanged(record));
  return applied;
}

/**
 * Stores a listing record, and keeps `act!<id>` (the listings in force, in the compact
 * form start-up loads) and the oversight aggregates in step with it in the same batch.
 */
async function putListing(
  ctx: ApplyContext,
  record: ListingRecord,
  before: ListingRecord | null | 'unchanged',
): Promise<void> {
  ctx.txn.put(ctx.subs.state, K.listing(record.id), record);
  if (record.removedAt === null) ctx.txn.put(ctx.subs.state, K.active(record.id), activeListing(record));
  else ctx.txn.del(ctx.subs.state, K.active(record.id));
  if (before !== 'unchanged') await trackListing(ctx.txn, ctx.subs, before, record);
}

async function endListing(ctx: ApplyContext, id: string, ts: number, by: string): Promise<void> {
  const record = await ctx.txn.get<ListingRecord>(ctx.subs.state, K.listing(id));
  if (!record || record.removedAt !== null) return;
  const before = { ...record };
  record.removedAt = ts;
  record.removedBy = by;
  await putListing(ctx, record, before);
  ctx.txn.del(ctx.subs.state, K.listingKey(record.origin, record.list, record.target));
  ctx.after((h) => h.listingChanged(record));
}

async function applyDelistRequest(ctx: ApplyContext, e: ParsedEntry<'delist-request'>): Promise<Effect> {
  const b = e.payload.body;
  const listingId = toHex(b.listing);
  const listing = await ctx.txn.get<ListingRecord>(ctx.subs.state, K.listing(listingId));
  if (!listing) return pend(ctx, listingId, e);
  // For address listings only the member responsible for the range may ask for removal.
  if (listing.ip !== null && listing.responsible !== e.originHex) return noEffect('not-responsible');
  const record: DelistRecord = {
    id: e.idHex,
    listing: listingId,
    by: e.originHex,
    ts: e.payload.ts,
    remediation: [...b.remediation],
    decision: null,
    retracted: null,
  };
  listing.requests = [...listing.requests, record.id];
  ctx.txn.put(ctx.subs.state, K.delist(record.id), record);
  await trackDelist(ctx.txn, ctx.subs, null, record);
  // A request filed changes no figure of the listing itself.
  await putListing(ctx, listing, 'unchanged');
  ctx.after((h) => h.listingChanged(listing));
  return applied;
}

async function applyDelistDecision(ctx: ApplyContext, e: ParsedEntry<'delist-decision'>): Promise<Effect> {
  const b = e.payload.body;
  const requestId = toHex(b.request);
  const request = await ctx.txn.get<DelistRecord>(ctx.subs.state, K.delist(requestId));
  if (!request) return pend(ctx, requestId, e);
  const listing = await ctx.txn.get<ListingRecord>(ctx.subs.state, K.listing(request.listing));
  if (!listing) return noEffect('unknown-listing');
  if (listing.origin !== e.originHex) return noEffect('not-list-operator');
  if (request.decision && request.decision.ts <= e.payload.ts) return noEffect('already-decided');
  const before = { ...request };
  request.decision = { decision: b.decision, reason: b.reason ?? null, ts: e.payload.ts, entry: e.idHex };
  ctx.txn.put(ctx.subs.state, K.delist(requestId), request);
  await trackDelist(ctx.txn, ctx.subs, before, request);
  if (b.decision === 'granted') await endListing(ctx, listing.id, e.payload.ts, e.idHex);
  return applied;
}

async function applyRetract(ctx: ApplyContext, e: ParsedEntry<'retract'>): Promise<Effect> {
  const targetId = toHex(e.payload.body.entry);
  const meta = await metaOf(ctx.subs, targetId, ctx.txn);
  if (!meta) return pend(ctx, targetId, e);
  // Only the origin may retract its entries (DESIGN "retract").
  if (meta.o !== e.originHex) return noEffect('not-origin');
  ctx.txn.put(ctx.subs.state, K.retracted(targetId), e.idHex);
  if (meta.k === 'report') {
    const r = await ctx.txn.get<ReportRecord>(ctx.subs.state, K.report(targetId));
    if (r) {
      const before = { ...r };
      r.retracted = e.idHex;
      ctx.txn.put(ctx.subs.state, K.report(targetId), r);
      await unindexSubject(ctx.txn, ctx.subs, r);
      await trackReport(ctx.txn, ctx.subs, before, r);
      ctx.after((h) => h.reportChanged(r));
    }
  } else if (meta.k === 'listing') {
    await endListing(ctx, targetId, e.payload.ts, e.idHex);
  } else if (meta.k === 'ack') {
    const reportId = await reportOfAck(ctx, targetId);
    const r = reportId && (await ctx.txn.get<ReportRecord>(ctx.subs.state, K.report(reportId)));
    if (r) {
      const before = { ...r };
      r.steps = r.steps.filter((s) => s.entry !== targetId);
      r.comments = r.comments.filter((s) => s.entry !== targetId);
      ctx.txn.put(ctx.subs.state, K.report(r.id), r);
      await trackReport(ctx.txn, ctx.subs, before, r);
      ctx.after((h) => h.reportChanged(r));
    }
  } else if (meta.k === 'delist-request') {
    const d = await ctx.txn.get<DelistRecord>(ctx.subs.state, K.delist(targetId));
    if (d) {
      const before = { ...d };
      d.retracted = e.idHex;
      ctx.txn.put(ctx.subs.state, K.delist(targetId), d);
      await trackDelist(ctx.txn, ctx.subs, before, d);
    }
  }
  return applied;
}

async function reportOfAck(ctx: ApplyContext, ackId: string): Promise<string | undefined> {
  const meta = await ctx.txn.get<{ ref?: string }>(ctx.subs.state, `ackref!${ackId}`);
  return meta?.ref;
}

async function applyRoster(ctx: ApplyContext, e: ParsedEntry<'roster'>): Promise<Effect> {
  const held = ctx.roster();
  const body = e.payload.body;
  let document: Uint8Array | undefined;
  if (isDetachedRoster(body)) {
    // A version not above the one held changes nothing: no reason to fetch its document.
    if (body.version <= held.version) return noEffect('roster-rollback');
    const digest = toHex(body.digest);
    document = await ctx.txn.get<Uint8Array>(ctx.subs.blobs, digest);
    // The document travels after the entry: apply once the blob is stored (Writer.storeBlob).
    if (!document) return { ...pend(ctx, blobRef(digest), e), reason: 'blob-not-yet-held', blob: digest };
  }
  try {
    const verified = verifyRosterEntry(body, document, held.roster);
    ctx.txn.put(ctx.subs.meta, 'roster', toHex(verified.document));
    ctx.after((h) => h.rosterAdopted(verified));
    return applied;
  } catch (error) {
    return noEffect(ROSTER_EFFECT[(error as { code?: string }).code ?? ''] ?? 'bad-roster');
  }
}

function pend(ctx: ApplyContext, ref: string, e: ParsedEntry): Effect {
  ctx.txn.put(ctx.subs.state, K.pending(ref, e.idHex), e.payload.kind);
  ctx.pending?.add(ref);
  return { outcome: 'pending', reason: 'reference-not-yet-held' };
}

/** Applies one stored entry's effects to materialised state. */
export async function applyEntry(ctx: ApplyContext, entry: ParsedEntry): Promise<Effect> {
  switch (entry.payload.kind) {
    case 'report':
      return applyReport(ctx, entry as ParsedEntry<'report'>);
    case 'ack': {
      ctx.txn.put(ctx.subs.state, `ackref!${entry.idHex}`, { ref: toHex((entry.payload.body as AckBody).report) });
      return applyAck(ctx, entry as ParsedEntry<'ack'>);
    }
    case 'listing':
      return applyListing(ctx, entry as ParsedEntry<'listing'>);
    case 'delist-request':
      return applyDelistRequest(ctx, entry as ParsedEntry<'delist-request'>);
    case 'delist-decision':
      return applyDelistDecision(ctx, entry as ParsedEntry<'delist-decision'>);
    case 'retract':
      return applyRetract(ctx, entry as ParsedEntry<'retract'>);
    case 'roster':
      return applyRoster(ctx, entry as ParsedEntry<'roster'>);
    case 'profile':
      ctx.txn.put(ctx.subs.state, K.profile(entry.originHex), { entry: entry.idHex, ts: entry.payload.ts });
      return applied;
    case 'receipt': {
      const receipt = entry.payload.body as ReceiptBody;
      if (receipt.roster !== undefined) {
        ctx.txn.put(ctx.subs.state, K.rosterHeld(entry.originHex), { version: receipt.roster, ts: entry.payload.ts });
      }
      for (const h of receipt.holdings) {
        ctx.txn.put(ctx.subs.state, K.receipt(entry.originHex, toHex(h.origin)), {
          seq: h.seq,
          ts: entry.payload.ts,
        });
      }
      return applied;
    }
    default:
      return applied;
  }
}

/** Entries that were waiting for `ref`; the writer re-applies them after storing `ref`. */
export async function pendingOn(ctx: ApplyContext, ref: string): Promise<string[]> {
  const { pending } = ctx;
  if (pending) {
    if (!pending.has(ref)) return [];
    const generation = pending.generation(ref);
    ctx.after(() => pending.settled(ref, generation));
  }
  const rows = await ctx.txn.scan<string>(ctx.subs.state, K.pendingPrefix(ref));
  for (const [key] of rows) ctx.txn.del(ctx.subs.state, key);
  return rows.map(([key]) => key.slice(K.pendingPrefix(ref).length));
}

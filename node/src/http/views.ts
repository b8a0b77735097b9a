/** JSON views of stored state for the HTTP API, CLI and dashboard (their shapes: http/api-types.ts). */
import {
  decodeEvidence,
  type EntryJson,
  entryToJson,
  type IpPrefix,
  parseEntry,
  toHex,
  toJsonValue,
} from '@arx/protocol';
import type { NodeContext } from '../context.js';
import { removalCommand } from '../dnsbl/txt.js';
import { listingView } from '../state/memory.js';
import { type DelistRecord, K, type ListingRecord, type ReportRecord, reportStatus } from '../state/records.js';
import { responsibleView } from '../state/roster.js';
import type { ListingView } from '../state/types.js';
import { evidenceKey, pad, readMany } from '../store/db.js';
import { metaOf } from '../store/envelopes.js';
import { evidenceWindowMs } from '../store/retention.js';
import type { ListingJson, LookupJson, ReportJson } from './api-types.js';

/**
 * A report's evidence as a reader sees it: inline evidence as signed, detached evidence
 * decoded from storage, and once retention deleted it (or it never arrived) a stub with
 * the digest the report commits to.
 */
function evidenceJson(r: ReportRecord, detached: Uint8Array | undefined, cutoff: number): unknown {
  if (!r.evidenceDigest) return r.evidence;
  if (detached) return toJsonValue(decodeEvidence(detached));
  return r.ts < cutoff
    ? { pruned: true, evidenceDigest: r.evidenceDigest }
    : { held: false, evidenceDigest: r.evidenceDigest };
}

/** Reports as JSON, with their detached evidence while held (read in place, as the records are: store/db.ts readMany). */
export async function reportsJson(ctx: NodeContext, records: readonly ReportRecord[]): Promise<ReportJson[]> {
  const detached = records.some((r) => r.evidenceDigest)
    ? await readMany<Uint8Array>(
        ctx.subs.evidence,
        records.map((r) => evidenceKey(r.ts, r.id)),
      )
    : [];
  // Past the window a report's evidence is deleted (retention.ts), within the hour.
  const cutoff = Date.now() - evidenceWindowMs(ctx.config);
  return records.map((r, i) => reportJson(ctx, r, detached[i], cutoff));
}

function reportJson(ctx: NodeContext, r: ReportRecord, detached: Uint8Array | undefined, cutoff: number): ReportJson {
  const roster = ctx.roster();
  const step = (s: ReportRecord['steps'][number]) => ({
    status: s.status,
    ts: s.ts,
    entry: s.entry,
    by: roster.handleOf(s.by),
    action: s.action,
    reason: s.reason,
  });
  return {
    id: r.id,
    origin: r.origin,
    originHandle: roster.handleOf(r.origin),
    about: r.about,
    category: r.category,
    observed: r.observed,
    source: r.source,
    ts: r.ts,
    note: r.note,
    evidence: evidenceJson(r, detached, cutoff),
    responsible: r.responsible ? roster.handleOf(r.responsible) : null,
    responsibleKey: r.responsible,
    status: reportStatus(r),
    timeline: [
      { status: 'published', ts: r.ts, entry: r.id, by: roster.handleOf(r.origin), action: null, reason: null },
      ...r.steps.map(step),
    ],
    comments: r.comments.map(step),
    retracted: r.retracted !== null,
  };
}

export function listingJson(ctx: NodeContext, view: ListingView, now = Date.now()): ListingJson {
  const operator = ctx.roster().member(view.origin);
  return {
    ...view,
    target: view.targetText,
    active: view.removedAt === null && (view.expires === null || view.expires > now),
    removal: {
      how: removalCommand(view),
      contacts: operator ? [...operator.contacts.abuse, ...(operator.contacts.escalation ?? [])] : [],
    },
  };
}

export async function getListing(ctx: NodeContext, id: string): Promise<ListingJson | undefined> {
  const r = (await ctx.subs.state.get(K.listing(id))) as ListingRecord | undefined;
  return (
    r &&
    listingJson(
      ctx,
      listingView(r, (k) => ctx.roster().handleOf(k)),
    )
  );
}

export async function getReport(ctx: NodeContext, id: string): Promise<ReportRecord | undefined> {
  return (await ctx.subs.state.get(K.report(id))) as ReportRecord | undefined;
}

export async function getDelist(ctx: NodeContext, id: string): Promise<DelistRecord | undefined> {
  return (await ctx.subs.state.get(K.delist(id))) as DelistRecord | undefined;
}

/** An entry's JSON with the origin's handle and whether it was retracted. */
export async function entryJson(
  ctx: NodeContext,
  id: string,
  withEnvelope = false,
): Promise<(EntryJson & { originHandle: string | null; cursor: number; retracted: boolean }) | undefined> {
  const meta = await metaOf(ctx.subs, id);
  const bytes = meta && ((await ctx.subs.replay.get(pad(meta.c))) as Uint8Array | undefined);
  if (!bytes || !meta) return undefined;
  const json = entryToJson(parseEntry(bytes), withEnvelope);
  const retracted = (await ctx.subs.state.get(K.retracted(id))) !== undefined;
  // With the envelope, the detached evidence too (while held): a reader can check it against evidenceDigest.
  const evidence = withEnvelope
    ? ((await ctx.subs.evidence.get(evidenceKey(meta.t, id))) as Uint8Array | undefined)
    : undefined;
  return {
    ...json,
    ...(evidence ? { evidence: toHex(evidence) } : {}),
    originHandle: ctx.roster().handleOf(json.origin),
    cursor: meta.c,
    retracted,
  };
}

/** Everything known about an address: responsible member, active listings, recent reports. */
export async function lookup(ctx: NodeContext, address: string, prefix: IpPrefix, limit = 20): Promise<LookupJson> {
  const roster = ctx.roster();
  const found = roster.claimFor(prefix);
  const now = Date.now();
  const listings = ctx.listings.forPrefix(prefix, now).map((v) => listingJson(ctx, v, now));
  // The latest reports of each subject (an address, its /24, ...) are the candidates:
  // the index is ordered by report time, so `limit` per subject holds the latest overall.
  const ids = await ctx.reportSubjects.recent(prefix, limit);
  let reports: ReportJson[] = [];
  if (ids.length) {
    const records = await readMany<ReportRecord>(ctx.subs.state, ids.map(K.report));
    reports = await reportsJson(
      ctx,
      records.filter((r): r is ReportRecord => r !== undefined && r.retracted === null),
    );
    reports.sort((a, b) => b.ts - a.ts);
  }
  return {
    address,
    responsible: found
      ? { ...responsibleView(roster, found), source: `roster v${roster.version} netblock claim signed by the stewards` }
      : null,
    listings,
    reports: reports.slice(0, limit),
  };
}

/**
 * Publishing for this node's own organisation. Before a seq is spent the node checks
 * what a receiver would check — and, unlike a receiver, refuses effects the
 * organisation is not entitled to (an ack for a report about someone else's network,
 * a retraction of another origin's entry), so the operator gets a clear error instead
 * of an entry that changes nothing.
 */
import {
  type AckBody,
  type BodyByKind,
  bodyFromJson,
  type DelistDecisionBody,
  type DelistRequestBody,
  type EntryKind,
  isEntryKind,
  KINDS,
  type RetractBody,
  toHex,
  type VerifiedEntry,
} from '@arx/protocol';
import type { NodeContext } from '../context.js';
import { ArxNodeError } from '../errors.js';
import type { ApplyContext } from '../state/apply.js';
import { type DelistRecord, K, type ListingRecord, type ReportRecord } from '../state/records.js';
import { metaOf } from '../store/envelopes.js';
import { checkTargetPolicy } from './target-policy.js';
import type { SameBatch, StoreResult } from './writer.js';

/** What publishing `kind` needs of this node's organisation and state (run inside the writer). */
export async function checkOwnEffect(ctx: NodeContext, kind: EntryKind, body: unknown, a: ApplyContext): Promise<void> {
  const own = ctx.ownKey;
  const member = ctx.roster().member(own);
  if (!member) throw new ArxNodeError('ARX_NODE_NOT_MEMBER', 'this node’s organisation is not in the roster');
  const allowed = KINDS[kind].roles;
  if (!member.roles.some((r) => allowed.includes(r))) {
    throw new ArxNodeError(
      'ARX_NODE_ROLE_FORBIDDEN',
      `${member.handle} may not publish ${kind}; needs ${allowed.join(' or ')}`,
    );
  }
  checkTargetPolicy(kind, body, ctx.roster().roster);
  const get = <T>(key: string) => a.txn.get<T>(ctx.subs.state, key);
  switch (kind) {
    case 'ack': {
      const id = toHex((body as AckBody).report);
      const report = await get<ReportRecord>(K.report(id));
      if (!report) throw new ArxNodeError('ARX_NODE_UNKNOWN_REFERENCE', `report ${id}`);
      if (report.responsible !== own) {
        const who = report.responsible ? ctx.roster().handleOf(report.responsible) : 'no member';
        throw new ArxNodeError('ARX_NODE_NOT_RESPONSIBLE', `${report.about} is the responsibility of ${who}`);
      }
      return;
    }
    case 'retract': {
      const id = toHex((body as RetractBody).entry);
      const meta = await metaOf(ctx.subs, id, a.txn);
      if (!meta) throw new ArxNodeError('ARX_NODE_UNKNOWN_REFERENCE', `entry ${id}`);
      if (meta.o !== own) throw new ArxNodeError('ARX_NODE_NOT_ORIGIN', `entry ${id} was published by someone else`);
      return;
    }
    case 'delist-request': {
      const id = toHex((body as DelistRequestBody).listing);
      const listing = await get<ListingRecord>(K.listing(id));
      if (!listing) throw new ArxNodeError('ARX_NODE_UNKNOWN_REFERENCE', `listing ${id}`);
      if (listing.ip !== null && listing.responsible !== own) {
        throw new ArxNodeError('ARX_NODE_NOT_RESPONSIBLE', `${listing.target} is not in your netblocks`);
      }
      return;
    }
    case 'delist-decision': {
      const id = toHex((body as DelistDecisionBody).request);
      const request = await get<DelistRecord>(K.delist(id));
      if (!request) throw new ArxNodeError('ARX_NODE_UNKNOWN_REFERENCE', `delisting request ${id}`);
      const listing = await get<ListingRecord>(K.listing(request.listing));
      if (!listing || listing.origin !== own) {
        throw new ArxNodeError('ARX_NODE_NOT_RESPONSIBLE', 'only the list operator that listed it may decide');
      }
      return;
    }
    default:
      return;
  }
}

/** Signs and stores an entry for this node's organisation; `jsonBody` is the body's JSON form. */
export async function publishOwn(
  ctx: NodeContext,
  kind: string,
  jsonBody: unknown,
): Promise<StoreResult & { entry: VerifiedEntry }> {
  if (!isEntryKind(kind)) throw new ArxNodeError('ARX_NODE_BAD_REQUEST', `unknown kind "${kind}"`);
  return publishBody(ctx, kind, bodyFromJson(kind, jsonBody));
}

/**
 * Signs and stores an entry whose body is already in protocol form. `also` writes into
 * the batch that stores the entry (durable together, or not at all).
 */
export async function publishBody<K extends EntryKind>(
  ctx: NodeContext,
  kind: K,
  body: BodyByKind[K],
  also?: SameBatch,
): Promise<StoreResult & { entry: VerifiedEntry }> {
  // Validate before entering the writer so malformed bodies never hold up the queue.
  (KINDS[kind].check as (v: unknown, p: string) => unknown)(body, 'body');
  return ctx.writer.publish(kind, body, (a) => checkOwnEffect(ctx, kind, body, a), also);
}

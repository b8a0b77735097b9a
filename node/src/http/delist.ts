/**
 * Delisting by address, across every list operator: what each operator lists the
 * address for and what it decided on each request (`GET /v1/delist/status/:address`),
 * and one request for every active listing of it (`POST /v1/delist/address`).
 *
 * The listings of an address are the active ones covering it (the in-memory index)
 * and, for those already removed, the listing entries indexed at each network
 * address that covers it (the `i!<ip>!` index), newest first and at most
 * SCAN_PER_NETWORK rows per network address: a request costs what the address's own
 * history costs, never the size of the store.
 */
import { ACTIONS, type IpPrefix, parsePrefix, prefixContains, toHex } from '@arx/protocol';
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../context.js';
import { ArxNodeError } from '../errors.js';
import { publishOwn } from '../ingest/publish.js';
import { listingView } from '../state/memory.js';
import { type DelistRecord, K, type ListingRecord } from '../state/records.js';
import { metasAt } from '../store/envelopes.js';
import type { AddressListingJson, DelistFiledJson, DelistStatusJson } from './api-types.js';
import { requireOperator } from './operator.js';
import { addressFromUrl } from './state.js';
import { listingJson } from './views.js';

/** Index rows read per covering network address when looking for removed listings. */
export const SCAN_PER_NETWORK = 2000;

/** The network addresses (hex) of every prefix covering `prefix`, most specific first. */
function coveringNetworks(prefix: IpPrefix): string[] {
  const out = new Set<string>();
  for (let len = prefix.len; len >= 0; len--) {
    const ip = prefix.ip.slice();
    for (let bit = len; bit < ip.length * 8; bit++) ip[bit >> 3]! &= ~(0x80 >> (bit & 7));
    out.add(toHex(ip));
  }
  return [...out];
}

async function listingIdsOf(ctx: NodeContext, prefix: IpPrefix, now: number): Promise<Set<string>> {
  const ids = new Set(ctx.listings.forPrefix(prefix, now).map((v) => v.id));
  for (const network of coveringNetworks(prefix)) {
    const rows: string[] = [];
    const range = { gte: `i!${network}!`, lt: `i!${network}!\uffff`, reverse: true, limit: SCAN_PER_NETWORK };
    for await (const key of ctx.subs.index.keys(range)) rows.push(String(key));
    const metas = await metasAt(ctx.subs, rows);
    for (const meta of metas) if (meta?.k === 'listing') ids.add(meta.id);
  }
  return ids;
}

/** Every listing of an address known here (active or not) with its delisting requests and decisions. */
export async function delistStatus(ctx: NodeContext, address: string, prefix: IpPrefix): Promise<DelistStatusJson> {
  const now = Date.now();
  const roster = ctx.roster();
  const ids = [...(await listingIdsOf(ctx, prefix, now))];
  const records = (await ctx.subs.state.getMany(ids.map(K.listing))) as (ListingRecord | undefined)[];
  const listings: AddressListingJson[] = [];
  for (const r of records) {
    if (!r || r.ip === null || r.len === null) continue;
    const target = parsePrefix(r.target);
    if (!prefixContains(target, prefix)) continue;
    const delists = (await ctx.subs.state.getMany(r.requests.map(K.delist))) as (DelistRecord | undefined)[];
    listings.push({
      ...listingJson(
        ctx,
        listingView(r, (k) => roster.handleOf(k)),
        now,
      ),
      operator: roster.handleOf(r.origin),
      requests: delists
        .filter((d): d is DelistRecord => d !== undefined && d.retracted === null)
        .map((d) => ({
          id: d.id,
          by: roster.handleOf(d.by),
          mine: d.by === ctx.ownKey,
          remediation: d.remediation,
          ts: d.ts,
          decision: d.decision,
        })),
    });
  }
  listings.sort((a, b) => a.since - b.since || (a.id < b.id ? -1 : 1));
  return { address, listings };
}

/**
 * Files a delisting request (signed by this node's organisation) for every active
 * listing of the address that has none of ours awaiting a decision.
 */
export async function requestDelistingOf(
  ctx: NodeContext,
  address: string,
  prefix: IpPrefix,
  remediation: string[],
  note: Record<string, string> | undefined,
): Promise<DelistFiledJson> {
  const status = await delistStatus(ctx, address, prefix);
  const requests: DelistFiledJson['requests'] = [];
  for (const l of status.listings) {
    if (!l.active) continue;
    const base = { listing: l.id, operator: l.operator, list: l.list, target: l.target };
    const pending = l.requests.find((r) => r.mine && r.decision === null);
    if (pending) {
      requests.push({ ...base, outcome: 'pending', request: pending.id });
      continue;
    }
    const body = { listing: l.id, remediation, ...(note ? { note } : {}) };
    const published = await publishOwn(ctx, 'delist-request', body);
    requests.push({ ...base, outcome: 'requested', request: published.id });
  }
  return { address, requests };
}

export function delistRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.get(
    '/v1/delist/status/:address',
    {
      schema: {
        description: 'Every listing of an address by any list operator, with the delisting requests and decisions.',
        params: {
          type: 'object',
          required: ['address'],
          properties: { address: { type: 'string', maxLength: 64 } },
        },
      },
    },
    async (request) => {
      const { address } = request.params as { address: string };
      return delistStatus(ctx, address, addressFromUrl(address));
    },
  );

  app.post(
    '/v1/delist/address',
    {
      preHandler: requireOperator(ctx),
      schema: {
        description:
          'Request delisting of an address from every list operator that lists it (operator token required).',
        body: {
          type: 'object',
          required: ['address', 'remediation'],
          additionalProperties: false,
          properties: {
            address: { type: 'string', maxLength: 64 },
            remediation: {
              type: 'array',
              minItems: 1,
              maxItems: 16,
              items: { type: 'string', enum: Object.keys(ACTIONS) },
            },
            note: {
              type: 'object',
              maxProperties: 8,
              additionalProperties: { type: 'string', maxLength: 2000 },
            },
          },
        },
      },
    },
    async (request) => {
      const body = request.body as { address: string; remediation: string[]; note?: Record<string, string> };
      const prefix = addressFromUrl(body.address);
      if (prefix.len !== prefix.ip.length * 8) {
        throw new ArxNodeError('ARX_NODE_BAD_REQUEST', 'address: one address, not a prefix');
      }
      return requestDelistingOf(ctx, body.address, prefix, body.remediation, body.note);
    },
  );
}

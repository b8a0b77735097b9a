/** Routes over materialised state: health, status, lookup, reports, listings, delisting, roster, peers. */
import { formatKeyId, formatPrefix, parsePrefix, REPORT_STATUSES, toHex } from '@arx/protocol';
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../context.js';
import { ArxNodeError } from '../errors.js';
import { outboxOf } from '../interop/outbox.js';
import { listingView } from '../state/memory.js';
import type { DelistRecord, ListingRecord, ReportRecord } from '../state/records.js';
import { K, reportStatus } from '../state/records.js';
import { responsibleView } from '../state/roster.js';
import { horizonCutoff, lastHorizonPass } from '../store/horizon.js';
import { queryEntries } from '../store/query.js';
import type {
  ContactsJson,
  DelistQueueItemJson,
  DelistQueueJson,
  HealthJson,
  ListingJson,
  NodeStatusJson,
  PeersJson,
  ReportJson,
  RosterJson,
} from './api-types.js';
import { lookupResponse } from './schemas.js';
import { storageBytes } from './storage-size.js';
import { getReport, listingJson, lookup, reportsJson } from './views.js';

const addressParam = {
  type: 'object',
  required: ['address'],
  properties: { address: { type: 'string', maxLength: 64 }, len: { type: 'string', pattern: '^[0-9]{1,3}$' } },
} as const;

/**
 * The address of an `/:address` route. A prefix may be written with its slash escaped
 * (`192.0.2.0%2F24`) or not (`192.0.2.0/24`, matched by the `/:address/:len` twin).
 */
function addressOf(request: { params: unknown }): string {
  const { address, len } = request.params as { address: string; len?: string };
  return len === undefined ? address : `${address}/${len}`;
}

/** Parses an address or prefix from a URL, with a typed error. */
export function addressFromUrl(text: string): ReturnType<typeof parsePrefix> {
  try {
    // Without a length, parsePrefix reads a single address as a full-length prefix.
    return parsePrefix(text);
  } catch (error) {
    throw new ArxNodeError('ARX_NODE_BAD_REQUEST', (error as Error).message);
  }
}

/** Listings oldest first (ids break ties), so the order does not depend on how the index was built. */
const bySince = (a: { since: number; id: string }, b: { since: number; id: string }) =>
  a.since - b.since || (a.id < b.id ? -1 : 1);

/** Origins with proof of a fork, with the conflicting entry ids kept as evidence (per seq). */
async function forkEvidence(ctx: NodeContext) {
  const roster = ctx.roster();
  const byOrigin = new Map<string, { seq: number; ids: string[] }[]>();
  for await (const [key, value] of ctx.subs.forks.iterator({ limit: 10_000 })) {
    const [origin, seq] = String(key).split('!');
    const list = byOrigin.get(origin!) ?? [];
    list.push({ seq: Number(seq), ids: (value as { ids: string[] }).ids });
    byOrigin.set(origin!, list);
  }
  return [...ctx.writer.forked].map((origin) => ({
    origin,
    handle: roster.handleOf(origin),
    evidence: byOrigin.get(origin) ?? [],
  }));
}

export function stateRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.get(
    '/v1/health',
    { schema: { response: { 200: { type: 'object', additionalProperties: true } } } },
    async (): Promise<HealthJson> => {
      // Degraded: the node answers reads but refuses writes until storage recovers by itself.
      const storage = ctx.writer.storage;
      return {
        status: storage.ok ? 'ok' : 'degraded',
        handle: ctx.config.handle,
        id: formatKeyId(ctx.keys.publicKey),
        uptimeSeconds: Math.round((Date.now() - ctx.startedAt) / 1000),
        storage,
      };
    },
  );

  app.get('/v1/status', async (): Promise<NodeStatusJson> => {
    const roster = ctx.roster();
    const heads = [...ctx.writer.haveVector()].map(([origin, seq]) => ({
      origin,
      handle: roster.handleOf(origin),
      seq,
      id: ctx.writer.head(origin)?.id ?? null,
      floor: ctx.writer.floor(origin),
    }));
    heads.sort((a, b) => String(a.handle).localeCompare(String(b.handle)));
    return {
      handle: ctx.config.handle,
      key: ctx.ownKey,
      id: formatKeyId(ctx.keys.publicKey),
      rosterVersion: roster.version,
      entries: ctx.writer.lastCursor,
      heldEntries: ctx.writer.heldEntries,
      storageBytes: await storageBytes(ctx),
      heads,
      listen: ctx.listen,
      dnsbl: ctx.config.dnsbl.enabled ? { zone: ctx.config.dnsbl.zone } : null,
      forks: await forkEvidence(ctx),
      horizon: { days: ctx.config.horizonDays, cutoff: horizonCutoff(ctx), lastPass: await lastHorizonPass(ctx) },
      peers: ctx.peers().filter((p) => p.state === 'open').length,
      outbox: (await outboxOf(ctx)?.status()) ?? null,
      limits: { arfBytes: ctx.config.arf.maxBytes, xarfBytes: ctx.config.xarf.maxBytes },
    };
  });

  for (const path of ['/v1/lookup/:address', '/v1/lookup/:address/:len']) {
    app.get(path, { schema: { params: addressParam, response: { 200: lookupResponse } } }, async (request) => {
      const address = addressOf(request);
      return lookup(ctx, address, addressFromUrl(address));
    });
  }

  app.get(
    '/v1/reports',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            responsible: { type: 'string' },
            origin: { type: 'string' },
            status: { type: 'string', enum: Object.keys(REPORT_STATUSES) },
            about: { type: 'string' },
            limit: { type: 'integer', minimum: 1, maximum: 5000, default: 500 },
          },
        },
      },
    },
    async (request) => {
      const q = request.query as {
        responsible?: string;
        origin?: string;
        status?: string;
        about?: string;
        limit: number;
      };
      const roster = ctx.roster();
      const resolve = (ref: string) => {
        const key = ref === 'me' ? ctx.ownKey : roster.resolve(ref);
        if (!key) throw new ArxNodeError('ARX_NODE_BAD_REQUEST', `no member "${ref}"`);
        return key;
      };
      const reports: ReportJson[] = [];
      let cursor: string | undefined;
      do {
        const page = await queryEntries(ctx, {
          kind: 'report',
          responsible: q.responsible ? resolve(q.responsible) : undefined,
          origin: q.origin ? resolve(q.origin) : undefined,
          about: q.about ? addressFromUrl(q.about) : undefined,
          cursor,
          limit: q.limit,
          newestFirst: true,
        });
        const records = (await ctx.subs.state.getMany(page.ids.map(K.report))) as (ReportRecord | undefined)[];
        const shown = records.filter(
          (r): r is ReportRecord => !!r && r.retracted === null && (!q.status || reportStatus(r) === q.status),
        );
        reports.push(...(await reportsJson(ctx, shown)));
        cursor = page.next ?? undefined;
      } while (cursor && reports.length < q.limit);
      reports.sort((a, b) => b.ts - a.ts);
      return { reports: reports.slice(0, q.limit) };
    },
  );

  app.get(
    '/v1/reports/:id',
    { schema: { params: { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9a-f]{64}$' } } } } },
    async (request) => {
      const { id } = request.params as { id: string };
      const r = await getReport(ctx, id);
      if (!r) throw new ArxNodeError('ARX_NODE_NOT_FOUND', `report ${id}`);
      return (await reportsJson(ctx, [r]))[0];
    },
  );

  app.get(
    '/v1/listings',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            list: { type: 'string' },
            origin: { type: 'string' },
            all: { type: 'boolean', default: false },
          },
        },
      },
    },
    async (request) => {
      const q = request.query as { list?: string; origin?: string; all: boolean };
      const roster = ctx.roster();
      const origin = q.origin ? roster.resolve(q.origin) : undefined;
      if (q.origin && !origin) throw new ArxNodeError('ARX_NODE_BAD_REQUEST', `no member "${q.origin}"`);
      const now = Date.now();
      if (!q.all) {
        const views = ctx.listings.active(
          { ...(q.list ? { list: q.list as never } : {}), ...(origin ? { origin } : {}) },
          now,
        );
        return { listings: views.sort(bySince).map((v) => listingJson(ctx, v, now)) };
      }
      const listings: ListingJson[] = [];
      for await (const value of ctx.subs.state.values({ gte: 'lst!', lt: 'lst!\uffff' })) {
        const r = value as ListingRecord;
        if (q.list && r.list !== q.list) continue;
        if (origin && r.origin !== origin) continue;
        listings.push(
          listingJson(
            ctx,
            listingView(r, (k) => roster.handleOf(k)),
            now,
          ),
        );
      }
      return { listings: listings.sort(bySince) };
    },
  );

  app.get('/v1/delist/queue', async (): Promise<DelistQueueJson> => {
    const roster = ctx.roster();
    const requests: DelistQueueItemJson[] = [];
    for await (const value of ctx.subs.state.values({ gte: 'dr!', lt: 'dr!\uffff' })) {
      const d = value as DelistRecord;
      if (d.retracted) continue;
      const l = (await ctx.subs.state.get(K.listing(d.listing))) as ListingRecord | undefined;
      if (!l) continue;
      requests.push({
        id: d.id,
        listing: listingJson(
          ctx,
          listingView(l, (k) => roster.handleOf(k)),
        ),
        listOperator: roster.handleOf(l.origin),
        by: roster.handleOf(d.by),
        remediation: d.remediation,
        ts: d.ts,
        decision: d.decision,
        mine: l.origin === ctx.ownKey,
      });
    }
    requests.sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : 1));
    return { requests };
  });

  app.get('/v1/roster', async (): Promise<RosterJson> => {
    const roster = ctx.roster();
    return {
      version: roster.version,
      issued: roster.roster.issued,
      name: roster.roster.name ?? null,
      threshold: roster.roster.threshold,
      // Keys in both forms, as for members: `key` hex, `id` arx1.
      stewards: roster.roster.stewards.map((k) => ({ key: toHex(k), id: formatKeyId(k) })),
      members: roster.members().map((m) => roster.view(m)),
      // SHA-256 of the signed document served by /v1/roster/document.
      digest: roster.documentDigest,
    };
  });

  // The signed roster document itself (COSE_Sign, tag 98), for a reader to verify.
  app.get('/v1/roster/document', async (_request, reply) =>
    reply.type('application/cose').send(Buffer.from(ctx.roster().document)),
  );

  app.get('/v1/peers', async (): Promise<PeersJson> => ({ peers: ctx.peers() }));

  for (const path of ['/v1/contacts/:address', '/v1/contacts/:address/:len']) {
    app.get(path, { schema: { params: addressParam } }, async (request) => contacts(addressOf(request)));
  }

  function contacts(address: string): ContactsJson {
    const prefix = addressFromUrl(address);
    const roster = ctx.roster();
    const found = roster.claimFor(prefix);
    if (!found) {
      return {
        objectClassName: 'ip network',
        handle: formatPrefix(prefix),
        query: address,
        responsible: null,
        entities: [],
        remarks: [{ title: 'unclaimed', description: ['No roster member claims this address space.'] }],
        source: { roster: roster.version },
      };
    }
    const view = responsibleView(roster, found);
    const vcard = (email: string, kind: string) => [
      'vcard',
      [
        ['version', {}, 'text', '4.0'],
        ['fn', {}, 'text', `${view.handle} ${kind}`],
        ['email', {}, 'text', email],
      ],
    ];
    return {
      // RFC 9083 §5.4-like network object with abuse entities (§5.1).
      objectClassName: 'ip network',
      handle: view.claim,
      query: address,
      responsible: view,
      lang: view.languages[0] ?? 'en',
      entities: [
        ...view.contacts.abuse.map((email) => ({
          objectClassName: 'entity',
          handle: view.handle,
          roles: ['abuse'],
          vcardArray: vcard(email, 'abuse'),
        })),
        ...view.contacts.escalation.map((email) => ({
          objectClassName: 'entity',
          handle: view.handle,
          roles: ['abuse', 'noc'],
          vcardArray: vcard(email, 'escalation'),
        })),
      ],
      source: { roster: roster.version, claim: view.claim, signedBy: 'roster stewards' },
    };
  }
}

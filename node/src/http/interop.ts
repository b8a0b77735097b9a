/** Routes for the mail ecosystem: list exports, ARF / X-ARF import and report export. */
import { LIST_KINDS, type ListKind, parseEntry, type ReportBody } from '@arx/protocol';
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../context.js';
import {
  EXPORT_FORMATS,
  EXPORT_MEDIA_TYPES,
  type ExportFormat,
  exportList,
  RBLDNSD_DATASETS,
  type RbldnsdDataset,
  rbldnsdLines,
} from '../dnsbl/index.js';
import { zoneIndex, zoneOptions } from '../dnsbl-service.js';
import { ArxNodeError } from '../errors.js';
import { describeRefusal, exportArf, exportXarf, importXarf, isRefusal } from '../interop/index.js';
import { exportable, importArfMessage } from '../mail.js';
import { publishBody } from '../publish.js';
import { requireOperator } from './server.js';

const idParam = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
} as const;

async function storedReport(ctx: NodeContext, id: string) {
  const bytes = (await ctx.subs.entries.get(id)) as Uint8Array | undefined;
  const entry = bytes && parseEntry(bytes);
  if (!entry || entry.payload.kind !== 'report') throw new ArxNodeError('ARX_NODE_NOT_FOUND', `report ${id}`);
  return exportable(ctx, {
    originHex: entry.originHex,
    idHex: entry.idHex,
    ts: entry.payload.ts,
    body: entry.payload.body as ReportBody,
  });
}

export function interopRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.get(
    '/v1/lists/:list/export',
    {
      schema: {
        params: {
          type: 'object',
          required: ['list'],
          properties: { list: { type: 'string', enum: Object.keys(LIST_KINDS) } },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            format: { type: 'string', enum: [...EXPORT_FORMATS], default: 'cidr' },
            origin: { type: 'string' },
          },
        },
      },
    },
    async (request, reply) => {
      const { list } = request.params as { list: ListKind };
      const { format, origin } = request.query as { format: ExportFormat; origin?: string };
      const roster = ctx.roster();
      // A list operator exports its own lists by default; anyone else, every operator's.
      const isOperator = roster.member(ctx.ownKey)?.roles.includes('list-operator') ?? false;
      const originKey =
        origin === 'all' ? undefined : origin ? roster.resolve(origin) : isOperator ? ctx.ownKey : undefined;
      if (origin && origin !== 'all' && !originKey)
        throw new ArxNodeError('ARX_NODE_BAD_REQUEST', `no member "${origin}"`);
      const now = Date.now();
      const listings = ctx.listings.active({ list, ...(originKey ? { origin: originKey } : {}) }, now);
      reply.type(EXPORT_MEDIA_TYPES[format]);
      return exportList(listings, format, { zone: ctx.config.dnsbl.zone, list, now });
    },
  );

  app.get(
    '/v1/dnsbl/rbldnsd/:dataset',
    {
      schema: {
        description:
          "One rbldnsd dataset of the node's whole DNSBL zone (every list it serves, its SOA and NS), for rbldnsd mirrors.",
        params: {
          type: 'object',
          required: ['dataset'],
          properties: { dataset: { type: 'string', enum: [...RBLDNSD_DATASETS] } },
        },
      },
    },
    async (request, reply) => {
      const { dataset } = request.params as { dataset: RbldnsdDataset };
      const now = Date.now();
      const zone = ctx.dnsbl.server?.zone;
      // The zone's serial, sealed now, so that mirrors and secondaries name the same version.
      const serial = zone ? zone.seal() : undefined;
      reply.type(EXPORT_MEDIA_TYPES.rbldnsd);
      const listings = zoneIndex(ctx).active({}, now);
      return [...rbldnsdLines(listings, dataset, { ...zoneOptions(ctx), now, serial })].join('');
    },
  );

  app.post(
    '/v1/import/arf',
    {
      preHandler: requireOperator(ctx),
      // Body: the message as message/rfc822 (parsed to bytes by the server's content parser).
      schema: { headers: { type: 'object', properties: { 'content-type': { type: 'string' } } } },
    },
    async (request, reply) => {
      const body = request.body;
      const raw = body instanceof Uint8Array ? body : typeof body === 'string' ? Buffer.from(body) : undefined;
      if (!raw) throw new ArxNodeError('ARX_NODE_BAD_REQUEST', 'send the message as message/rfc822');
      const result = await importArfMessage(ctx, raw);
      if (!result.accepted) reply.status(422);
      return result;
    },
  );

  app.post(
    '/v1/import/xarf',
    {
      preHandler: requireOperator(ctx),
      // X-ARF v4 JSON, validated against the X-ARF schemas before anything is signed.
      schema: { body: { type: 'object' } },
    },
    async (request, reply) => {
      const body = importXarf(request.body);
      if (isRefusal(body)) {
        reply.status(422);
        return { accepted: false, code: body.code, message: describeRefusal(body), zh: body.zh };
      }
      const stored = await publishBody(ctx, 'report', body);
      return { accepted: true, id: stored.id, duplicate: stored.status === 'duplicate' };
    },
  );

  app.get(
    '/v1/reports/:id/arf',
    {
      schema: {
        params: idParam,
        querystring: { type: 'object', properties: { lang: { type: 'string' }, to: { type: 'string' } } },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const { lang, to } = request.query as { lang?: string; to?: string };
      const report = await storedReport(ctx, id);
      const responsible = ctx
        .roster()
        .responsibleFor('ip' in report.body.about ? report.body.about : { ip: new Uint8Array(4), len: 0 });
      reply.type('message/rfc822');
      return exportArf(report, {
        from: report.origin.contact,
        to: to ?? responsible?.contacts.abuse[0] ?? report.origin.contact,
        lang: lang ?? 'en',
        userAgent: 'arx-node/0.1',
      });
    },
  );

  app.get('/v1/reports/:id/xarf', { schema: { params: idParam } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const result = exportXarf(await storedReport(ctx, id));
    if (isRefusal(result)) {
      reply.status(422);
      return { error: { code: 'ARX_NODE_BAD_REQUEST', message: describeRefusal(result) } };
    }
    return result;
  });
}

/** Routes for the mail ecosystem: list exports, ARF / X-ARF import and report export. */

import type { IncomingMessage } from 'node:http';
import { LIST_KINDS, type ListKind, parseEntry, type ReportBody } from '@arx/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
import { zoneIndex, zoneOptions } from '../dnsbl/service.js';
import { ArxNodeError } from '../errors.js';
import { withHeldEvidence, withObserved } from '../interop/complaints.js';
import { exportArf, exportXarf, isRefusal, refuse } from '../interop/index.js';
import { exportable, type ImportAnswer, importArfMessage, importXarfDocument, refusalAnswer } from '../interop/mail.js';
import { envelopeOf } from '../store/envelopes.js';
import { requireOperator } from './operator.js';

/** A request body past the route's limit: how much arrived (the bytes themselves were dropped). */
class OversizedBody {
  constructor(readonly bytes: number) {}
}

/**
 * Reads a request body up to `limit` bytes. Past the limit the bytes are read and
 * dropped (up to as many again), so the client finishes sending and reads the typed
 * refusal instead of a reset connection; past that the connection is closed.
 */
function boundedBody(limit: number) {
  return (_request: FastifyRequest, payload: IncomingMessage, done: (e: Error | null, b?: unknown) => void) => {
    const chunks: Buffer[] = [];
    let size = 0;
    payload.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else {
        chunks.length = 0;
        if (size > 2 * limit + 1024 * 1024) payload.destroy();
      }
    });
    payload.on('end', () => done(null, size > limit ? new OversizedBody(size) : Buffer.concat(chunks)));
    payload.on('error', (error) => done(error));
  };
}

/** Sends an import answer: 200 accepted, 413 too large, 422 refused. */
function answer(reply: FastifyReply, result: ImportAnswer): ImportAnswer {
  if (!result.accepted) reply.status(result.code === 'too-large' ? 413 : 422);
  return result;
}

/**
 * The import routes, in their own scope: their bodies are read by boundedBody with the
 * route's limit from the config (arf.maxBytes, xarf.maxBytes), whatever the content
 * type, and only after the operator token is checked.
 */
function importRoutes(ctx: NodeContext): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    app.removeAllContentTypeParsers();
    const tooLarge = (body: unknown, limit: number): ImportAnswer | undefined =>
      body instanceof OversizedBody
        ? refusalAnswer(refuse('too-large', `${body.bytes} bytes, limit ${limit}`))
        : undefined;
    app.register(async (arf) => {
      arf.addContentTypeParser('*', boundedBody(ctx.config.arf.maxBytes));
      arf.post(
        '/v1/import/arf',
        {
          onRequest: requireOperator(ctx),
          // Body: the message (message/rfc822), bytes as received.
          schema: {
            querystring: {
              type: 'object',
              additionalProperties: false,
              properties: { commercial: { type: 'boolean', default: false } },
            },
          },
        },
        async (request, reply) => {
          const body = request.body;
          const large = tooLarge(body, ctx.config.arf.maxBytes);
          if (large) return answer(reply, large);
          if (!(body instanceof Uint8Array) || body.length === 0) {
            return answer(reply, refusalAnswer(refuse('unparseable', 'empty request body')));
          }
          const { commercial } = request.query as { commercial: boolean };
          return answer(reply, await importArfMessage(ctx, body, { commercial }));
        },
      );
    });
    app.register(async (xarf) => {
      xarf.addContentTypeParser('*', boundedBody(ctx.config.xarf.maxBytes));
      // X-ARF v4 JSON, read as bytes: malformed or empty JSON is the typed `unparseable`.
      xarf.post('/v1/import/xarf', { onRequest: requireOperator(ctx) }, async (request, reply) => {
        const body = request.body;
        const large = tooLarge(body, ctx.config.xarf.maxBytes);
        if (large) return answer(reply, large);
        return answer(reply, await importXarfDocument(ctx, body instanceof Uint8Array ? body : ''));
      });
    });
  };
}

const idParam = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
} as const;

async function storedReport(ctx: NodeContext, id: string) {
  const bytes = await envelopeOf(ctx.subs, id);
  const entry = bytes && parseEntry(bytes);
  if (!entry || entry.payload.kind !== 'report') throw new ArxNodeError('ARX_NODE_NOT_FOUND', `report ${id}`);
  return exportable(ctx, {
    originHex: entry.originHex,
    idHex: entry.idHex,
    ts: entry.payload.ts,
    // Exports say what this node knows: repeats raise the observed count (complaints.ts).
    body: await withObserved(ctx, entry.idHex, await withHeldEvidence(ctx, entry, entry.payload.body as ReportBody)),
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

  app.register(importRoutes(ctx));

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
      // The refusal's code, texts and detail; `accepted` belongs to imports only.
      const { accepted: _, ...refusal } = refusalAnswer(result);
      return refusal;
    }
    return result;
  });
}

/** Routes for entries: submit a signed entry, publish for the node's organisation, get, query. */
import { entryToJson, fromHex, parsePrefix } from '@arx/protocol';
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../context.js';
import { ArxNodeError, withEntryId } from '../errors.js';
import { publishOwn } from '../ingest/publish.js';
import { queryEntries } from '../store/query.js';
import { requireOperator } from './operator.js';
import { entryJson } from './views.js';

const idParam = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
} as const;

const isHex = (value: unknown): value is string => typeof value === 'string' && /^([0-9a-fA-F]{2})+$/.test(value);

export function entryRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.post(
    '/v1/entries',
    {
      // Hex doubles the size: a JSON body must fit an entry of the largest allowed size.
      bodyLimit: 2 * ctx.config.limits.maxFrameBytes + 4096,
      schema: {
        description:
          'Submit an entry already signed (raw COSE_Sign1 bytes, or JSON { envelope: hex, evidence?: hex } ' +
          "with a report's detached evidence).",
        body: {
          anyOf: [
            {
              type: 'object',
              required: ['envelope'],
              properties: { envelope: { type: 'string' }, evidence: { type: 'string' } },
            },
            { type: 'string' },
            { type: 'object' },
          ],
        },
      },
    },
    async (request) => {
      const raw = request.body;
      let bytes: Uint8Array;
      let evidence: Uint8Array | undefined;
      if (raw instanceof Uint8Array) bytes = raw;
      else {
        const { envelope, evidence: evidenceHex } = raw as { envelope?: unknown; evidence?: unknown };
        if (!isHex(envelope)) {
          throw new ArxNodeError('ARX_NODE_BAD_REQUEST', 'body must be COSE bytes or { "envelope": "<hex>" }');
        }
        if (evidenceHex !== undefined && !isHex(evidenceHex)) {
          throw new ArxNodeError('ARX_NODE_BAD_REQUEST', '"evidence" must be hex (the detached evidence bytes)');
        }
        bytes = fromHex(envelope);
        evidence = evidenceHex === undefined ? undefined : fromHex(evidenceHex);
      }
      const result = await ctx.ingest.submitFromClient(bytes, evidence);
      if (result.status === 'gap') {
        const gap = new ArxNodeError('ARX_NODE_GAP', `missing seq ${result.missing?.from}..${result.missing?.to}`);
        throw withEntryId(gap, result.entry.id);
      }
      if (result.status === 'fork') {
        throw withEntryId(new ArxNodeError('ARX_NODE_FORK', `seq ${result.entry.payload.seq}`), result.entry.id);
      }
      return {
        id: result.id,
        accepted: true,
        reason: result.status === 'duplicate' ? 'duplicate' : 'accepted',
        effect: result.effect?.outcome ?? null,
        effectReason: result.effect?.reason ?? null,
      };
    },
  );

  app.post(
    '/v1/publish',
    {
      preHandler: requireOperator(ctx),
      schema: {
        description: "Sign and publish an entry for this node's organisation (operator token required).",
        body: {
          type: 'object',
          required: ['kind', 'body'],
          additionalProperties: false,
          properties: { kind: { type: 'string' }, body: { type: 'object' } },
        },
      },
    },
    async (request) => {
      const { kind, body } = request.body as { kind: string; body: unknown };
      const result = await publishOwn(ctx, kind, body);
      return { id: result.id, seq: result.entry.payload.seq, entry: entryToJson(result.entry, true) };
    },
  );

  app.get('/v1/entries/:id', { schema: { params: idParam } }, async (request) => {
    const { id } = request.params as { id: string };
    const json = await entryJson(ctx, id, true);
    if (!json) throw new ArxNodeError('ARX_NODE_NOT_FOUND', id);
    return json;
  });

  app.get(
    '/v1/entries',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            kind: { type: 'string' },
            origin: { type: 'string' },
            responsible: { type: 'string' },
            about: { type: 'string' },
            since: { type: 'integer', minimum: 0 },
            until: { type: 'integer', minimum: 0 },
            cursor: { type: 'string' },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          },
        },
      },
    },
    async (request) => {
      const q = request.query as Record<string, string | number | undefined>;
      const roster = ctx.roster();
      const resolve = (ref: string, field: string) => {
        const key = ref === 'me' ? ctx.ownKey : roster.resolve(ref);
        if (!key) throw new ArxNodeError('ARX_NODE_BAD_REQUEST', `${field}: no member "${ref}"`);
        return key;
      };
      const page = await queryEntries(ctx, {
        kind: q['kind'] as string | undefined,
        origin: q['origin'] === undefined ? undefined : resolve(String(q['origin']), 'origin'),
        responsible: q['responsible'] === undefined ? undefined : resolve(String(q['responsible']), 'responsible'),
        about: q['about'] === undefined ? undefined : parsePrefix(String(q['about'])),
        since: q['since'] as number | undefined,
        until: q['until'] as number | undefined,
        cursor: q['cursor'] as string | undefined,
        limit: (q['limit'] as number | undefined) ?? 100,
      });
      // Each item carries its envelope, so a reader can verify it without a second request.
      const entries = [];
      for (const id of page.ids) {
        const json = await entryJson(ctx, id, true);
        if (json) entries.push(json);
      }
      return { entries, next: page.next };
    },
  );
}

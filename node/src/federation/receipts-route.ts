/**
 * `GET /v1/receipts`: which organisations hold an origin's log, and how far, from the
 * signed receipts they published (state keys `rcpt!<origin>!<holder>`). By default the
 * origin is this node's own organisation: "who has received what I published?".
 */
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../context.js';
import { ArxNodeError } from '../errors.js';
import { K } from '../state/records.js';

const receiptSchema = {
  type: 'object',
  required: ['holder', 'key', 'seq', 'ts', 'current'],
  properties: {
    holder: { type: ['string', 'null'] },
    key: { type: 'string' },
    seq: { type: 'integer' },
    ts: { type: 'integer' },
    current: { type: 'boolean' },
  },
} as const;

export function receiptRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.get(
    '/v1/receipts',
    {
      schema: {
        description: 'Delivery receipts for an origin (default: this node’s organisation).',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { origin: { type: 'string', maxLength: 128 } },
        },
        response: {
          200: {
            type: 'object',
            required: ['origin', 'key', 'seq', 'receipts'],
            properties: {
              origin: { type: ['string', 'null'] },
              key: { type: 'string' },
              seq: { type: 'integer' },
              receipts: { type: 'array', items: receiptSchema },
            },
          },
        },
      },
    },
    async (request) => {
      const { origin } = request.query as { origin?: string };
      const roster = ctx.roster();
      const key = origin === undefined || origin === 'me' ? ctx.ownKey : roster.resolve(origin);
      if (!key) throw new ArxNodeError('ARX_NODE_BAD_REQUEST', `no member "${origin}"`);
      const seq = ctx.writer.head(key)?.seq ?? 0;
      const prefix = K.receipt('', key);
      const receipts = [];
      for await (const [stateKey, value] of ctx.subs.state.iterator({ gte: prefix, lt: `${prefix}\uffff` })) {
        const holder = String(stateKey).slice(prefix.length);
        const r = value as { seq: number; ts: number };
        receipts.push({ holder: roster.handleOf(holder), key: holder, seq: r.seq, ts: r.ts, current: r.seq >= seq });
      }
      receipts.sort((a, b) => String(a.holder).localeCompare(String(b.holder)));
      return { origin: roster.handleOf(key), key, seq, receipts };
    },
  );
}

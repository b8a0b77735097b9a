/**
 * `GET /v1/forks`: the fork evidence this node holds — for each origin and seq, the ids
 * of the conflicting entries (each retrievable as raw bytes from the proof relay, and
 * each signed by the origin's key, so anyone can check the proof).
 */
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../context.js';

export function forkRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.get(
    '/v1/forks',
    {
      schema: {
        description: 'Fork evidence: conflicting entries of the same origin and seq.',
        response: {
          200: {
            type: 'object',
            required: ['forks'],
            properties: {
              forks: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['origin', 'handle', 'seq', 'ids', 'ts'],
                  properties: {
                    origin: { type: 'string' },
                    handle: { type: ['string', 'null'] },
                    seq: { type: 'integer' },
                    ids: { type: 'array', items: { type: 'string' } },
                    ts: { type: ['integer', 'null'] },
                  },
                },
              },
            },
          },
        },
      },
    },
    async () => {
      const roster = ctx.roster();
      const forks = [];
      for await (const [key, value] of ctx.subs.forks.iterator({ limit: 10_000 })) {
        const [origin, seq] = String(key).split('!') as [string, string];
        const record = value as { ids: string[]; ts?: number };
        forks.push({
          origin,
          handle: roster.handleOf(origin),
          seq: Number(seq),
          ids: record.ids,
          ts: record.ts ?? null,
        });
      }
      return { forks };
    },
  );
}

/**
 * What one HTTP client may make the node spend: a request budget per client address on
 * every public route (@fastify/rate-limit), a smaller one on the expensive read routes,
 * answers of those routes shared through a short-lived cache (concurrent identical
 * requests wait for one computation), and the connection caps of the listener.
 * Requests carrying the operator token are the operator's own tools and are exempt.
 */
import rateLimit from '@fastify/rate-limit';
import { createCache } from 'async-cache-dedupe';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { NodeContext } from '../context.js';
import { ArxNodeError } from '../errors.js';
import { mirrorCounter } from '../oversight/registry.js';
import { limitConnections } from './connections.js';
import { hasOperatorToken } from './operator.js';

/** Read routes whose answer costs far more than a lookup: a budget of their own. */
export const EXPENSIVE_ROUTES = new Set(['/v1/metrics/resolution', '/metrics', '/v1/lists/:list/export']);
/** Expensive routes whose answers are cached (keyed by URL and by the log position). */
export const CACHED_ROUTES = new Set(['/v1/metrics/resolution']);

type Handler = (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) => unknown;

/** Registers budgets and caches on `app`; must run before any route is added. */
export async function registerBudgets(app: FastifyInstance, ctx: NodeContext): Promise<void> {
  const { limits } = ctx.config;
  const exempt = new Set(limits.http.exemptAddresses);
  const connections = limitConnections(app.server, limits, ctx.config.tls !== undefined, ctx.log);
  const stopMetrics = ctx.metrics.onScrape(() => {
    const { open, refused } = connections();
    ctx.metrics.httpConnections.set(open);
    mirrorCounter(ctx.metrics.httpConnectionsRefused, refused);
  });
  app.addHook('onClose', async () => stopMetrics());

  // Route options are completed here, before @fastify/rate-limit reads them.
  const cache = createCache({ ttl: limits.http.cacheSeconds, storage: { type: 'memory', options: { size: 64 } } });
  const answers = cache.define(
    'answer',
    { serialize: (call: { key: string }) => call.key },
    (call: { key: string; run: () => Promise<unknown> }) => call.run(),
  );
  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.url === undefined || !EXPENSIVE_ROUTES.has(route.url)) return;
    route.config = {
      ...(route.config as object),
      rateLimit: { max: limits.http.expensiveRequestsPerMinute, timeWindow: 60_000 },
    } as typeof route.config;
    if (!CACHED_ROUTES.has(route.url) || limits.http.cacheSeconds === 0) return;
    const handler = route.handler as Handler;
    route.handler = async function cached(request, reply) {
      // A new stored entry changes the answer: the log position is part of the key.
      const key = `${request.url}\n${ctx.writer.lastCursor}`;
      return answers.answer({ key, run: async () => handler.call(this, request, reply) });
    };
  });

  await app.register(rateLimit, {
    global: true,
    max: limits.http.requestsPerMinute,
    timeWindow: 60_000,
    // Counters are kept for this many clients at most (least recently seen dropped).
    cache: 10_000,
    keyGenerator: (request) => request.ip,
    allowList: (request) => exempt.has(request.ip) || hasOperatorToken(request, ctx.operatorToken),
    errorResponseBuilder: (_request, context) =>
      new ArxNodeError(
        'ARX_NODE_RATE_LIMITED',
        `at most ${context.max} requests per minute; retry in ${context.after}`,
      ),
  });
}

/**
 * The HTTP server: fastify with JSON Schemas on every route, one error handler that
 * turns every typed error into `{ error: { code, message } }` with its HTTP status.
 */
import { readFileSync } from 'node:fs';
import { toHex } from '@arx/protocol';
import Fastify, { type FastifyInstance } from 'fastify';
import { nodePath } from '../config.js';
import type { NodeContext } from '../context.js';
import { ArxNodeError, describeError, entryIdOf } from '../errors.js';
import { oversightRoutes } from '../oversight/index.js';
import { registerBudgets } from './budgets.js';
import { delistRoutes } from './delist.js';
import { entryRoutes } from './entries.js';
import { interopRoutes } from './interop.js';
import { metricsRoutes } from './metrics.js';
import { rosterRoutes } from './roster.js';
import { stateRoutes } from './state.js';

export type RouteRegistrar = (app: FastifyInstance, ctx: NodeContext) => void;

/** Builds the fastify app (routes registered, not yet listening). */
export async function buildHttp(ctx: NodeContext, extra: RouteRegistrar[] = []): Promise<FastifyInstance> {
  const { config } = ctx;
  const http = config.limits.http;
  // Node checks request and header deadlines on a timer; its 30 s default would let a
  // stalled request live up to 30 s past its deadline.
  const timing = {
    headersTimeout: http.headersTimeoutSeconds * 1000,
    requestTimeout: http.requestTimeoutSeconds * 1000,
    connectionsCheckingInterval: Math.min(1000, http.headersTimeoutSeconds * 500),
  };
  const https = config.tls
    ? {
        key: readFileSync(nodePath(config, config.tls.key)),
        cert: readFileSync(nodePath(config, config.tls.cert)),
        ...timing,
      }
    : null;
  const app = Fastify({
    // Per-request lines are noise for an abuse desk; errors are logged by the handler below.
    loggerInstance: ctx.log.child({ component: 'http' }, { level: 'warn' }),
    bodyLimit: config.limits.maxFrameBytes + 4096,
    // Fastify's default strips properties a schema does not allow; a misspelt filter
    // (`?kinds=report`) would then silently match everything. Refuse them instead.
    ajv: { customOptions: { removeAdditional: false } },
    // Fastify turns all of these off by default: a stalled body or an idle socket would stay open for ever.
    requestTimeout: timing.requestTimeout,
    connectionTimeout: timing.requestTimeout,
    keepAliveTimeout: http.keepAliveTimeoutSeconds * 1000,
    http: timing,
    ...(https ? { https } : {}),
  }) as unknown as FastifyInstance;
  app.server.headersTimeout = timing.headersTimeout;
  await registerBudgets(app, ctx);
  // Signed entries travel as raw COSE bytes.
  app.addContentTypeParser(
    ['application/cose', 'application/cbor', 'application/octet-stream', 'message/rfc822'],
    { parseAs: 'buffer' },
    (_req, body, done) => done(null, body),
  );
  app.setErrorHandler((error, request, reply) => {
    const fastifyError = error as { statusCode?: number; code?: string; validation?: unknown; message: string };
    if (fastifyError.validation) {
      return reply.status(400).send({ error: { code: 'ARX_NODE_BAD_REQUEST', message: fastifyError.message } });
    }
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({ error: { code: 'ARX_NODE_TOO_LARGE', message: fastifyError.message } });
    }
    if (fastifyError.statusCode && fastifyError.statusCode < 500 && !(error instanceof ArxNodeError)) {
      return reply
        .status(fastifyError.statusCode)
        .send({ error: { code: 'ARX_NODE_BAD_REQUEST', message: fastifyError.message } });
    }
    const described = describeError(error);
    if (described.http >= 500) request.log.error({ err: error }, 'request failed');
    // A refusal of an entry that parsed names the entry, as the websocket `ok` does.
    const id = entryIdOf(error);
    const body = { code: described.code, message: described.message, ...(id ? { id: toHex(id) } : {}) };
    return reply.status(described.http).send({ error: body });
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ error: { code: 'ARX_NODE_NOT_FOUND', message: `no route ${request.method} ${request.url}` } }),
  );
  entryRoutes(app, ctx);
  stateRoutes(app, ctx);
  rosterRoutes(app, ctx);
  delistRoutes(app, ctx);
  interopRoutes(app, ctx);
  metricsRoutes(app, ctx);
  oversightRoutes(app, ctx);
  for (const register of extra) register(app, ctx);
  return app;
}

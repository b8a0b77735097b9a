/**
 * Oversight: resolution metrics computed from the signed log (JSON with a trace from
 * every figure to its entries, and Prometheus series), and the bilingual dashboard.
 */

import fastJson from 'fast-json-stringify';
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../context.js';
import { ArxNodeError } from '../errors.js';
import type { MetricsJson, TraceJson } from '../http/api-types.js';
import { metasOf } from '../store/envelopes.js';
import { dashboardRoutes } from './dashboard.js';
import { type AggregateQuery, aggregateResolution } from './incremental.js';
import { figuresJson, selectScope } from './json.js';
import { memberInfos } from './members.js';
import { registerOversightSeries } from './prometheus.js';
import type { ResolutionMetrics } from './resolution.js';
import { resolutionQuery, resolutionResponse, traceResponse } from './schema.js';
import { tracedFigure } from './trace.js';
import { windowOf } from './window.js';

export { DASHBOARD_DIR, DASHBOARD_PREFIX } from './dashboard.js';
export { type Figure, percentileFigure, type Sample } from './figures.js';
export { figureAt, figuresJson } from './json.js';
export { unroutedBucket } from './prefixes.js';
export { PROMETHEUS_WINDOW, registerOversightSeries } from './prometheus.js';
export { mirrorCounter, NodeMetrics, type ScrapeHook } from './registry.js';
export {
  computeResolution,
  HISTOGRAM_BOUNDS,
  type MemberInfo,
  type OperatorFigures,
  type ResolutionFigures,
  type ResolutionInput,
  type ResolutionMetrics,
  seriesInstants,
  type Window,
} from './resolution.js';
export { windowOf, windowSpan } from './window.js';

export const RESOLUTION_ROUTE = '/v1/metrics/resolution';

interface ResolutionQuery {
  window: string;
  until?: number;
  member?: string;
  trace?: string;
  entries: boolean;
  charts: boolean;
  offset: number;
  limit: number;
  prefixes: number;
}

/** Computes the metrics for a request (the window ends at `until`, default now). */
export async function resolutionMetrics(
  ctx: NodeContext,
  spec: string,
  until: number,
  charts = true,
): Promise<ResolutionMetrics & { cursor: number; query: AggregateQuery }> {
  // The cursor is read first: the figures hold at least every entry up to it.
  const cursor = ctx.writer.lastCursor;
  const query: AggregateQuery = {
    members: memberInfos(ctx),
    window: windowOf(spec, until),
    targetHours: ctx.config.metrics.targetHours,
    charts,
  };
  return { ...(await aggregateResolution(ctx.subs, query)), cursor, query };
}

async function traceJson(
  ctx: NodeContext,
  metrics: ResolutionMetrics & { query: AggregateQuery },
  q: ResolutionQuery,
  windowJson: MetricsJson['window'],
): Promise<TraceJson> {
  const path = q.trace!;
  const traced = await tracedFigure(ctx.subs, metrics.query, metrics, path, { offset: q.offset, limit: q.limit });
  if (!traced)
    throw new ArxNodeError('ARX_NODE_NOT_FOUND', `no figure "${path}" (use a "trace" value from the figures)`);
  const { figure } = traced;
  const ids = traced.page ? [] : [...new Set(figure.entries)];
  const page = traced.page ? traced.page.entries : ids.slice(q.offset, q.offset + q.limit);
  const samples = traced.page ? traced.page.samples : figure.samples?.slice(q.offset, q.offset + q.limit);
  const metas = await metasOf(ctx.subs, page);
  const roster = ctx.roster();
  return {
    figure: path,
    value: figure.value,
    window: windowJson,
    total: traced.page ? (figure.n ?? 0) : ids.length,
    offset: q.offset,
    entries: page.map((id, i) => {
      const meta = metas[i];
      return {
        id,
        kind: meta?.k ?? null,
        origin: meta?.o ?? null,
        originHandle: meta ? roster.handleOf(meta.o) : null,
        ts: meta?.t ?? null,
        url: `/v1/entries/${id}`,
      };
    }),
    ...(samples ? { samples } : {}),
    ...(figure.pick !== undefined ? { pick: figure.pick } : {}),
  };
}

/** Registers the oversight routes, the dashboard and the Prometheus series. */
export function oversightRoutes(app: FastifyInstance, ctx: NodeContext): void {
  const stopSeries = registerOversightSeries(ctx);
  app.addHook('onClose', async () => stopSeries());

  // Each answer is written by the serializer of its own form, both compiled here, once:
  // a response schema of `anyOf` both forms would validate every answer against both,
  // and a serializer compiled on first use would cost the first request (or the first
  // waiter on a cached answer) far more than the answer itself.
  const compile = (schema: object) => fastJson(schema as Parameters<typeof fastJson>[0]);
  const writeFigures = compile(resolutionResponse);
  const writeTrace = compile(traceResponse);
  app.get(
    RESOLUTION_ROUTE,
    {
      schema: {
        description:
          'Resolution metrics over a window (reports whose ts is in [until − window, until)), per member, ' +
          'list operator and for the federation; ?trace=<figure path> lists the entries behind one figure.',
        querystring: resolutionQuery,
      },
      // Runs for every reply with an answer, including those served from the answer
      // cache (http/budgets.ts), never for errors.
      preSerialization: async (_request, reply, payload: unknown) => {
        if (reply.statusCode === 200)
          reply.serializer(Object.hasOwn(payload as object, 'figure') ? writeTrace : writeFigures);
        return payload;
      },
    },
    async (request) => {
      const q = request.query as ResolutionQuery;
      const until = q.until ?? Date.now();
      if (q.member !== undefined && !ctx.roster().memberByHandle(q.member)) {
        throw new ArxNodeError('ARX_NODE_BAD_REQUEST', `no member "${q.member}"`);
      }
      const metrics = await resolutionMetrics(ctx, q.window, until, q.charts || q.trace !== undefined);
      const windowJson = {
        spec: q.window,
        from: metrics.window.from,
        to: metrics.window.to,
        targetHours: metrics.targetHours,
      };
      if (q.trace !== undefined) return traceJson(ctx, metrics, q, windowJson);
      const scoped = q.member === undefined ? metrics : selectScope(metrics, q.member);
      // The busiest blocks only: a federation's unrouted space can be thousands of blocks,
      // and the answer follows what is listed (the trace paths of those listed are unchanged).
      const { unrouted } = scoped;
      const figures = figuresJson(
        { ...scoped, unrouted: { ...unrouted, prefixes: unrouted.prefixes.slice(0, q.prefixes) } },
        q.entries,
      );
      return {
        window: windowJson,
        cursor: metrics.cursor,
        traceUrl: `${RESOLUTION_ROUTE}?window=${q.window}&until=${until}&trace={figure}`,
        ...figures,
        unrouted: { ...figures.unrouted, prefixCount: unrouted.prefixes.length },
      };
    },
  );

  dashboardRoutes(app, ctx);
}

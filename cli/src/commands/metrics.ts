/**
 * `arx metrics`: resolution metrics the node computes from the signed log — per
 * responsible member (reports, acknowledgement and resolution times, share resolved
 * on time) and per list operator (listings, delisting decisions).
 */
import { resolve } from 'node:path';
import type { FigureJson, MetricsJson } from '@arx/node';
import type { Command } from 'commander';
import { NodeClient } from '../client.js';
import { type NodeOptions, withDir, withExamples, withJson } from '../command.js';
import { type Ctx, printJson } from '../context.js';
import type { MessageKey } from '../i18n.js';
import { parseDuration, parseHandle } from '../input.js';
import { renderTable } from '../table.js';

type Figure = FigureJson;
/** One member's or operator's figures, read by a column's path such as `timeToResolve.median`. */
type Figures = MetricsJson['members'][string] | MetricsJson['operators'][string];

/** A duration in seconds as 45s, 12m, 3.5h or 2.1d. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '-';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m`;
  if (seconds < 86400) return `${(seconds / 3600).toFixed(1)}h`;
  return `${(seconds / 86400).toFixed(1)}d`;
}

function figure(figures: Figures, path: string): Figure | undefined {
  let value: unknown = figures;
  for (const part of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  return value && typeof value === 'object' && 'value' in value ? (value as Figure) : undefined;
}

type Column = [MessageKey, string, (f: Figure | undefined) => string];
const count = (f: Figure | undefined) => (f?.value === null || f?.value === undefined ? '-' : String(f.value));
const time = (f: Figure | undefined) => formatSeconds(f?.value);
const share = (f: Figure | undefined) =>
  f?.value === null || f?.value === undefined ? '-' : `${Math.round(f.value * 100)}%`;

const MEMBER_COLUMNS: Column[] = [
  ['col.reports', 'received', count],
  ['col.open', 'open', count],
  ['col.resolved', 'resolved', count],
  ['col.rejected', 'rejected', count],
  ['col.ackTime', 'timeToAcknowledge.median', time],
  ['col.resolveTime', 'timeToResolve.median', time],
  ['col.withinTarget', 'withinTargetShare', share],
  ['col.oldestOpen', 'oldestOpen', time],
];

const OPERATOR_COLUMNS: Column[] = [
  ['col.activeListings', 'activeListings', count],
  ['col.listed', 'listed', count],
  ['col.requests', 'delistRequests', count],
  ['col.granted', 'granted', count],
  ['col.denied', 'denied', count],
  ['col.pendingCount', 'pending', count],
  ['col.decisionTime', 'timeToDecision.median', time],
];

function table(ctx: Ctx, rows: Record<string, Figures>, columns: Column[]): string {
  return renderTable(
    [ctx.t('col.handle'), ...columns.map(([key]) => ctx.t(key))],
    Object.entries(rows).map(([handle, figures]) => [
      handle,
      ...columns.map(([, path, fmt]) => fmt(figure(figures, path))),
    ]),
  );
}

export function renderMetrics(ctx: Ctx, result: MetricsJson): string {
  const out: string[] = [];
  const w = result.window;
  out.push(ctx.t('metrics.window', { window: w.spec, target: w.targetHours }));
  const { members, operators } = result;
  if (Object.keys(members).length > 0) out.push('', ctx.t('metrics.providers'), table(ctx, members, MEMBER_COLUMNS));
  if (Object.keys(operators).length > 0) {
    out.push('', ctx.t('metrics.operators'), table(ctx, operators, OPERATOR_COLUMNS));
  }
  if (Object.keys(members).length === 0 && Object.keys(operators).length === 0) out.push(ctx.t('metrics.none'));
  return out.join('\n').replace(/^\n/, '');
}

export function registerMetrics(program: Command, ctx: Ctx): void {
  const metrics = withJson(
    withDir(
      program
        .command('metrics')
        .description(ctx.t('cmd.metrics'))
        .option('--window <DURATION>', ctx.t('opt.window'), '30d')
        .option('--member <HANDLE>', ctx.t('opt.metricsMember')),
      ctx,
    ),
    ctx,
  );
  withExamples(metrics, ctx, ['arx metrics --dir ./isc --window 7d', 'arx metrics --dir ./isc --member cnisp1 --json']);
  metrics.action(async (opts: NodeOptions & { window: string; member?: string }) => {
    parseDuration(ctx, opts.window, '--window');
    const member = opts.member === undefined ? undefined : parseHandle(ctx, opts.member, '--member');
    const client = NodeClient.open(ctx, resolve(opts.dir));
    const result = await client.get<MetricsJson>('/v1/metrics/resolution', {
      window: opts.window,
      member,
    });
    if (opts.json) return printJson(ctx, result);
    ctx.io.out(renderMetrics(ctx, result));
  });
}

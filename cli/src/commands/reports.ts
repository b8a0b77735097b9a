/** `arx reports` (list, filter) and `arx ack` (move a report you are responsible for). */
import { resolve } from 'node:path';
import type { ReportJson } from '@arx/node';
import { formatPrefix, type JsonValue, REPORT_CATEGORIES } from '@arx/protocol';
import type { Command } from 'commander';
import { NodeClient } from '../client.js';
import { type NodeOptions, withDir, withExamples, withJson } from '../command.js';
import { type Ctx, printJson } from '../context.js';
import { usageError } from '../errors.js';
import { parseCode, parseEntryId, parseHandle, parseInteger, parsePrefixArg } from '../input.js';
import { formatTime, statusLabel } from '../render.js';
import { renderPairs, renderTable } from '../table.js';
import { publish } from './publish.js';

/** Reports as a table (full ids: they are what `arx ack` takes). */
export function reportsTable(ctx: Ctx, reports: ReportJson[]): string {
  return renderTable(
    [
      'ID',
      ctx.t('col.category'),
      ctx.t('col.about'),
      ctx.t('col.from'),
      ctx.t('col.responsible'),
      ctx.t('col.status'),
      ctx.t('col.count'),
      ctx.t('col.lastSeen'),
    ],
    reports.map((r) => [
      r.id,
      ctx.label(REPORT_CATEGORIES, r.category),
      r.about,
      r.originHandle ?? r.origin.slice(0, 12),
      r.responsible ?? '-',
      statusLabel(ctx, r.status, r.retracted),
      String(r.observed.count),
      formatTime(r.observed.last),
    ]),
  );
}

export function registerReports(program: Command, ctx: Ctx): void {
  const reports = withJson(
    withDir(
      program
        .command('reports')
        .description(ctx.t('cmd.reports'))
        .argument('[ID]', ctx.t('arg.reportIdOptional'))
        .option('--to-me', ctx.t('opt.toMe'))
        .option('--responsible <HANDLE>', ctx.t('opt.responsible'))
        .option('--from <HANDLE>', ctx.t('opt.fromHandle'))
        .option('--status <STATUS>', ctx.t('opt.reportStatus'))
        .option('--about <CIDR>', ctx.t('opt.aboutFilter'))
        .option('--limit <N>', ctx.t('opt.limit'), '100'),
      ctx,
    ),
    ctx,
  );
  withExamples(reports, ctx, ['arx reports --dir ./cnisp1 --to-me --status published', 'arx reports <ID> --json']);
  reports.action(
    async (
      id: string | undefined,
      opts: NodeOptions & {
        toMe?: boolean;
        responsible?: string;
        from?: string;
        status?: string;
        about?: string;
        limit: string;
      },
    ) => {
      if (id !== undefined) {
        const reportId = parseEntryId(ctx, id, 'ID');
        const client = NodeClient.open(ctx, resolve(opts.dir));
        const report = await client.get<ReportJson>(`/v1/reports/${reportId}`);
        if (opts.json) return printJson(ctx, report);
        return showReport(ctx, report);
      }
      if (opts.toMe && opts.responsible) throw usageError(ctx.t('reports.toMeOrResponsible'));
      const query = {
        responsible: opts.toMe ? 'me' : opts.responsible && parseHandle(ctx, opts.responsible, '--responsible'),
        origin: opts.from && parseHandle(ctx, opts.from, '--from'),
        status: opts.status && parseCode(ctx, 'report-status', opts.status, '--status'),
        about: opts.about && formatPrefix(parsePrefixArg(ctx, opts.about, '--about')),
        limit: parseInteger(ctx, opts.limit, '--limit', 1, 5000),
      };
      const client = NodeClient.open(ctx, resolve(opts.dir));
      const { reports: list } = await client.get<{ reports: ReportJson[] }>('/v1/reports', query);
      if (opts.json) return printJson(ctx, { reports: list });
      if (list.length === 0) ctx.io.out(ctx.t('reports.none'));
      else ctx.io.out(reportsTable(ctx, list));
    },
  );

  const ack = withJson(
    withDir(
      program
        .command('ack')
        .description(ctx.t('cmd.ack'))
        .argument('<REPORT_ID>', ctx.t('arg.reportId'))
        .requiredOption('--status <STATUS>', ctx.t('opt.ackStatus'))
        .option('--action <CODE>', ctx.t('opt.action'))
        .option('--reason <CODE>', ctx.t('opt.rejectionReason'))
        .option('--note-en <TEXT>', ctx.t('opt.noteEn'))
        .option('--note-zh <TEXT>', ctx.t('opt.noteZh')),
      ctx,
    ),
    ctx,
  );
  withExamples(ack, ctx, [
    'arx ack <REPORT_ID> --dir ./cnisp1 --status investigating',
    'arx ack <REPORT_ID> --dir ./cnisp1 --status resolved --action relay-closed',
    'arx ack <REPORT_ID> --dir ./cnisp1 --status rejected --reason not-our-network',
  ]);
  ack.action(
    async (
      reportId: string,
      opts: NodeOptions & { status: string; action?: string; reason?: string; noteEn?: string; noteZh?: string },
    ) => {
      const status = parseCode(ctx, 'ack-status', opts.status, '--status');
      const body: Record<string, JsonValue> = { report: parseEntryId(ctx, reportId, 'REPORT_ID'), status };
      if (opts.action !== undefined) body['action'] = parseCode(ctx, 'action', opts.action, '--action');
      if (opts.reason !== undefined) {
        if (status !== 'rejected') throw usageError(ctx.t('ack.reasonOnlyRejected'));
        body['reason'] = parseCode(ctx, 'rejection-reason', opts.reason, '--reason');
      } else if (status === 'rejected') throw usageError(ctx.t('ack.rejectNeedsReason'));
      if (opts.noteEn !== undefined || opts.noteZh !== undefined) {
        body['note'] = {
          ...(opts.noteEn !== undefined ? { en: opts.noteEn } : {}),
          ...(opts.noteZh !== undefined ? { 'zh-CN': opts.noteZh } : {}),
        };
      }
      const client = NodeClient.open(ctx, resolve(opts.dir));
      const result = await publish(ctx, client, 'ack', body);
      if (opts.json) printJson(ctx, result);
      else ctx.io.out(result.id);
    },
  );
}

function showReport(ctx: Ctx, r: ReportJson): void {
  ctx.io.out(
    renderPairs([
      ['ID', r.id],
      [ctx.t('col.category'), `${ctx.label(REPORT_CATEGORIES, r.category)} (${r.category})`],
      [ctx.t('col.about'), r.about],
      [ctx.t('col.from'), r.originHandle ?? r.origin],
      [ctx.t('col.responsible'), r.responsible ?? '-'],
      [ctx.t('col.status'), statusLabel(ctx, r.status, r.retracted)],
      [ctx.t('col.count'), String(r.observed.count)],
      [ctx.t('label.observed'), `${formatTime(r.observed.first)} – ${formatTime(r.observed.last)}`],
    ]),
  );
  ctx.io.out('');
  ctx.io.out(
    renderTable(
      [ctx.t('col.time'), ctx.t('col.status'), ctx.t('col.by'), ctx.t('col.entry')],
      r.timeline.map((s) => [formatTime(s.ts), statusLabel(ctx, s.status), s.by ?? '-', s.entry]),
    ),
  );
}

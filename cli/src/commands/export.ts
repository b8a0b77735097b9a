/**
 * `arx export arf|xarf ID`: a stored report as an ARF (RFC 5965) message or an X-ARF v4
 * document, written to stdout as the node exports it. A report X-ARF cannot express is
 * refused with the node's refusal code (exit 1).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { NodeClient } from '../client.js';
import { type NodeOptions, withDir, withExamples, withJson } from '../command.js';
import { type Ctx, printJson } from '../context.js';
import { parseEmail, parseEntryId } from '../input.js';

interface ExportOptions extends NodeOptions {
  to?: string;
}

export function registerExport(program: Command, ctx: Ctx): void {
  const group = program.command('export').description(ctx.t('cmd.export'));
  const arf = withJson(
    withDir(group.command('arf').description(ctx.t('cmd.exportArf')).argument('<ID>', ctx.t('arg.reportId')), ctx),
    ctx,
  ).option('--to <ADDRESS>', ctx.t('opt.to'));
  withExamples(arf, ctx, [
    'arx export arf --dir ./aol 3f…e1 > report.eml',
    'arx --lang zh-CN export arf --dir ./aol 3f…e1 --to abuse@isp.example',
  ]);
  arf.action(async (id: string, opts: ExportOptions) => {
    const client = NodeClient.open(ctx, resolve(opts.dir));
    const to = opts.to === undefined ? undefined : parseEmail(ctx, opts.to, '--to');
    const message = await client.getText(`/v1/reports/${parseEntryId(ctx, id, 'ID')}/arf`, { lang: ctx.lang, to });
    if (opts.json) return printJson(ctx, { id, format: 'arf', message });
    ctx.io.out(message.replace(/\r\n$/, ''));
  });
  const xarf = withJson(
    withDir(group.command('xarf').description(ctx.t('cmd.exportXarf')).argument('<ID>', ctx.t('arg.reportId')), ctx),
    ctx,
  );
  withExamples(xarf, ctx, ['arx export xarf --dir ./aol 3f…e1 > report.json']);
  xarf.action(async (id: string, opts: NodeOptions) => {
    const client = NodeClient.open(ctx, resolve(opts.dir));
    const doc = await client.get<Record<string, unknown>>(`/v1/reports/${parseEntryId(ctx, id, 'ID')}/xarf`);
    printJson(ctx, opts.json ? { id, format: 'xarf', document: doc } : doc);
  });
}

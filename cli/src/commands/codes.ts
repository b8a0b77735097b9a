/** `arx codes`: the protocol's code tables with their display text. */
import { CODE_TABLES, type CodeInfo, type CodeTableName, describeCode } from '@arx/protocol';
import type { Command } from 'commander';
import { withExamples, withJson } from '../command.js';
import { type Ctx, printJson } from '../context.js';
import { usageError } from '../errors.js';
import { renderTable } from '../table.js';

export function registerCodes(program: Command, ctx: Ctx): void {
  const cmd = program
    .command('codes')
    .description(ctx.t('cmd.codes'))
    .option('--table <NAME>', ctx.t('opt.table', { tables: Object.keys(CODE_TABLES).join(', ') }));
  withJson(cmd, ctx);
  withExamples(cmd, ctx, ['arx codes --table report-category', 'arx codes --table action --lang zh-CN']);
  cmd.action((opts: { table?: string; json?: boolean }) => {
    const names = Object.keys(CODE_TABLES) as CodeTableName[];
    if (opts.table !== undefined && !names.includes(opts.table as CodeTableName)) {
      throw usageError(ctx.t('codes.unknownTable', { table: opts.table, valid: names.join(', ') }));
    }
    const selected = opts.table ? [opts.table as CodeTableName] : names;
    if (opts.json) {
      const tables: Record<string, { code: string; label: string; en: string; 'zh-CN': string }[]> = {};
      for (const name of selected) {
        tables[name] = Object.entries(CODE_TABLES[name] as Record<string, CodeInfo>).map(([code, info]) => ({
          code,
          label: describeCode(CODE_TABLES[name], code, ctx.lang),
          en: info.en,
          'zh-CN': info.zh,
        }));
      }
      printJson(ctx, { lang: ctx.lang, tables });
      return;
    }
    const blocks = selected.map((name) => {
      const rows = Object.keys(CODE_TABLES[name]).map((code) => [code, ctx.label(CODE_TABLES[name], code)]);
      return `${name} — ${ctx.t(`table.${name}`)}\n${renderTable([ctx.t('col.code'), ctx.t('col.meaning')], rows).replace(/^/gm, '  ')}`;
    });
    ctx.io.out(blocks.join('\n\n'));
  });
}

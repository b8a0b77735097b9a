/**
 * `arx import arf|xarf FILE|DIR...`: ARF (RFC 5965) messages or X-ARF v4 documents
 * handed to the node, which parses, redacts (RFC 6590) and files each as a report — new,
 * a repeat of one it holds, or a duplicate delivery — or refuses it with a stable code.
 * Directories are read recursively (hidden files skipped), in name order. Each file is
 * streamed, and the batch always finishes: one line per file with its own outcome, a
 * progress bar on a terminal (not with --json or when stderr is not a TTY), then a
 * summary by outcome and by code. Exit 0 when every file was filed, 1 when any was
 * refused or failed, 3 only when the node is not running at all.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { NodeClient } from '../client.js';
import { type NodeOptions, withDir, withExamples, withJson } from '../command.js';
import { type Ctx, printJson } from '../context.js';
import { CliError, EXIT, failure, usageError } from '../errors.js';
import { errorText } from '../i18n.js';
import { progressLine, renderTable } from '../table.js';

/** The node's answer to one import (docs/api.md). */
interface ImportAnswer {
  accepted: boolean;
  id?: string;
  outcome?: 'imported' | 'repeated' | 'duplicate';
  observed?: { count: number };
  code?: string;
  message?: string;
  en?: string;
  zh?: string;
  detail?: string;
}

type Outcome = 'imported' | 'repeated' | 'duplicate' | 'refused' | 'failed';
const OUTCOMES: readonly Outcome[] = ['imported', 'repeated', 'duplicate', 'refused', 'failed'];

interface FileOutcome {
  file: string;
  outcome: Outcome;
  id?: string;
  count?: number;
  code?: string;
  /** This file's reason, in the chosen language, with its specifics. */
  message?: string;
}

const FORMATS = {
  arf: { path: '/v1/import/arf', contentType: 'message/rfc822' },
  xarf: { path: '/v1/import/xarf', contentType: 'application/json' },
} as const;
type Format = keyof typeof FORMATS;

interface ImportOptions extends NodeOptions {
  commercial?: boolean;
}

/** Every regular file under the given paths (directories recursively, hidden names skipped). */
export function collectFiles(ctx: Ctx, paths: string[]): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(path);
    } catch {
      throw usageError(ctx.t('file.missing', { path }));
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) if (!name.startsWith('.')) walk(join(path, name));
    } else if (stat.isFile()) out.push(path);
  };
  for (const p of paths) walk(resolve(p));
  return out;
}

export function registerImport(program: Command, ctx: Ctx): void {
  const group = program.command('import').description(ctx.t('cmd.import'));
  const arf = withJson(
    withDir(group.command('arf').description(ctx.t('cmd.importArf')).argument('<PATH...>', ctx.t('arg.arfPaths')), ctx),
    ctx,
  ).option('--commercial', ctx.t('opt.commercial'));
  withExamples(arf, ctx, [
    'arx import arf --dir ./aol ./fbl/2024-05-01/',
    'arx import arf --dir ./aol --commercial ./fbl/promotions/',
    'arx import arf --dir ./aol report.eml --json',
  ]);
  arf.action((paths: string[], opts: ImportOptions) => importFiles(ctx, 'arf', paths, opts));
  const xarf = withJson(
    withDir(
      group.command('xarf').description(ctx.t('cmd.importXarf')).argument('<PATH...>', ctx.t('arg.xarfPaths')),
      ctx,
    ),
    ctx,
  );
  withExamples(xarf, ctx, ['arx import xarf --dir ./aol ./xarf/', 'arx import xarf --dir ./aol report.json --json']);
  xarf.action((paths: string[], opts: ImportOptions) => importFiles(ctx, 'xarf', paths, opts));
}

/**
 * One file: what the node said about it, or why it could not be said. `meaning` is the
 * code's own text in the chosen language (the same for every file with that code).
 */
async function importOne(
  ctx: Ctx,
  client: NodeClient,
  format: Format,
  file: string,
  opts: ImportOptions,
): Promise<FileOutcome & { meaning?: string }> {
  const { path, contentType } = FORMATS[format];
  try {
    const { json } = await client.upload<ImportAnswer>(
      path,
      file,
      contentType,
      format === 'arf' && opts.commercial ? { commercial: true } : undefined,
    );
    if (json.accepted) {
      return {
        file,
        outcome: json.outcome ?? 'imported',
        ...(json.id ? { id: json.id } : {}),
        ...(json.observed ? { count: json.observed.count } : {}),
      };
    }
    const code = json.code ?? 'unknown';
    const detail = json.detail ? ` (${json.detail})` : '';
    const zh = ctx.lang === 'zh-CN' && json.zh;
    const message = zh ? `${json.zh}${detail}` : errorText(ctx.lang, code, json.message ?? '');
    const meaning = zh ? json.zh : (json.en ?? message);
    return { file, outcome: 'refused', code, message, ...(meaning ? { meaning } : {}) };
  } catch (error) {
    // Only a node that is not running stops the batch: nothing after it could be filed.
    if (error instanceof CliError && error.exitCode === EXIT.unreachable) throw error;
    const code = (error instanceof CliError && error.code) || 'failed';
    const message = error instanceof Error ? error.message : String(error);
    return { file, outcome: 'failed', code, message, meaning: message };
  }
}

function fileLine(ctx: Ctx, o: FileOutcome): string {
  const what = ctx.t(`import.outcome.${o.outcome}`);
  if (o.outcome === 'refused' || o.outcome === 'failed') return `${o.file}: ${what} ${o.code}: ${o.message ?? ''}`;
  const count = o.outcome === 'repeated' && o.count !== undefined ? ` ${ctx.t('import.observed', { n: o.count })}` : '';
  return `${o.file}: ${what} ${o.id ?? ''}${count}`;
}

async function importFiles(ctx: Ctx, format: Format, paths: string[], opts: ImportOptions): Promise<void> {
  const files = collectFiles(ctx, paths);
  if (files.length === 0) throw usageError(ctx.t('import.noFiles'));
  const client = NodeClient.open(ctx, resolve(opts.dir));
  const showProgress = ctx.io.stderrIsTTY && !opts.json;
  const outcomes: FileOutcome[] = [];
  // The summary shows each code's own text, not the specifics of the first file that had it.
  const meanings = new Map<string, string>();
  const progress = (done: number) => {
    if (showProgress) ctx.io.errRaw(`\r${progressLine(done, files.length, ctx.t('import.progress'))}`);
  };
  const clearProgress = () => {
    if (showProgress) ctx.io.errRaw('\r\x1b[2K');
  };
  try {
    for (const [i, file] of files.entries()) {
      progress(i);
      const { meaning, ...o } = await importOne(ctx, client, format, file, opts);
      outcomes.push(o);
      if (o.code && meaning && !meanings.has(o.code)) meanings.set(o.code, meaning);
      if (!opts.json) {
        clearProgress();
        ctx.io.out(fileLine(ctx, o));
      }
    }
    progress(files.length);
    if (showProgress) ctx.io.errRaw('\n');
  } finally {
    // A node that stopped mid-batch: the files done so far are still reported.
    if (outcomes.length < files.length) clearProgress();
    printSummary(ctx, outcomes, files.length, meanings, opts);
  }
  const notFiled = outcomes.filter((o) => o.outcome === 'refused' || o.outcome === 'failed').length;
  if (notFiled > 0) throw failure(ctx.t('import.someRefused', { n: notFiled, files: outcomes.length }));
}

function printSummary(
  ctx: Ctx,
  outcomes: FileOutcome[],
  total: number,
  meanings: Map<string, string>,
  opts: ImportOptions,
): void {
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, outcomes.filter((x) => x.outcome === o).length]));
  const byCode = new Map<string, number>();
  for (const o of outcomes) if (o.code) byCode.set(o.code, (byCode.get(o.code) ?? 0) + 1);
  if (opts.json) {
    printJson(ctx, {
      files: total,
      done: outcomes.length,
      ...counts,
      byCode: Object.fromEntries(byCode),
      results: outcomes,
    });
    return;
  }
  ctx.io.out(ctx.t('import.summary', { files: outcomes.length, ...counts }));
  if (outcomes.length < total) ctx.io.out(ctx.t('import.stopped', { n: total - outcomes.length }));
  if (byCode.size > 0) {
    ctx.io.out(
      renderTable(
        [ctx.t('col.reason'), ctx.t('col.count'), ctx.t('col.meaning')],
        [...byCode].map(([code, n]) => [code, String(n), meanings.get(code) ?? '']),
      ),
    );
  }
}

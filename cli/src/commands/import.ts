/**
 * `arx import arf FILE|DIR...`: ARF (RFC 5965) messages handed to the node, which
 * parses, redacts (RFC 6590) and publishes each as a report — or refuses it with a
 * stable reason. Directories are read recursively (hidden files skipped), in name
 * order. A progress bar on a terminal, then a summary: imported, duplicates, refused.
 * Exit 0 when nothing was refused, 1 when something was (the summary says why).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { NodeClient } from '../client.js';
import { type NodeOptions, withDir, withExamples, withJson } from '../command.js';
import { type Ctx, printJson } from '../context.js';
import { failure, usageError } from '../errors.js';
import { errorText } from '../i18n.js';
import { progressLine, renderTable } from '../table.js';

interface ImportAnswer {
  accepted: boolean;
  id?: string;
  duplicate?: boolean;
  code?: string;
  message?: string;
}

interface FileOutcome {
  file: string;
  outcome: 'imported' | 'duplicate' | 'refused';
  id?: string;
  code?: string;
  message?: string;
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
  );
  withExamples(arf, ctx, [
    'arx import arf --dir ./aol ./fbl/2024-05-01/',
    'arx import arf --dir ./aol report.eml --json',
  ]);
  arf.action((paths: string[], opts: NodeOptions) => importArfFiles(ctx, paths, opts));
}

async function importArfFiles(ctx: Ctx, paths: string[], opts: NodeOptions): Promise<void> {
  const files = collectFiles(ctx, paths);
  if (files.length === 0) throw usageError(ctx.t('import.noFiles'));
  const client = NodeClient.open(ctx, resolve(opts.dir));
  const showProgress = ctx.io.stderrIsTTY && !opts.json;
  const outcomes: FileOutcome[] = [];
  for (const [i, file] of files.entries()) {
    if (showProgress) ctx.io.errRaw(`\r${progressLine(i, files.length, ctx.t('import.progress'))}`);
    const raw = readFileSync(file);
    const { status, json } = await client.postRaw<ImportAnswer>('/v1/import/arf', raw, 'message/rfc822');
    if (status === 200 && json.accepted) {
      outcomes.push({ file, outcome: json.duplicate ? 'duplicate' : 'imported', ...(json.id ? { id: json.id } : {}) });
    } else if (status === 422 || (status === 200 && !json.accepted)) {
      const code = json.code ?? 'unknown';
      // The node's message starts with the code; the summary shows the code in its own column.
      const message = (json.message ?? '').replace(new RegExp(`^${code}: `), '');
      outcomes.push({ file, outcome: 'refused', code, message: errorText(ctx.lang, code, message) });
    } else throw failure(ctx.t('import.failed', { file, status }));
  }
  if (showProgress) ctx.io.errRaw(`\r${progressLine(files.length, files.length, ctx.t('import.progress'))}\n`);
  const count = (o: FileOutcome['outcome']) => outcomes.filter((x) => x.outcome === o).length;
  const refused = outcomes.filter((o) => o.outcome === 'refused');
  if (opts.json) {
    printJson(ctx, {
      files: outcomes.length,
      imported: count('imported'),
      duplicates: count('duplicate'),
      refused: refused.length,
      results: outcomes,
    });
  } else {
    ctx.io.out(
      ctx.t('import.summary', {
        files: outcomes.length,
        imported: count('imported'),
        duplicates: count('duplicate'),
        refused: refused.length,
      }),
    );
    if (refused.length > 0) {
      const byCode = new Map<string, { n: number; message: string }>();
      for (const r of refused) {
        const seen = byCode.get(r.code!) ?? { n: 0, message: r.message ?? '' };
        seen.n++;
        byCode.set(r.code!, seen);
      }
      ctx.io.out(
        renderTable(
          [ctx.t('col.reason'), ctx.t('col.count'), ctx.t('col.meaning')],
          [...byCode].map(([code, v]) => [code, String(v.n), v.message]),
        ),
      );
      for (const r of refused.slice(0, 20)) ctx.io.out(`  ${r.file}: ${r.code}`);
      if (refused.length > 20) ctx.io.out(`  … ${ctx.t('import.more', { n: refused.length - 20 })}`);
    }
  }
  if (refused.length > 0) throw failure(ctx.t('import.someRefused', { n: refused.length, files: outcomes.length }));
}

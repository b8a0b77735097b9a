/** `arx keygen` and `arx key show`: organisation and steward key files. */
import { resolve } from 'node:path';
import { formatKeyId, generateKeyPair, toHex } from '@arx/protocol';
import type { Command } from 'commander';
import { withExamples, withJson } from '../command.js';
import { type Ctx, printJson } from '../context.js';
import { nodeFiles, readKeyFile, writeKeyFile } from '../files.js';

export function registerKeys(program: Command, ctx: Ctx): void {
  const keygen = program
    .command('keygen')
    .description(ctx.t('cmd.keygen'))
    .requiredOption('--out <FILE>', ctx.t('opt.keyOut'));
  withJson(keygen, ctx);
  withExamples(keygen, ctx, ['arx keygen --out steward.key.json']);
  keygen.action((opts: { out: string; json?: boolean }) => {
    const path = resolve(opts.out);
    const pair = generateKeyPair();
    writeKeyFile(ctx, path, pair);
    const id = formatKeyId(pair.publicKey);
    if (opts.json) printJson(ctx, { file: path, id, publicKey: toHex(pair.publicKey) });
    else {
      ctx.io.out(id);
      ctx.io.err(ctx.t('keygen.done', { path }));
    }
  });

  const key = program.command('key').description(ctx.t('cmd.key'));
  const show = key
    .command('show')
    .description(ctx.t('cmd.keyShow'))
    .option('--dir <DIR>', ctx.t('opt.dir'), '.')
    .option('--key <FILE>', ctx.t('opt.keyFile'));
  withJson(show, ctx);
  show.action((opts: { dir: string; key?: string; json?: boolean }) => {
    const path = opts.key ? resolve(opts.key) : nodeFiles(opts.dir).keyFile;
    const pair = readKeyFile(ctx, path);
    const id = formatKeyId(pair.publicKey);
    if (opts.json) printJson(ctx, { file: path, id, publicKey: toHex(pair.publicKey) });
    else ctx.io.out(id);
  });
}

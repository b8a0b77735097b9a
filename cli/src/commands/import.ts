/** `arx import arf FILE|DIR...`: abuse reports in ARF (RFC 5965) published as ARX reports. */
import type { Command } from 'commander';
import { withDir, withJson } from '../command.js';
import type { Ctx } from '../context.js';
import { failure } from '../errors.js';

export function registerImport(program: Command, ctx: Ctx): void {
  const group = program.command('import').description(ctx.t('cmd.import'));
  const arf = withJson(
    withDir(group.command('arf').description(ctx.t('cmd.importArf')).argument('<PATH...>', ctx.t('arg.arfPaths')), ctx),
    ctx,
  );
  arf.action(() => {
    throw failure(ctx.t('import.unavailable'));
  });
}

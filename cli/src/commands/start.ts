/** `arx start`: run a node in the foreground until SIGINT or SIGTERM. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type * as ArxNode from '@arx/node';
import { ownerAlive, readOwner } from '@arx/node/owner';
import type { Command } from 'commander';
import { withDir } from '../command.js';
import type { Ctx } from '../context.js';
import { failure } from '../errors.js';
import { nodeFiles } from '../files.js';
import { errorText, nodeErrorText } from '../i18n.js';
import { untilSignal } from '../supervisor.js';
import { renderPairs } from '../table.js';

/** How long a node may take to close before the process exits anyway. */
const CLOSE_TIMEOUT_MS = 20_000;

export function registerStart(program: Command, ctx: Ctx): void {
  const cmd = withDir(program.command('start').description(ctx.t('cmd.start')), ctx);
  cmd.action((opts: { dir: string }) => start(ctx, resolve(opts.dir)));
}

function describe(error: unknown): { code: string | undefined; message: string } {
  if (error instanceof Error) return { code: (error as { code?: string }).code, message: error.message };
  return { code: undefined, message: String(error) };
}

async function start(ctx: Ctx, dir: string): Promise<void> {
  // Loaded here, not at the top: only `start` needs the node itself.
  const { loadConfig, startNode } = await import('@arx/node');
  // No look at run/listen.json first: the database lock decides (see @arx/node/owner), so a
  // file left by a dead node never blocks a start and a live node always does.
  let config: ArxNode.NodeConfig;
  try {
    config = loadConfig(dir);
  } catch (error) {
    const { code } = describe(error);
    throw failure(ctx.t('start.badConfig', { message: nodeErrorText(ctx.lang, error) }), code, error);
  }
  if (!existsSync(nodeFiles(dir).rosterFile))
    throw failure(ctx.t('start.noRoster', { path: nodeFiles(dir).rosterFile }));
  const signal = untilSignal();
  let node: ArxNode.NodeHandle;
  try {
    node = await startNode(config);
  } catch (error) {
    const { code, message } = describe(error);
    if (code === 'ARX_NODE_LOCKED') throw locked(ctx, dir, error);
    const text = errorText(ctx.lang, code ?? '', message);
    throw failure(ctx.t('start.failed', { handle: config.handle, message: text }), code, error);
  }
  ctx.io.err(ctx.t('start.running', { handle: config.handle }));
  ctx.io.err(
    renderPairs(
      Object.entries(node.listen)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, String(v)] as [string, string]),
    ).replace(/^/gm, '  '),
  );
  const received = await signal;
  ctx.io.err(ctx.t('start.stopping', { signal: received }));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    node.close().then(() => false),
    new Promise<boolean>((r) => {
      timer = setTimeout(() => r(true), CLOSE_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (timedOut) throw failure(ctx.t('start.closeTimeout'));
  ctx.io.err(ctx.t('start.stopped'));
}

/** The directory is held by another process: say which, and what to do. */
function locked(ctx: Ctx, dir: string, error: unknown): Error {
  const owner = readOwner(nodeFiles(dir).listenFile);
  if (owner && ownerAlive(owner)) {
    return failure(ctx.t('start.locked', { dir, pid: owner.pid }), 'ARX_NODE_LOCKED', error);
  }
  return failure(ctx.t('start.lockedUnknown', { dir }), 'ARX_NODE_LOCKED', error);
}

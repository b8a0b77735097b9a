/** Size of the node's LevelDB files on disk. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { nodePath } from '../config.js';
import type { NodeContext } from '../context.js';

export async function storageBytes(ctx: NodeContext): Promise<number> {
  const dir = nodePath(ctx.config, ctx.config.dataDir);
  let total = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    total += (await stat(join(dir, name)).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

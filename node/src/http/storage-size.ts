/** Size of the node's LevelDB files on disk. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { nodePath } from '../config.js';
import type { NodeContext } from '../context.js';

export async function storageBytes(ctx: NodeContext): Promise<number> {
  const dir = nodePath(ctx.config, ctx.config.dataDir);
  const names = await readdir(dir).catch(() => [] as string[]);
  // All at once: one file after another is a thread-pool round trip each (a scrape of a
  // large store stats hundreds of table files).
  const size = (name: string) =>
    stat(join(dir, name))
      .then((s) => s.size)
      .catch(() => 0);
  const sizes = await Promise.all(names.map(size));
  return sizes.reduce((a, b) => a + b, 0);
}

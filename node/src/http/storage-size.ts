/**
 * Size of the node's LevelDB files on disk. A table file (`.ldb`, `.sst`) is written once
 * and never changes until it is deleted, so its size is read once and kept for as long
 * as the file is listed: a scrape of a large store stats only the few files that do
 * change (the write-ahead log, the manifest, LevelDB's own log), not its hundreds of
 * tables. What is kept is one number per table file still on disk.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { nodePath } from '../config.js';
import type { NodeContext } from '../context.js';

const TABLE = /\.(ldb|sst)$/;

/** Sizes of the table files by directory, then by name. */
const tables = new Map<string, Map<string, number>>();

export async function storageBytes(ctx: NodeContext): Promise<number> {
  const dir = nodePath(ctx.config, ctx.config.dataDir);
  const names = await readdir(dir).catch(() => [] as string[]);
  const known = tables.get(dir) ?? new Map<string, number>();
  const listed = new Map<string, number>();
  // All at once: one file after another is a thread-pool round trip each.
  const size = async (name: string) => {
    const kept = known.get(name);
    if (kept !== undefined) {
      listed.set(name, kept);
      return kept;
    }
    const bytes = await stat(join(dir, name)).then(
      (s) => s.size,
      () => 0,
    );
    if (TABLE.test(name) && bytes > 0) listed.set(name, bytes);
    return bytes;
  };
  const sizes = await Promise.all(names.map(size));
  // Only the tables still listed are kept: a compacted-away file is forgotten.
  tables.set(dir, listed);
  return sizes.reduce((a, b) => a + b, 0);
}

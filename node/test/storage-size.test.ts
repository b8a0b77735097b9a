/**
 * The storage size reported by `/v1/state` and `arx_storage_bytes` is the size of every
 * file in the data directory, read from a real LevelDB store: table files are read once
 * and kept while they are listed, so the figure must still follow the store as it
 * grows, as the write-ahead log changes and as compaction replaces tables.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { NodeContext } from '../src/context.js';
import { storageBytes } from '../src/http/storage-size.js';
import { openDb, type Sublevels } from '../src/store/db.js';
import { tempRoot } from './helpers/fixture.js';

const onDisk = (dir: string) => readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
const tableNames = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.ldb'));

async function write(subs: Sublevels, from: number, count: number): Promise<void> {
  for (let at = from; at < from + count; at += 500) {
    const batch = subs.blobs.batch();
    for (let i = at; i < at + 500; i++)
      batch.put(`k${String((i * 7919) % 100_000).padStart(6, '0')}`, randomBytes(2048));
    await batch.write();
  }
}

const compact = (subs: Sublevels) =>
  (subs.db as unknown as { compactRange(a: string, b: string): Promise<void> }).compactRange('\x00', '\xff');

test('the storage size follows the files on disk as tables are written, replaced and deleted', async (t) => {
  const { root, cleanup } = tempRoot('arx-size-');
  t.after(cleanup);
  const dir = join(root, 'data');
  const subs = await openDb(dir);
  t.after(() => subs.db.close());
  await subs.blobs.open();
  const ctx = { config: { dir: root, dataDir: 'data' } } as unknown as NodeContext;

  assert.equal(await storageBytes(ctx), onDisk(dir), 'a new store');
  await write(subs, 0, 12_000);
  await compact(subs);
  const before = new Set(tableNames(dir));
  assert.ok(before.size > 0, 'the writes were flushed to table files');
  assert.equal(await storageBytes(ctx), onDisk(dir), 'after the first tables');

  // More writes change the log; compaction replaces every table with new ones.
  await write(subs, 12_000, 12_000);
  await compact(subs);
  const after = new Set(tableNames(dir));
  assert.ok(
    [...before].some((n) => !after.has(n)),
    'compaction deleted some of the first tables',
  );
  assert.equal(await storageBytes(ctx), onDisk(dir), 'after compaction');
  assert.equal(await storageBytes(ctx), onDisk(dir), 'asked again');
});

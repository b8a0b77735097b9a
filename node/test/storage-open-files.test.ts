/**
 * `storage.maxOpenFiles` bounds LevelDB's share of the resident set: table files are read
 * through mmap, and only the files in its table cache stay mapped. On a real LevelDB
 * store with more table files than the cap, reads across all of them leave at most the
 * cap mapped; with the default, every file read stays mapped.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DEFAULT_MAX_OPEN_FILES, openDb, type Sublevels } from '../src/store/db.js';
import { tempRoot } from './helpers/fixture.js';

const KEYS = 48_000;
const VALUE_BYTES = 4096;
const key = (i: number) => `k${String(i).padStart(6, '0')}`;

/** Table files of `dir` mapped into this process now. */
function mappedTables(dir: string): number {
  const maps = readFileSync('/proc/self/maps', 'utf8').split('\n');
  return new Set(maps.filter((l) => l.includes(dir) && l.endsWith('.ldb')).map((l) => l.split(/\s+/).at(-1))).size;
}

async function fill(subs: Sublevels): Promise<void> {
  await subs.blobs.open();
  // About 200 MB of incompressible values: several memtable flushes, compacted into 2 MiB tables.
  for (let at = 0; at < KEYS; at += 1000) {
    const batch = subs.blobs.batch();
    // Keys in a scattered order (7919 is prime to KEYS): flushed files overlap, so
    // compaction really merges them into 2 MiB tables rather than moving them whole.
    for (let i = at; i < at + 1000; i++) batch.put(key((i * 7919) % KEYS), randomBytes(VALUE_BYTES));
    await batch.write();
  }
  // Flushed memtables are one large level-0 file each; compaction cuts them into 2 MiB tables.
  await (subs.db as unknown as { compactRange(a: string, b: string): Promise<void> }).compactRange('\x00', '\xff');
}

async function readAll(subs: Sublevels): Promise<void> {
  await subs.blobs.open();
  for (let i = 0; i < KEYS; i += 97) assert.ok(subs.blobs.getSync(key(i)), `key ${i}`);
}

test('storage.maxOpenFiles caps the table files LevelDB keeps mapped', { timeout: 300_000 }, async (t) => {
  const root = tempRoot('arx-open-files-');
  t.after(() => root.cleanup());
  const dir = `${root.root}/data`;
  let subs = await openDb(dir);
  await fill(subs);
  await subs.db.close();
  const files = readdirSync(dir).filter((f) => f.endsWith('.ldb')).length;

  // The least LevelDB takes (74): it keeps 10 for its own files, the rest is the table cache.
  subs = await openDb(dir, { maxOpenFiles: 74 });
  await readAll(subs);
  const capped = mappedTables(dir);
  await subs.db.close();
  assert.ok(capped <= 74 - 10, `${capped} of ${files} tables mapped with maxOpenFiles 74`);

  // With the default cap (above this store's file count), the tables read stay mapped.
  subs = await openDb(dir);
  await readAll(subs);
  const uncapped = mappedTables(dir);
  await subs.db.close();
  assert.ok(
    files > 74 && files < DEFAULT_MAX_OPEN_FILES && uncapped > 74 - 10,
    `${uncapped} of ${files} tables mapped with the default cap`,
  );
});

/**
 * The transaction commit's two ways to LevelDB (store/txn.ts): classic-level's own
 * chained batch, driven through its implementation methods with operations encoded by
 * the transaction, and abstract-level's public chained batch. The same transaction through each, into two fresh stores, must leave the same
 * rows byte for byte; and a LevelDB store must take the native way, so that an upgrade
 * of classic-level without that method shows here rather than as a slower node.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { MemoryLevel } from 'memory-level';
import { type Db, openDb, openSublevels, type Sub, type Sublevels } from '../src/store/db.js';
import { commitPath, Txn } from '../src/store/txn.js';
import { tempRoot } from './helpers/fixture.js';

const roots: (() => void)[] = [];
after(() => {
  for (const cleanup of roots) cleanup();
});

async function freshStore(): Promise<Sublevels> {
  const { root, cleanup } = tempRoot('arx-commit-path-');
  roots.push(cleanup);
  return openDb(root);
}

/** Every row of the store as raw bytes, in key order. */
async function rows(subs: Sublevels): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for await (const [key, value] of subs.db.iterator({ keyEncoding: 'buffer', valueEncoding: 'buffer' })) {
    out.push([(key as unknown as Buffer).toString('hex'), (value as unknown as Buffer).toString('hex')]);
  }
  return out;
}

/** The same rows before the transaction, so that its deletes and overwrites meet stored keys. */
function seed(txn: Txn, subs: Sublevels): void {
  txn.put(subs.state, 'r!old', { n: 1, list: [1, 2, 3] });
  txn.put(subs.state, 'r!gone', { n: 2 });
  txn.put(subs.log, 'o!0000000000000001', 'aa');
  txn.put(subs.entries, 'stale', Uint8Array.of(9, 9, 9));
  txn.put(subs.index, 'k!report!0000000000000001', 'aa');
  txn.put(subs.meta, 'seal', { at: 1 });
}

const lone = 'a\ud800b';
const backing = Uint8Array.from({ length: 64 }, (_, i) => i);

/** One of every kind of value and operation a transaction writes, in every sublevel. */
function build(txn: Txn, subs: Sublevels): void {
  const meta = {
    id: 'ab'.repeat(32),
    c: 7,
    o: 'cd'.repeat(32),
    s: 3,
    k: 'report',
    t: 1_764_000_000_000,
    r: null,
    ip: 'c0000201',
    len: 32,
  };
  // json sublevels: objects, arrays, numbers, strings, booleans, null, non-ASCII and a lone surrogate.
  txn.put(subs.heads, meta.o, { seq: 3, id: meta.id });
  txn.put(subs.arrival, '0000000000000007', meta);
  txn.put(subs.byId, meta.id, meta.c);
  txn.put(subs.state, 'r!old', { n: 10, nested: { deep: [true, false, null, 1.5, -0, 1e21] } });
  txn.put(subs.state, 'r!text', 'just a string');
  txn.put(subs.state, 'r!number', 42);
  txn.put(subs.state, 'r!null', null);
  txn.put(subs.state, 'r!unicode', { note: 'Grüße, ключ, 鍵, 🔑', lone });
  txn.put(subs.forks, `${meta.o}!0000000000000003`, { ids: ['01', '02'], ts: 5 });
  txn.put(subs.meta, 'floor!x', 12);
  txn.put(subs.mail, 'outbox!1', { to: 'abuse@example.net', body: 'x'.repeat(100_000) });
  // utf8 sublevels: strings (empty, non-ASCII, a lone surrogate) and a number written as text.
  txn.put(subs.log, 'o!0000000000000003', meta.id);
  txn.put(subs.log, 'o!empty', '');
  txn.put(subs.index, 'k!report!0000000000000007', meta.id);
  txn.put(subs.index, 'i!ключ!🔑', 'Grüße');
  txn.put(subs.index, 'i!lone', lone);
  txn.put(subs.index, 'n!number', 17);
  // byte sublevels: a Uint8Array, a Buffer, a view into the middle of a larger buffer, empty bytes, text.
  txn.put(subs.entries, meta.id, Uint8Array.of(0, 1, 127, 128, 255));
  txn.put(subs.blobs, 'digest', Buffer.from('blob bytes'));
  txn.put(subs.evidence, '0000000000490000!ab', backing.subarray(10, 20));
  txn.put(subs.entries, 'empty', new Uint8Array(0));
  txn.put(subs.entries, 'text', `text in a byte sublevel ${lone}`);
  // Deletes: of stored keys, of a key never stored, of a key written earlier in the same
  // transaction; and a stored key deleted, then written again.
  txn.del(subs.state, 'r!gone');
  txn.del(subs.entries, 'stale');
  txn.del(subs.meta, 'seal');
  txn.del(subs.log, 'o!never');
  txn.put(subs.index, 'k!temp', 'temp');
  txn.del(subs.index, 'k!temp');
  txn.del(subs.index, 'k!report!0000000000000001');
  txn.put(subs.index, 'k!report!0000000000000001', 'back');
}

test('a LevelDB store commits through classic-level’s native batch; memory-level through the public API', async () => {
  const subs = await freshStore();
  try {
    // If this fails after an upgrade of classic-level, its `_chainedBatch` has gone or
    // changed: commits still work (the public path), but cost about five times as much.
    assert.equal(commitPath(subs.db), 'native');
    const txn = new Txn(subs);
    txn.put(subs.state, 'k', { n: 1 });
    assert.equal(await txn.commit(true), 'native');
    assert.deepEqual(await subs.state.get('k'), { n: 1 });
    assert.equal(await new Txn(subs).commit(true), null);
  } finally {
    await subs.db.close();
  }
  const memory = await openSublevels(new MemoryLevel<string, unknown>({ valueEncoding: 'utf8' }) as unknown as Db);
  assert.equal(commitPath(memory.db), 'public');
  const txn = new Txn(memory);
  txn.put(memory.state, 'k', { n: 1 });
  assert.equal(await txn.commit(true), 'public');
  assert.deepEqual(await memory.state.get('k'), { n: 1 });
});

test('the native and the public path write the same rows, byte for byte', async () => {
  const native = await freshStore();
  const publicly = await freshStore();
  try {
    for (const subs of [native, publicly]) {
      const txn = new Txn(subs);
      seed(txn, subs);
      await txn.commit(true, 'public');
    }
    assert.deepEqual(await rows(native), await rows(publicly));
    const a = new Txn(native);
    build(a, native);
    const b = new Txn(publicly);
    build(b, publicly);
    assert.equal(await a.commit(true), 'native');
    assert.equal(await b.commit(true, 'public'), 'public');
    const written = await rows(native);
    assert.deepEqual(written, await rows(publicly));
    // The comparison covers what it should: every sublevel, and the deletes took effect.
    const prefixes = new Set(written.map(([key]) => Buffer.from(key, 'hex').toString('utf8').split('!')[1]));
    assert.deepEqual([...prefixes].sort(), ['a', 'b', 'c', 'e', 'f', 'h', 'i', 'l', 'm', 's', 'v', 'x']);
    assert.equal(await native.state.get('r!gone'), undefined);
    assert.equal(await native.index.get('k!report!0000000000000001'), 'back');
    assert.deepEqual(
      [...((await native.evidence.get('0000000000490000!ab')) as Uint8Array)],
      [...backing.subarray(10, 20)],
    );
  } finally {
    await native.db.close();
    await publicly.db.close();
  }
});

test('what only the public path handles goes that way: a value with no JSON text, bytes that are not bytes, a write listener', async () => {
  const subs = await freshStore();
  const put = async (sub: Sub, value: unknown) => {
    const txn = new Txn(subs);
    txn.put(sub, 'k', value);
    return txn.commit(true);
  };
  try {
    // abstract-level refuses a value JSON cannot write, as it did before the native path.
    await assert.rejects(put(subs.state, undefined), { code: 'LEVEL_INVALID_VALUE' });
    await assert.rejects(put(subs.entries, null), { code: 'LEVEL_INVALID_VALUE' });
    // Met after other rows, such a value leaves the whole transaction unwritten.
    const mixed = new Txn(subs);
    mixed.put(subs.state, 'before', { n: 0 });
    mixed.put(subs.entries, 'bytes', Uint8Array.of(1));
    mixed.put(subs.state, 'k', undefined);
    await assert.rejects(mixed.commit(true), { code: 'LEVEL_INVALID_VALUE' });
    assert.equal(await subs.state.get('before'), undefined);
    assert.equal(await subs.entries.get('bytes'), undefined);
    // A number in a byte sublevel is encoded as its text by abstract-level.
    assert.equal(await put(subs.entries, 5), 'public');
    assert.deepEqual([...((await subs.entries.get('k')) as Uint8Array)], [...Buffer.from('5')]);
    let events = 0;
    const listener = () => events++;
    subs.db.on('write', listener);
    assert.equal(await put(subs.state, { n: 1 }), 'public');
    assert.equal(events, 1);
    subs.db.off('write', listener);
    assert.equal(await put(subs.state, { n: 2 }), 'native');
    assert.equal(events, 1);
  } finally {
    await subs.db.close();
  }
  // A closed database fails as the public API says, not in the native binding.
  const txn = new Txn(subs);
  txn.put(subs.state, 'k', { n: 3 });
  await assert.rejects(txn.commit(true), { code: 'LEVEL_DATABASE_NOT_OPEN' });
});

/**
 * The listing snapshot file (state/listing-snapshot.ts): an index written and read back
 * answers every lookup, export and count exactly as the index it was written from —
 * and keeps doing so through the puts and removals that follow (its hash tables are
 * the original's). A damaged, cut-short or foreign file is refused with a reason, and
 * an index given bad columns stays empty.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CompactListingIndex } from '@arx/node';
import { formatPrefix } from '@arx/protocol';
import type { IndexColumns, ListingInput } from '../src/state/listing-index.js';
import {
  readListingSnapshot,
  SNAPSHOT_FILE,
  SnapshotUnusable,
  writeListingSnapshot,
} from '../src/state/listing-snapshot.js';
import { prng, randomPrefix, tempRoot } from './helpers/fixture.js';

const LISTS = ['spam-source', 'open-relay', 'dynamic'] as const;
const ORIGINS = ['aa'.repeat(32), 'bb'.repeat(32), 'cc'.repeat(32)];
const DOMAINS = ['example.com', 'shop.example.com', 'example.org', 'https://example.net/buy'];
const handleOf = (key: string) => `op-${key.slice(0, 2)}`;

function randomListing(rand: () => number, n: number): ListingInput {
  const id = Buffer.alloc(32);
  id.writeUInt32BE(n, 0);
  id.writeUInt32BE(Math.floor(rand() * 2 ** 32), 28);
  const origin = ORIGINS[Math.floor(rand() * ORIGINS.length)]!;
  const common = {
    id: id.toString('hex'),
    reason: rand() < 0.5 ? ('spam.source' as const) : ('relay.open' as const),
    origin,
    originHandle: handleOf(origin),
    since: 1000 + n,
    expires: rand() < 0.3 ? 5000 + Math.floor(rand() * 1000) : null,
    removedAt: null,
    requests: rand() < 0.1 ? [`${n}`.padStart(64, '0')] : [],
  };
  if (rand() < 0.1) {
    const name = DOMAINS[Math.floor(rand() * DOMAINS.length)]!;
    const target = name.startsWith('https://') ? { url: name } : { domain: name };
    return { ...common, list: 'spamvertised-site', target, targetText: name };
  }
  const target = randomPrefix(rand);
  return { ...common, list: LISTS[Math.floor(rand() * LISTS.length)]!, target, targetText: formatPrefix(target) };
}

/** A random history of puts, replacements and removals applied to `indexes` alike. */
function play(rand: () => number, indexes: CompactListingIndex[], steps: number, from: number, ids: string[]): void {
  for (let n = from; n < from + steps; n++) {
    const roll = rand();
    if (roll < 0.6 || ids.length === 0) {
      const l = randomListing(rand, n);
      for (const index of indexes) index.put(l);
      ids.push(l.id);
    } else if (roll < 0.9) {
      const [gone] = ids.splice(Math.floor(rand() * ids.length), 1);
      for (const index of indexes) index.remove(gone!);
    } else {
      const id = ids[Math.floor(rand() * ids.length)]!;
      const changed = { ...indexes[0]!.get(id)!, requests: ['cd'.repeat(32)] };
      for (const index of indexes) index.put(changed);
    }
  }
}

/** Everything a lookup, an export or the DNSBL can ask of an index, at one instant. */
function answers(index: CompactListingIndex, rand: () => number): unknown {
  const now = 5500;
  const probes = Array.from({ length: 200 }, () => randomPrefix(rand));
  return {
    size: index.size,
    active: index.countActive(now),
    all: index.active({}, now),
    relays: index.active({ list: 'open-relay', origin: ORIGINS[1] }, now),
    addresses: probes.map((p) => index.forAddress(p.ip, now)),
    prefixes: probes.map((p) => index.forPrefix(p, now)),
    scoped: probes.map((p) => index.scoped(ORIGINS[2]!).forAddress(p.ip, now)),
    domains: ['www.shop.example.com', 'example.org', 'https://example.net/buy'].map((d) => index.forDomain(d, now)),
  };
}

test('an index read back from its snapshot answers exactly as the index it was written from, then and after more changes', () => {
  const { root, cleanup } = tempRoot('arx-snapshot-');
  try {
    for (const seed of [1, 2, 3]) {
      const rand = prng(seed);
      const original = new CompactListingIndex();
      const ids: string[] = [];
      play(rand, [original], 3000, 0, ids);
      const bytes = writeListingSnapshot(root, original, `token-${seed}`);
      assert.equal(bytes, readFileSync(join(root, SNAPSHOT_FILE)).length, 'the size written is the file’s');
      const restored = new CompactListingIndex();
      restored.restore(readListingSnapshot(root, `token-${seed}`), handleOf);
      const probeSeed = seed * 1000;
      assert.deepEqual(answers(restored, prng(probeSeed)), answers(original, prng(probeSeed)), `seed ${seed}`);
      for (const id of ids) assert.deepEqual(restored.get(id), original.get(id), `seed ${seed}: ${id} by id`);
      assert.deepEqual(restored.columns(), original.columns(), `seed ${seed}: the same columns`);

      // The restored hash tables and free list carry on like the original's.
      play(rand, [original, restored], 2000, 3000, ids);
      assert.deepEqual(answers(restored, prng(probeSeed + 1)), answers(original, prng(probeSeed + 1)), `seed ${seed}`);
      assert.deepEqual(restored.columns(), original.columns(), `seed ${seed}: still the same columns`);
    }
  } finally {
    cleanup();
  }
});

test('a restored index owns its snapshot’s columns and grows past them like any index', () => {
  const { root, cleanup } = tempRoot('arx-snapshot-');
  try {
    const original = new CompactListingIndex();
    const ids: string[] = [];
    play(prng(7), [original], 1500, 0, ids);
    writeListingSnapshot(root, original, 'grow');
    const columns = readListingSnapshot(root, 'grow');
    const restored = new CompactListingIndex();
    restored.restore(columns, handleOf);
    // Taken, not copied: the restored index reads the very arrays it was given.
    assert.equal(restored.columns().since.buffer, columns.since.buffer);
    assert.equal(restored.columns().byNetwork.buffer, columns.byNetwork.buffer);
    // Only new listings, well past the slots it was restored with (and any free ones).
    const grown = Array.from({ length: 3000 }, (_, i) => randomListing(prng(100 + i), 10_000 + i));
    for (const l of grown) for (const index of [original, restored]) index.put(l);
    // Nothing of it holds the snapshot's buffer any more.
    for (const [name, array] of Object.entries(restored.columns())) {
      if (ArrayBuffer.isView(array)) assert.notEqual(array.buffer, columns.since.buffer, `${name} moved`);
    }
    assert.deepEqual(answers(restored, prng(8)), answers(original, prng(8)));
    for (const id of [...ids, ...grown.map((l) => l.id)]) assert.deepEqual(restored.get(id), original.get(id), id);
    assert.deepEqual(restored.columns(), original.columns());
  } finally {
    cleanup();
  }
});

test('handles come from the roster at start, not from the snapshot', () => {
  const { root, cleanup } = tempRoot('arx-snapshot-');
  try {
    const index = new CompactListingIndex();
    play(prng(4), [index], 200, 0, []);
    writeListingSnapshot(root, index, 't');
    const restored = new CompactListingIndex();
    restored.restore(readListingSnapshot(root, 't'), (key) => (key === ORIGINS[0] ? 'renamed' : null));
    const handles = new Set(restored.active({}, 0).map((v) => `${v.origin.slice(0, 2)}:${v.originHandle}`));
    assert.deepEqual([...handles].sort(), ['aa:renamed', 'bb:null', 'cc:null']);
  } finally {
    cleanup();
  }
});

test('a damaged, cut-short, foreign or stale snapshot is refused with a reason', () => {
  const { root, cleanup } = tempRoot('arx-snapshot-');
  try {
    const index = new CompactListingIndex();
    play(prng(5), [index], 500, 0, []);
    writeListingSnapshot(root, index, 'sealed');
    const file = join(root, SNAPSHOT_FILE);
    const good = readFileSync(file);
    const refused = (bytes: Buffer | null, token: string, reason: RegExp) => {
      if (bytes) writeFileSync(file, bytes);
      assert.throws(
        () => readListingSnapshot(root, token),
        (err: Error) => {
          assert.ok(err instanceof SnapshotUnusable, `${err}`);
          assert.match(err.message, reason);
          return true;
        },
      );
    };
    refused(null, 'another', /stale/);
    for (const at of [3, 20, Math.floor(good.length / 2), good.length - 2]) {
      const flipped = Buffer.from(good);
      flipped[at]! ^= 0x40;
      refused(flipped, 'sealed', at < 8 ? /not a snapshot/ : /checksum/);
    }
    for (const length of [0, 10, 100, good.length - 1]) {
      refused(good.subarray(0, length), 'sealed', length < 8 + 8 + 4 ? /not a snapshot/ : /checksum/);
    }
    refused(Buffer.from('not a snapshot at all, but long enough'), 'sealed', /not a snapshot/);
    writeFileSync(file, good);
    assert.equal(new CompactListingIndex().restore(readListingSnapshot(root, 'sealed'), handleOf), undefined);
  } finally {
    cleanup();
  }
});

test('an index given columns that are not an index’s state refuses them and stays empty', () => {
  const index = new CompactListingIndex();
  play(prng(6), [index], 300, 0, []);
  const c = index.columns();
  const broken: [string, IndexColumns][] = [
    ['a short column', { ...c, since: c.since.subarray(1) }],
    ['a chain out of range', { ...c, next: Int32Array.from(c.next, (v, i) => (i === 0 ? c.used + 5 : v)) }],
    ['an unknown list kind', { ...c, kinds: c.kinds.map((k, i) => (i === 0 ? 'no-such-list' : k)) }],
    ['an operator that is not a key', { ...c, originTable: ['nobody', ...c.originTable.slice(1)] }],
    ['a free slot in use', { ...c, free: Int32Array.of(...c.free, c.free.length === 0 ? 0 : c.used - 1) }],
    ['an id table that is not a power of two', { ...c, byId: c.byId.subarray(1) }],
    ['an id table holding a slot twice', { ...c, byId: Int32Array.from(c.byId, (v) => (v === -1 ? 0 : v)) }],
    [
      'a network table holding a slot out of range',
      { ...c, byNetwork: Int32Array.from(c.byNetwork, (v, i) => (i === c.byNetwork.indexOf(-1) ? c.used + 3 : v)) },
    ],
    ['names of slots that are not names', { ...c, names: [...c.names, [0, 'example.com']] }],
  ];
  for (const [what, columns] of broken) {
    const fresh = new CompactListingIndex();
    assert.throws(() => fresh.restore(columns, handleOf), RangeError, what);
    assert.equal(fresh.size, 0, `${what}: nothing was taken`);
    assert.equal(fresh.columns().used, 0, `${what}: no slot was taken`);
  }
});

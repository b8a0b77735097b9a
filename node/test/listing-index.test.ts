/**
 * The compact listing index against a plain model (every listing in an array, matched
 * by prefix containment) over a random history of puts, replacements and removals:
 * lookups, exports and counts must agree exactly, in the same order.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompactListingIndex } from '@arx/node';
import { formatPrefix, type IpPrefix, prefixContains } from '@arx/protocol';
import { idHash, type ListingInput } from '../src/state/listing-index.js';
import { prng as random, randomPrefix } from './helpers/fixture.js';

const LISTS = ['spam-source', 'open-relay', 'dynamic'] as const;
const ORIGINS = ['aa'.repeat(32), 'bb'.repeat(32)];

function randomListing(rand: () => number, n: number): ListingInput {
  const target = randomPrefix(rand);
  const id = Buffer.alloc(32);
  id.writeUInt32BE(n, 0);
  id.writeUInt32BE(Math.floor(rand() * 2 ** 32), 28);
  return {
    id: id.toString('hex'),
    list: LISTS[Math.floor(rand() * LISTS.length)]!,
    target,
    targetText: formatPrefix(target),
    reason: 'spam.source',
    origin: ORIGINS[Math.floor(rand() * 2)]!,
    originHandle: null,
    since: 1000 + n,
    expires: rand() < 0.3 ? 5000 + Math.floor(rand() * 1000) : null,
    removedAt: null,
    requests: rand() < 0.1 ? [`${n}`.padStart(64, '0')] : [],
  };
}

const activeAt = (l: ListingInput, now: number) => l.expires === null || l.expires > now;

test('lookups, exports and counts of the compact index equal a plain model over a random history', () => {
  for (const seed of [1, 2, 3]) {
    const rand = random(seed);
    const index = new CompactListingIndex();
    let model: ListingInput[] = [];
    for (let n = 0; n < 4000; n++) {
      const roll = rand();
      if (roll < 0.6 || model.length === 0) {
        const l = randomListing(rand, n);
        index.put(l);
        model.push(l);
      } else if (roll < 0.9) {
        const gone = model[Math.floor(rand() * model.length)]!;
        index.remove(gone.id);
        model = model.filter((l) => l.id !== gone.id);
      } else {
        // A change of a listing in place (a delisting request added): same id, new content.
        const i = Math.floor(rand() * model.length);
        const changed = { ...model[i]!, requests: [...model[i]!.requests, 'cd'.repeat(32)] };
        index.put(changed);
        model = [...model.filter((_, j) => j !== i), changed];
      }
      if (n % 97 !== 0) continue;
      const now = 5500;
      assert.equal(index.size, model.length, `seed ${seed} step ${n}: size`);
      assert.equal(index.countActive(now), model.filter((l) => activeAt(l, now)).length, `seed ${seed}: countActive`);
      for (let q = 0; q < 20; q++) {
        const probe = randomPrefix(rand);
        const address = { ip: probe.ip, len: probe.ip.length * 8 };
        const expected = model
          .filter((l) => 'ip' in l.target && prefixContains(l.target, address) && activeAt(l, now))
          .sort((a, b) => (b.target as IpPrefix).len - (a.target as IpPrefix).len);
        const got = index.forAddress(address.ip, now);
        const key = (l: { id: string }) => l.id;
        assert.deepEqual(
          got.map((v) => (v.target as IpPrefix).len),
          expected.map((l) => (l.target as IpPrefix).len),
          `seed ${seed} step ${n}: most specific first`,
        );
        assert.deepEqual(got.map(key).sort(), expected.map(key).sort(), `seed ${seed} step ${n}: same listings`);
      }
      const own = index.scoped(ORIGINS[1]!);
      const probe = randomPrefix(rand).ip;
      const ownExpected = model.filter(
        (l) =>
          l.origin === ORIGINS[1] &&
          prefixContains(l.target as IpPrefix, { ip: probe, len: probe.length * 8 }) &&
          activeAt(l, now),
      );
      assert.deepEqual(
        own
          .forAddress(probe, now)
          .map((v) => v.id)
          .sort(),
        ownExpected.map((l) => l.id).sort(),
        `seed ${seed} step ${n}: one operator's listings`,
      );
      const filter = { list: 'open-relay' as const, origin: ORIGINS[0]! };
      const exported = index
        .active(filter, now)
        .map((v) => v.id)
        .sort();
      const modelled = model.filter((l) => l.list === filter.list && l.origin === filter.origin && activeAt(l, now));
      assert.deepEqual(exported, modelled.map((l) => l.id).sort(), `seed ${seed} step ${n}: active()`);
    }
    for (const l of model) {
      const view = index.get(l.id);
      assert.ok(view, 'every listing is found by id');
      assert.deepEqual(
        { ...view, target: formatPrefix(view.target as IpPrefix), requests: [...view.requests] },
        { ...l, target: l.targetText, requests: [...l.requests] },
        'a view holds what was put',
      );
    }
  }
});

test('domain listings match the name and its parent domains', () => {
  const index = new CompactListingIndex();
  const base = randomListing(random(9), 1);
  index.put({ ...base, list: 'spamvertised-site', target: { domain: 'example.com' }, targetText: 'example.com' });
  assert.deepEqual(
    index.forDomain('shop.Example.com.', 0).map((v) => v.targetText),
    ['example.com'],
  );
  assert.deepEqual(index.forDomain('example.org', 0), []);
  index.remove(base.id);
  assert.deepEqual(index.forDomain('example.com', 0), []);
  assert.equal(index.size, 0);
});

test('listed /32s take about a hundred bytes each', () => {
  const index = new CompactListingIndex();
  const base = randomListing(random(5), 0);
  const id = Buffer.alloc(32);
  for (let i = 0; i < 200_000; i++) {
    id.writeUInt32BE(i, 0);
    const ip = new Uint8Array([10, (i >> 16) & 255, (i >> 8) & 255, i & 255]);
    index.put({
      ...base,
      id: id.toString('hex'),
      target: { ip, len: 32 },
      targetText: '',
      expires: null,
      requests: [],
    });
  }
  assert.equal(index.size, 200_000);
  assert.equal(index.forAddress(new Uint8Array([10, 1, 2, 3]), 0).length, 1);
  const perListing = index.bytes / 200_000;
  assert.ok(perListing < 160, `${perListing.toFixed(0)} bytes per listing`);
});

test('ids that differ only past their first 8 bytes spread over the id table (all 32 bytes are hashed)', () => {
  const id = Buffer.alloc(32, 0xab);
  const cells = new Set<number>();
  const n = 4096;
  for (let i = 0; i < n; i++) {
    id.writeUInt32BE(i, 28);
    cells.add(idHash(id, 0) & (n - 1));
  }
  // Uniform hashing fills about 1 - 1/e (63%) of n cells with n keys; one cell is a collapse.
  assert.ok(cells.size > n / 2, `${cells.size} of ${n} cells`);
  const index = new CompactListingIndex();
  const base = randomListing(random(11), 0);
  for (let i = 0; i < n; i++) {
    id.writeUInt32BE(i, 28);
    index.put({ ...base, id: id.toString('hex'), requests: [] });
  }
  id.writeUInt32BE(1234, 28);
  assert.equal(index.get(id.toString('hex'))?.id, id.toString('hex'));
  assert.equal(index.version, n, 'every put counts as a change');
});

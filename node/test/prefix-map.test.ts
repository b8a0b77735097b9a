/**
 * The in-memory indexes behind lookups: the prefix multimap and active listings
 * (expiry decided at query time). Report subjects are on disk: subjects.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryListingIndex, PrefixMap } from '@arx/node';
import { parseAddress, parsePrefix } from '@arx/protocol';

/** A listing id: 32 bytes of hex. */
const lid = (name: string) => Buffer.alloc(32, name).toString('hex');

test('covering returns every containing prefix, most specific first, per address family', () => {
  const m = new PrefixMap<string>();
  for (const p of [
    '0.0.0.0/0',
    '192.0.2.0/24',
    '192.0.2.0/25',
    '192.0.2.5/32',
    '192.0.3.0/24',
    '::/0',
    '2001:db8::/32',
  ]) {
    m.add(parsePrefix(p), p);
  }
  assert.deepEqual(m.covering(parsePrefix('192.0.2.5/32')), [
    '192.0.2.5/32',
    '192.0.2.0/25',
    '192.0.2.0/24',
    '0.0.0.0/0',
  ]);
  assert.deepEqual(m.covering(parsePrefix('192.0.2.200/32')), ['192.0.2.0/24', '0.0.0.0/0']);
  assert.deepEqual(m.covering(parsePrefix('192.0.2.0/24')), ['192.0.2.0/24', '0.0.0.0/0']);
  assert.deepEqual(m.covering(parsePrefix('2001:db8:1::1/128')), ['2001:db8::/32', '::/0']);
  assert.deepEqual(m.longest(parsePrefix('192.0.2.77/32')), ['192.0.2.0/25']);
  m.remove(parsePrefix('192.0.2.0/25'), () => true);
  assert.deepEqual(m.longest(parsePrefix('192.0.2.77/32')), ['192.0.2.0/24']);
});

test('a prefix with hundreds of thousands of values can still be looked up', () => {
  const m = new PrefixMap<number>();
  const busy = parsePrefix('192.0.2.5/32');
  for (let i = 0; i < 300_000; i++) m.add(busy, i);
  m.add(parsePrefix('192.0.2.0/24'), -1);
  const all = m.covering(busy);
  assert.equal(all.length, 300_001);
  assert.equal(all.at(-1), -1);
});

test('listings stop being active at their expiry, by the clock of the query', () => {
  const index = new MemoryListingIndex();
  const view = (id: string, target: string, expires: number | null) => ({
    id: lid(id),
    list: 'spam-source' as const,
    target: parsePrefix(target),
    targetText: target,
    reason: 'spam.source' as const,
    origin: 'aa',
    originHandle: 'sorbs',
    since: 1000,
    expires,
    removedAt: null,
    requests: [],
  });
  index.put(view('a', '192.0.2.0/24', 5000));
  index.put(view('b', '192.0.2.5/32', null));
  const at = (now: number) => index.forAddress(parseAddress('192.0.2.5'), now).map((v) => v.id);
  const ids = (...names: string[]) => names.map(lid);
  assert.deepEqual(at(4999), ids('b', 'a'));
  assert.deepEqual(at(5000), ids('b'));
  assert.deepEqual(
    index.active({}, 6000).map((v) => v.id),
    ids('b'),
  );
  assert.equal(index.size, 2, 'nothing was deleted');
  index.put({ ...view('b', '192.0.2.5/32', null), removedAt: 7000 });
  assert.deepEqual(at(0), ids('a'));
});

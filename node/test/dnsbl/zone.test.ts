/**
 * The transferred zone: its records answer every address as the node does, and the
 * journal's changes turn one version into the next exactly (what IXFR relies on).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_LIST_KINDS } from '../../src/dnsbl/codes.js';
import { DnsblZone, recordKey, type ZoneRecord, zoneListingsFrom } from '../../src/dnsbl/index.js';
import { MemoryListingIndex } from '../../src/state/memory.js';
import type { ListingView } from '../../src/state/types.js';
import { DAY, listing, NOW, ZONE } from './fixtures.js';

function makeZone(views: ListingView[], now = () => NOW) {
  const index = new MemoryListingIndex();
  for (const v of views) index.put(v);
  const zone = new DnsblZone({
    zone: ZONE,
    listings: zoneListingsFrom(index),
    lists: ALL_LIST_KINDS,
    journalRecords: 1_000_000,
    now,
  });
  const put = (v: ListingView) => {
    const before = index.get(v.id);
    index.put(v);
    zone.listingChanged(before, index.get(v.id));
  };
  const remove = (v: ListingView) => {
    const before = index.get(v.id);
    index.remove(v.id);
    zone.listingChanged(before, undefined);
  };
  return { zone, put, remove };
}

const keys = (records: Iterable<ZoneRecord>) => new Set([...records].map(recordKey));

/** A DNS server's view of a name: explicit records, else the closest wildcard (RFC 4592). */
function lookup(records: readonly ZoneRecord[], name: string): string[] {
  const names = new Set(records.map((r) => r.name));
  const exists = (n: string) => [...names].some((m) => m === n || m.endsWith(`.${n}`));
  const data = (n: string) =>
    records
      .filter((r) => r.name === n)
      .map((r) => `${r.type} ${r.data}`)
      .sort();
  if (names.has(name)) return data(name);
  const labels = name.split('.');
  for (let i = 1; i < labels.length; i++) {
    const encloser = labels.slice(i).join('.');
    if (exists(encloser)) return names.has(`*.${encloser}`) ? data(`*.${encloser}`) : [];
  }
  return names.has('*') ? data('*') : [];
}

test('nested listings of different lists answer every address with all covering codes', () => {
  const wide = listing('192.0.0.0/16', 'dynamic');
  const mid = listing('192.0.2.0/24', 'spam-source');
  const one = listing('192.0.3.7/32', 'open-relay');
  const { zone } = makeZone([wide, mid, one]);
  const records = [...zone.records()];
  const a = (name: string) => lookup(records, name).filter((r) => r.startsWith('A '));
  assert.deepEqual(a('9.2.0.192'), ['A 127.0.0.10', 'A 127.0.0.2'].sort());
  assert.deepEqual(a('7.3.0.192'), ['A 127.0.0.10', 'A 127.0.0.3'].sort());
  // 192.0.3.8 sits under the empty non-terminal 3.0.192, where the /16 still applies.
  assert.deepEqual(a('8.3.0.192'), ['A 127.0.0.10']);
  assert.deepEqual(a('1.1.0.192'), ['A 127.0.0.10']);
  assert.deepEqual(a('1.1.1.193'), []);
  assert.deepEqual(a('2.0.0.127'), ['A 127.0.0.2'], 'the RFC 5782 test entry');
});

test('a prefix off a label boundary is expanded to the nodes it covers', () => {
  const { zone } = makeZone([listing('198.51.96.0/20'), listing('2001:db8::/33', 'open-proxy')]);
  const names = [...zone.records()].filter((r) => r.type === 'A').map((r) => r.name);
  assert.equal(names.filter((n) => n.endsWith('.51.198')).length, 16);
  assert.ok(names.includes('*.111.51.198') && !names.includes('*.112.51.198'));
  assert.equal(names.filter((n) => n.endsWith('8.b.d.0.1.0.0.2')).length, 8);
});

test('domains: the name, its wildcard, and the names between it and a listed subdomain', () => {
  const { zone } = makeZone([
    listing('example.com', 'spamvertised-site'),
    listing('a.b.example.com', 'spamvertised-site'),
  ]);
  const records = [...zone.records()];
  for (const name of [
    'example.com',
    'x.example.com',
    'b.example.com',
    'x.b.example.com',
    'a.b.example.com',
    'y.a.b.example.com',
  ]) {
    assert.ok(
      lookup(records, name).some((r) => r.startsWith('A ')),
      name,
    );
  }
  assert.equal(lookup(records, 'a.b.example.com').filter((r) => r.startsWith('TXT')).length, 2);
  assert.deepEqual(lookup(records, 'example.org'), []);
});

test('every change advances the serial and its journal entry turns one version into the next', () => {
  let now = NOW;
  const initial = [
    listing('192.0.0.0/16', 'dynamic'),
    listing('203.0.113.5/32'),
    listing('example.net', 'spamvertised-site'),
  ];
  const { zone, put, remove } = makeZone(initial, () => now);
  let previous = keys(zone.records());
  let serial = zone.serial;
  const steps: [string, () => void][] = [
    ['a /32 inside the /16', () => put(listing('192.0.2.9/32', 'open-relay'))],
    ['a /24 inside the /16 around the /32', () => put(listing('192.0.2.0/24'))],
    ['the /16 removed', () => remove(initial[0]!)],
    ['a wide /15 over everything', () => put(listing('192.0.0.0/15', 'open-proxy'))],
    ['a subdomain', () => put(listing('mail.example.net', 'spamvertised-site'))],
    ['the parent domain removed', () => remove(initial[2]!)],
    [
      'an IPv6 /64 and a /128 in it',
      () => {
        put(listing('2001:db8:1:2::/64'));
        put(listing('2001:db8:1:2::5/128', 'open-relay'));
      },
    ],
    ['an expiring listing added', () => put(listing('198.51.100.0/24', 'spam-source', { expires: now + 5000 }))],
    [
      'the listing expires (no event: the clock passes)',
      () => {
        now += 10_000;
      },
    ],
  ];
  for (const [label, change] of steps) {
    change();
    now += 1000;
    const next = zone.seal();
    assert.ok(next !== serial, `${label}: serial advances`);
    const [step] = zone.changesSince(serial)!;
    const applied = new Set(previous);
    for (const r of step!.deleted)
      assert.ok(applied.delete(recordKey(r)), `${label}: deleted record was there: ${recordKey(r)}`);
    for (const r of step!.added) {
      assert.ok(!applied.has(recordKey(r)), `${label}: added record was new: ${recordKey(r)}`);
      applied.add(recordKey(r));
    }
    const current = keys(zone.records());
    assert.deepEqual([...applied].sort(), [...current].sort(), label);
    previous = current;
    serial = next;
  }
  assert.equal(zone.changesSince(serial)!.length, 0);
  assert.equal(zone.changesSince(serial - 1000), null, 'an unknown serial needs the whole zone');
});

test('a change that does not touch the records keeps the serial', () => {
  const l = listing('192.0.2.0/24');
  const { zone, put } = makeZone([l]);
  const serial = zone.serial;
  put({ ...l, requests: ['ab'.repeat(32)] });
  assert.equal(zone.seal(), serial);
});

test('the journal is bounded: old serials fall back to the whole zone', () => {
  const index = new MemoryListingIndex();
  let now = NOW;
  const zone = new DnsblZone({
    zone: ZONE,
    listings: zoneListingsFrom(index),
    lists: ALL_LIST_KINDS,
    journalRecords: 10,
    now: () => now,
  });
  const first = zone.serial;
  for (let i = 0; i < 10; i++) {
    const v = listing(`192.0.2.${i}/32`);
    index.put(v);
    zone.listingChanged(undefined, v);
    now += DAY;
    zone.seal();
  }
  assert.equal(zone.changesSince(first), null);
  assert.ok(zone.changes.reduce((n, c) => n + c.added.length + c.deleted.length, 0) <= 10);
});

test('a burst of changes sealed as one version (many wide regions at once) still turns one version into the next', () => {
  let now = NOW;
  const start = Array.from({ length: 30 }, (_, i) => listing(`10.${i}.0.0/16`, 'dynamic'));
  const { zone, put, remove } = makeZone(start, () => now);
  const previous = keys(zone.records());
  const serial = zone.serial;
  for (let i = 0; i < 30; i++) {
    put(listing(`10.${i}.${i}.0/24`));
    put(listing(`10.${i}.7.7/32`, 'open-relay'));
    put(listing(`198.18.${i}.0/24`, 'open-proxy'));
    if (i % 3 === 0) remove(start[i]!);
  }
  now += 1000;
  zone.seal();
  const [step] = zone.changesSince(serial)!;
  const applied = new Set(previous);
  for (const r of step!.deleted) assert.ok(applied.delete(recordKey(r)), `deleted record was there: ${recordKey(r)}`);
  for (const r of step!.added) applied.add(recordKey(r));
  assert.deepEqual([...applied].sort(), [...keys(zone.records())].sort());
});

/**
 * The bulk loader writes exactly what the writer writes: the same entries stored one
 * group at a time through a durable writer and through bulkLoad give byte-identical
 * stores, key by key. And a store of an earlier layout (without the subject and
 * listings-in-force indexes, without the oversight aggregates, without the envelopes
 * by arrival cursor, or with every envelope kept by id too) is upgraded to exactly what
 * the writer now writes.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { parsePrefix, type VerifiedEntry, verifyRosterDocument } from '@arx/protocol';
import { bulkLoad } from '../src/ingest/bulk-load.js';
import { Writer } from '../src/ingest/writer.js';
import { migrateStore, STORE_LAYOUT } from '../src/state/migrate.js';
import { RosterState } from '../src/state/roster.js';
import { type ArrivalMeta, openDb, pad } from '../src/store/db.js';
import { envelopeOf, metaOf } from '../src/store/envelopes.js';
import { keyFor, Publisher, reportBody, rosterDocument, tempRoot } from './helpers/fixture.js';

function history(): VerifiedEntry[] {
  const t0 = Date.UTC(2026, 0, 1);
  const aol = new Publisher('aol');
  const sorbs = new Publisher('sorbs');
  const cnisp1 = new Publisher('cnisp1');
  const out: VerifiedEntry[] = [];
  for (let i = 0; i < 60; i++) {
    const report = aol.next('report', reportBody(`192.0.2.${i}/32`), t0 + i * 1000);
    out.push(report);
    const status = i % 2 === 0 ? 'resolved' : 'received';
    if (i % 3 === 0) out.push(cnisp1.next('ack', { report: report.id, status }, t0 + i * 1000 + 500));
    // Reported again after its resolution: repeat offenders are kept too.
    if (i % 6 === 0) out.push(aol.next('report', reportBody(`192.0.2.${i}/32`), t0 + i * 1000 + 600));
    if (i % 5 === 0) out.push(aol.next('retract', { entry: report.id, reason: 'mistaken' }, t0 + i * 1000 + 700));
    const target = parsePrefix(`198.51.100.${i}/32`);
    const listing = sorbs.next('listing', { list: 'spam-source', op: 'add', target, reason: 'spam.source' }, t0 + i);
    out.push(listing);
    if (i % 4 === 0)
      out.push(sorbs.next('listing', { list: 'spam-source', op: 'remove', target, reason: 'spam.source' }, t0 + i + 1));
  }
  return out;
}

async function dump(dir: string): Promise<[string, string][]> {
  const subs = await openDb(dir);
  const rows: [string, string][] = [];
  for await (const [k, v] of subs.db.iterator({ keyEncoding: 'utf8', valueEncoding: 'hex' } as never)) {
    rows.push([String(k), String(v)]);
  }
  await subs.db.close();
  return rows;
}

type Subs = Awaited<ReturnType<typeof openDb>>;

/** What every layout before 6 held as well: each stored entry's envelope by its id (`e`). */
async function putEnvelopesById(subs: Subs): Promise<void> {
  const ops = [];
  for await (const meta of subs.arrival.values()) {
    const { id, c } = meta as ArrivalMeta;
    ops.push({ type: 'put', sublevel: subs.entries, key: id, value: await subs.replay.get(pad(c)) });
  }
  await subs.db.batch(ops as never);
}

/** What every layout before 7 held: each stored entry's whole meta by its id (`c`), not only its cursor. */
async function putMetasById(subs: Subs): Promise<void> {
  const ops = [];
  for await (const meta of subs.arrival.values()) {
    ops.push({ type: 'put', sublevel: subs.byId, key: (meta as ArrivalMeta).id, value: meta });
  }
  await subs.db.batch(ops as never);
}

test('a bulk-loaded store holds byte for byte what the durable writer stores', async () => {
  const { root, cleanup } = tempRoot('arx-bulk-');
  try {
    const roster = new RosterState(verifyRosterDocument(rosterDocument()));
    const entries = history();

    const written = join(root, 'written');
    const subs = await openDb(written);
    const writer = new Writer({
      subs,
      keys: keyFor('sorbs'),
      roster: () => roster,
      hooks: { reportChanged() {}, listingChanged() {}, rosterAdopted() {} },
    });
    await writer.init();
    // One entry per group, as entries trickle in on a running node.
    for (const e of entries) assert.equal((await writer.store(e)).status, 'accepted');
    await writer.close();
    await subs.db.close();

    const loaded = join(root, 'loaded');
    async function* batches() {
      for (let i = 0; i < entries.length; i += 50) yield entries.slice(i, i + 50).map((e) => e.bytes);
    }
    assert.equal(await bulkLoad({ dataDir: loaded, keys: keyFor('sorbs'), roster }, batches()), entries.length);

    const a = await dump(written);
    const b = await dump(loaded);
    assert.ok(a.length > entries.length * 5, 'the store holds entries, indexes and state');
    assert.deepEqual(b, a);
  } finally {
    cleanup();
  }
});

test('a store of the earlier layout is upgraded to what the writer writes now', async () => {
  const { root, cleanup } = tempRoot('arx-migrate-');
  try {
    const roster = new RosterState(verifyRosterDocument(rosterDocument()));
    const dir = join(root, 'store');
    const entries = history();
    async function* batches() {
      yield entries.map((e) => e.bytes);
    }
    await bulkLoad({ dataDir: dir, keys: keyFor('sorbs'), roster }, batches());
    const current = await dump(dir);

    // Take the store back to layout 1: no layout mark, no derived index rows.
    const subs = await openDb(dir);
    await putEnvelopesById(subs);
    await putMetasById(subs);
    const derived = (k: string) => /^!s!act!|^!s!ov|^!x!sub!|^!x!subh!|^!x!slen!|^!r!|^!m!layout$/.test(k);
    const removed = current.filter(([k]) => derived(k));
    assert.ok(removed.length > 60, 'the derived rows exist');
    await subs.db.batch(removed.map(([key]) => ({ type: 'del', key })) as never);
    assert.equal(await migrateStore(subs), 1, 'the earlier layout was found');
    assert.equal(await migrateStore(subs), STORE_LAYOUT, 'and upgraded once');
    await subs.db.close();
    assert.deepEqual(await dump(dir), current);
  } finally {
    cleanup();
  }
});

/** A bulk-loaded store of history(), its rows, and the store opened again. */
async function loadedStore(root: string) {
  const roster = new RosterState(verifyRosterDocument(rosterDocument()));
  const dir = join(root, 'store');
  async function* batches() {
    yield history().map((e) => e.bytes);
  }
  await bulkLoad({ dataDir: dir, keys: keyFor('sorbs'), roster }, batches());
  const current = await dump(dir);
  return { dir, current, subs: await openDb(dir) };
}

/**
 * A bulk-loaded store taken back to `layout` by `strip` (which deletes the rows that
 * layout lacks), upgraded: it must be exactly as loaded again.
 */
async function assertUpgradeFrom(
  layout: number,
  strip: (current: [string, string][], subs: Subs) => Promise<void>,
): Promise<void> {
  const { root, cleanup } = tempRoot('arx-migrate-');
  try {
    const { dir, current, subs } = await loadedStore(root);
    if (layout < 6) await putEnvelopesById(subs);
    if (layout < 7) await putMetasById(subs);
    await strip(current, subs);
    await subs.meta.put('layout', layout);
    assert.equal(await migrateStore(subs), layout);
    await subs.db.close();
    assert.deepEqual(await dump(dir), current);
  } finally {
    cleanup();
  }
}

const deleteRows = (subs: Subs, rows: [string, string][]) =>
  subs.db.batch(rows.map(([key]) => ({ type: 'del', key })) as never);

test('a store of layout 2 gains the oversight aggregates the writer keeps', () =>
  assertUpgradeFrom(2, async (current, subs) => {
    const aggregates = current.filter(([k]) => k.startsWith('!s!ov'));
    assert.ok(
      aggregates.some(([k]) => k.startsWith('!s!ovrp!')),
      'a repeat offender is among them',
    );
    await deleteRows(subs, aggregates);
  }));

test('a store of layout 3 gains the envelopes by arrival cursor, and an interrupted build completes from where it stopped', () =>
  assertUpgradeFrom(3, async (current, subs) => {
    const replay = current.filter(([k]) => k.startsWith('!r!'));
    const arrival = current.filter(([k]) => k.startsWith('!a!'));
    assert.equal(replay.length, arrival.length, 'one envelope per arrival row');
    for (const [key, value] of replay) {
      const meta = (await subs.arrival.get(key.slice(3))) as { id: string };
      assert.equal(Buffer.from((await subs.entries.get(meta.id)) as Uint8Array).toString('hex'), value);
    }
    // An upgrade interrupted half-way: the first rows copied and their progress noted.
    const half = Math.floor(replay.length / 2);
    await deleteRows(subs, replay.slice(half));
    await subs.meta.put('layout4-built', replay[half - 1]![0].slice(3));
  }));

test('a store of layout 4 gains the report subjects\u2019 heads the writer keeps', () =>
  assertUpgradeFrom(4, async (current, subs) => {
    const heads = current.filter(([k]) => k.startsWith('!x!subh!'));
    assert.ok(heads.length > 0, 'the store has report subjects');
    await deleteRows(subs, heads);
  }));

test('a store of layout 5 keeps each stored envelope once, by cursor, and fork evidence held only by id', async () => {
  await assertUpgradeFrom(5, async (current, subs) => {
    assert.ok((await subs.entries.keys().all()).length > 60, 'every entry is kept by id as well');
    assert.ok(!current.some(([k]) => k.startsWith('!e!')), 'the writer keeps none by id');
  });
  const { root, cleanup } = tempRoot('arx-migrate-');
  try {
    const { subs } = await loadedStore(root);
    await putEnvelopesById(subs);
    await putMetasById(subs);
    // An entry kept only as fork evidence has no arrival row: its envelope stays by id.
    const evidence = 'fe'.repeat(32);
    await subs.entries.put(evidence, Uint8Array.of(1, 2, 3));
    await subs.meta.put('layout', 5);
    assert.equal(await migrateStore(subs), 5);
    assert.deepEqual(await subs.entries.keys().all(), [evidence]);
    assert.deepEqual([...(await envelopeOf(subs, evidence))!], [1, 2, 3]);
    const meta = (await subs.arrival.values({ limit: 1 }).all())[0] as ArrivalMeta;
    assert.deepEqual(await envelopeOf(subs, meta.id), await subs.replay.get(pad(meta.c)));
    await subs.db.close();
  } finally {
    cleanup();
  }
});

test('a store of layout 6 keeps each stored entry\u2019s meta once, in its arrival row, and by id only its cursor', async () => {
  await assertUpgradeFrom(6, async (current, subs) => {
    const byId = (await subs.byId.values().all()) as unknown[];
    assert.ok(byId.length > 60 && byId.every((v) => typeof v === 'object'), 'every meta is kept by id as well');
    assert.ok(
      current.filter(([k]) => k.startsWith('!c!')).length === byId.length,
      'the writer keeps a row by id for each',
    );
  });
  const { root, cleanup } = tempRoot('arx-migrate-');
  try {
    const { subs } = await loadedStore(root);
    await putMetasById(subs);
    await subs.meta.put('layout', 6);
    assert.equal(await migrateStore(subs), 6);
    const meta = (await subs.arrival.values({ limit: 1 }).all())[0] as ArrivalMeta;
    assert.equal(await subs.byId.get(meta.id), meta.c, 'by id, the cursor');
    assert.deepEqual(await metaOf(subs, meta.id), meta, 'and through it the meta');
    assert.deepEqual(await envelopeOf(subs, meta.id), await subs.replay.get(pad(meta.c)));
    await subs.db.close();
  } finally {
    cleanup();
  }
});

/**
 * Storage compliance suite (STYLE habit 8): the same behaviours of the transaction
 * overlay and the single writer, run against LevelDB on disk and against memory-level.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parsePrefix, type VerifiedEntry, verifyRosterDocument } from '@arx/protocol';
import { MemoryLevel } from 'memory-level';
import { type StoreResult, Writer } from '../src/ingest/writer.js';
import type { ListingRecord, ReportRecord } from '../src/state/records.js';
import { RosterState } from '../src/state/roster.js';
import { type Db, openDb, openSublevels, type Sublevels } from '../src/store/db.js';
import { envelopeOf } from '../src/store/envelopes.js';
import { Txn } from '../src/store/txn.js';
import { keyFor, Publisher, reportBody, rosterDocument } from './helpers/fixture.js';

interface Backend {
  readonly name: string;
  open(): Promise<Sublevels>;
  /** Closes and opens the same store again. */
  reopen(subs: Sublevels): Promise<Sublevels>;
}

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const backends: Backend[] = [
  {
    name: 'LevelDB',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'arx-storage-'));
      dirs.push(dir);
      const subs = await openDb(dir);
      paths.set(subs, dir);
      return subs;
    },
    async reopen(subs) {
      await subs.db.close();
      const again = await openDb(paths.get(subs)!);
      paths.set(again, paths.get(subs)!);
      return again;
    },
  },
  {
    name: 'memory-level',
    open: () => openSublevels(new MemoryLevel<string, unknown>({ valueEncoding: 'utf8' }) as unknown as Db),
    async reopen(subs) {
      await subs.db.close();
      return openSublevels(subs.db);
    },
  },
];
const paths = new Map<Sublevels, string>();

const roster = new RosterState(verifyRosterDocument(rosterDocument()));

interface Harness {
  subs: Sublevels;
  writer: Writer;
  reports: ReportRecord[];
  listings: ListingRecord[];
}

async function harness(subs: Sublevels, options: { maxHeld?: number; maxHeldBytes?: number } = {}): Promise<Harness> {
  const reports: ReportRecord[] = [];
  const listings: ListingRecord[] = [];
  const writer = new Writer({
    subs,
    keys: keyFor('isc'),
    roster: () => roster,
    hooks: {
      reportChanged: (r) => reports.push(structuredClone(r)),
      listingChanged: (r) => listings.push(structuredClone(r)),
      rosterAdopted: () => {},
    },
    ...options,
  });
  await writer.init();
  return { subs, writer, reports, listings };
}

const storeAll = (w: Writer, entries: VerifiedEntry[]) => Promise.all(entries.map((e) => w.store(e)));

for (const backend of backends) {
  describe(`storage on ${backend.name}`, () => {
    test('a transaction reads its own writes, deletes, scans merged, and commits the final values', async () => {
      const subs = await backend.open();
      await subs.state.put('k!1', { n: 1 });
      await subs.state.put('k!2', { n: 2 });
      const txn = new Txn(subs);
      assert.deepEqual(await txn.get(subs.state, 'k!1'), { n: 1 });
      txn.put(subs.state, 'k!1', { n: 10 });
      txn.put(subs.state, 'k!3', { n: 3 });
      txn.del(subs.state, 'k!2');
      txn.put(subs.log, 'o!1', 'abc');
      txn.put(subs.entries, 'id', Uint8Array.of(0, 1, 255));
      txn.put(subs.state, 'k!3', { n: 30 });
      assert.deepEqual(await txn.get(subs.state, 'k!1'), { n: 10 });
      assert.equal(await txn.get(subs.state, 'k!2'), undefined);
      assert.deepEqual(
        (await txn.scan(subs.state, 'k!')).map(([k]) => k),
        ['k!1', 'k!3'],
      );
      // Nothing is visible outside the transaction before the commit.
      assert.deepEqual(await subs.state.get('k!1'), { n: 1 });
      assert.equal(txn.size, 5);
      await txn.commit(true);
      assert.deepEqual(await subs.state.get('k!1'), { n: 10 });
      assert.equal(await subs.state.get('k!2'), undefined);
      assert.deepEqual(await subs.state.get('k!3'), { n: 30 });
      assert.equal(await subs.log.get('o!1'), 'abc');
      assert.deepEqual([...((await subs.entries.get('id')) as Uint8Array)], [0, 1, 255]);
      const again = await backend.reopen(subs);
      assert.deepEqual(await again.state.get('k!3'), { n: 30 });
      await again.db.close();
    });

    test('the writer stores entries with their log, head, arrival order and indexes', async () => {
      const h = await harness(await backend.open());
      const aol = new Publisher('aol');
      const entries = [
        aol.next('report', reportBody('192.0.2.5/32')),
        aol.next('report', reportBody('198.51.100.1/32')),
      ];
      const results = await storeAll(h.writer, entries);
      assert.deepEqual(
        results.map((r) => [r.status, r.cursor]),
        [
          ['accepted', 1],
          ['accepted', 2],
        ],
      );
      const { subs } = h;
      const origin = entries[0]!.originHex;
      assert.deepEqual(await subs.heads.get(origin), { seq: 2, id: entries[1]!.idHex });
      assert.equal(await subs.log.get(`${origin}!${'1'.padStart(16, '0')}`), entries[0]!.idHex);
      assert.deepEqual([...((await subs.replay.get('2'.padStart(16, '0'))) as Uint8Array)], [...entries[1]!.bytes]);
      assert.equal(await subs.entries.get(entries[1]!.idHex), undefined, 'a stored envelope is kept once, by cursor');
      assert.deepEqual([...(await envelopeOf(subs, entries[1]!.idHex))!], [...entries[1]!.bytes]);
      const arrival = [];
      for await (const v of subs.arrival.values()) arrival.push((v as { id: string }).id);
      assert.deepEqual(
        arrival,
        entries.map((e) => e.idHex),
      );
      const cnisp1 = Buffer.from(keyFor('cnisp1').publicKey).toString('hex');
      // An index row names the entry's arrival cursor in its key, and holds nothing more.
      const byResponsible = [];
      for await (const row of subs.index.iterator({ gte: `r!${cnisp1}!`, lt: `r!${cnisp1}!~` })) {
        byResponsible.push(row);
      }
      assert.deepEqual(byResponsible, [[`r!${cnisp1}!${'1'.padStart(16, '0')}`, '']]);
      assert.equal(((await subs.arrival.get('1'.padStart(16, '0'))) as { id: string }).id, entries[0]!.idHex);
      assert.equal(h.reports.length, 2);
      await h.writer.close();
      await subs.db.close();
    });

    test('duplicates, gaps released in order, and forks kept as bounded evidence', async () => {
      const h = await harness(await backend.open());
      const a = new Publisher('aol');
      const chain = [1, 2, 3].map((i) => a.next('report', reportBody(`192.0.2.${i}/32`)));
      assert.equal((await h.writer.store(chain[2]!)).status, 'gap');
      assert.deepEqual((await h.writer.store(chain[1]!)).missing, { from: 1, to: 1 });
      assert.equal(h.writer.heldEntries, 2);
      assert.equal((await h.writer.store(chain[0]!)).status, 'accepted');
      await h.writer.close();
      assert.equal(h.writer.heldEntries, 0);
      assert.equal(h.writer.head(chain[0]!.originHex)?.seq, 3);
      const h2 = await harness(h.subs);
      assert.equal((await h2.writer.store(chain[0]!)).status, 'duplicate');
      const forks: StoreResult[] = [];
      for (let i = 0; i < 7; i++) {
        forks.push(await h2.writer.store(new Publisher('aol').next('report', reportBody(`203.0.113.${i}/32`))));
      }
      assert.ok(forks.every((r) => r.status === 'fork'));
      assert.ok(h2.writer.forked.has(chain[0]!.originHex));
      const evidence = (await h.subs.forks.get(`${chain[0]!.originHex}!${'1'.padStart(16, '0')}`)) as { ids: string[] };
      assert.equal(evidence.ids.length, 4, 'the held entry and three conflicting ones, no more');
      assert.equal(evidence.ids[0], chain[0]!.idHex);
      await h2.writer.close();
      await h.subs.db.close();
    });

    test('entries held for a gap are bounded in bytes', async () => {
      const h = await harness(await backend.open(), { maxHeldBytes: 200_000 });
      const a = new Publisher('aol');
      a.next('report', reportBody('192.0.2.1/32'));
      const padding = 'p'.repeat(16_000);
      const ahead = Array.from({ length: 40 }, (_, i) =>
        a.next('report', { ...reportBody(`192.0.2.${i}/32`), evidence: { headers: padding } }),
      );
      const results = await storeAll(h.writer, ahead);
      assert.ok(results.every((r) => r.status === 'gap'));
      assert.ok(h.writer.heldEntries > 0 && h.writer.heldEntries <= 12, `${h.writer.heldEntries} held`);
      await h.writer.close();
      await h.subs.db.close();
    });

    test('effects waiting for their reference apply when it arrives, also after a reopen', async () => {
      const h = await harness(await backend.open());
      const report = new Publisher('aol').next('report', reportBody('192.0.2.5/32'));
      const ack = new Publisher('cnisp1').next('ack', {
        report: report.id,
        status: 'resolved',
        action: 'host-cleaned',
      });
      const listing = new Publisher('sorbs').next('listing', {
        list: 'spam-source',
        op: 'add',
        target: parsePrefix('192.0.2.5/32'),
        reason: 'spam.source',
      });
      assert.equal((await h.writer.store(ack)).effect?.outcome, 'pending');
      await h.writer.close();
      const subs = await backend.reopen(h.subs);
      const h2 = await harness(subs);
      assert.equal((await h2.writer.store(listing)).effect?.outcome, 'applied');
      assert.equal((await h2.writer.store(report)).effect?.outcome, 'applied');
      const record = (await subs.state.get(`rep!${report.idHex}`)) as ReportRecord;
      assert.deepEqual(
        record.steps.map((s) => s.status),
        ['resolved'],
      );
      assert.equal(h2.reports.at(-1)?.steps.length, 1, 'the hook saw the applied ack');
      let waiting = 0;
      for await (const _ of subs.state.keys({ gte: 'pend!', lt: 'pend!~' })) waiting++;
      assert.equal(waiting, 0, 'nothing left waiting');
      await h2.writer.close();
      await subs.db.close();
    });

    test('a listener that throws does not stop the writer', { timeout: 10_000 }, async () => {
      const h = await harness(await backend.open());
      const errors: unknown[] = [];
      h.writer.on('listener-error', (e) => errors.push(e));
      h.writer.on('stored', () => {
        throw new Error('subscriber bug');
      });
      const a = new Publisher('aol');
      assert.equal((await h.writer.store(a.next('report', reportBody('192.0.2.1/32')))).status, 'accepted');
      assert.equal((await h.writer.store(a.next('report', reportBody('192.0.2.2/32')))).status, 'accepted');
      assert.equal(errors.length, 2);
      await h.writer.close();
      await h.subs.db.close();
    });

    test('own entries get consecutive seqs however many are published at once', async () => {
      const h = await harness(await backend.open());
      const published = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          h.writer.publish('notice', { topic: 'help', urgency: 'low', text: { en: `n${i}` } }, async () => {}),
        ),
      );
      assert.deepEqual(
        published.map((p) => p.entry.payload.seq).sort((x, y) => x - y),
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      await h.writer.close();
      await h.subs.db.close();
    });
  });
}

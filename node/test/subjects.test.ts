/**
 * Report subjects on disk: the index written in the report's batch answers "the latest
 * reports about this address or any prefix containing it" with range scans.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAddress, parsePrefix, toHex } from '@arx/protocol';
import type { ReportRecord } from '../src/state/records.js';
import {
  buildSubjectHeads,
  HEAD_ROWS,
  headRow,
  indexSubject,
  ReportSubjects,
  rowId,
  unindexSubject,
} from '../src/state/subjects.js';
import { openDb } from '../src/store/db.js';
import { Txn } from '../src/store/txn.js';
import { tempRoot } from './helpers/fixture.js';

const hex = (a: string) => toHex(parseAddress(a));

/** Report ids are SHA-256 digests: each test report's id is the digest of its name. */
const names = new Map<string, string>();
function idOf(name: string): string {
  const id = createHash('sha256').update(name).digest('hex');
  names.set(id, name);
  return id;
}
const named = (ids: readonly string[]) => ids.map((id) => names.get(id) ?? id);

function record(name: string, ip: string, len: number, ts: number): ReportRecord {
  return { id: idOf(name), ip: hex(ip), len, ts } as ReportRecord;
}

/** Runs `fn` on a fresh store with its index sublevel open, and removes it afterwards. */
async function onStore(name: string, fn: (subs: Awaited<ReturnType<typeof openDb>>) => Promise<void>): Promise<void> {
  const { root, cleanup } = tempRoot(name);
  const subs = await openDb(join(root, 'data'));
  await subs.index.open();
  try {
    await fn(subs);
  } finally {
    await subs.db.close();
    cleanup();
  }
}

test('recent takes the latest reports per subject, most specific first, and forgets retracted ones', () =>
  onStore('arx-subjects-', async (subs) => {
    const txn = new Txn(subs);
    for (let i = 0; i < 500; i++) await indexSubject(txn, subs, record(`r${i}`, '192.0.2.5', 32, 1000 + i));
    await indexSubject(txn, subs, record('block', '192.0.2.0', 24, 10));
    await indexSubject(txn, subs, record('other', '192.0.3.0', 24, 10));
    await indexSubject(txn, subs, record('v6', '2001:db8::', 32, 10));
    await txn.commit();

    const subjects = new ReportSubjects(subs);
    await subjects.load();
    assert.deepEqual(named(await subjects.recent(parsePrefix('192.0.2.5/32'), 3)), ['r497', 'r498', 'r499', 'block']);
    assert.deepEqual(named(await subjects.about(parsePrefix('192.0.2.9/32'))), ['block']);
    assert.deepEqual(named(await subjects.about(parsePrefix('192.0.2.0/24'))), ['block']);
    assert.deepEqual(named(await subjects.about(parsePrefix('2001:db8:1::1/128'))), ['v6']);
    assert.equal((await subjects.about(parsePrefix('192.0.2.5/32'))).length, 501);

    const retract = new Txn(subs);
    await unindexSubject(retract, subs, record('r499', '192.0.2.5', 32, 1499));
    await retract.commit();
    assert.deepEqual(named(await subjects.recent(parsePrefix('192.0.2.5/32'), 2)), ['r497', 'r498', 'block']);
  }));

/** The latest `limit` ids of a subject from its rows (the reference: no head involved). */
async function fromRows(subs: Awaited<ReturnType<typeof openDb>>, network: string, len: number, limit: number) {
  const base = `sub!${hex(network)}!${String(len).padStart(3, '0')}!`;
  const ids: string[] = [];
  for await (const key of subs.index.keys({ gte: base, lt: `${base}\uffff` }))
    ids.push(String(key).slice(base.length + 17));
  return ids.slice(-limit);
}

test('a subject\u2019s head answers as its rows do, through random reports, retractions and an upgrade', () =>
  onStore('arx-subject-heads-', async (subs) => {
    // Few subjects and many reports each: heads overflow, and retractions hit them and the rows behind.
    const subjects: [string, number][] = [
      ['192.0.2.5', 32],
      ['192.0.2.0', 24],
      ['2001:db8::', 32],
    ];
    const live: ReportRecord[] = [];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const check = async (what: string) => {
      const index = new ReportSubjects(subs);
      await index.load();
      for (const [network, len] of subjects) {
        for (const limit of [1, 5, 20, HEAD_ROWS, HEAD_ROWS + 8]) {
          const got = await index.recent({ ip: parseAddress(network), len } as never, limit);
          // recent() covers every length at or above the subject's: keep this subject's own ids.
          const own = got.filter((id) => live.some((r) => r.id === id && r.len === len && r.ip === hex(network)));
          assert.deepEqual(
            own,
            await fromRows(subs, network, len, limit),
            `${what}: ${network}/${len}, limit ${limit}`,
          );
        }
      }
    };
    for (let round = 0; round < 12; round++) {
      const txn = new Txn(subs);
      for (let i = 0; i < 40; i++) {
        if (live.length > 0 && rand(3) === 0) {
          const [r] = live.splice(rand(live.length), 1);
          await unindexSubject(txn, subs, r!);
        } else {
          const [network, len] = subjects[rand(subjects.length)]!;
          // Report times out of order (late arrivals), sometimes equal.
          const r = record(`r${round}-${i}`, network, len, 1000 + rand(400));
          live.push(r);
          await indexSubject(txn, subs, r);
        }
      }
      await txn.commit();
      await check(`round ${round}`);
    }
    // The upgrade's heads answer the same.
    const heads: string[] = [];
    for await (const key of subs.index.keys({ gte: 'subh!', lt: 'subh!\uffff' })) heads.push(String(key));
    await subs.index.batch(heads.map((key) => ({ type: 'del', key })) as never);
    await buildSubjectHeads(subs, 7);
    await check('after the upgrade');
  }));

test('a head written with more rows than the bound shrinks at its next change and answers as the rows do', () =>
  onStore('arx-subject-wide-head-', async (subs) => {
    // 40 reports indexed, then the head as a node holding 32 rows per head wrote it.
    const rows = Array.from({ length: 40 }, (_, i) =>
      record(`r${String(i).padStart(2, '0')}`, '192.0.2.7', 32, 5000 + i),
    );
    const txn = new Txn(subs);
    for (const r of rows) await indexSubject(txn, subs, r);
    await txn.commit();
    const headKey = `subh!${hex('192.0.2.7')}!032`;
    const wide = rows.slice(-32).map((r) => `${String(r.ts).padStart(16, '0')}!${r.id}`);
    await subs.index.put(headKey, `+${wide.join(',')}`);

    const subjects = new ReportSubjects(subs);
    await subjects.load();
    assert.deepEqual(await subjects.recent(parsePrefix('192.0.2.7/32'), 20), await fromRows(subs, '192.0.2.7', 32, 20));

    const next = new Txn(subs);
    const late = record('r40', '192.0.2.7', 32, 5040);
    await indexSubject(next, subs, late);
    await next.commit();
    const head = String(await subs.index.get(headKey));
    assert.equal(head[0], '*', 'written again in the 52-character form, with older rows behind it');
    assert.equal(head.length, 1 + 52 * HEAD_ROWS, 'the head holds HEAD_ROWS rows after its next change');
    assert.ok(head.endsWith(headRow(late.ts, late.id)), 'its newest row is the report just indexed');
    for (const limit of [1, 20, HEAD_ROWS, HEAD_ROWS + 8]) {
      assert.deepEqual(
        await subjects.recent(parsePrefix('192.0.2.7/32'), limit),
        await fromRows(subs, '192.0.2.7', 32, limit),
        `limit ${limit}`,
      );
    }
  }));

test('a subject row names its report by its key: rows written with the id as their value read the same', () =>
  onStore('arx-subject-rows-', async (subs) => {
    const txn = new Txn(subs);
    for (let i = 0; i < 30; i++)
      await indexSubject(txn, subs, record(`n${String(i).padStart(2, '0')}`, '192.0.2.9', 32, 7000 + i));
    await txn.commit();
    const base = `sub!${hex('192.0.2.9')}!032!`;
    const keys = (await subs.index.keys({ gte: base, lt: `${base}\uffff` }).all()).map(String);
    assert.deepEqual(
      await subs.index.getMany(keys),
      keys.map(() => ''),
      'the writer leaves the value empty',
    );
    // Rows as earlier versions wrote them: the id as the value too.
    await subs.index.batch(keys.map((key) => ({ type: 'put', key, value: key.slice(base.length + 17) })) as never);
    const subjects = new ReportSubjects(subs);
    await subjects.load();
    const ids = keys.map((key) => key.slice(base.length + 17));
    assert.deepEqual(await subjects.recent(parsePrefix('192.0.2.9/32'), HEAD_ROWS + 4), ids.slice(-(HEAD_ROWS + 4)));
    assert.deepEqual(await subjects.about(parsePrefix('192.0.2.9/32')), ids);
  }));

test('head rows compare as the `sub!` rows they stand for, and give back their report ids', () => {
  let seed = 11;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const times = [0, 1, 63, 64, 4095, 1_796_326_993_396, Number.MAX_SAFE_INTEGER];
  const rows = Array.from({ length: 400 }, (_, i) => {
    const ts =
      i < times.length ? times[i]! : rand(3) === 0 ? 1_796_326_993_000 + rand(4) : rand(2 ** 31) * rand(2 ** 20);
    const id = idOf(`row${i}`);
    return { key: `${String(ts).padStart(16, '0')}!${id}`, row: headRow(ts, id), id };
  });
  for (const { row, id } of rows) {
    assert.equal(row.length, 52);
    assert.equal(rowId(row), id);
  }
  const byKey = [...rows].sort((a, b) => (a.key < b.key ? -1 : 1)).map((r) => r.id);
  const byRow = [...rows].sort((a, b) => (a.row < b.row ? -1 : 1)).map((r) => r.id);
  assert.deepEqual(byRow, byKey);
  assert.throws(() => headRow(5, 'not-an-id'), RangeError);
  assert.throws(() => headRow(-1, idOf('x')), RangeError);
});

test('a text-form head with a row that is no report’s starts again at its next change, and lookups scan behind it', () =>
  onStore('arx-subject-bad-head-', async (subs) => {
    const rows = Array.from({ length: 30 }, (_, i) => record(`b${i}`, '192.0.2.8', 32, 9000 + i));
    const txn = new Txn(subs);
    for (const r of rows) await indexSubject(txn, subs, r);
    await txn.commit();
    const headKey = `subh!${hex('192.0.2.8')}!032`;
    await subs.index.put(headKey, `-0000000000009000!${rows[0]!.id},not-a-row`);
    const next = new Txn(subs);
    const late = record('b30', '192.0.2.8', 32, 9030);
    await indexSubject(next, subs, late);
    await next.commit();
    assert.equal(String(await subs.index.get(headKey)), `*${headRow(late.ts, late.id)}`);
    const subjects = new ReportSubjects(subs);
    await subjects.load();
    for (const limit of [1, 20, HEAD_ROWS + 8]) {
      assert.deepEqual(
        await subjects.recent(parsePrefix('192.0.2.8/32'), limit),
        await fromRows(subs, '192.0.2.8', 32, limit),
        `limit ${limit}`,
      );
    }
  }));

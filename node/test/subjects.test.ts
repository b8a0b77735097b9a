/**
 * Report subjects on disk: the index written in the report's batch answers "the latest
 * reports about this address or any prefix containing it" with range scans.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAddress, parsePrefix, toHex } from '@arx/protocol';
import type { ReportRecord } from '../src/state/records.js';
import { indexSubject, ReportSubjects, unindexSubject } from '../src/state/subjects.js';
import { openDb } from '../src/store/db.js';
import { Txn } from '../src/store/txn.js';
import { tempRoot } from './helpers/fixture.js';

const hex = (a: string) => toHex(parseAddress(a));

function record(id: string, ip: string, len: number, ts: number): ReportRecord {
  return { id, ip: hex(ip), len, ts } as ReportRecord;
}

test('recent takes the latest reports per subject, most specific first, and forgets retracted ones', async () => {
  const { root, cleanup } = tempRoot('arx-subjects-');
  const subs = await openDb(join(root, 'data'));
  try {
    const txn = new Txn(subs);
    for (let i = 0; i < 500; i++) indexSubject(txn, subs, record(`r${i}`, '192.0.2.5', 32, 1000 + i));
    indexSubject(txn, subs, record('block', '192.0.2.0', 24, 10));
    indexSubject(txn, subs, record('other', '192.0.3.0', 24, 10));
    indexSubject(txn, subs, record('v6', '2001:db8::', 32, 10));
    await txn.commit();

    const subjects = new ReportSubjects(subs);
    await subjects.load();
    assert.deepEqual(await subjects.recent(parsePrefix('192.0.2.5/32'), 3), ['r497', 'r498', 'r499', 'block']);
    assert.deepEqual(await subjects.about(parsePrefix('192.0.2.9/32')), ['block']);
    assert.deepEqual(await subjects.about(parsePrefix('192.0.2.0/24')), ['block']);
    assert.deepEqual(await subjects.about(parsePrefix('2001:db8:1::1/128')), ['v6']);
    assert.equal((await subjects.about(parsePrefix('192.0.2.5/32'))).length, 501);

    const retract = new Txn(subs);
    unindexSubject(retract, subs, record('r499', '192.0.2.5', 32, 1499));
    await retract.commit();
    assert.deepEqual(await subjects.recent(parsePrefix('192.0.2.5/32'), 2), ['r497', 'r498', 'block']);
  } finally {
    await subs.db.close();
    cleanup();
  }
});

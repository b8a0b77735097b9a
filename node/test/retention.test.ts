import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import pino from 'pino';
import { parseConfig, startNode } from '../src/index.js';
import { evidenceKey } from '../src/store/db.js';
import { pruneEvidence, startRetention } from '../src/store/retention.js';
import { getJson, Publisher, postEntry, reportBody, startTestNode, tempRoot, writeNodeDir } from './helpers/fixture.js';

const { root, cleanup } = tempRoot();
after(cleanup);

test('evidence older than the retention window is pruned to a stub; status, ids and chain stay', async () => {
  const dir = writeNodeDir(root, 'cnisp1');
  const node = await startTestNode(dir, 'cnisp1', { retentionDays: 60 });
  try {
    const base = node.listen.http!;
    const aol = new Publisher('aol');
    const day = 86_400_000;
    const now = Date.now();
    const digest = new Uint8Array(32).fill(7);
    const old = aol.next(
      'report',
      { ...reportBody('192.0.2.10'), evidence: { digest, arf: { 'feedback-type': 'abuse' } } },
      now - 90 * day,
    );
    const recent = aol.next('report', { ...reportBody('192.0.2.11'), evidence: { digest } }, now - day);
    for (const e of [old, recent]) assert.equal((await postEntry(base, e)).status, 200);

    const pruned = await pruneEvidence(node.context, now);
    assert.equal(pruned, 1);

    const oldReport = (await getJson(base, `/v1/reports/${old.idHex}`)).json;
    assert.deepEqual(oldReport.evidence, { pruned: true, digest: '07'.repeat(32) });
    assert.equal(oldReport.status, 'published');
    const recentReport = (await getJson(base, `/v1/reports/${recent.idHex}`)).json;
    assert.equal(recentReport.evidence.digest, '07'.repeat(32));
    assert.equal(recentReport.evidence.pruned, undefined);
    // The signed entry itself stays: the chain must verify and relay.
    assert.equal((await getJson(base, `/v1/entries/${old.idHex}`)).status, 200);
    assert.equal(await pruneEvidence(node.context, now), 0, 'a second pass finds nothing new');
  } finally {
    await node.close();
  }
});

test('stopping retention waits for the pass under way, which ends before the node closes its database', async () => {
  const dir = writeNodeDir(root, 'isc', { retentionDays: 60 });
  const warnings: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) });
  const node = await startNode(parseConfig({ handle: 'isc', retentionDays: 60 }, dir), { logger });
  const ctx = node.context;
  // Evidence of a report from 70 days ago, as ingest keys it (a node given such a report
  // now would not keep its evidence at all).
  const key = evidenceKey(Date.now() - 70 * 86_400_000, 'ab'.repeat(32));
  await ctx.writer.task(async (a) => a.txn.put(ctx.subs.evidence, key, new Uint8Array(16)));
  assert.deepEqual(await ctx.subs.evidence.keys().all(), [key]);

  // The writer held by a task of the test's: the pass gets as far as its first delete,
  // queued behind it, and is stopped there.
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const held = ctx.writer.task(() => gate);
  const stop = startRetention(ctx);
  const stopping = stop();
  release();
  await stopping;
  await held;
  assert.deepEqual(await ctx.subs.evidence.keys().all(), [], 'the batch under way was done before stop returned');
  await node.close();
  assert.deepEqual(
    warnings.filter((l) => l.includes('retention pass failed')),
    [],
  );
});

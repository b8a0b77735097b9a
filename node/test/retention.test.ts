import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { pruneEvidence } from '../src/store/retention.js';
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

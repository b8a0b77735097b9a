/**
 * An entry kept past the horizon (an unanswered report) is sent to a peer that asks below
 * the origin's floor with its detached evidence, while the evidence's retention window
 * still holds it: a node whose horizon is shorter than its evidence window (here 20
 * days against 60) keeps such reports with their evidence, and passes both on.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { detachEvidence, fromHex, LINK_PROTOCOL_VERSION, toHex } from '@arx/protocol';
import { linkAs } from '../../test/federation/helpers/raw-peer.js';
import { applyHorizon } from '../src/store/horizon.js';
import { keyFor, Publisher, postJson, reportBody, startTestNode, tempRoot, writeNodeDir } from './helpers/fixture.js';

const DAY = 86_400_000;
const { root, cleanup } = tempRoot('arx-horizon-evidence-');
after(cleanup);

test('a kept report sent below the floor carries its evidence while it is held', async () => {
  const config = { horizonDays: 20, retentionDays: 60 };
  const dir = writeNodeDir(root, 'isc', config);
  const node = await startTestNode(dir, 'isc', config);
  try {
    const base = node.listen.http!;
    const now = Date.now();
    const aol = new Publisher('aol');
    const detached = detachEvidence({
      ...reportBody('192.0.2.33/32'),
      evidence: { headers: 'Subject: kept past the horizon' },
    });
    // seq 1: past the horizon, unanswered (kept); seq 2: an old notice (deleted); seq 3: recent.
    const kept = aol.next('report', detached.body, now - 30 * DAY);
    const notice = aol.next('notice', { topic: 'help', urgency: 'low', text: { en: 'old news' } }, now - 30 * DAY + 1);
    const recent = aol.next('report', reportBody('192.0.2.34/32'), now - DAY);
    for (const [entry, evidence] of [[kept, detached.evidence], [notice], [recent]] as const) {
      const res = await postJson(base, '/v1/entries', {
        envelope: toHex(entry.bytes),
        ...(evidence ? { evidence: toHex(evidence) } : {}),
      });
      assert.equal(res.status, 200, JSON.stringify(res.json));
    }
    await applyHorizon(node.context, now);
    const aolKey = toHex(keyFor('aol').publicKey);
    assert.equal(node.context.writer.floor(aolKey), 3, 'the notice is gone, so the log is gap-free from seq 3');

    const peer = await linkAs(node.listen.ws!, keyFor('hotmail'), [[aolKey, 3]], LINK_PROTOCOL_VERSION);
    try {
      peer.send(['want', fromHex(aolKey), 1, 2]);
      const sent = await peer.waitFor(
        (f) => f[0] === 'entry' && toHex(f[1] as Uint8Array) === toHex(kept.bytes),
        10_000,
        'the kept report',
      );
      assert.equal(sent.length, 3, 'with its evidence as the sidecar item');
      assert.deepEqual(sent[2], detached.evidence);
    } finally {
      peer.close();
    }
  } finally {
    await node.close();
  }
});

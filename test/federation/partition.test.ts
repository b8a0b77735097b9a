/**
 * Partitions and crashes with real processes: a node stopped while others publish
 * catches up with no gap and no duplicate, receiving only what it missed; a hub killed
 * with SIGKILL in the middle of relaying loses nothing that was acknowledged.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Cluster, type Head, reportJsonBody, waitFor } from './helpers/cluster.js';

/** Every node stores each entry once and each origin's log without gaps. */
async function assertContiguous(cluster: Cluster, heads: Head[]): Promise<void> {
  const total = heads.reduce((n, h) => n + h.seq, 0);
  for (const node of cluster.running()) {
    const status = await cluster.status(node.handle);
    assert.equal(status.entries, total, `${node.handle} stores sum-of-heads entries`);
    assert.equal(status.heldEntries, 0, `${node.handle} holds nothing waiting for a gap`);
  }
}

/** The seqs of an origin's entries as one node lists them, in order. */
async function seqsAt(cluster: Cluster, handle: string, origin: string): Promise<number[]> {
  const seqs: number[] = [];
  let cursor: string | null = null;
  do {
    const q: string = `/v1/entries?origin=${origin}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await cluster.get(handle, q);
    for (const e of res.json.entries) seqs.push(e.seq);
    cursor = res.json.next;
  } while (cursor);
  return seqs.sort((a, b) => a - b);
}

describe('partition and heal', () => {
  let cluster: Cluster;

  before(async () => {
    cluster = await Cluster.create(['isc', 'aol', 'cnisp1', 'cnisp2'], {
      links: [
        ['aol', 'isc'],
        ['cnisp1', 'isc'],
        ['cnisp2', 'isc'],
      ],
      config: { receipts: { intervalSeconds: 3600 } },
    });
    await cluster.startAll();
    await cluster.linked('isc', 3);
  });

  after(async () => {
    await cluster?.close();
  });

  test('a node stopped while others publish catches up with no gap, no duplicate, and only what it missed', async () => {
    for (let i = 0; i < 40; i++) await cluster.publish('aol', 'report', reportJsonBody(`192.0.2.${i}/32`));
    await cluster.converged();

    await cluster.stop('cnisp1');
    let missed = 0;
    await Promise.all([
      (async () => {
        for (let i = 0; i < 30; i++, missed++)
          await cluster.publish('aol', 'report', reportJsonBody(`192.0.2.${i}/32`));
      })(),
      (async () => {
        for (let i = 0; i < 20; i++, missed++)
          await cluster.publish('cnisp2', 'notice', { topic: 'help', urgency: 'low', text: { en: `note ${i}` } });
      })(),
    ]);
    await cluster.start('cnisp1');
    const heads = await cluster.converged();
    await assertContiguous(cluster, heads);
    const aol = heads.find((h) => h.handle === 'aol')!;
    assert.deepEqual(
      await seqsAt(cluster, 'cnisp1', 'aol'),
      Array.from({ length: aol.seq }, (_, i) => i + 1),
      'aol’s log at cnisp1 is 1..head, once each',
    );
    // The restarted node's only link carried exactly what it missed.
    const [link] = await cluster.links('cnisp1');
    assert.equal(link?.handle, 'isc');
    assert.equal(link.entriesReceived, missed);
    assert.equal(link.entriesSent, 0);
  });

  test('a hub killed with SIGKILL mid-relay loses nothing that was acknowledged', async () => {
    const acknowledged: string[] = [];
    let stop = false;
    const publisher = (async () => {
      let i = 0;
      while (!stop) {
        try {
          const { id } = await cluster.publish('aol', 'report', reportJsonBody(`192.0.2.${i++ % 256}/32`));
          acknowledged.push(id);
        } catch {
          // A refused publish was never acknowledged; nothing to check for it.
        }
      }
    })();
    await waitFor('relaying under way', async () => acknowledged.length >= 50);
    await cluster.kill('isc');
    const atKill = acknowledged.length;
    await waitFor('publishing to go on while the hub is down', async () => acknowledged.length >= atKill + 30);
    await cluster.start('isc');
    await cluster.linked('isc', 3);
    await waitFor('publishing to go on after the hub is back', async () => acknowledged.length >= atKill + 80);
    stop = true;
    await publisher;

    const heads = await cluster.converged(45_000);
    await assertContiguous(cluster, heads);
    for (const node of cluster.running()) {
      const missing: string[] = [];
      for (const id of acknowledged) {
        const res = await cluster.get(node.handle, `/v1/entries/${id}`);
        if (res.status !== 200) missing.push(id);
      }
      assert.deepEqual(missing, [], `every acknowledged entry is held at ${node.handle}`);
    }
  });
});

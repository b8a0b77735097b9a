/**
 * Five nodes in their own processes on loopback: a star through the hub (isc) plus one
 * direct link (aol ↔ cnisp2). Reports reach the responsible provider through the hub,
 * acknowledgements come back, and every node ends with the same logs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Cluster, reportJsonBody, waitFor } from './helpers/cluster.js';

describe('a five-node federation (star through isc, plus aol ↔ cnisp2)', () => {
  let cluster: Cluster;

  before(async () => {
    cluster = await Cluster.create(['isc', 'cnisp1', 'cnisp2', 'aol', 'hotmail'], {
      links: [
        ['cnisp1', 'isc'],
        ['cnisp2', 'isc'],
        ['aol', 'isc'],
        ['hotmail', 'isc'],
        ['aol', 'cnisp2'],
      ],
    });
    await cluster.startAll();
    await cluster.linked('isc', 4);
    await cluster.linked('aol', 2);
    await cluster.linked('cnisp2', 2);
  });

  after(async () => {
    await cluster?.close();
  });

  test('links are authenticated as the roster members they claim to be', async () => {
    const hub = await cluster.links('isc');
    assert.deepEqual(hub.map((p) => p.handle).sort(), ['aol', 'cnisp1', 'cnisp2', 'hotmail']);
    const leaf = await cluster.links('cnisp1');
    assert.deepEqual(
      leaf.map((p) => p.handle),
      ['isc'],
      'cnisp1 links only to the hub',
    );
  });

  test('a report from aol reaches cnisp1 through the hub, and its ack changes the status at aol', async () => {
    const { id } = await cluster.publish('aol', 'report', reportJsonBody('192.0.2.9/32'));
    const atProvider = await waitFor('the report at cnisp1', async () => {
      const res = await cluster.get('cnisp1', `/v1/reports/${id}`);
      return res.status === 200 ? res.json : undefined;
    });
    assert.equal(atProvider.responsible, 'cnisp1');
    assert.equal(atProvider.status, 'published');

    const ack = await cluster.publish('cnisp1', 'ack', { report: id, status: 'received' });
    const atReporter = await waitFor('the ack to change the report at aol', async () => {
      const res = await cluster.get('aol', `/v1/reports/${id}`);
      return res.json.status === 'received' ? res.json : undefined;
    });
    assert.equal(atReporter.timeline.at(-1).entry, ack.id);
    assert.equal(atReporter.timeline.at(-1).by, 'cnisp1');
  });

  test('entries published at every node converge to identical logs on all five', async () => {
    const published: Record<string, number> = {};
    await Promise.all(
      ['isc', 'aol', 'hotmail'].map(async (handle, i) => {
        for (let k = 0; k < 20; k++) {
          const r = await cluster.publish(handle, 'report', reportJsonBody(`198.51.100.${i * 20 + k}/32`));
          published[handle] = r.seq;
        }
      }),
    );
    const heads = await cluster.converged();
    for (const [handle, seq] of Object.entries(published)) {
      assert.equal(heads.find((h) => h.handle === handle)?.seq, seq, `${handle}'s head everywhere`);
    }
    const counts = await Promise.all([...cluster.nodes.keys()].map(async (h) => (await cluster.status(h)).entries));
    const total = heads.reduce((n, h) => n + h.seq, 0);
    assert.deepEqual(
      counts,
      counts.map(() => total),
      'every node stores each entry exactly once',
    );
    // A leaf with one link sends the hub its own entries only: nothing it received is echoed back.
    const [link] = await cluster.links('cnisp1');
    const own = heads.find((h) => h.handle === 'cnisp1')?.seq;
    assert.equal(link.entriesSent, own);
    assert.equal(link.entriesReceived, total - (own ?? 0));
  });
});

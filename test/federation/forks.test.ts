/**
 * Forks and receipts across nodes. Two different entries with the same origin and seq,
 * delivered to opposite ends of a chain of nodes, are both kept as proof and flagged on
 * every node — including nodes that only ever held one side in their log, and a node
 * that joins afterwards — because the proof itself is relayed. Receipts tell a
 * reporter which organisations hold its entries.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { keyFor, postEntry } from '../../node/test/helpers/fixture.js';
import { Cluster, reportJsonBody, waitFor } from './helpers/cluster.js';
import { signAt } from './helpers/raw-peer.js';

describe('forks', () => {
  let cluster: Cluster;

  before(async () => {
    // aol — isc — cnisp1 in a line; cnisp2 joins later behind aol.
    cluster = await Cluster.create(['isc', 'aol', 'cnisp1', 'cnisp2'], {
      links: [
        ['aol', 'isc'],
        ['cnisp1', 'isc'],
        ['cnisp2', 'aol'],
      ],
      config: { receipts: { intervalSeconds: 3600 } },
    });
    await Promise.all(['isc', 'aol', 'cnisp1'].map((h) => cluster.start(h)));
    await cluster.linked('isc', 2);
  });

  after(async () => {
    await cluster?.close();
  });

  test('two entries with the same origin and seq are both kept and flagged on every node', async () => {
    const sorbs = keyFor('sorbs');
    const body = (text: string) => ({ topic: 'standards' as const, urgency: 'low' as const, text: { en: text } });
    const one = signAt(sorbs, 1, null, 'notice', body('one side'));
    const other = signAt(sorbs, 1, null, 'notice', body('the other side'));
    const [a, b] = await Promise.all([
      postEntry(cluster.node('aol').http, one),
      postEntry(cluster.node('cnisp1').http, other),
    ]);
    assert.ok([200, 409].includes(a.status) && [200, 409].includes(b.status));

    const proof = [one.idHex, other.idHex].sort();
    const flagged = async (handle: string) => {
      const { forks } = await cluster.status(handle);
      const fork = forks.find((f) => f.handle === 'sorbs')?.evidence.find((e) => e.seq === 1);
      return fork && JSON.stringify([...fork.ids].sort()) === JSON.stringify(proof) ? fork : false;
    };
    for (const handle of ['isc', 'aol', 'cnisp1']) {
      const fork = await waitFor(`the fork flagged at ${handle} with both entries`, () => flagged(handle));
      assert.equal(fork.seq, 1);
    }

    // A node that joins afterwards, two hops from where the fork was seen, gets the proof too.
    await cluster.start('cnisp2');
    await waitFor('the fork flagged at the late joiner cnisp2', () => flagged('cnisp2'));
  });
});

describe('receipts', () => {
  let cluster: Cluster;

  before(async () => {
    cluster = await Cluster.create(['isc', 'aol', 'cnisp1'], {
      links: [
        ['aol', 'isc'],
        ['cnisp1', 'isc'],
      ],
      config: { receipts: { intervalSeconds: 1 } },
    });
    await cluster.startAll();
    await cluster.linked('isc', 2);
  });

  after(async () => {
    await cluster?.close();
  });

  test('after a report propagates, its reporter sees which organisations hold it', async () => {
    const { seq } = await cluster.publish('aol', 'report', reportJsonBody('192.0.2.10/32'));
    const holders = await waitFor('receipts from isc and cnisp1 at aol', async () => {
      const { json } = await cluster.get('aol', '/v1/receipts');
      const current = json.receipts.filter((r: { seq: number }) => r.seq >= seq);
      return current.length >= 2 ? json : undefined;
    });
    assert.equal(holders.origin, 'aol');
    assert.equal(holders.seq, seq);
    assert.deepEqual(
      holders.receipts.map((r: { holder: string }) => r.holder),
      ['cnisp1', 'isc'],
    );
    for (const r of holders.receipts) assert.equal(r.current, true);

    // Any origin can be asked about, by handle.
    const { json } = await cluster.get('isc', '/v1/receipts?origin=aol');
    assert.equal(json.origin, 'aol');
    const unknown = await cluster.get('isc', '/v1/receipts?origin=nobody');
    assert.equal(unknown.status, 400);
  });
});

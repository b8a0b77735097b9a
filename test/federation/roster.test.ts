/**
 * Roster changes seen from the federation: a member admitted by a newer roster than a
 * node holds has its entries refused there at first, and fetched as soon as that node
 * adopts the roster — nothing is lost to the order in which roster and entries arrive.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { toHex } from '@arx/protocol';
import { DEFAULT_MEMBERS, keyFor, rosterDocument } from '../../node/test/helpers/fixture.js';
import { Cluster, waitFor } from './helpers/cluster.js';
import { linkAs, signAt } from './helpers/raw-peer.js';

const V2 = rosterDocument([...DEFAULT_MEMBERS, { handle: 'newco', roles: ['reporter'] }], 2);

describe('roster changes', () => {
  let cluster: Cluster;

  before(async () => {
    // The hub already trusts roster v2 (with newco); aol still holds v1.
    cluster = await Cluster.create(['isc', 'aol'], {
      links: [['aol', 'isc']],
      config: { receipts: { intervalSeconds: 3600 } },
      rosters: { isc: V2 },
    });
    await cluster.startAll();
    await cluster.linked('isc', 1);
  });

  after(async () => {
    await cluster?.close();
  });

  test('entries of a member refused under an old roster are fetched once the new roster is adopted', async () => {
    const newco = keyFor('newco');
    const body = (text: string) => ({ topic: 'help' as const, urgency: 'low' as const, text: { en: text } });
    const one = signAt(newco, 1, null, 'notice', body('hello'));
    const two = signAt(newco, 2, one.id, 'notice', body('again'));
    const peer = await linkAs(cluster.node('isc').ws, newco);
    peer.send(['entry', one.bytes]);
    peer.send(['entry', two.bytes]);
    await waitFor('newco’s entries at isc', async () =>
      (await cluster.heads('isc')).some((h) => h.handle === 'newco' && h.seq === 2),
    );
    // Relayed to aol, which does not know newco yet and refuses them.
    const marker = await cluster.publish('isc', 'notice', body('marker'));
    await waitFor(
      'the marker at aol',
      async () => (await cluster.get('aol', `/v1/entries/${marker.id}`)).status === 200,
    );
    assert.equal((await cluster.get('aol', `/v1/entries/${two.idHex}`)).status, 404);

    await cluster.publish('isc', 'roster', { document: toHex(V2) });
    await waitFor('aol to adopt roster v2', async () => (await cluster.status('aol')).rosterVersion === 2);
    const heads = await waitFor('newco’s entries at aol', async () => {
      const hs = await cluster.heads('aol');
      return hs.find((h) => h.handle === 'newco' && h.seq === 2) ? hs : undefined;
    });
    assert.equal(heads.find((h) => h.handle === 'newco')?.id, two.idHex);
    peer.close();
  });
});

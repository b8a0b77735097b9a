/**
 * The width policy seen from the federation: a listing wider than the default, allowed
 * by a roster version one node already holds, is refused by a node still on the older
 * roster, and fetched by it as soon as it adopts the newer one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRosterDocument, parsePrefix, toHex } from '@arx/protocol';
import { keyFor, makeRoster, STEWARD } from '../../node/test/helpers/fixture.js';
import { Cluster, waitFor } from './helpers/cluster.js';
import { linkAs, signAt } from './helpers/raw-peer.js';

// Version 2 lets dynamic-space listings cover a /8 (a whole dynamic pool); v1 keeps the default /16.
const V2 = createRosterDocument({ ...makeRoster(undefined, 2), widest: { listing: { dynamic: { v4: 8 } } } }, [
  STEWARD,
]);

describe('width policy across roster versions', () => {
  let cluster: Cluster;

  before(async () => {
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

  test('a listing refused as too wide under the old roster is fetched once the roster allowing it is adopted', async () => {
    const sorbs = keyFor('sorbs');
    const wide = signAt(sorbs, 1, null, 'listing', {
      list: 'dynamic',
      op: 'add',
      target: parsePrefix('10.0.0.0/8'),
      reason: 'policy.dynamic',
    });
    const peer = await linkAs(cluster.node('isc').ws, sorbs);
    peer.send(['entry', wide.bytes]);
    await waitFor(
      'the /8 listing at isc',
      async () => (await cluster.get('isc', `/v1/entries/${wide.idHex}`)).status === 200,
    );
    const body = { topic: 'help', urgency: 'low', text: { en: 'marker' } };
    const marker = await cluster.publish('isc', 'notice', body);
    await waitFor(
      'the marker at aol',
      async () => (await cluster.get('aol', `/v1/entries/${marker.id}`)).status === 200,
    );
    assert.equal((await cluster.get('aol', `/v1/entries/${wide.idHex}`)).status, 404, 'refused under roster v1');

    await cluster.publish('isc', 'roster', { document: toHex(V2) });
    await waitFor('aol to adopt roster v2', async () => (await cluster.status('aol')).rosterVersion === 2);
    await waitFor(
      'the /8 listing at aol',
      async () => (await cluster.get('aol', `/v1/entries/${wide.idHex}`)).status === 200,
    );
    const listings = await cluster.get('aol', '/v1/listings');
    assert.ok((listings.json.listings as { target: string }[]).some((l) => l.target === '10.0.0.0/8'));
    peer.close();
  });
});

/**
 * Future-dated entries: an entry dated 100 years ahead would stay "recent" for ever.
 * A node refuses entries dated more than `limits.maxClockSkewSeconds` ahead of its
 * clock with ARX_PROTO_FUTURE_TIMESTAMP and stores nothing; within the bound they are
 * accepted (clocks of honest nodes differ a little).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Publisher, reportBody } from '../../node/test/helpers/fixture.js';
import { publishOne } from '../../node/test/helpers/ws-client.js';
import { type AbuseNode, httpGet, openNormal, startNode } from './helpers.js';

describe('future-dated entries', () => {
  let node: AbuseNode;

  before(async () => {
    node = await startNode({ limits: { maxClockSkewSeconds: 300 } });
  });

  after(async () => {
    await node?.close();
  });

  test('an entry 100 years ahead is refused with a typed code; one a minute ahead is accepted', async () => {
    const client = await openNormal(node.ws);
    const aol = new Publisher('aol');
    const ahead = aol.next('report', reportBody('192.0.2.1/32'), Date.now() + 100 * 365 * 86_400_000);
    const refused = await publishOne(client, ahead.bytes);
    assert.equal(refused[2], false);
    assert.equal(refused[3], 'invalid');
    assert.match(refused[4], /^ARX_PROTO_FUTURE_TIMESTAMP/);
    assert.equal((await httpGet(node.http, `/v1/entries/${ahead.idHex}`)).status, 404, 'not stored');

    const fresh = new Publisher('hotmail');
    const slightly = fresh.next('report', reportBody('192.0.2.2/32'), Date.now() + 60_000);
    const accepted = await publishOne(client, slightly.bytes);
    assert.equal(accepted[3], 'accepted');
    await client.close();
  });
});

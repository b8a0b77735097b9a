/**
 * The attacks: members and outsiders trying to change state they are not entitled to.
 * Signed entries from other organisations are kept as evidence and change nothing; the
 * node's own publish path refuses them outright with a typed error.
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { parsePrefix } from '@arx/protocol';
import {
  DEFAULT_MEMBERS,
  getJson,
  OPERATOR_TOKEN,
  Publisher,
  postEntry,
  postJson,
  reportBody,
  rosterDocument,
} from './helpers/fixture.js';
import { type FreshNode, freshNode } from './helpers/fresh-node.js';
import { publishOne, WsClient } from './helpers/ws-client.js';

const nodes: FreshNode[] = [];
afterEach(async () => {
  for (const n of nodes.splice(0)) await n.close();
});
async function start(handle: string, roster?: Uint8Array): Promise<FreshNode> {
  const n = await freshNode(handle, {}, roster);
  nodes.push(n);
  return n;
}

/** A roster with a second list operator that never listed anything. */
const WITH_MAPS = rosterDocument([...DEFAULT_MEMBERS, { handle: 'maps', roles: ['list-operator'] }]);

test('a non-member cannot publish anything, over HTTP or the websocket', async () => {
  const env = await start('isc');
  const mallory = new Publisher('mallory');
  const report = mallory.next('report', reportBody('192.0.2.66/32'));
  const res = await postEntry(env.base, report);
  assert.equal(res.status, 403);
  assert.equal(res.json.error.code, 'ARX_NODE_NOT_MEMBER');
  const client = await WsClient.open(env.ws);
  const ok = await publishOne(client, mallory.next('report', reportBody('192.0.2.67/32')).bytes);
  await client.close();
  assert.deepEqual([ok[2], ok[3]], [false, 'not-member']);
  assert.equal((await getJson(env.base, `/v1/entries/${report.idHex}`)).status, 404);
  assert.deepEqual((await getJson(env.base, '/v1/lookup/192.0.2.66')).json.reports, []);
  assert.equal((await getJson(env.base, '/v1/status')).json.entries, 0);
});

test('an ack by a member not responsible for the address is stored as a comment and leaves the status unchanged', async () => {
  const env = await start('isc');
  const report = new Publisher('aol').next('report', reportBody('192.0.2.5/32'));
  await postEntry(env.base, report);
  const cnisp2 = new Publisher('cnisp2');
  const intruder = cnisp2.next('ack', { report: report.id, status: 'resolved' });
  const res = await postEntry(env.base, intruder);
  assert.equal(res.status, 200);
  assert.deepEqual([res.json.accepted, res.json.effect, res.json.effectReason], [true, 'no-effect', 'not-responsible']);
  const view = (await getJson(env.base, `/v1/reports/${report.idHex}`)).json;
  assert.equal(view.responsible, 'cnisp1');
  assert.equal(view.status, 'published');
  assert.deepEqual(
    view.timeline.map((s: { status: string }) => s.status),
    ['published'],
  );
  assert.deepEqual(
    view.comments.map((c: { by: string; status: string }) => [c.by, c.status]),
    [['cnisp2', 'resolved']],
  );
  // The entry itself is kept: it is evidence of what cnisp2 signed.
  assert.equal((await getJson(env.base, `/v1/entries/${intruder.idHex}`)).status, 200);
  // Over the websocket the sender learns that it had no effect.
  const client = await WsClient.open(env.ws);
  const ok = await publishOne(client, cnisp2.next('ack', { report: report.id, status: 'investigating' }).bytes);
  await client.close();
  // Stored (true, accepted), and the sixth item says it had no effect, with the same
  // reason as the HTTP answer's effectReason.
  assert.deepEqual(ok.slice(2), [true, 'accepted', '', { outcome: 'no-effect', reason: 'not-responsible' }]);
});

test('a node refuses to publish an ack for a report about someone else’s netblock', async () => {
  const env = await start('cnisp2');
  const report = new Publisher('aol').next('report', reportBody('192.0.2.5/32'));
  await postEntry(env.base, report);
  const res = await postJson(
    env.base,
    '/v1/publish',
    { kind: 'ack', body: { report: report.idHex, status: 'resolved', action: 'host-cleaned' } },
    OPERATOR_TOKEN,
  );
  assert.equal(res.status, 403);
  assert.equal(res.json.error.code, 'ARX_NODE_NOT_RESPONSIBLE');
  assert.match(res.json.error.message, /cnisp1/);
  // No seq was spent on the refused entry.
  assert.equal(
    (await getJson(env.base, '/v1/status')).json.heads.find((h: { handle: string }) => h.handle === 'cnisp2'),
    undefined,
  );
});

test('retracting another origin’s entry has no effect, and the node refuses to publish it', async () => {
  const env = await start('hotmail');
  const report = new Publisher('aol').next('report', reportBody('192.0.2.5/32'));
  await postEntry(env.base, report);
  const retraction = new Publisher('isc').next('retract', { entry: report.id, reason: 'mistaken' });
  const res = await postEntry(env.base, retraction);
  assert.deepEqual([res.status, res.json.effect, res.json.effectReason], [200, 'no-effect', 'not-origin']);
  assert.equal((await getJson(env.base, `/v1/entries/${report.idHex}`)).json.retracted, false);
  assert.equal((await getJson(env.base, `/v1/reports/${report.idHex}`)).json.retracted, false);
  assert.equal((await getJson(env.base, '/v1/lookup/192.0.2.5')).json.reports.length, 1);

  const own = await postJson(
    env.base,
    '/v1/publish',
    { kind: 'retract', body: { entry: report.idHex, reason: 'mistaken' } },
    OPERATOR_TOKEN,
  );
  assert.equal(own.status, 403);
  assert.equal(own.json.error.code, 'ARX_NODE_NOT_ORIGIN');
});

test('a retraction that arrives before the entry it names still cannot retract someone else’s entry', async () => {
  const env = await start('isc');
  const report = new Publisher('aol').next('report', reportBody('192.0.2.5/32'));
  const early = new Publisher('hotmail').next('retract', { entry: report.id, reason: 'mistaken' });
  assert.equal((await postEntry(env.base, early)).json.effect, 'pending');
  await postEntry(env.base, report);
  assert.equal((await getJson(env.base, `/v1/reports/${report.idHex}`)).json.retracted, false);
  assert.equal((await getJson(env.base, '/v1/lookup/192.0.2.5')).json.reports.length, 1);
});

test('a validly signed entry of a kind the origin’s role may not publish is refused', async () => {
  const env = await start('isc');
  const report = new Publisher('aol').next('report', reportBody('192.0.2.5/32'));
  await postEntry(env.base, report);
  const cases = [
    ['a reporter acknowledging', new Publisher('hotmail').next('ack', { report: report.id, status: 'resolved' })],
    [
      'a provider listing',
      new Publisher('cnisp1').next('listing', {
        list: 'spam-source',
        op: 'add',
        target: parsePrefix('198.51.100.1/32'),
        reason: 'spam.source',
      }),
    ],
    ['a provider reporting', new Publisher('cnisp1').next('report', reportBody('198.51.100.1/32'))],
    [
      'a reporter deciding a delisting',
      new Publisher('aol').next('delist-decision', { request: report.id, decision: 'granted' }),
    ],
  ] as const;
  for (const [label, entry] of cases) {
    const res = await postEntry(env.base, entry);
    assert.equal(res.status, 403, label);
    assert.equal(res.json.error.code, 'ARX_NODE_ROLE_FORBIDDEN', label);
  }
  const view = (await getJson(env.base, `/v1/reports/${report.idHex}`)).json;
  assert.equal(view.status, 'published');
  assert.deepEqual(view.comments, []);
  // The node's own path refuses the same before signing anything.
  const aolNode = await start('aol');
  const own = await postJson(
    aolNode.base,
    '/v1/publish',
    { kind: 'listing', body: { list: 'spam-source', op: 'add', target: '192.0.2.9/32', reason: 'spam.source' } },
    OPERATOR_TOKEN,
  );
  assert.equal(own.status, 403);
  assert.equal(own.json.error.code, 'ARX_NODE_ROLE_FORBIDDEN');
});

test('a delisting decision by a list operator that did not list the target changes nothing', async () => {
  const env = await start('isc', WITH_MAPS);
  const listing = new Publisher('sorbs').next('listing', {
    list: 'spam-source',
    op: 'add',
    target: parsePrefix('192.0.2.7/32'),
    reason: 'spam.source',
  });
  const request = new Publisher('cnisp1').next('delist-request', {
    listing: listing.id,
    remediation: ['host-cleaned'],
  });
  const decision = new Publisher('maps').next('delist-decision', { request: request.id, decision: 'granted' });
  for (const e of [listing, request]) assert.equal((await postEntry(env.base, e)).json.effect, 'applied');
  const res = await postEntry(env.base, decision);
  assert.deepEqual([res.status, res.json.effect, res.json.effectReason], [200, 'no-effect', 'not-list-operator']);
  const lookup = (await getJson(env.base, '/v1/lookup/192.0.2.7')).json;
  assert.deepEqual(
    lookup.listings.map((l: { id: string }) => l.id),
    [listing.idHex],
  );
  const queue = (await getJson(env.base, '/v1/delist/queue')).json.requests;
  assert.equal(queue.length, 1);
  assert.equal(queue[0].decision, null);

  // The maps node refuses to publish such a decision at all.
  const maps = await start('maps', WITH_MAPS);
  for (const e of [listing, request]) await postEntry(maps.base, e);
  const own = await postJson(
    maps.base,
    '/v1/publish',
    { kind: 'delist-decision', body: { request: request.idHex, decision: 'granted' } },
    OPERATOR_TOKEN,
  );
  assert.equal(own.status, 403);
  assert.equal(own.json.error.code, 'ARX_NODE_NOT_RESPONSIBLE');
});

test('a delisting request by a provider not responsible for the listed range changes nothing', async () => {
  const env = await start('isc');
  const listing = new Publisher('sorbs').next('listing', {
    list: 'spam-source',
    op: 'add',
    target: parsePrefix('192.0.2.7/32'),
    reason: 'spam.source',
  });
  await postEntry(env.base, listing);
  const request = new Publisher('cnisp2').next('delist-request', {
    listing: listing.id,
    remediation: ['host-cleaned'],
  });
  const res = await postEntry(env.base, request);
  assert.deepEqual([res.json.effect, res.json.effectReason], ['no-effect', 'not-responsible']);
  const grant = new Publisher('sorbs');
  grant.next('listing', { list: 'spam-source', op: 'add', target: parsePrefix('192.0.2.7/32'), reason: 'spam.source' });
  const decision = grant.next('delist-decision', { request: request.id, decision: 'granted' });
  await postEntry(env.base, decision);
  assert.equal((await getJson(env.base, '/v1/lookup/192.0.2.7')).json.listings.length, 1);
  assert.deepEqual((await getJson(env.base, '/v1/delist/queue')).json.requests, []);
});

test('a list operator cannot remove or replace another operator’s listing', async () => {
  const env = await start('isc', WITH_MAPS);
  const listing = new Publisher('sorbs').next('listing', {
    list: 'spam-source',
    op: 'add',
    target: parsePrefix('192.0.2.7/32'),
    reason: 'spam.source',
  });
  await postEntry(env.base, listing);
  const maps = new Publisher('maps');
  const removal = maps.next('listing', {
    list: 'spam-source',
    op: 'remove',
    target: parsePrefix('192.0.2.7/32'),
    reason: 'spam.source',
  });
  const res = await postEntry(env.base, removal);
  assert.deepEqual([res.json.effect, res.json.effectReason], ['no-effect', 'not-listed']);
  const retraction = maps.next('retract', { entry: listing.id, reason: 'false-positive' });
  assert.equal((await postEntry(env.base, retraction)).json.effectReason, 'not-origin');
  const active = (await getJson(env.base, '/v1/lookup/192.0.2.7')).json.listings;
  assert.deepEqual(
    active.map((l: { id: string }) => l.id),
    [listing.idHex],
  );
});

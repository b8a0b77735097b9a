/**
 * The delisting workflow end to end, over HTTP on a three-node federation (hub isc,
 * provider cnisp1, list operator sorbs): listed → looked up → request filed →
 * queued at the operator → granted → gone from lookups and exports everywhere →
 * counted in the resolution metrics.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { exportList } from '../../node/src/dnsbl/index.ts';
import { getJson, Publisher, postEntry, reportBody } from '../../node/test/helpers/fixture.ts';
import { type Federation, publish, spread, startFederation, waitFor } from './federation.ts';

const ADDRESS = '192.0.2.66';

let fed: Federation;
before(async () => {
  fed = await startFederation();
});
after(async () => {
  await fed?.close();
});

test('a listing is requested off, granted, and disappears across the federation', async () => {
  const { hub, cnisp1, sorbs, nodes } = fed;
  const base = fed.base;

  // A reporter's complaint is the evidence the list operator cites.
  const aol = new Publisher('aol');
  const report = aol.next('report', reportBody(`${ADDRESS}/32`));
  assert.equal((await postEntry(base(hub), report)).status, 200);
  await spread(nodes, report.idHex);

  const listing = await publish(sorbs, 'listing', {
    list: 'spam-source',
    op: 'add',
    target: `${ADDRESS}/32`,
    reason: 'spam.source',
    evidence: [report.idHex],
  });
  await spread(nodes, listing.id);

  // cnisp1's own node tells it who listed the address, why, since when, and how to get off.
  const seen = (await getJson(base(cnisp1), `/v1/lookup/${ADDRESS}`)).json;
  assert.equal(seen.responsible?.handle, 'cnisp1');
  assert.equal(seen.listings.length, 1);
  const [l] = seen.listings;
  assert.equal(l.id, listing.id);
  assert.equal(l.originHandle, 'sorbs', 'who listed it');
  assert.equal(l.reason, 'spam.source', 'why');
  assert.equal(l.since, listing.ts, 'since when');
  assert.match(l.removal.how, new RegExp(`delist request ${listing.id}`), 'how to request removal');
  assert.ok(l.removal.contacts.includes('abuse@sorbs.example'), 'whom to contact');

  // cnisp1 cleans the host and files a delisting request with the remediation codes.
  const request = await publish(cnisp1, 'delist-request', {
    listing: listing.id,
    remediation: ['host-cleaned', 'port25-blocked'],
  });
  await spread(nodes, request.id);

  const queue = (await getJson(base(sorbs), '/v1/delist/queue')).json.requests;
  const queued = queue.find((q: { id: string }) => q.id === request.id);
  assert.ok(queued, 'the request is in the list operator’s queue');
  assert.equal(queued.by, 'cnisp1');
  assert.equal(queued.mine, true);
  assert.deepEqual(queued.remediation, ['host-cleaned', 'port25-blocked']);
  assert.equal(queued.decision, null);
  assert.equal(queued.listing.target, `${ADDRESS}/32`);

  const before = (await getJson(base(sorbs), '/v1/metrics/resolution?window=1d')).json.operators.sorbs;
  assert.equal(before.pending.value, 1, 'pending until decided');
  assert.equal(before.timeToDecision.median.value, null);

  const decision = await publish(sorbs, 'delist-decision', { request: request.id, decision: 'granted' });

  // The decision reaches cnisp1 through the hub; the moment it is held, the listing is gone.
  await waitFor('the decision on cnisp1', async () => (await fetch(`${base(cnisp1)}/v1/entries/${decision.id}`)).ok);
  const after = (await getJson(base(cnisp1), `/v1/lookup/${ADDRESS}`)).json;
  assert.deepEqual(after.listings, [], 'no longer in lookups');
  assert.equal(after.reports.length, 1, 'the report stays on record');
  const active = (await getJson(base(cnisp1), '/v1/listings')).json.listings;
  assert.ok(!active.some((x: { id: string }) => x.id === listing.id), 'not among active listings');
  const all = (await getJson(base(cnisp1), '/v1/listings?all=true')).json.listings;
  const ended = all.find((x: { id: string }) => x.id === listing.id);
  assert.equal(ended.removedAt, decision.ts, 'ended by the decision');
  const views = cnisp1.context.listings.active();
  for (const format of ['cidr', 'csv', 'json'] as const) {
    const text = exportList(views, format, { zone: 'dnsbl.arx.test', now: Date.now() });
    assert.ok(!text.includes(ADDRESS), `not in the ${format} export`);
  }

  const decided = (await getJson(base(cnisp1), '/v1/delist/queue')).json.requests.find(
    (q: { id: string }) => q.id === request.id,
  );
  assert.equal(decided.decision.decision, 'granted');
  assert.equal(decided.decision.entry, decision.id);

  // The turnaround counts in the metrics, on any node, traced to the two entries.
  const expected = (decision.ts - request.ts) / 1000;
  for (const node of [cnisp1, sorbs]) {
    const m = (await getJson(base(node), '/v1/metrics/resolution?window=1d&member=sorbs')).json;
    const s = m.operators.sorbs;
    assert.equal(s.delistRequests.value, 1);
    assert.equal(s.decisions.value, 1);
    assert.equal(s.granted.value, 1);
    assert.equal(s.denied.value, 0);
    assert.equal(s.pending.value, 0);
    assert.equal(s.activeListings.value, 0);
    assert.equal(s.listed.value, 1);
    assert.equal(s.timeToDecision.median.value, expected);
    const trace = (
      await getJson(base(node), m.traceUrl.replace('{figure}', encodeURIComponent(s.timeToDecision.median.trace)))
    ).json;
    assert.deepEqual(
      trace.entries.map((e: { id: string; kind: string }) => [e.id, e.kind]),
      [
        [request.id, 'delist-request'],
        [decision.id, 'delist-decision'],
      ],
    );
    assert.deepEqual(trace.samples[trace.pick], { seconds: expected, from: request.id, to: decision.id });
  }

  const prometheus = await (await fetch(`${base(cnisp1)}/metrics`)).text();
  assert.match(prometheus, /^arx_oversight_delist_decisions\{operator="sorbs",decision="granted",window="30d"\} 1$/m);
  assert.match(
    prometheus,
    new RegExp(`^arx_oversight_time_to_decision_p50_seconds\\{operator="sorbs",window="30d"\\} ${expected}$`, 'm'),
  );
  assert.match(prometheus, /^arx_oversight_listings_active\{operator="sorbs",list="spam-source",window="30d"\} 0$/m);
});

/**
 * Materialised state: report lifecycles, listings and their expiry, delisting,
 * retractions — as the HTTP API presents them, and as they come back after a restart.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { parsePrefix, type VerifiedEntry } from '@arx/protocol';
import { getJson, Publisher, postEntry, reportBody } from './helpers/fixture.js';
import { type FreshNode, freshNode } from './helpers/fresh-node.js';

let env: FreshNode;
beforeEach(async () => {
  env = await freshNode('isc');
});
afterEach(async () => {
  await env.close();
});

async function store(...entries: VerifiedEntry[]): Promise<string[]> {
  const effects: string[] = [];
  for (const e of entries) {
    const res = await postEntry(env.base, e);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    effects.push(res.json.effect);
  }
  return effects;
}

function listingOf(sorbs: Publisher, target: string, extra: { expires?: number } = {}, ts = Date.now()) {
  return sorbs.next(
    'listing',
    { list: 'spam-source', op: 'add', target: parsePrefix(target), reason: 'spam.source', ...extra },
    ts,
  );
}

test('a report moves published → received → investigating → resolved with the times and entries of each step', async () => {
  const t0 = Date.now() - 10_000;
  const report = new Publisher('aol').next('report', reportBody('192.0.2.5/32'), t0);
  const cnisp1 = new Publisher('cnisp1');
  const received = cnisp1.next('ack', { report: report.id, status: 'received' }, t0 + 1000);
  const investigating = cnisp1.next('ack', { report: report.id, status: 'investigating' }, t0 + 2000);
  const resolved = cnisp1.next(
    'ack',
    { report: report.id, status: 'resolved', action: 'customer-notified' },
    t0 + 3000,
  );
  await store(report);
  assert.equal((await getJson(env.base, `/v1/reports/${report.idHex}`)).json.status, 'published');
  await store(received);
  assert.equal((await getJson(env.base, `/v1/reports/${report.idHex}`)).json.status, 'received');
  await store(investigating, resolved);
  const view = (await getJson(env.base, `/v1/reports/${report.idHex}`)).json;
  assert.equal(view.status, 'resolved');
  assert.deepEqual(
    view.timeline.map((s: { status: string; ts: number; entry: string; by: string; action: string | null }) => [
      s.status,
      s.ts,
      s.entry,
      s.by,
      s.action,
    ]),
    [
      ['published', t0, report.idHex, 'aol', null],
      ['received', t0 + 1000, received.idHex, 'cnisp1', null],
      ['investigating', t0 + 2000, investigating.idHex, 'cnisp1', null],
      ['resolved', t0 + 3000, resolved.idHex, 'cnisp1', 'customer-notified'],
    ],
  );
  const listed = (await getJson(env.base, '/v1/reports?status=resolved&responsible=cnisp1')).json.reports;
  assert.deepEqual(
    listed.map((r: { id: string }) => r.id),
    [report.idHex],
  );
  assert.deepEqual((await getJson(env.base, '/v1/reports?status=published')).json.reports, []);
  const lookup = (await getJson(env.base, '/v1/lookup/192.0.2.5')).json;
  assert.equal(lookup.responsible.handle, 'cnisp1');
  assert.deepEqual(
    lookup.reports.map((r: { id: string; status: string }) => [r.id, r.status]),
    [[report.idHex, 'resolved']],
  );
});

test('acks that arrive before their report apply once, in time order, when it arrives', async () => {
  const t0 = Date.now() - 10_000;
  const report = new Publisher('aol').next('report', reportBody('192.0.2.5/32'), t0);
  const cnisp1 = new Publisher('cnisp1');
  const received = cnisp1.next('ack', { report: report.id, status: 'received' }, t0 + 1000);
  const resolved = cnisp1.next('ack', { report: report.id, status: 'resolved', action: 'host-cleaned' }, t0 + 2000);
  const comment = new Publisher('cnisp2').next('ack', { report: report.id, status: 'investigating' }, t0 + 1500);
  assert.deepEqual(await store(received, resolved, comment), ['pending', 'pending', 'pending']);
  assert.equal((await getJson(env.base, `/v1/reports/${report.idHex}`)).status, 404);
  assert.deepEqual(await store(report), ['applied']);
  const view = (await getJson(env.base, `/v1/reports/${report.idHex}`)).json;
  assert.equal(view.status, 'resolved');
  assert.deepEqual(
    view.timeline.map((s: { entry: string }) => s.entry),
    [report.idHex, received.idHex, resolved.idHex],
  );
  assert.deepEqual(
    view.comments.map((s: { entry: string }) => s.entry),
    [comment.idHex],
  );
  // Once the report is held, the early acks are found by the member responsible for
  // the report's address, and by that address, like acks that arrive after it.
  const byResponsible = (await getJson(env.base, '/v1/entries?kind=ack&responsible=cnisp1')).json.entries;
  assert.deepEqual(
    byResponsible.map((e: { id: string }) => e.id).sort(),
    [received.idHex, resolved.idHex, comment.idHex].sort(),
  );
  const byAddress = (await getJson(env.base, '/v1/entries?about=192.0.2.0/24')).json.entries;
  assert.deepEqual(
    byAddress.map((e: { id: string }) => e.id).sort(),
    [received.idHex, resolved.idHex, comment.idHex, report.idHex].sort(),
  );
  // Storing the report again (a duplicate) applies nothing twice.
  await store(report);
  const again = (await getJson(env.base, `/v1/reports/${report.idHex}`)).json;
  assert.equal(again.timeline.length, 3);
  assert.equal(again.comments.length, 1);
});

test('entries waiting for their reference across a restart apply when it arrives', async () => {
  const t0 = Date.now() - 10_000;
  const report = new Publisher('aol').next('report', reportBody('192.0.2.5/32'), t0);
  const sorbs = new Publisher('sorbs');
  const listing = listingOf(sorbs, '192.0.2.6/32', {}, t0);
  const cnisp1 = new Publisher('cnisp1');
  const ack = cnisp1.next('ack', { report: report.id, status: 'investigating' }, t0 + 1000);
  const ask = cnisp1.next('delist-request', { listing: listing.id, remediation: ['host-cleaned'] }, t0 + 2000);
  const grant = sorbs.next('delist-decision', { request: ask.id, decision: 'granted' }, t0 + 3000);
  // The request arrives before the listing it names, the ack before its report.
  assert.deepEqual(await store(ack, ask), ['pending', 'pending']);
  env = await env.restart();
  assert.deepEqual(await store(report, listing), ['applied', 'applied']);
  assert.equal((await getJson(env.base, `/v1/reports/${report.idHex}`)).json.status, 'investigating');
  const queue = (await getJson(env.base, '/v1/delist/queue')).json.requests;
  assert.deepEqual(
    queue.map((r: { id: string }) => r.id),
    [ask.idHex],
  );
  assert.deepEqual(await store(grant), ['applied']);
  assert.deepEqual((await getJson(env.base, '/v1/lookup/192.0.2.6')).json.listings, []);
});

test('a listing counts until it expires, then stops counting in lookups and /v1/listings without being deleted', async () => {
  const sorbs = new Publisher('sorbs');
  const now = Date.now();
  const expired = listingOf(sorbs, '192.0.2.8/32', { expires: now - 1 }, now);
  // Long enough for the checks before it expires to finish on a loaded machine.
  const expiring = listingOf(sorbs, '192.0.2.9/32', { expires: now + 2000 }, now);
  const lasting = listingOf(sorbs, '192.0.2.0/24', {}, now);
  await store(expired, expiring, lasting);
  const listed = async (address: string) =>
    (await getJson(env.base, `/v1/lookup/${address}`)).json.listings.map((l: { id: string }) => l.id);
  assert.deepEqual(await listed('192.0.2.8'), [lasting.idHex]);
  assert.deepEqual(await listed('192.0.2.9'), [expiring.idHex, lasting.idHex]);
  const active = async () =>
    (await getJson(env.base, '/v1/listings')).json.listings.map((l: { id: string }) => l.id).sort();
  assert.deepEqual(await active(), [expiring.idHex, lasting.idHex].sort());

  await new Promise((r) => setTimeout(r, Math.max(0, now + 2050 - Date.now())));
  assert.deepEqual(await listed('192.0.2.9'), [lasting.idHex]);
  assert.deepEqual(await active(), [lasting.idHex]);
  const all = (await getJson(env.base, '/v1/listings?all=true')).json.listings;
  assert.deepEqual(
    all.map((l: { id: string; active: boolean }) => [l.id, l.active]).sort(),
    [
      [expired.idHex, false],
      [expiring.idHex, false],
      [lasting.idHex, true],
    ].sort(),
  );
});

test('a granted delisting request removes the listing; a denied one does not', async () => {
  const sorbs = new Publisher('sorbs');
  const cnisp1 = new Publisher('cnisp1');
  const first = listingOf(sorbs, '192.0.2.7/32');
  const second = listingOf(sorbs, '192.0.2.77/32');
  const t0 = Date.now() - 5000;
  const askFirst = cnisp1.next('delist-request', { listing: first.id, remediation: ['host-cleaned'] }, t0);
  const askSecond = cnisp1.next('delist-request', { listing: second.id, remediation: ['customer-notified'] }, t0 + 1);
  await store(first, second, askFirst, askSecond);
  const queue = (await getJson(env.base, '/v1/delist/queue')).json.requests;
  assert.deepEqual(
    queue.map((r: { id: string; by: string; decision: unknown }) => [r.id, r.by, r.decision]),
    [
      [askFirst.idHex, 'cnisp1', null],
      [askSecond.idHex, 'cnisp1', null],
    ],
  );
  const granted = sorbs.next('delist-decision', { request: askFirst.id, decision: 'granted' });
  const denied = sorbs.next('delist-decision', {
    request: askSecond.id,
    decision: 'denied',
    reason: 'insufficient-evidence',
  });
  assert.deepEqual(await store(granted, denied), ['applied', 'applied']);
  assert.deepEqual((await getJson(env.base, '/v1/lookup/192.0.2.7')).json.listings, []);
  assert.equal((await getJson(env.base, '/v1/lookup/192.0.2.77')).json.listings.length, 1);
  assert.deepEqual(
    (await getJson(env.base, '/v1/listings')).json.listings.map((l: { id: string }) => l.id),
    [second.idHex],
  );
  const decided = (await getJson(env.base, '/v1/delist/queue')).json.requests;
  assert.deepEqual(
    decided.map((r: { decision: { decision: string; entry: string } }) => [r.decision.decision, r.decision.entry]),
    [
      ['granted', granted.idHex],
      ['denied', denied.idHex],
    ],
  );
});

test('/v1/reports gives the latest reports, newest first, past any number of older ones', async () => {
  const aol = new Publisher('aol');
  const t0 = Date.now() - 60_000;
  const reports = Array.from({ length: 7 }, (_, i) => aol.next('report', reportBody(`192.0.2.${i + 1}/32`), t0 + i));
  await store(...reports);
  const newest = reports
    .slice(-3)
    .reverse()
    .map((r) => r.idHex);
  const ids = (await getJson(env.base, '/v1/reports?limit=3')).json.reports.map((r: { id: string }) => r.id);
  assert.deepEqual(ids, newest);
  const byResponsible = await getJson(env.base, '/v1/reports?limit=3&origin=aol&status=published');
  assert.deepEqual(
    byResponsible.json.reports.map((r: { id: string }) => r.id),
    newest,
  );
});

test('a retracted report disappears from lookups and /v1/reports but stays in the log', async () => {
  const aol = new Publisher('aol');
  const kept = aol.next('report', reportBody('192.0.2.5/32'));
  const withdrawn = aol.next('report', reportBody('192.0.2.5/32', 'phishing'));
  const retraction = aol.next('retract', { entry: withdrawn.id, reason: 'mistaken' });
  await store(kept, withdrawn);
  assert.equal((await getJson(env.base, '/v1/lookup/192.0.2.5')).json.reports.length, 2);
  assert.deepEqual(await store(retraction), ['applied']);
  const ids = async (path: string) =>
    (await getJson(env.base, path)).json.reports.map((r: { id: string }) => r.id) as string[];
  assert.deepEqual(await ids('/v1/lookup/192.0.2.5'), [kept.idHex]);
  assert.deepEqual(await ids('/v1/reports'), [kept.idHex]);
  const entry = await getJson(env.base, `/v1/entries/${withdrawn.idHex}`);
  assert.equal(entry.status, 200);
  assert.equal(entry.json.retracted, true);
  assert.equal((await getJson(env.base, `/v1/entries/${kept.idHex}`)).json.retracted, false);
  const log = (await getJson(env.base, '/v1/entries?origin=aol')).json.entries;
  assert.deepEqual(
    log.map((e: { id: string }) => e.id),
    [kept.idHex, withdrawn.idHex, retraction.idHex],
  );
});

test('a retracted listing and a listing removed by its operator stop counting', async () => {
  const sorbs = new Publisher('sorbs');
  const a = listingOf(sorbs, '192.0.2.10/32');
  const b = listingOf(sorbs, '192.0.2.11/32');
  const retractA = sorbs.next('retract', { entry: a.id, reason: 'false-positive' });
  const removeB = sorbs.next('listing', {
    list: 'spam-source',
    op: 'remove',
    target: parsePrefix('192.0.2.11/32'),
    reason: 'spam.source',
  });
  await store(a, b, retractA, removeB);
  assert.deepEqual((await getJson(env.base, '/v1/lookup/192.0.2.10')).json.listings, []);
  assert.deepEqual((await getJson(env.base, '/v1/lookup/192.0.2.11')).json.listings, []);
  assert.deepEqual((await getJson(env.base, '/v1/listings')).json.listings, []);
});

test('state survives a restart and the in-memory indexes are rebuilt', async () => {
  const aol = new Publisher('aol');
  const sorbs = new Publisher('sorbs');
  const cnisp1 = new Publisher('cnisp1');
  const report = aol.next('report', reportBody('192.0.2.5/32'));
  const retracted = aol.next('report', reportBody('192.0.2.5/32', 'phishing'));
  const retraction = aol.next('retract', { entry: retracted.id, reason: 'mistaken' });
  const ack = cnisp1.next('ack', { report: report.id, status: 'investigating' });
  const listing = listingOf(sorbs, '192.0.2.0/24');
  const gone = listingOf(sorbs, '2001:db8:1::/64');
  const ask = cnisp1.next('delist-request', { listing: gone.id, remediation: ['host-cleaned'] });
  const grant = sorbs.next('delist-decision', { request: ask.id, decision: 'granted' });
  const v6 = listingOf(sorbs, '2001:db8:1:2::/64');
  await store(report, retracted, retraction, ack, listing, gone, ask, grant, v6);
  const snapshot = async () => ({
    v4: (await getJson(env.base, '/v1/lookup/192.0.2.5')).json,
    v6: (await getJson(env.base, '/v1/lookup/2001:db8:1:2::1')).json,
    gone: (await getJson(env.base, '/v1/lookup/2001:db8:1::1')).json,
    listings: (await getJson(env.base, '/v1/listings')).json,
    reports: (await getJson(env.base, '/v1/reports')).json,
    heads: (await getJson(env.base, '/v1/status')).json.heads,
  });
  const before = await snapshot();
  assert.equal(before.v4.reports.length, 1);
  assert.equal(before.v4.reports[0].status, 'investigating');
  assert.equal(before.v4.listings.length, 1);
  assert.equal(before.v6.listings.length, 1);
  assert.deepEqual(before.gone.listings, []);
  env = await env.restart();
  const after = await snapshot();
  assert.deepEqual(after, before);
  // The chain continues where it stopped: the next entry is accepted, not a gap.
  const next = aol.next('report', reportBody('192.0.2.6/32'));
  assert.equal((await postEntry(env.base, next)).json.reason, 'accepted');
});

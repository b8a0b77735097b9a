/**
 * `GET /v1/metrics/resolution` and the `arx_oversight_*` series on one node, fed
 * with entries signed at fixed times so every duration is exact.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { NodeHandle } from '@arx/node';
import {
  getJson,
  Publisher,
  postEntry,
  reportBody,
  startTestNode,
  tempRoot,
  writeNodeDir,
} from '../../node/test/helpers/fixture.ts';

const H = 3_600_000;
const T = Date.now() - 48 * H;
let node: NodeHandle;
let base: string;
let cleanup: () => void;
const ids: Record<string, string> = {};

before(async () => {
  const tmp = tempRoot('arx-oversight-routes-');
  cleanup = tmp.cleanup;
  node = await startTestNode(writeNodeDir(tmp.root, 'isc'), 'isc', { metrics: { targetHours: 4 } });
  base = node.listen.http!;
  const aol = new Publisher('aol');
  const cnisp1 = new Publisher('cnisp1');
  const post = async (name: string, entry: { idHex: string; bytes: Uint8Array }) => {
    const res = await postEntry(base, entry as never);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    ids[name] = entry.idHex;
  };
  await post('quick', aol.next('report', reportBody('192.0.2.1/32'), T));
  await post('slow', aol.next('report', reportBody('192.0.2.2/32'), T + H));
  await post('quickAck', cnisp1.next('ack', { report: hex(ids['quick']!), status: 'resolved' }, T + 2 * H));
  await post('slowAck', cnisp1.next('ack', { report: hex(ids['slow']!), status: 'investigating' }, T + 7 * H));
  // Two reports about space no member claims, in two blocks (the busier one first).
  await post('unrouted1', aol.next('report', reportBody('203.0.113.7/32'), T));
  await post('unrouted2', aol.next('report', reportBody('203.0.113.8/32'), T + H));
  await post('unrouted3', aol.next('report', reportBody('2001:db8:ffff::1/128'), T + H));
});

after(async () => {
  await node?.close();
  cleanup?.();
});

function hex(id: string): Uint8Array {
  return Uint8Array.from(Buffer.from(id, 'hex'));
}

const until = T + 10 * H;
const url = (query: string) => `/v1/metrics/resolution?window=1d&until=${until}${query}`;

test('figures from entries signed at fixed times are exact', async () => {
  const { status, json } = await getJson(base, url(''));
  assert.equal(status, 200);
  assert.deepEqual(json.window, { spec: '1d', from: until - 24 * H, to: until, targetHours: 4 });
  const c = json.members.cnisp1;
  assert.equal(c.received.value, 2);
  assert.equal(c.resolved.value, 1);
  assert.equal(c.open.value, 1);
  assert.equal(c.timeToAcknowledge.median.value, 7200, 'nearest rank: the lower of 2 h and 6 h');
  assert.equal(c.timeToAcknowledge.p90.value, 21600);
  assert.equal(c.timeToResolve.median.value, 7200);
  assert.equal(c.due.value, 2);
  assert.equal(c.withinTargetShare.value, 0.5, 'resolved in 2 h of a 4 h target; the other one is not resolved');
  assert.equal(c.oldestOpen.value, 9 * 3600);
  assert.deepEqual(c.oldestOpenReport, { id: ids['slow'], ts: T + H, about: '192.0.2.2/32' });
  assert.equal(json.federation.received.value, 2);
  assert.equal(json.members.cnisp2.received.value, 0);
  assert.ok(json.cursor >= 4);
  assert.equal(json.traceUrl, `/v1/metrics/resolution?window=1d&until=${until}&trace={figure}`);
});

test('a window that ends before the ack sees the report as open', async () => {
  const { json } = await getJson(base, `/v1/metrics/resolution?window=1d&until=${T + 90 * 60_000}`);
  assert.equal(json.members.cnisp1.received.value, 2);
  assert.equal(json.members.cnisp1.acknowledged.value, 0);
  assert.equal(json.members.cnisp1.open.value, 2);
});

test('a trace lists the entries behind a figure and marks the sample taken', async () => {
  const { status, json } = await getJson(base, url('&trace=members.cnisp1.timeToAcknowledge.p90'));
  assert.equal(status, 200);
  assert.equal(json.value, 21600);
  assert.equal(json.total, 4);
  assert.deepEqual(
    json.entries.map((e: { id: string; kind: string; originHandle: string }) => [e.kind, e.originHandle]),
    [
      ['report', 'aol'],
      ['ack', 'cnisp1'],
      ['report', 'aol'],
      ['ack', 'cnisp1'],
    ],
  );
  assert.deepEqual(json.samples[json.pick], { seconds: 21600, from: ids['slow'], to: ids['slowAck'] });
  assert.equal(json.entries[0].url, `/v1/entries/${json.entries[0].id}`);
  const page = (await getJson(base, url('&trace=members.cnisp1.timeToAcknowledge.p90&offset=2&limit=1'))).json;
  assert.equal(page.total, 4);
  assert.deepEqual(
    page.entries.map((e: { id: string }) => e.id),
    [ids['slow']],
  );
});

test('inline entries, one member, no charts', async () => {
  const inline = (await getJson(base, url('&entries=true'))).json;
  assert.deepEqual(inline.members.cnisp1.resolved.entries, [ids['quick'], ids['quickAck']]);
  const one = (await getJson(base, url('&member=cnisp1&charts=false'))).json;
  assert.deepEqual(Object.keys(one.members), ['cnisp1']);
  assert.deepEqual(one.operators, {});
  assert.deepEqual(one.members.cnisp1.openOverTime, []);
  assert.equal(one.federation.received.value, 2, 'the federation stays');
});

test('the busiest unrouted blocks are listed, at most ?prefixes= of them, with the count of all', async () => {
  const all = (await getJson(base, url(''))).json.unrouted;
  assert.equal(all.reports.value, 3);
  assert.deepEqual(
    all.prefixes.map((p: { prefix: string; reports: { value: number } }) => [p.prefix, p.reports.value]),
    [
      ['203.0.113.0/24', 2],
      ['2001:db8:ffff::/48', 1],
    ],
  );
  assert.equal(all.prefixCount, 2);
  const one = (await getJson(base, url('&prefixes=1'))).json.unrouted;
  assert.deepEqual(one.prefixes, all.prefixes.slice(0, 1));
  assert.equal(one.prefixCount, 2);
  assert.equal(one.reports.value, 3, 'the total is over every block');
  const none = (await getJson(base, url('&prefixes=0'))).json.unrouted;
  assert.deepEqual(none.prefixes, []);
  assert.equal(none.prefixCount, 2);
  // A listed block's trace path is the same whatever the cap.
  const trace = (await getJson(base, url(`&trace=${one.prefixes[0].reports.trace}`))).json;
  assert.deepEqual(
    [...trace.entries.map((e: { id: string }) => e.id)].sort(),
    [ids['unrouted1'], ids['unrouted2']].sort(),
  );
});

test('malformed requests get typed errors', async () => {
  const cases: [string, number, string][] = [
    ['/v1/metrics/resolution?window=30x', 400, 'ARX_NODE_BAD_REQUEST'],
    ['/v1/metrics/resolution?window=9999w', 400, 'ARX_NODE_BAD_REQUEST'],
    ['/v1/metrics/resolution?member=nobody', 400, 'ARX_NODE_BAD_REQUEST'],
    ['/v1/metrics/resolution?prefixes=-1', 400, 'ARX_NODE_BAD_REQUEST'],
    ['/v1/metrics/resolution?trace=members.cnisp1.nothing', 404, 'ARX_NODE_NOT_FOUND'],
    ['/v1/metrics/resolution?trace=__proto__.toString', 404, 'ARX_NODE_NOT_FOUND'],
  ];
  for (const [path, status, code] of cases) {
    const res = await getJson(base, path);
    assert.equal(res.status, status, path);
    assert.equal(res.json.error.code, code, path);
  }
});

test('the Prometheus series carry the same figures', async () => {
  const text = await (await fetch(`${base}/metrics`)).text();
  const sample = (line: string) => assert.match(text, new RegExp(`^${line.replace(/[{}.]/g, '\\$&')}$`, 'm'), line);
  sample('arx_oversight_target_seconds 14400');
  sample('arx_oversight_reports_received{window="30d"} 2');
  sample('arx_oversight_reports_received{member="cnisp1",window="30d"} 2');
  sample('arx_oversight_reports_resolved{member="cnisp1",window="30d"} 1');
  sample('arx_oversight_time_to_acknowledge_p50_seconds{member="cnisp1",window="30d"} 7200');
  sample('arx_oversight_time_to_resolve_p90_seconds{member="cnisp1",window="30d"} 7200');
  sample('arx_oversight_resolved_within_target_ratio{member="cnisp1",window="30d"} 0.5');
  assert.doesNotMatch(text, /NaN/);
  assert.doesNotMatch(
    text,
    /arx_oversight_time_to_resolve_p50_seconds\{member="cnisp2"/,
    'an undefined median is left out',
  );
  for (const line of text.split('\n').filter((l) => l.startsWith('arx_oversight_'))) {
    assert.match(line, /^[a-z0-9_]+(\{[^}]*\})? -?[0-9.e+-]+$/, line);
  }
});

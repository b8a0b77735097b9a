import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { parseEntry, toHex, type VerifiedEntry } from '@arx/protocol';
import { parseConfig } from '../src/config.js';
import type { NodeHandle } from '../src/node.js';
import { applyHorizon } from '../src/store/horizon.js';
import {
  getJson,
  keyFor,
  Publisher,
  postEntry,
  reportBody,
  startTestNode,
  tempRoot,
  writeNodeDir,
} from './helpers/fixture.js';
import { signHorizonHistory } from './helpers/horizon-scenario.js';
import { WsClient } from './helpers/ws-client.js';

const { root, cleanup } = tempRoot();
after(cleanup);

const hex = (handle: string) => toHex(keyFor(handle).publicKey);
const DAY = 86_400_000;

/**
 * Every key and value of every sublevel that names `id` (the whole database: a small
 * test store). Three references are not counted: the next entry of a chain names its
 * predecessor as `prev`, an origin's head names its last entry, deleted or not (the chain
 * goes on from it), and the repeat-offender rows of the oversight aggregates (`ovr!<scope>!<target>`,
 * the two earliest resolutions of a target) keep naming a resolution that was deleted, so that
 * a later report about the target still counts as a repeat. The aggregates' per-item rows
 * (points, intervals) go with the entry (oversight/trim.ts).
 */
async function rowsNaming(node: NodeHandle, id: string): Promise<string[]> {
  const found: string[] = [];
  const { subs } = node.context;
  for (const [name, sub] of Object.entries(subs)) {
    if (sub === subs.db) continue;
    for await (const [key, value] of (sub as typeof subs.state).iterator()) {
      const text =
        sub === subs.entries || sub === subs.replay || sub === subs.heads
          ? ''
          : value instanceof Uint8Array
            ? toHex(value)
            : JSON.stringify(value);
      if (sub === subs.state && String(key).startsWith('ovr!')) continue;
      if (String(key).includes(id) || text.includes(id)) found.push(`${name}: ${String(key)}`);
    }
  }
  return found;
}

async function assertKept(node: NodeHandle, kept: Record<string, VerifiedEntry>): Promise<void> {
  const base = node.listen.http!;
  for (const [name, entry] of Object.entries(kept)) {
    assert.equal((await getJson(base, `/v1/entries/${entry.idHex}`)).status, 200, `${name} is still held`);
  }
}

test('a horizon pass deletes what carries no live state from every sublevel, keeps the rest, and a restart agrees', async () => {
  const dir = writeNodeDir(root, 'isc');
  let node = await startTestNode(dir, 'isc');
  const now = Date.now();
  let history: Awaited<ReturnType<typeof signHorizonHistory>>;
  try {
    const base = node.listen.http!;
    history = await signHorizonHistory(async (entry) => {
      const res = await postEntry(base, entry);
      assert.equal(res.status, 200, JSON.stringify(res.json));
    }, now);
    const before = await rowsNaming(node, history.gone.resolved!.idHex);
    assert.ok(before.some((r) => r.startsWith('byId')) && before.some((r) => r.startsWith('state')));

    // Fixed `until`: the figures of a window reaching past the horizon, before and after.
    const figures = async (until: number) =>
      (await getJson(base, `/v1/metrics/resolution?window=120d&until=${until}&charts=false`)).json;
    const counts = (f: { federation: Record<string, { value: number }> }) =>
      ['received', 'acknowledged', 'resolved', 'rejected', 'open', 'listingsAgainst'].map(
        (k) => f.federation[k]!.value,
      );
    const before120 = counts(await figures(now));
    const pass = await applyHorizon(node.context, now);
    // The oversight aggregates keep the history of what was deleted: the counts stay
    // (a scope whose records are gone is answered from its sums, percentiles within their error).
    // (Another `until` than before: an answer is cached while nothing new is stored.)
    assert.deepEqual(counts(await figures(now + 1)), before120);
    assert.equal(pass.deleted, Object.keys(history.gone).length);
    for (const [name, entry] of Object.entries(history.gone)) {
      assert.deepEqual(await rowsNaming(node, entry.idHex), [], `${name} is in no sublevel`);
      assert.equal((await getJson(base, `/v1/entries/${entry.idHex}`)).status, 404, `${name} is not served`);
    }
    await assertKept(node, history.kept);
    // Envelopes are not searched for ids (a kept ack's names its report): by cursor, the
    // envelopes a replay reads are those of the arrival rows left, and no more.
    const { subs } = node.context;
    assert.deepEqual(await subs.replay.keys().all(), await subs.arrival.keys().all());
    assert.equal((await applyHorizon(node.context, now)).deleted, 0, 'a second pass finds nothing more');

    // Heads stay where they were; floors say from where each log is gap-free.
    const { writer } = node.context;
    assert.deepEqual(
      [writer.head(hex('aol'))?.seq, writer.head(hex('cnisp1'))?.seq, writer.head(hex('sorbs'))?.seq],
      [5, 7, 5],
    );
    assert.deepEqual([writer.floor(hex('aol')), writer.floor(hex('cnisp1')), writer.floor(hex('sorbs'))], [5, 7, 6]);
    const have = new Map(writer.haveItems().map(([o, seq, id]) => [toHex(o), [seq, id && toHex(id)]]));
    assert.deepEqual(have.get(hex('sorbs')), [5, history.gone.expired!.idHex], 'have names a deleted head by its id');

    // What a lookup and the report list show is what is in force.
    const listings = (await getJson(base, '/v1/listings')).json.listings as { id: string }[];
    assert.deepEqual(
      listings.map((l) => l.id),
      [history.kept.inForce!.idHex],
    );
    const open = (await getJson(base, '/v1/reports?status=investigating')).json.reports as { id: string }[];
    assert.deepEqual(
      open.map((r) => r.id),
      [history.kept.investigating!.idHex],
    );
    // A subscription replaying from before the horizon is told, then gets what is kept.
    const client = await WsClient.open(node.listen.ws!);
    client.send(['sub', 'all', { kinds: ['report'], since: 0 }]);
    const notice = await client.waitFor((f) => f[0] === 'notice');
    assert.equal(notice[1], 'ARX_NODE_BELOW_HORIZON');
    const eose = await client.waitFor((f) => f[0] === 'eose');
    const replayed = client.frames.filter((f) => f[0] === 'entry').map((f) => toHex(parseEntry(f[1] as Uint8Array).id));
    assert.deepEqual(
      replayed.sort(),
      [history.kept.investigating!, history.kept.unanswered!, history.kept.recent!].map((e) => e.idHex).sort(),
    );
    assert.equal(eose[1], 'all');
    await client.close();
    const status = (await getJson(base, '/v1/status')).json;
    assert.equal(status.horizon.lastPass.deleted, 0);
    assert.equal(status.heads.find((h: { handle: string }) => h.handle === 'aol').floor, 5);
  } finally {
    await node.close();
  }

  node = await startTestNode(dir, 'isc');
  try {
    const base = node.listen.http!;
    const { writer } = node.context;
    assert.deepEqual([writer.floor(hex('aol')), writer.floor(hex('cnisp1')), writer.floor(hex('sorbs'))], [5, 7, 6]);
    await assertKept(node, history.kept);
    for (const [name, entry] of Object.entries(history.gone)) {
      assert.deepEqual(await rowsNaming(node, entry.idHex), [], `${name} stays gone after a restart`);
    }
    // The chains go on from their heads, deleted or not.
    const next = history.sorbs.next('notice', { topic: 'help', urgency: 'low', text: { en: 'still here' } });
    assert.equal((await postEntry(base, next)).json.reason, 'accepted');
    const report = history.aol.next('report', reportBody('192.0.2.9/32'));
    assert.equal((await postEntry(base, report)).json.reason, 'accepted');
    assert.deepEqual([writer.head(hex('sorbs'))?.seq, writer.head(hex('aol'))?.seq], [6, 6]);
    // A deleted entry sent again is history, not a fork: it is not stored (nor applied, nor
    // counted) again, and the head stays.
    assert.equal((await postEntry(base, history.gone.notice!)).json.reason, 'duplicate');
    assert.equal(writer.head(hex('aol'))?.seq, 6);
    assert.equal((await getJson(base, `/v1/entries/${history.gone.notice!.idHex}`)).status, 404);
    assert.equal((await postEntry(base, history.gone.resolved!)).json.reason, 'duplicate');
    assert.equal((await getJson(base, `/v1/reports/${history.gone.resolved!.idHex}`)).status, 404);
  } finally {
    await node.close();
  }
});

test('a receipt past the horizon takes its watermark with it, unless a later receipt replaced it', async () => {
  // A node of its own (the first test's directory holds another history).
  const own = tempRoot();
  after(own.cleanup);
  const node = await startTestNode(writeNodeDir(own.root, 'isc'), 'isc');
  try {
    const base = node.listen.http!;
    const now = Date.now();
    const old = now - 100 * DAY;
    const aol = keyFor('aol').publicKey;
    const holding = (seq: number) => ({ holdings: [{ origin: aol, seq, head: new Uint8Array(32).fill(seq) }] });
    const hotmail = new Publisher('hotmail');
    const cnisp2 = new Publisher('cnisp2');
    const receipts = [
      hotmail.next('receipt', holding(1), old),
      cnisp2.next('receipt', holding(1), old + 1000),
      cnisp2.next('receipt', holding(2), now - DAY),
    ];
    for (const r of receipts) assert.equal((await postEntry(base, r)).status, 200);
    const held = async () =>
      ((await getJson(base, '/v1/receipts?origin=aol')).json.receipts as { holder: string; seq: number }[])
        .map((r) => `${r.holder}:${r.seq}`)
        .sort();
    assert.deepEqual(await held(), ['cnisp2:2', 'hotmail:1']);
    const pass = await applyHorizon(node.context, now);
    assert.ok(pass.deleted >= 2, 'both old receipts are deleted');
    for (const r of receipts.slice(0, 2)) assert.equal((await getJson(base, `/v1/entries/${r.idHex}`)).status, 404);
    assert.deepEqual(
      await held(),
      ['cnisp2:2'],
      "hotmail's watermark went with its receipt; cnisp2's is the newer one",
    );
  } finally {
    await node.close();
  }
});

test('horizonDays defaults to the evidence window plus 30 days, takes fractions, and refuses 0', () => {
  assert.equal(parseConfig({ handle: 'isc' }, root).horizonDays, 90);
  assert.equal(parseConfig({ handle: 'isc', retentionDays: 10 }, root).horizonDays, 40);
  assert.equal(parseConfig({ handle: 'isc', horizonDays: 0.0001 }, root).horizonDays, 0.0001);
  assert.throws(() => parseConfig({ handle: 'isc', horizonDays: 0 }, root), /horizonDays/);
});

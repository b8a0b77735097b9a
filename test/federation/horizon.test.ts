/**
 * The horizon across real node processes. A hub and a member hold a history that
 * reaches past the horizon; the hub applies it (its pass runs at start) while the member
 * keeps everything. A node that joins afterwards catches up from the hub alone — the
 * `horizon` frame, the kept entries, the chains from each floor — and reaches the same
 * state as the member that was there from the start: listings in force, open reports,
 * latest profiles, roster. A `want` below the hub's floor gets a typed answer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fromHex, parsePrefix, toHex } from '@arx/protocol';
import { keyFor, postEntry, reportBody } from '../../node/test/helpers/fixture.js';
import { type HorizonHistory, signHorizonHistory } from '../../node/test/helpers/horizon-scenario.js';
import { Cluster, waitFor } from './helpers/cluster.js';
import { linkAs } from './helpers/raw-peer.js';

const hex = (handle: string) => toHex(keyFor(handle).publicKey);

/** The state a node shows that must not depend on when it joined. */
async function liveState(cluster: Cluster, handle: string) {
  const listings = (await cluster.get(handle, '/v1/listings')).json.listings as { id: string }[];
  const open: [string, string][] = [];
  for (const status of ['published', 'received', 'investigating']) {
    const reports = (await cluster.get(handle, `/v1/reports?status=${status}`)).json.reports as { id: string }[];
    for (const r of reports) open.push([r.id, status]);
  }
  const profiles = (await cluster.get(handle, '/v1/entries?kind=profile&limit=1000')).json.entries as {
    id: string;
    origin: string;
    ts: number;
  }[];
  const latest = new Map<string, { id: string; ts: number }>();
  for (const p of profiles) if ((latest.get(p.origin)?.ts ?? -1) < p.ts) latest.set(p.origin, p);
  const roster = (await cluster.get(handle, '/v1/roster')).json;
  return {
    listings: listings.map((l) => l.id).sort(),
    open: open.sort(),
    profiles: [...latest].map(([origin, p]) => [origin, p.id]).sort(),
    roster: [roster.version, roster.digest],
  };
}

describe('horizon', () => {
  let cluster: Cluster;
  let history: HorizonHistory;

  before(async () => {
    cluster = await Cluster.create(['isc', 'cnisp2', 'hotmail'], {
      links: [
        ['cnisp2', 'isc'],
        ['hotmail', 'isc'],
      ],
      config: { receipts: { intervalSeconds: 3600 } },
    });
    await cluster.start('isc');
    await cluster.start('cnisp2');
    await cluster.linked('isc', 1);
  });

  after(async () => {
    await cluster?.close();
  });

  test('a node that joins after the horizon catches up to the same live state as one there from the start', async () => {
    const hub = cluster.node('isc').http;
    history = await signHorizonHistory(async (entry) => {
      const res = await postEntry(hub, entry);
      assert.equal(res.status, 200, JSON.stringify(res.json));
    });
    await cluster.converged();
    // The hub's pass runs at start: a restart applies the horizon to what it holds.
    await cluster.stop('isc');
    const restarted = Date.now();
    await cluster.start('isc');
    await waitFor('the hub’s horizon pass after its restart', async () => {
      const s = await cluster.status('isc');
      const pass = (s as { horizon?: { lastPass?: { at: number } | null } }).horizon?.lastPass;
      return pass && pass.at >= restarted;
    });
    // Asked again: a status answer reads the heads before the last pass.
    const status = await cluster.status('isc');
    const floors = new Map(
      (status.heads as unknown as { origin: string; floor: number }[]).map((h) => [h.origin, h.floor]),
    );
    assert.deepEqual([floors.get(hex('aol')), floors.get(hex('cnisp1')), floors.get(hex('sorbs'))], [5, 7, 6]);
    for (const entry of Object.values(history.gone)) {
      assert.equal((await cluster.get('isc', `/v1/entries/${entry.idHex}`)).status, 404);
      assert.equal((await cluster.get('cnisp2', `/v1/entries/${entry.idHex}`)).status, 200, 'the member keeps all');
    }

    await cluster.start('hotmail');
    await cluster.linked('isc', 2);
    // The chains go on above the horizon, one of them (sorbs) from a head that was deleted.
    const fresh = [
      history.aol.next('report', reportBody('192.0.2.5/32')),
      history.sorbs.next('listing', {
        list: 'spam-source',
        op: 'add',
        target: parsePrefix('192.0.2.51/32'),
        reason: 'spam.source',
      }),
      history.cnisp1.next('ack', { report: history.kept.unanswered!.id, status: 'received' }),
    ];
    for (const entry of fresh) assert.equal((await postEntry(hub, entry)).status, 200);

    const expected = await waitFor('the member to hold the fresh entries', async () => {
      const s = await liveState(cluster, 'cnisp2');
      return s.listings.length === 2 && s.open.some(([, st]) => st === 'received') ? s : undefined;
    });
    await waitFor('the late node to reach the same live state', async () => {
      const s = await liveState(cluster, 'hotmail');
      return JSON.stringify(s) === JSON.stringify(expected) ? s : undefined;
    });
    assert.deepEqual(await liveState(cluster, 'hotmail'), expected);
    assert.deepEqual(await liveState(cluster, 'isc'), expected);
    // Above the horizon the late node's chains are gap-free and link up: same heads, same ids.
    const heads = async (handle: string) =>
      (await cluster.heads(handle)).filter((h) => [hex('aol'), hex('cnisp1'), hex('sorbs')].includes(h.origin));
    await waitFor(
      'heads to agree',
      async () => JSON.stringify(await heads('hotmail')) === JSON.stringify(await heads('isc')),
    );
    const late = await cluster.status('hotmail');
    assert.equal(late.heldEntries, 0, 'nothing waits for a gap at the late node');
    for (const entry of Object.values(history.gone)) {
      assert.equal((await cluster.get('hotmail', `/v1/entries/${entry.idHex}`)).status, 404, 'never sent on');
    }
  });

  test('a want below the horizon gets a horizon frame (link protocol 3) or a typed notice (below 3)', async () => {
    const heads = (await cluster.heads('isc')).map((h) => [h.origin, h.seq] as [string, number]);
    const aol = fromHex(hex('aol'));

    const current = await linkAs(cluster.node('isc').ws, keyFor('cnisp1'), heads, 3);
    current.send(['want', aol, 1, 10]);
    const answer = await current.waitFor((f) => f[0] === 'horizon', 10_000, 'a horizon frame');
    assert.deepEqual(answer, ['horizon', aol, 5]);
    // Then the entries kept below the floor, and the chain from the floor.
    await current.waitFor((f) => f[0] === 'entry' && current.entries().length >= 3, 10_000, 'the kept entries');
    current.close();

    const older = await linkAs(cluster.node('isc').ws, keyFor('aol'), heads, 2);
    older.send(['want', aol, 1, 10]);
    const notice = await older.waitFor((f) => f[0] === 'notice', 10_000, 'a notice');
    assert.equal(notice[1], 'ARX_NODE_BELOW_HORIZON');
    assert.ok(!older.frames.some((f) => f[0] === 'horizon'), 'no horizon frame below link protocol 3');
    older.close();
  });
});

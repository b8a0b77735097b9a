/**
 * Subscription churn: plain websocket clients send `sub` frames with `since: 0` and a
 * 256-prefix `about` filter hundreds of times a second — well inside the frame rate
 * limit — each of which would start a scan of the whole log. The node caps replays per
 * connection and per node, lets a new `sub` with the same id cancel the running one,
 * and charges each connection for the bytes its replays read: beyond its budget a `sub`
 * is refused with ARX_NODE_READ_BUDGET. Health stays answered, memory bounded, and a
 * normal subscriber still gets its replay.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parsePrefix } from '@arx/protocol';
import { reportBody } from '../../node/test/helpers/fixture.js';
import {
  type AbuseNode,
  Attacker,
  metric,
  missingEntries,
  monitorHealth,
  openNormal,
  publishEntries,
  repeat,
  rssMb,
  startNode,
  waitFor,
  watchRss,
} from './helpers.js';

const STORED = 3000;
const BUDGET = 1024 * 1024;
const ABOUT = Array.from({ length: 256 }, (_, i) => parsePrefix(`10.${i}.0.0/16`));

describe('subscription churn', () => {
  let node: AbuseNode;
  let seeded: Awaited<ReturnType<typeof publishEntries>>;

  before(async () => {
    node = await startNode({ limits: { replayReadBytesPerSecond: BUDGET } });
    seeded = await publishEntries(node.ws, STORED, (p, i) => p.next('report', reportBody(`192.0.2.${i % 250}/32`)));
    assert.equal(seeded.length, STORED);
  });

  after(async () => {
    await node?.close();
  });

  test('hundreds of full-log subs a second cost a bounded budget, and health and a normal subscriber are still served', async () => {
    const baseline = rssMb(node.pid);
    const readBefore = await metric(node.http, 'arx_ws_replay_read_bytes_total');
    const started = performance.now();
    const rss = watchRss(node.pid);
    const health = monitorHealth(node.http);
    const attackers = await Promise.all([Attacker.open(node.ws), Attacker.open(node.ws)]);

    // While the attack runs, a normal client subscribes from the start of the log.
    const normal = (async () => {
      await new Promise((r) => setTimeout(r, 1000));
      const client = await openNormal(node.ws);
      client.send(['sub', 'mine', { kinds: ['report'], since: 0 }]);
      const eose = await client.waitFor((f) => f[0] === 'eose' && f[1] === 'mine', 20_000);
      const received = client.frames.filter((f) => f[0] === 'entry' && f[2] === 'mine').length;
      await client.close();
      return { eose, received };
    })();

    // Two connections, 2,000 subs each at about 500 a second: one reuses its id (each
    // sub replaces the last), the other cycles through 32 ids.
    await repeat(80, 50, (i) => {
      for (let k = 0; k < 25; k++) {
        attackers[0]!.send(['sub', 'same', { about: ABOUT, since: 0 }]);
        attackers[1]!.send(['sub', `s${(i * 25 + k) % 32}`, { about: ABOUT, since: 0 }]);
      }
    });
    const mine = await normal;
    await Promise.all(attackers.map((a) => a.close()));
    const elapsed = (performance.now() - started) / 1000;
    const read = (await metric(node.http, 'arx_ws_replay_read_bytes_total')) - readBefore;
    const stats = await health.stop();
    const peak = rss.stop();

    assert.deepEqual(stats.failures, [], 'every health request answered within the liveness bound');
    assert.ok(stats.samples > 10, 'health was sampled during the attack');
    assert.equal(mine.received, STORED, 'the normal subscriber received every stored report');
    // Each of the three connections may read its budget for the time it ran, plus its burst.
    const allowed = 3 * BUDGET * (elapsed + 2);
    assert.ok(read <= allowed, `replays read ${read} bytes in ${elapsed.toFixed(1)} s (allowed ${allowed})`);
    assert.ok(peak - baseline < 200, `RSS grew ${Math.round(peak - baseline)} MB under churn (bound 200 MB)`);
    assert.deepEqual(await missingEntries(node.http, seeded.slice(0, 200)), [], 'nothing acknowledged is lost');
  });

  test('a sub on a connection whose budget is spent is refused with ARX_NODE_READ_BUDGET; it succeeds once the budget is repaid', async () => {
    const small = await startNode({ limits: { replayReadBytesPerSecond: 65_536 } });
    try {
      await publishEntries(small.ws, 1000, (p, i) => p.next('report', reportBody(`192.0.2.${i % 250}/32`)));
      const client = await openNormal(small.ws);
      // One full replay reads about 300 KB of rows and entries: well past a 128 KB burst.
      client.send(['sub', 'a', { since: 0 }]);
      await client.waitFor((f) => f[0] === 'eose' && f[1] === 'a', 30_000);
      client.send(['sub', 'b', { since: 0 }]);
      const refusal = await client.waitFor((f) => f[0] === 'notice' && f[1] === 'ARX_NODE_READ_BUDGET');
      assert.match(String(refusal[2]), /^sub b refused/);
      await waitFor(
        'the budget to be repaid',
        async () => {
          client.send(['sub', 'c', { kinds: ['notice'], since: 0 }]);
          return client.waitFor((f) => f[0] === 'eose' && f[1] === 'c', 1500).catch(() => false);
        },
        30_000,
        500,
      );
      await client.close();
    } finally {
      await small.close();
    }
  });
});

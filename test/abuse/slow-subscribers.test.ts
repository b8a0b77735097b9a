/**
 * Subscribers that never read: each one makes the node buffer up to its per-socket
 * high-water mark, and nothing capped their number. With a total cap
 * (`limits.maxBufferedBytesTotal`) the node stops queueing at the cap and drops the
 * connection holding the most (close 4010) until it is under again; a normal subscriber
 * still receives everything, and when the readers go away their buffers go with them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type AbuseNode,
  Attacker,
  metric,
  missingEntries,
  monitorHealth,
  openNormal,
  publishEntries,
  rssMb,
  startNode,
  waitFor,
  watchRss,
} from './helpers.js';

const TOTAL_CAP = 8 * 1024 * 1024;
const READERS = 60;
const STORED = 600;

describe('slow subscribers', () => {
  let node: AbuseNode;
  let seeded: Awaited<ReturnType<typeof publishEntries>>;

  before(async () => {
    node = await startNode({
      limits: { maxBufferedBytes: 1024 * 1024, maxBufferedBytesTotal: TOTAL_CAP },
    });
    // ~8 KB notices: 600 of them are ~5 MB a subscriber would be sent.
    const text = { en: 'x'.repeat(4000), 'zh-CN': '慢'.repeat(1300) };
    seeded = await publishEntries(node.ws, STORED, (p, i) =>
      p.next('notice', { topic: 'help', urgency: 'low', text: { ...text, fr: String(i) } }),
    );
    assert.equal(seeded.length, STORED);
  });

  after(async () => {
    await node?.close();
  });

  test('readers that never read are dropped at the total cap; memory stays bounded and is given back', async () => {
    const baseline = rssMb(node.pid);
    const rss = watchRss(node.pid);
    const health = monitorHealth(node.http);
    const readers: Attacker[] = [];
    for (let i = 0; i < READERS; i++) {
      const reader = await Attacker.open(node.ws);
      reader.pause();
      reader.send(['sub', 'all', { since: 0 }]);
      readers.push(reader);
    }
    // The node's buffers fill up to the cap, and the largest holders are dropped.
    await waitFor(
      'slow readers to be dropped',
      () => metric(node.http, 'arx_ws_slow_dropped_total').then((n) => n > 0),
      30_000,
    );
    const buffered: number[] = [];
    for (let i = 0; i < 20; i++) {
      buffered.push(await metric(node.http, 'arx_ws_buffered_bytes'));
      await new Promise((r) => setTimeout(r, 100));
    }

    // A normal subscriber is served in full meanwhile.
    const normal = await openNormal(node.ws);
    normal.send(['sub', 'mine', { since: 0 }]);
    await normal.waitFor((f) => f[0] === 'eose' && f[1] === 'mine', 30_000);
    const received = normal.frames.filter((f) => f[0] === 'entry' && f[2] === 'mine').length;
    await normal.close();

    const stats = await health.stop();
    const peak = rss.stop();
    // Past the cap, a connection may hold a 64 KiB allowance (and one frame beyond it).
    const bound = TOTAL_CAP + (READERS + 1) * (64 * 1024 + 16_384);
    assert.ok(Math.max(...buffered) <= bound, `buffered ${Math.max(...buffered)} bytes (bound ${bound})`);
    assert.equal(received, STORED, 'the normal subscriber received every entry');
    assert.deepEqual(stats.failures, [], 'every health request answered within the liveness bound');
    assert.ok(peak - baseline < TOTAL_CAP / 1048576 + 150, `RSS grew ${Math.round(peak - baseline)} MB`);

    // Dropped readers are disconnected: the node sends close 4010 and cuts the socket a
    // second later (a reader that never reads would never take the close frame).
    const dropped = await metric(node.http, 'arx_ws_slow_dropped_total');
    await waitFor(
      'dropped readers to be disconnected',
      async () => (await metric(node.http, 'arx_ws_connections')) <= READERS - dropped,
      10_000,
    );

    // Once the readers are gone, so are their buffers and connections.
    await Promise.all(readers.map((r) => r.close()));
    await waitFor(
      'buffers to be released',
      async () => (await metric(node.http, 'arx_ws_buffered_bytes')) === 0,
      10_000,
    );
    await waitFor(
      'connections to be released',
      async () => (await metric(node.http, 'arx_ws_connections')) === 0,
      10_000,
    );
    assert.deepEqual(await missingEntries(node.http, seeded.slice(0, 100)), [], 'nothing acknowledged is lost');
  });
});

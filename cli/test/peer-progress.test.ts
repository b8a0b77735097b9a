/** `arx peers --watch`: catch-up figures from successive samples, and how a frame reads. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderCatchUp } from '../src/commands/status.js';
import { CatchUpTracker, type PeerSample } from '../src/peer-progress.js';
import { testCtx } from './helpers.js';

const peer = (received: number, lag: [number, number][]): PeerSample => ({
  url: 'ws://127.0.0.1:7400/v1/ws',
  handle: 'isc',
  key: 'ab'.repeat(32),
  direction: 'outbound',
  state: 'open',
  entriesReceived: received,
  lag: lag.map(([theirs, ours], i) => ({ origin: String(i), handle: `o${i}`, theirs, ours })),
});

test('entries behind are summed over origins; rate and ETA come from two samples', () => {
  const tracker = new CatchUpTracker();
  const [first] = tracker.sample(
    [
      peer(0, [
        [1000, 0],
        [500, 100],
        [3, 9],
      ]),
    ],
    0,
  );
  assert.equal(first!.behind, 1400, 'an origin we are ahead on counts zero');
  assert.equal(first!.rate, null, 'no rate from one sample');
  assert.equal(first!.etaSeconds, null);
  const [second] = tracker.sample(
    [
      peer(400, [
        [1000, 300],
        [500, 200],
        [3, 9],
      ]),
    ],
    2000,
  );
  assert.equal(second!.behind, 1000);
  assert.equal(second!.rate, 200, '400 entries in 2 s');
  assert.equal(second!.etaSeconds, 5);
  assert.equal(second!.peak, 1400, 'the bar runs from the most it was behind');
  const [done] = tracker.sample(
    [
      peer(1400, [
        [1000, 1000],
        [500, 500],
      ]),
    ],
    4000,
  );
  assert.equal(done!.behind, 0);
  assert.equal(done!.etaSeconds, 0);
});

test('a peer that sends nothing has no ETA, and a counter that went back does not give a negative rate', () => {
  const tracker = new CatchUpTracker();
  tracker.sample([peer(50, [[100, 0]])], 0);
  const [stalled] = tracker.sample([peer(50, [[100, 0]])], 1000);
  assert.equal(stalled!.rate, 0);
  assert.equal(stalled!.etaSeconds, null);
  const [reconnected] = tracker.sample([peer(0, [[100, 0]])], 2000);
  assert.equal(reconnected!.rate, 0);
});

test('a terminal gets a table with a bar; a pipe gets one plain line per peer, in either language', () => {
  const tracker = new CatchUpTracker();
  tracker.sample([peer(0, [[1000, 0]])], 0);
  const progress = tracker.sample([peer(250, [[1000, 250]])], 1000);
  const now = Date.UTC(2026, 11, 1, 12, 0, 0);
  const tty = renderCatchUp(testCtx(), progress, now, true);
  assert.match(tty, /PEER\s+STATE\s+BEHIND\s+RATE\s+ETA\s+PROGRESS/);
  assert.match(tty, /isc\s+open\s+750\s+250\/s\s+3s\s+\[######------------------\] 250\/1000\s+25%/);
  const plain = renderCatchUp(testCtx(), progress, now, false);
  assert.equal(plain, '2026-12-01 12:00:00Z  isc  open  behind 750  rate 250/s  eta 3s');
  const zh = renderCatchUp(testCtx('zh-CN'), progress, now, false);
  assert.equal(zh, '2026-12-01 12:00:00Z  isc  open  落后 750  速率 250 条/秒  预计 3s');
  assert.match(renderCatchUp(testCtx(), [], now, true), /no peer links/);
});

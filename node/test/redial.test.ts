/** The dialer's redial waits (federation/dialer.ts): doubling caps, full jitter, `limits.redialMaxSeconds`. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redialDelay } from '../src/federation/dialer.js';

test('the wait doubles with each failed try up to limits.redialMaxSeconds, with full jitter', () => {
  const most = (attempt: number, maxMs: number) => redialDelay(attempt, maxMs, () => 1);
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 30].map((a) => most(a, 15_000)),
    [500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000],
  );
  assert.equal(most(30, 600_000), 600_000, 'a longer cap is reached too');
  assert.equal(most(3, 1000), 1000, 'a short cap holds from the first tries');
  assert.equal(
    redialDelay(5, 15_000, () => 0),
    0,
    'full jitter: anything from 0',
  );
  assert.equal(
    redialDelay(5, 15_000, () => 0.5),
    4000,
  );
});

test('after a link that was up, the next dial waits at most the base delay', () => {
  assert.equal(
    redialDelay(0, 15_000, () => 1),
    250,
  );
  assert.equal(
    redialDelay(0, 1000, () => 0.5),
    125,
  );
});

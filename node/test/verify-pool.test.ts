/**
 * The verification pool (ingest/pool.ts): every answer is the signature's own, whatever
 * batch it travelled in, and requests made one microtask chain after another (as a
 * connection's frames are handled) share batches instead of a message each.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { sign1Message } from '@arx/protocol';
import { MAX_INFLIGHT, VerifyPool } from '../src/ingest/pool.js';
import { Publisher, reportBody } from './helpers/fixture.js';

const pool = new VerifyPool(2);
after(() => pool.close());

/** `count` signed reports, every seventh with a flipped signature bit. */
function requests(count: number) {
  const aol = new Publisher('aol');
  return Array.from({ length: count }, (_, i) => {
    const entry = aol.next('report', reportBody(`192.0.2.${i % 250}/32`));
    const signature = entry.signature.slice();
    if (i % 7 === 3) signature[10]! ^= 1;
    return { signature, message: sign1Message(entry.payloadBytes), key: entry.payload.origin, valid: i % 7 !== 3 };
  });
}

test('requests made one after another in a chain of microtasks share batches, and each gets its own answer', async () => {
  const items = requests(600);
  const before = pool.sent;
  // As the websocket server hands a connection's frames on: each after the previous one's promise.
  let chain: Promise<unknown> = Promise.resolve();
  const answers: Promise<boolean>[] = [];
  for (const item of items) {
    chain = chain.then(() => {
      answers.push(pool.verify(item.signature, item.message, item.key));
    });
  }
  await chain;
  assert.deepEqual(
    await Promise.all(answers),
    items.map((i) => i.valid),
  );
  const sent = { batches: pool.sent.batches - before.batches, requests: pool.sent.requests - before.requests };
  assert.equal(sent.requests, items.length);
  // All 600 were asked in one event-loop turn: one batch per worker, a few more at most.
  assert.ok(sent.batches <= 2 * MAX_INFLIGHT, `${sent.batches} batches for ${items.length} requests`);
});

test('requests arriving turn after turn while the workers are busy wait for a result and go together', async () => {
  const items = requests(400);
  const before = pool.sent;
  const answers: Promise<boolean>[] = [];
  // One request per event-loop turn, as frames trickling in from many sockets.
  for (const item of items) {
    answers.push(pool.verify(item.signature, item.message, item.key));
    await new Promise((r) => setImmediate(r));
  }
  assert.deepEqual(
    await Promise.all(answers),
    items.map((i) => i.valid),
  );
  const sent = pool.sent.batches - before.batches;
  assert.equal(pool.sent.requests - before.requests, items.length);
  assert.ok(sent < items.length, `${sent} batches for ${items.length} requests`);
});

test('a request alone is answered without waiting for others', async () => {
  const [item] = requests(1);
  assert.equal(await pool.verify(item!.signature, item!.message, item!.key), true);
});

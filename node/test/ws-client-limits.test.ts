/** Address penalties after a websocket is closed for its violations (ws/penalties.ts), and joint budgets (ws/budget.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JointBudget, TokenBucket } from '../src/ws/budget.js';
import { AddressPenalties } from '../src/ws/penalties.js';

test('a penalised address waits out its backoff, counted down in whole seconds', () => {
  let now = 1_000_000;
  const p = new AddressPenalties(30, undefined, () => now);
  assert.equal(p.retryAfter('192.0.2.7'), 0);
  p.penalise('192.0.2.7');
  assert.equal(p.retryAfter('192.0.2.7'), 30);
  assert.equal(p.retryAfter('::ffff:192.0.2.7'), 30, 'a mapped address is the same client');
  assert.equal(p.retryAfter('192.0.2.8'), 0, 'another address is not');
  now += 29_500;
  assert.equal(p.retryAfter('192.0.2.7'), 1);
  assert.equal(p.size, 1);
  now += 500;
  assert.equal(p.retryAfter('192.0.2.7'), 0);
  assert.equal(p.size, 0, 'an expired penalty is forgotten');
});

test('IPv6 clients are penalised by /64', () => {
  const p = new AddressPenalties(10);
  p.penalise('2001:db8:1:2::1');
  assert.equal(p.retryAfter('2001:db8:1:2:ffff::9'), 10);
  assert.equal(p.retryAfter('2001:db8:1:3::1'), 0);
});

test('the table is bounded: the oldest penalty goes first', () => {
  const p = new AddressPenalties(60);
  for (let i = 0; i < 10_001; i++) p.penalise(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  assert.equal(p.size, 10_000);
  assert.equal(p.retryAfter('10.0.0.0'), 0, 'the first one was dropped');
  assert.equal(p.retryAfter('10.0.39.16'), 60, 'the last one is held');
});

test('limits.maxPenalisedClients sets the bound', () => {
  const p = new AddressPenalties(60, 3);
  for (const a of ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4']) p.penalise(a);
  assert.equal(p.size, 3);
  assert.equal(p.retryAfter('192.0.2.1'), 0, 'the oldest penalty was lifted');
});

test('a backoff of 0 penalises nobody', () => {
  const p = new AddressPenalties(0);
  p.penalise('192.0.2.7');
  assert.equal(p.retryAfter('192.0.2.7'), 0);
  assert.equal(p.size, 0);
});

test('a joint budget is spent when either of its buckets is, and refunds the other', () => {
  const own = new TokenBucket(1, 3);
  const client = new TokenBucket(1, 2);
  const joint = new JointBudget(own, client);
  assert.equal(joint.take(), true);
  assert.equal(joint.take(), true);
  assert.equal(joint.take(), false, 'the client bucket is spent');
  assert.ok(own.available(), 'the refused take was refunded to the connection');
  joint.charge(5);
  assert.equal(joint.available(), false);
  assert.ok(joint.waitMs() >= client.waitMs() && joint.waitMs() >= own.waitMs());
});

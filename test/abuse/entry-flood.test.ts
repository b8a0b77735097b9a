/**
 * A non-member entry flood: four connections each send entries signed by a key that is
 * not in the roster, each inside its own frame rate limit, and reconnect whenever the node
 * closes them. Each entry costs a decode and a roster lookup (never a signature check)
 * and is refused `not-member`; after `limits.maxViolationsPerConnection` refusals the
 * connection is closed and its address may not reconnect for
 * `limits.violationBackoffSeconds` (429), so the flood costs one connection's worth.
 * Health stays answered, a member's entries published meanwhile (from another address)
 * are acknowledged and stored, and memory stays bounded.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { encodeFrame, generateKeyPair, signEntry } from '@arx/protocol';
import { reportBody } from '../../node/test/helpers/fixture.js';
import {
  type AbuseNode,
  Attacker,
  missingEntries,
  monitorHealth,
  publishEntries,
  repeat,
  rssMb,
  startNode,
  watchRss,
} from './helpers.js';

const CONNECTIONS = 4;
const MAX_VIOLATIONS = 100;

describe('non-member entry flood', () => {
  let node: AbuseNode;

  before(async () => {
    node = await startNode({ limits: { ratePerSecond: 2000, maxViolationsPerConnection: MAX_VIOLATIONS } });
  });

  after(async () => {
    await node?.close();
  });

  test('entries from a stranger are refused cheaply while health and a member are served', async () => {
    const stranger = generateKeyPair();
    // 2,000 distinct pre-signed entries (each a first entry of a chain), sent round and round.
    const flood = Array.from({ length: 2000 }, (_, i) =>
      encodeFrame([
        'entry',
        signEntry(
          { seq: 1, prev: null, ts: Date.now() - i, kind: 'report', body: reportBody('192.0.2.1/32') },
          stranger,
        ).bytes,
      ]),
    );
    const baseline = rssMb(node.pid);
    const rss = watchRss(node.pid);
    const health = monitorHealth(node.http);
    const attackers = await Promise.all(Array.from({ length: CONNECTIONS }, () => Attacker.open(node.ws)));
    let reconnects = 0;
    let refused = 0;
    const openErrors: string[] = [];
    const member = publishEntries(
      node.ws,
      300,
      (p, i) => p.next('report', reportBody(`192.0.2.${i % 250}/32`)),
      'aol',
      32,
    );
    // 1,500 entries a second per connection (inside its 2,000 frames/s) for 4 s.
    // A connection the node closes is replaced at once (at most 200 times).
    await repeat(80, 50, (i) => {
      attackers.forEach((a, j) => {
        if (a.socket.readyState > 1 && reconnects < 200) {
          reconnects++;
          refused += a.count('ok:not-member');
          a.counts.clear();
          // Refused (429) while the address is under its backoff: tried again on a later tick.
          Attacker.open(node.ws).then(
            (fresh) => {
              attackers[j] = fresh;
            },
            (error: Error) => {
              openErrors.push(error.message);
            },
          );
          return;
        }
        for (let k = 0; k < 75; k++) a.sendRaw(flood[(i * 75 + k) % flood.length]!);
      });
    });
    const accepted = await member;
    await new Promise((r) => setTimeout(r, 500));
    const stats = await health.stop();
    const peak = rss.stop();
    refused += attackers.reduce((n, a) => n + a.count('ok:not-member'), 0);
    await Promise.all(attackers.map((a) => a.close()));

    assert.ok(refused > 100, `the stranger's entries are refused not-member (${refused})`);
    assert.ok(reconnects > 0, 'a connection that keeps sending refused entries is closed');
    assert.ok(openErrors.length > 0, 'reconnecting from the closed connection’s address is refused');
    assert.ok(
      openErrors.every((m) => m.includes('429')),
      `refused with 429 during the backoff: ${openErrors.slice(0, 3).join('; ')}`,
    );
    assert.ok(
      refused <= CONNECTIONS * MAX_VIOLATIONS,
      `no more than ${MAX_VIOLATIONS} entries refused per connection, and no reconnection: ${refused}`,
    );
    assert.equal(accepted.length, 300, 'every member entry acknowledged');
    assert.deepEqual(await missingEntries(node.http, accepted), [], 'nothing acknowledged is lost');
    assert.deepEqual(stats.failures, [], 'every health request answered within the liveness bound');
    assert.ok(peak - baseline < 150, `RSS grew ${Math.round(peak - baseline)} MB`);
  });
});

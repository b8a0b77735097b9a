/**
 * Stalled and idle connections: request bodies that never finish, headers that never
 * end, websockets that connect and say nothing, and more connections from one address
 * than the node allows. Each is closed by a time limit or refused by a cap; health is
 * answered throughout, and an entry published meanwhile is stored.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { reportBody } from '../../node/test/helpers/fixture.js';
import {
  type AbuseNode,
  Attacker,
  httpGet,
  metric,
  missingEntries,
  monitorHealth,
  publishEntries,
  rssMb,
  startNode,
  waitFor,
} from './helpers.js';

const PER_ADDRESS = 60;

/** A raw TCP connection from the attacker's address that records when the node closes it. */
function rawSocket(port: number): Promise<{ socket: Socket; closed: Promise<void>; received: () => string }> {
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = connect({ port, host: '127.0.0.1', localAddress: '127.0.0.1' }, () =>
      resolve({ socket, closed, received: () => received }),
    );
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.on('data', (d) => {
      received += String(d);
    });
    socket.once('error', reject);
  });
}

describe('stalled and idle connections', () => {
  let node: AbuseNode;

  before(async () => {
    node = await startNode({
      limits: {
        maxConnectionsPerAddress: PER_ADDRESS,
        idleUnauthenticatedSeconds: 2,
        http: { headersTimeoutSeconds: 2, requestTimeoutSeconds: 3 },
      },
    });
  });

  after(async () => {
    await node?.close();
  });

  test('stalled bodies, unfinished headers and silent websockets are closed by their time limits', async () => {
    const health = monitorHealth(node.http);
    const baseline = rssMb(node.pid);
    const stalledBodies = await Promise.all(
      Array.from({ length: 15 }, async () => {
        const s = await rawSocket(node.port);
        s.socket.write(
          'POST /v1/entries HTTP/1.1\r\nHost: x\r\nContent-Type: application/cose\r\nContent-Length: 60000\r\n\r\nabc',
        );
        return s;
      }),
    );
    const stalledHeaders = await Promise.all(
      Array.from({ length: 15 }, async () => {
        const s = await rawSocket(node.port);
        s.socket.write('GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ');
        return s;
      }),
    );
    const silent = await Promise.all(Array.from({ length: 20 }, () => Attacker.open(node.ws)));
    // A member publishes while the attack holds its sockets.
    const published = await publishEntries(node.ws, 50, (p, i) => p.next('report', reportBody(`192.0.2.${i}/32`)));

    const deadline = (p: Promise<unknown>, what: string) =>
      Promise.race([
        p,
        new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} still open after 20 s`)), 20_000)),
      ]);
    await deadline(Promise.all(stalledBodies.map((s) => s.closed)), 'stalled bodies');
    await deadline(Promise.all(stalledHeaders.map((s) => s.closed)), 'unfinished headers');
    const closes = (await deadline(Promise.all(silent.map((a) => a.closed)), 'silent websockets')) as {
      code: number;
    }[];
    assert.ok(
      closes.every((c) => c.code === 4008),
      `silent websockets closed as idle: ${closes.map((c) => c.code)}`,
    );
    assert.ok(
      stalledBodies.every((s) => /^HTTP\/1\.1 408/.test(s.received()) || s.received() === ''),
      'a stalled body is answered 408 or cut',
    );

    const stats = await health.stop();
    assert.deepEqual(stats.failures, [], 'every health request answered within the liveness bound');
    assert.equal(published.length, 50);
    assert.deepEqual(await missingEntries(node.http, published), [], 'nothing acknowledged is lost');
    assert.ok(rssMb(node.pid) - baseline < 100, 'memory bounded');
    await waitFor('connections released', async () => (await metric(node.http, 'arx_http_connections')) <= 2, 10_000);
  });

  test('connections beyond the per-address cap are refused with ARX_NODE_TOO_MANY_CONNECTIONS; other addresses are served', async () => {
    const held = await Promise.all(Array.from({ length: PER_ADDRESS }, () => rawSocket(node.port)));
    const over = await rawSocket(node.port);
    await over.closed;
    assert.match(over.received(), /^HTTP\/1\.1 503/);
    assert.match(over.received(), /ARX_NODE_TOO_MANY_CONNECTIONS/);
    // The normal client, from another address, is answered while the attacker holds its cap.
    const res = await httpGet(node.http, '/v1/health');
    assert.equal(res.status, 200);
    assert.ok((await metric(node.http, 'arx_http_connections_refused_total')) >= 1);
    for (const h of held) h.socket.destroy();
    await waitFor(
      'the cap to be free again',
      async () => (await httpGet(node.http, '/v1/health', { localAddress: '127.0.0.1' })).status === 200,
      10_000,
    );
  });
});

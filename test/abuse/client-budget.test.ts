/**
 * More connections do not buy a client more: the frame rate and the replay read budget
 * of one client (IPv4 address or IPv6 /64) are shared by all its websocket connections
 * (`limits.ratePerSecondPerClient`, `limits.replayReadBytesPerSecondPerClient`), on top
 * of each connection's own. Four connections from one address, each inside its own
 * rate, are limited together; a client at another address is not.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WsClient } from '../../node/test/helpers/ws-client.js';
import { type AbuseNode, NORMAL_CLIENT_ADDRESS, startNode, waitFor } from './helpers.js';

const PER_CONNECTION = 300;
const PER_CLIENT = 400;
const FRAMES = 500;

/** The number of `rate-limited` refusals `clients` have received, once no more arrive. */
async function limitedOnceSettled(clients: WsClient[]): Promise<number> {
  const limited = () =>
    clients.reduce((n, c) => n + c.frames.filter((f) => f[0] === 'ok' && f[3] === 'rate-limited').length, 0);
  let last = -1;
  let stableSince = performance.now();
  await waitFor(
    'the replies to stop arriving',
    () => {
      const now = limited();
      if (now !== last) {
        last = now;
        stableSince = performance.now();
      }
      return performance.now() - stableSince > 750;
    },
    20_000,
  );
  return last;
}

describe('per-client websocket budgets', () => {
  let node: AbuseNode;

  before(async () => {
    node = await startNode({ limits: { ratePerSecond: PER_CONNECTION, ratePerSecondPerClient: PER_CLIENT } });
  });

  after(async () => {
    await node?.close();
  });

  test('four connections from one address share one frame budget; another address has its own', async () => {
    const many = await Promise.all(
      Array.from({ length: 4 }, () => WsClient.open(node.ws, { localAddress: '127.0.0.1' })),
    );
    // Each connection sends less than its own burst (2 s of PER_CONNECTION)...
    for (const c of many) for (let i = 0; i < FRAMES; i++) c.send(['unsub', `s${i}`]);
    const limited = await limitedOnceSettled(many);
    // ...but together four times that, against the client's burst of 2 s of PER_CLIENT
    // (plus what refills while they send).
    assert.ok(limited >= 4 * FRAMES - 2 * PER_CLIENT - PER_CLIENT, `frames refused for the client: ${limited}`);

    const other = await WsClient.open(node.ws, { localAddress: NORMAL_CLIENT_ADDRESS });
    for (let i = 0; i < FRAMES; i++) other.send(['unsub', `s${i}`]);
    assert.equal(await limitedOnceSettled([other]), 0, 'another address is not limited by the first');
    await Promise.all([...many, other].map((c) => c.close()));
  });
});

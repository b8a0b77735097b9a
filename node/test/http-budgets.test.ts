/**
 * Per-client HTTP budgets and the answer cache of expensive routes, tried as a client
 * that asks too often would: past its budget a client gets 429 with a typed error
 * while the operator's tools are not counted; identical requests to the resolution
 * metrics share one computation until an entry is stored.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OPERATOR_TOKEN, Publisher, postEntry, reportBody } from './helpers/fixture.js';
import { type FreshNode, freshNode } from './helpers/fresh-node.js';

const REQUESTS = 40;
const EXPENSIVE = 5;

describe('HTTP budgets', () => {
  let env: FreshNode;
  before(async () => {
    env = await freshNode('isc', {
      limits: { http: { requestsPerMinute: REQUESTS, expensiveRequestsPerMinute: EXPENSIVE, cacheSeconds: 30 } },
    });
  });
  after(async () => {
    await env.close();
  });

  const get = async (path: string, token?: string) => {
    const res = await fetch(env.base + path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };

  test('an expensive route has its own small budget; identical requests share one answer until an entry is stored', async () => {
    const route = '/v1/metrics/resolution?window=30d';
    const [a, b] = await Promise.all([get(route), get(route)]);
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    // `until` defaults to the time of the computation: the same `to` means one computation.
    assert.equal(a.json['window'].to, b.json['window'].to);
    const later = await get(route);
    assert.equal(later.json['window'].to, a.json['window'].to, 'still cached');

    assert.equal((await postEntry(env.base, new Publisher('aol').next('report', reportBody('192.0.2.9')))).status, 200);
    const fresh = await get(route);
    assert.equal(fresh.status, 200);
    assert.notEqual(fresh.json['cursor'], a.json['cursor'], 'a stored entry gives a new answer');
    assert.equal(fresh.json['federation'].received.value, a.json['federation'].received.value + 1);

    await get(route);
    const over = await get(route);
    assert.equal(over.status, 429, JSON.stringify(over.json));
    assert.equal(over.json['error'].code, 'ARX_NODE_RATE_LIMITED');
    // The operator's own tools are not counted against any budget.
    assert.equal((await get(route, OPERATOR_TOKEN)).status, 200);
  });

  test('past its per-minute budget a client gets 429 with a typed error on every public route', async () => {
    let limited: { status: number; json: Record<string, any> } | undefined;
    for (let i = 0; i < REQUESTS + 5 && !limited; i++) {
      const r = await get('/v1/health');
      if (r.status === 429) limited = r;
      else assert.equal(r.status, 200);
    }
    assert.ok(limited, `no 429 within ${REQUESTS + 5} requests`);
    assert.equal(limited.json['error'].code, 'ARX_NODE_RATE_LIMITED');
    assert.match(limited.json['error'].message, new RegExp(`at most ${REQUESTS} requests per minute`));
    assert.equal((await get('/v1/roster')).status, 429, 'the budget is per client, not per route');
    assert.equal((await get('/v1/health', OPERATOR_TOKEN)).status, 200, 'the operator is exempt');
  });
});

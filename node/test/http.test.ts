/**
 * The HTTP API: input validation on every schema'd route, entry queries with cursor
 * pagination, address lookups, the Prometheus exposition, and TLS (https + wss).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parsePrefix, type VerifiedEntry } from '@arx/protocol';
import { lookup } from '../src/http/views.js';
import { parseExposition, sampleValue } from './helpers/exposition.js';
import { getJson, OPERATOR_TOKEN, Publisher, postEntry, postJson, reportBody, tempRoot } from './helpers/fixture.js';
import { type FreshNode, freshNode } from './helpers/fresh-node.js';
import { publishOne, WsClient } from './helpers/ws-client.js';

describe('input validation', () => {
  let env: FreshNode;
  before(async () => {
    env = await freshNode('isc');
  });
  after(async () => {
    await env.close();
  });

  const cases: { label: string; method?: string; path: string; body?: string; type?: string; token?: boolean }[] = [
    { label: 'entry id not hex', path: '/v1/entries/xyz' },
    { label: 'entry id too short', path: `/v1/entries/${'a'.repeat(63)}` },
    { label: 'entries: unknown query field', path: '/v1/entries?colour=red' },
    { label: 'entries: limit not an integer', path: '/v1/entries?limit=lots' },
    { label: 'entries: limit out of range', path: '/v1/entries?limit=100000' },
    { label: 'entries: negative since', path: '/v1/entries?since=-5' },
    { label: 'entries: unknown member', path: '/v1/entries?origin=nobody' },
    { label: 'entries: bad about prefix', path: '/v1/entries?about=300.1.2.3/8' },
    { label: 'entries: foreign cursor', path: '/v1/entries?kind=report&cursor=Zm9v' },
    { label: 'lookup: not an address', path: '/v1/lookup/not-an-address' },
    { label: 'lookup: host bits set', path: '/v1/lookup/192.0.2.1%2F24' },
    { label: 'lookup: too long', path: `/v1/lookup/${'1'.repeat(80)}` },
    { label: 'contacts: not an address', path: '/v1/contacts/999.1.1.1' },
    { label: 'reports: unknown status', path: '/v1/reports?status=closed' },
    { label: 'reports: unknown query field', path: '/v1/reports?x=1' },
    { label: 'reports: limit out of range', path: '/v1/reports?limit=0' },
    { label: 'report id not hex', path: '/v1/reports/nothex' },
    { label: 'listings: all not a boolean', path: '/v1/listings?all=perhaps' },
    { label: 'listings: unknown member', path: '/v1/listings?origin=nobody' },
    {
      label: 'entries: malformed JSON',
      method: 'POST',
      path: '/v1/entries',
      body: '{"envelope":',
      type: 'application/json',
    },
    { label: 'entries: envelope not hex', method: 'POST', path: '/v1/entries', body: '{"envelope":"zz"}' },
    { label: 'entries: envelope not a string', method: 'POST', path: '/v1/entries', body: '{"envelope":12}' },
    { label: 'publish: missing body', method: 'POST', path: '/v1/publish', body: '{"kind":"notice"}', token: true },
    {
      label: 'publish: extra field',
      method: 'POST',
      path: '/v1/publish',
      body: '{"kind":"notice","body":{},"x":1}',
      token: true,
    },
    {
      label: 'publish: unknown kind',
      method: 'POST',
      path: '/v1/publish',
      body: '{"kind":"spam","body":{}}',
      token: true,
    },
    {
      label: 'publish: body fails validation',
      method: 'POST',
      path: '/v1/publish',
      body: '{"kind":"notice","body":{"topic":"gossip","urgency":"low","text":{"en":"x"}}}',
      token: true,
    },
    {
      label: 'publish: body field of the wrong type',
      method: 'POST',
      path: '/v1/publish',
      body: '{"kind":"ack","body":{"report":"not hex","status":"received"}}',
      token: true,
    },
  ];

  for (const c of cases) {
    test(`400 with a typed error: ${c.label}`, async () => {
      const res = await fetch(env.base + c.path, {
        method: c.method ?? 'GET',
        headers: {
          ...(c.body !== undefined ? { 'content-type': c.type ?? 'application/json' } : {}),
          ...(c.token ? { authorization: `Bearer ${OPERATOR_TOKEN}` } : {}),
        },
        ...(c.body !== undefined ? { body: c.body } : {}),
      });
      const json = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
      assert.equal(res.status, 400, JSON.stringify(json));
      assert.equal(typeof json.error?.code, 'string');
      assert.match(json.error!.code as string, /^ARX_(NODE|PROTO)_[A-Z0-9_]+$/);
      assert.equal(typeof json.error?.message, 'string');
      assert.ok((json.error!.message as string).length > 0);
    });
  }

  test('an unknown route is a typed 404', async () => {
    const res = await getJson(env.base, '/v1/nothing-here');
    assert.equal(res.status, 404);
    assert.equal(res.json.error.code, 'ARX_NODE_NOT_FOUND');
  });

  test('a large valid entry is accepted as raw bytes and as JSON hex', async () => {
    const arf = Object.fromEntries(Array.from({ length: 24 }, (_, i) => [`x-field-${i}`, 'v'.repeat(2000)]));
    const aol = new Publisher('aol');
    const big = [0, 1].map((i) =>
      aol.next('report', { ...reportBody(`192.0.2.${i}/32`), evidence: { arf, headers: 'h'.repeat(16_000) } }),
    );
    assert.ok(big[0]!.bytes.length > 60_000, `${big[0]!.bytes.length} bytes`);
    assert.equal((await postEntry(env.base, big[0]!)).status, 200);
    const res = await postJson(env.base, '/v1/entries', { envelope: Buffer.from(big[1]!.bytes).toString('hex') });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.equal(res.json.id, big[1]!.idHex);
  });

  test('a body over the limit is a typed 413', async () => {
    const res = await fetch(`${env.base}/v1/entries`, {
      method: 'POST',
      headers: { 'content-type': 'application/cose' },
      body: new Uint8Array(200_000),
    });
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'ARX_NODE_TOO_LARGE');
  });
});

describe('entry queries', () => {
  let env: FreshNode;
  const stored: VerifiedEntry[] = [];
  const t0 = Date.now() - 1_000_000;
  before(async () => {
    env = await freshNode('isc');
    const aol = new Publisher('aol');
    const hotmail = new Publisher('hotmail');
    const sorbs = new Publisher('sorbs');
    const cnisp1 = new Publisher('cnisp1');
    const client = await WsClient.open(env.ws);
    for (let i = 0; i < 240; i++) {
      const ts = t0 + i * 1000;
      let e: VerifiedEntry;
      if (i % 4 === 0) e = aol.next('report', reportBody(`192.0.2.${i % 200}/32`), ts);
      else if (i % 4 === 1) e = hotmail.next('report', reportBody(`198.51.100.${i % 200}/32`), ts);
      else if (i % 4 === 2)
        e = sorbs.next(
          'listing',
          { list: 'spam-source', op: 'add', target: parsePrefix(`192.0.2.${i % 200}/32`), reason: 'spam.source' },
          ts,
        );
      else e = cnisp1.next('ack', { report: stored[i - 3]!.id, status: 'received' }, ts);
      stored.push(e);
      client.send(['entry', e.bytes]);
    }
    const oks = await client.waitCount((f) => f[0] === 'ok', 240);
    assert.ok(oks.every((f) => f[3] === 'accepted'));
    await client.close();
  });
  after(async () => {
    await env.close();
  });

  // 240 entries in four interleaved streams: aol reports on 192.0.2.x (cnisp1's),
  // hotmail reports on 198.51.100.x (cnisp2's), sorbs listings on 192.0.2.x, and
  // cnisp1 acks of aol's reports; one second apart.

  /** Walks every page of a query; returns the ids in order and the number of pages. */
  async function walk(query: string, limit: number): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await getJson(
        env.base,
        `/v1/entries?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      assert.equal(page.status, 200, JSON.stringify(page.json));
      assert.ok(page.json.entries.length <= limit);
      ids.push(...page.json.entries.map((e: { id: string }) => e.id));
      cursor = page.json.next;
      pages++;
      assert.ok(pages < 1000, 'pagination terminates');
    } while (cursor);
    return { ids, pages };
  }

  const expectations: [string, (e: VerifiedEntry, i: number) => boolean][] = [
    ['', () => true],
    ['kind=report', (e) => e.payload.kind === 'report'],
    ['kind=ack', (e) => e.payload.kind === 'ack'],
    ['origin=hotmail', (_e, i) => i % 4 === 1],
    ['responsible=cnisp1', (_e, i) => i % 4 !== 1],
    ['responsible=cnisp2', (_e, i) => i % 4 === 1],
    // An ack is indexed under its report's address.
    [
      'about=192.0.2.0/25',
      (_e, i) => (i % 4 === 0 || i % 4 === 2 ? i % 200 < 128 : i % 4 === 3 && (i - 3) % 200 < 128),
    ],
    [`since=${t0 + 100_000}&until=${t0 + 150_000}`, (_e, i) => i >= 100 && i <= 150],
    [`kind=listing&since=${t0 + 200_000}`, (_e, i) => i % 4 === 2 && i >= 200],
    ['kind=report&origin=aol', (_e, i) => i % 4 === 0],
  ];

  for (const [query, want] of expectations) {
    test(`pagination walks every match exactly once: ${query || 'no filter'}`, async () => {
      const expected = stored.filter((e, i) => want(e, i)).map((e) => e.idHex);
      for (const limit of [7, 1000]) {
        const { ids, pages } = await walk(query, limit);
        assert.equal(new Set(ids).size, ids.length, 'no entry twice');
        assert.deepEqual([...ids].sort(), [...expected].sort());
        if (limit === 7) assert.ok(pages >= Math.ceil(expected.length / 7));
      }
    });
  }

  test('index rows hold no value; rows written with the id as their value (older stores) are walked the same', async () => {
    const { index, arrival } = env.node.context.subs;
    const rows: [string, unknown][] = [];
    for await (const row of index.iterator({ gte: 'i!', lt: 's' })) {
      if (/^[kri]!/.test(String(row[0]))) rows.push(row as [string, unknown]);
    }
    assert.ok(rows.length > 240, 'kind, responsible and address rows');
    assert.ok(
      rows.every(([, value]) => value === ''),
      'the writer leaves them empty',
    );
    const before = await Promise.all(expectations.map(([query]) => walk(query, 7)));
    // The id as the value, as earlier versions wrote it.
    const ids = (await arrival.getMany(rows.map(([key]) => key.slice(key.lastIndexOf('!') + 1)))) as { id: string }[];
    await index.batch(rows.map(([key], i) => ({ type: 'put', key, value: ids[i]!.id })) as never);
    assert.deepEqual(await Promise.all(expectations.map(([query]) => walk(query, 7))), before);
  });

  test('an origin query lists the origin’s log in seq order', async () => {
    const { ids } = await walk('origin=sorbs', 9);
    const seqs = [];
    for (const id of ids) seqs.push((await getJson(env.base, `/v1/entries/${id}`)).json.seq);
    assert.deepEqual(
      seqs,
      Array.from({ length: 60 }, (_, i) => i + 1),
    );
  });
});

describe('the lookup response schema', () => {
  let env: FreshNode;
  before(async () => {
    env = await freshNode('isc');
  });
  after(async () => {
    await env.close();
  });

  test('the lookup answer is written from its response schema as JSON.stringify writes it, every field kept', async () => {
    // An address whose answer holds every field: a note, inline evidence, a responsible
    // member's steps (with an action) and a comment, an expiring listing with a request.
    const aol = new Publisher('aol');
    const cnisp1 = new Publisher('cnisp1');
    const cnisp2 = new Publisher('cnisp2');
    const sorbs = new Publisher('sorbs');
    const report = aol.next('report', {
      ...reportBody('192.0.2.77/32'),
      note: { en: 'seen from "three" hosts', 'zh-CN': '三台主机' },
      evidence: { arf: { 'feedback-type': 'abuse', 'source-ip': '192.0.2.77' }, format: 'arf' },
    });
    const listing = sorbs.next('listing', {
      list: 'spam-source',
      op: 'add',
      target: parsePrefix('192.0.2.77/32'),
      reason: 'spam.source',
      expires: Date.now() + 86_400_000,
    });
    for (const e of [
      report,
      cnisp1.next('ack', { report: report.id, status: 'investigating', action: 'customer-notified' }),
      cnisp2.next('ack', { report: report.id, status: 'received' }),
      listing,
      cnisp1.next('delist-request', { listing: listing.id, remediation: ['host-cleaned'] }),
    ]) {
      assert.equal((await postEntry(env.base, e)).status, 200);
    }
    const res = await fetch(`${env.base}/v1/lookup/192.0.2.77`);
    const sent = await res.text();
    const answer = await lookup(env.node.context, '192.0.2.77', parsePrefix('192.0.2.77/32'));
    assert.equal(answer.reports[0]!.comments.length, 1);
    assert.equal(answer.reports[0]!.timeline[1]!.action, 'customer-notified');
    assert.equal(answer.listings[0]!.requests.length, 1);
    assert.notEqual(answer.listings[0]!.expires, null);
    assert.equal(sent, JSON.stringify(answer));
    // And with the nulls: an address nobody claims, with a report of no note.
    assert.equal((await postEntry(env.base, aol.next('report', reportBody('203.0.113.9/32')))).status, 200);
    const unclaimed = await fetch(`${env.base}/v1/lookup/203.0.113.9`);
    const plain = await lookup(env.node.context, '203.0.113.9', parsePrefix('203.0.113.9/32'));
    assert.equal(plain.responsible, null);
    assert.equal(plain.reports[0]!.note, null);
    assert.equal(await unclaimed.text(), JSON.stringify(plain));
  });
});

describe('lookups', () => {
  let env: FreshNode;
  let reports: VerifiedEntry[];
  before(async () => {
    env = await freshNode('isc');
    const aol = new Publisher('aol');
    const sorbs = new Publisher('sorbs');
    reports = [
      aol.next('report', reportBody('192.0.2.5/32')),
      aol.next('report', reportBody('2001:db8:1::7/128')),
      aol.next('report', reportBody('203.0.113.9/32')),
    ];
    for (const e of reports) await postEntry(env.base, e);
    await postEntry(
      env.base,
      sorbs.next('listing', {
        list: 'spam-source',
        op: 'add',
        target: parsePrefix('192.0.2.0/24'),
        reason: 'spam.source',
      }),
    );
  });
  after(async () => {
    await env.close();
  });

  test('an IPv4 address: responsible member with contacts, listings and reports', async () => {
    const { status, json } = await getJson(env.base, '/v1/lookup/192.0.2.5');
    assert.equal(status, 200);
    assert.equal(json.address, '192.0.2.5');
    assert.equal(json.responsible.handle, 'cnisp1');
    assert.deepEqual(json.responsible.contacts.abuse, ['abuse@cnisp1.example']);
    assert.match(json.responsible.source, /roster v1/);
    assert.deepEqual(
      json.listings.map((l: { target: string; active: boolean }) => [l.target, l.active]),
      [['192.0.2.0/24', true]],
    );
    assert.match(json.listings[0].removal.how, /delist request/);
    assert.deepEqual(
      json.reports.map((r: { id: string }) => r.id),
      [reports[0]!.idHex],
    );
  });

  test('an IPv6 address', async () => {
    const { json } = await getJson(env.base, '/v1/lookup/2001:db8:1::7');
    assert.equal(json.responsible.handle, 'cnisp1');
    assert.deepEqual(
      json.reports.map((r: { id: string }) => r.id),
      [reports[1]!.idHex],
    );
    assert.deepEqual(json.listings, []);
  });

  test('an IPv4-mapped IPv6 address is looked up as IPv4', async () => {
    const mapped = (await getJson(env.base, '/v1/lookup/::ffff:192.0.2.5')).json;
    const plain = (await getJson(env.base, '/v1/lookup/192.0.2.5')).json;
    assert.equal(mapped.responsible.handle, 'cnisp1');
    assert.deepEqual(mapped.reports, plain.reports);
    assert.deepEqual(mapped.listings, plain.listings);
  });

  test('a prefix, and an address nobody claims', async () => {
    const prefix = (await getJson(env.base, '/v1/lookup/192.0.2.0%2F28')).json;
    assert.equal(prefix.responsible.handle, 'cnisp1');
    assert.equal(prefix.listings.length, 1);
    const unclaimed = (await getJson(env.base, '/v1/lookup/203.0.113.9')).json;
    assert.equal(unclaimed.responsible, null);
    assert.deepEqual(
      unclaimed.reports.map((r: { id: string }) => r.id),
      [reports[2]!.idHex],
    );
  });

  test('/metrics is Prometheus text', async () => {
    const res = await fetch(`${env.base}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const families = parseExposition(await res.text());
    assert.equal(sampleValue(families, 'arx_entries_stored_total'), 4);
    assert.equal(sampleValue(families, 'arx_listings_active'), 1);
    assert.equal(sampleValue(families, 'arx_origin_head_seq', { origin: 'aol' }), 3);
  });
});

describe('TLS', () => {
  test('https and wss work with a configured certificate', async () => {
    const { root, cleanup } = tempRoot('arx-tls-');
    const cert = join(root, 'cert.pem');
    const key = join(root, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ed25519',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-nodes',
        '-subj',
        '/CN=localhost',
      ],
      { stdio: 'ignore' },
    );
    const env = await freshNode('isc', { tls: { cert, key } });
    try {
      assert.match(env.base, /^https:\/\//);
      assert.match(env.ws, /^wss:\/\//);
      const body = await new Promise<string>((resolve, reject) => {
        const req = httpsRequest(`${env.base}/v1/health`, { rejectUnauthorized: false }, (res) => {
          let text = '';
          res.on('data', (d) => {
            text += d;
          });
          res.on('end', () => resolve(text));
        });
        req.on('error', reject);
        req.end();
      });
      assert.equal(JSON.parse(body).status, 'ok');
      // A client that checks certificates refuses the self-signed one.
      await assert.rejects(fetch(`${env.base}/v1/health`));
      const client = await WsClient.open(env.ws, { rejectUnauthorized: false });
      const entry = new Publisher('aol').next('report', reportBody('192.0.2.1/32'));
      assert.equal((await publishOne(client, entry.bytes))[3], 'accepted');
      client.send(['sub', 's', {}]);
      const delivered = await client.waitFor((f) => f[0] === 'entry');
      assert.deepEqual(delivered[1], entry.bytes);
      await client.close();
    } finally {
      await env.close();
      cleanup();
    }
  });
});

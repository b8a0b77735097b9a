/**
 * The ingest pipeline seen from outside: what a node accepts, holds, flags and refuses,
 * over HTTP (`POST /v1/entries`, `POST /v1/publish`) and over the websocket (`entry` → `ok`).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { encodeDeterministic, encodeSign1, parseEntry, parsePrefix, sign1Message, toHex } from '@arx/protocol';
import { nodeEd25519 } from '@arx/protocol/node-crypto';
import { getJson, keyFor, OPERATOR_TOKEN, Publisher, postEntry, postJson, reportBody } from './helpers/fixture.js';
import { type FreshNode, freshNode } from './helpers/fresh-node.js';
import { publishOne, WsClient } from './helpers/ws-client.js';

let env: FreshNode;
beforeEach(async () => {
  env = await freshNode('isc');
});
afterEach(async () => {
  await env.close();
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A signed envelope whose payload is `payload` encoded as is (no validation). */
function signRaw(handle: string, payload: Record<string, unknown>): Uint8Array {
  const bytes = encodeDeterministic(payload as never);
  return encodeSign1(bytes, nodeEd25519.sign(sign1Message(bytes), keyFor(handle).secretKey));
}

/** Bytes a well-behaved node must refuse, with the HTTP answer and websocket reason it must give. */
function refusals(): { label: string; bytes: Uint8Array; http: number; code: string; reason: string }[] {
  const forged = new Publisher('aol').next('report', reportBody('192.0.2.1/32'));
  const tampered = forged.bytes.slice();
  tampered[tampered.length - 1]! ^= 0x01;
  const oversized = signRaw('aol', {
    v: 1,
    origin: keyFor('aol').publicKey,
    seq: 1,
    prev: null,
    ts: Date.now(),
    kind: 'notice',
    body: { topic: 'help', urgency: 'low', text: { en: 'x'.repeat(66_000) } },
  });
  return [
    {
      label: 'malformed CBOR',
      bytes: Uint8Array.of(0xd2, 0x84, 0xff, 0x00, 0x13),
      http: 400,
      code: '',
      reason: 'invalid',
    },
    { label: 'random bytes', bytes: randomBytes(200), http: 400, code: '', reason: 'invalid' },
    { label: 'forged signature', bytes: tampered, http: 400, code: 'ARX_PROTO_BAD_SIGNATURE', reason: 'invalid' },
    {
      label: 'a non-member origin',
      bytes: new Publisher('mallory').next('report', reportBody('192.0.2.1/32')).bytes,
      http: 403,
      code: 'ARX_NODE_NOT_MEMBER',
      reason: 'not-member',
    },
    {
      label: 'a role that may not publish the kind (a reporter listing)',
      bytes: new Publisher('aol').next('listing', {
        list: 'spam-source',
        op: 'add',
        target: parsePrefix('192.0.2.7/32'),
        reason: 'spam.source',
      }).bytes,
      http: 403,
      code: 'ARX_NODE_ROLE_FORBIDDEN',
      reason: 'not-authorised',
    },
    {
      label: 'an entry over the size limit',
      bytes: oversized,
      http: 413,
      code: 'ARX_PROTO_TOO_LARGE',
      reason: 'too-large',
    },
  ];
}

describe('accepting entries', () => {
  test('valid entries are accepted, stored and readable back', async () => {
    const aol = new Publisher('aol');
    const first = aol.next('report', reportBody('192.0.2.1/32'));
    const second = aol.next('report', reportBody('198.51.100.9/32'));
    for (const e of [first, second]) {
      const res = await postEntry(env.base, e);
      assert.equal(res.status, 200);
      assert.deepEqual([res.json.id, res.json.accepted, res.json.reason], [e.idHex, true, 'accepted']);
    }
    const client = await WsClient.open(env.ws);
    const third = aol.next('report', reportBody('192.0.2.2/32'));
    const ok = await publishOne(client, third.bytes);
    assert.deepEqual([toHex(ok[1]!), ok[2], ok[3]], [third.idHex, true, 'accepted']);
    await client.close();
    for (const e of [first, second, third]) {
      const got = await getJson(env.base, `/v1/entries/${e.idHex}`);
      assert.equal(got.status, 200);
      assert.equal(got.json.id, e.idHex);
      assert.equal(got.json.seq, e.payload.seq);
    }
    const status = await getJson(env.base, '/v1/status');
    assert.equal(status.json.entries, 3);
    assert.deepEqual(
      status.json.heads.filter((h: { handle: string }) => h.handle === 'aol').map((h: { seq: number }) => h.seq),
      [3],
    );
  });

  test('a duplicate is an idempotent success that stores nothing new', async () => {
    const entry = new Publisher('aol').next('report', reportBody('192.0.2.1/32'));
    assert.equal((await postEntry(env.base, entry)).json.reason, 'accepted');
    const again = await postEntry(env.base, entry);
    assert.equal(again.status, 200);
    assert.deepEqual([again.json.accepted, again.json.reason], [true, 'duplicate']);
    const client = await WsClient.open(env.ws);
    const ok = await publishOne(client, entry.bytes);
    await client.close();
    assert.deepEqual([toHex(ok[1]!), ok[2], ok[3]], [entry.idHex, true, 'duplicate']);
    assert.equal((await getJson(env.base, '/v1/status')).json.entries, 1);
  });

  test('an entry ahead of the chain is held as a gap, reported with the missing range, and released when the predecessor arrives', async () => {
    const aol = new Publisher('aol');
    const chain = [1, 2, 3, 4].map((i) => aol.next('report', reportBody(`192.0.2.${i}/32`)));
    const fourth = await postEntry(env.base, chain[3]!);
    assert.equal(fourth.status, 202);
    assert.equal(fourth.json.error.code, 'ARX_NODE_GAP');
    assert.match(fourth.json.error.message, /missing seq 1\.\.3/);
    const client = await WsClient.open(env.ws);
    const third = await publishOne(client, chain[2]!.bytes);
    assert.deepEqual([third[2], third[3]], [false, 'gap']);
    assert.match(third[4], /1\.\.2/);
    assert.equal((await getJson(env.base, `/v1/entries/${chain[3]!.idHex}`)).status, 404, 'held, not stored');
    assert.equal((await getJson(env.base, '/v1/status')).json.heldEntries, 2);

    assert.equal((await publishOne(client, chain[1]!.bytes))[3], 'gap');
    assert.equal((await publishOne(client, chain[0]!.bytes))[3], 'accepted');
    await client.close();
    await waitUntil(async () => {
      const status = (await getJson(env.base, '/v1/status')).json;
      return status.entries === 4 && status.heldEntries === 0;
    });
    const log = await getJson(env.base, '/v1/entries?origin=aol');
    assert.deepEqual(
      log.json.entries.map((e: { seq: number }) => e.seq),
      [1, 2, 3, 4],
    );
  });

  test('a fork is refused, kept as evidence, and its origin flagged', async () => {
    const a = new Publisher('aol');
    const b = new Publisher('aol');
    const original = a.next('report', reportBody('192.0.2.1/32'));
    const conflicting = b.next('report', reportBody('192.0.2.99/32'));
    assert.equal((await postEntry(env.base, original)).status, 200);
    const res = await postEntry(env.base, conflicting);
    assert.equal(res.status, 409);
    assert.equal(res.json.error.code, 'ARX_NODE_FORK');
    const status = (await getJson(env.base, '/v1/status')).json;
    const flagged = status.forks.find((f: { handle: string }) => f.handle === 'aol');
    assert.ok(flagged, 'origin flagged in /v1/status');
    assert.deepEqual(flagged.evidence, [{ seq: 1, ids: [original.idHex, conflicting.idHex] }]);
    // The evidence survives a restart.
    env = await env.restart();
    const after = (await getJson(env.base, '/v1/status')).json;
    assert.deepEqual(
      after.forks.map((f: { handle: string }) => f.handle),
      ['aol'],
    );
    assert.equal(after.entries, 1, 'the conflicting entry is evidence, not part of the log');
  });

  test('fork evidence per seq stops at limits.maxForkEvidence', async () => {
    await env.close();
    env = await freshNode('isc', { limits: { maxForkEvidence: 3 } });
    const branches = Array.from({ length: 6 }, () => new Publisher('aol'));
    const entries = branches.map((p, i) => p.next('report', reportBody(`192.0.2.${i + 1}/32`)));
    assert.equal((await postEntry(env.base, entries[0]!)).status, 200);
    for (const e of entries.slice(1)) assert.equal((await postEntry(env.base, e)).json.error.code, 'ARX_NODE_FORK');
    const flagged = (await getJson(env.base, '/v1/status')).json.forks.find(
      (f: { handle: string }) => f.handle === 'aol',
    );
    assert.deepEqual(flagged.evidence, [{ seq: 1, ids: entries.slice(0, 3).map((e) => e.idHex) }]);
  });

  test('an entry whose prev does not link to the head is a fork, each entry listed under its own seq', async () => {
    const a = new Publisher('aol');
    const b = new Publisher('aol');
    const first = a.next('report', reportBody('192.0.2.1/32'));
    a.next('report', reportBody('192.0.2.2/32'));
    b.next('report', reportBody('192.0.2.3/32'));
    const badLink = b.next('report', reportBody('192.0.2.4/32'));
    // Two more of the other branch, ahead of the chain: held until the fork is seen.
    const ahead = [b.next('report', reportBody('192.0.2.5/32')), b.next('report', reportBody('192.0.2.6/32'))];
    await postEntry(env.base, first);
    for (const e of ahead) assert.equal((await postEntry(env.base, e)).status, 202);
    assert.equal((await getJson(env.base, '/v1/status')).json.heldEntries, 2);
    const res = await postEntry(env.base, badLink);
    assert.equal(res.json.error.code, 'ARX_NODE_FORK');
    const status = (await getJson(env.base, '/v1/status')).json;
    assert.deepEqual(
      status.forks.map((f: { handle: string }) => f.handle),
      ['aol'],
    );
    // The held seq 1 and the seq 2 that does not link to it, each under its own seq.
    assert.deepEqual(status.forks[0].evidence, [
      { seq: 1, ids: [first.idHex] },
      { seq: 2, ids: [badLink.idHex] },
    ]);
    assert.equal(status.heldEntries, 0, 'entries held beyond the fork are dropped from memory');
  });
});

describe('many entries in flight on one websocket', () => {
  for (const verifyWorkers of [0, 2]) {
    test(`are stored in order and answered in order (verifyWorkers: ${verifyWorkers})`, async () => {
      await env.close();
      env = await freshNode('isc', { verifyWorkers });
      const aol = new Publisher('aol');
      const hotmail = new Publisher('hotmail');
      const sent: { id: string | null; reason: string }[] = [];
      const frames: Uint8Array[] = [];
      for (let i = 0; i < 600; i++) {
        const from = i % 2 === 0 ? aol : hotmail;
        const entry = from.next('report', reportBody(`192.0.2.${i % 250}/32`));
        if (i % 100 === 7) {
          // A refused frame in the middle is answered in its place.
          const forged = entry.bytes.slice();
          forged[forged.length - 1]! ^= 1;
          frames.push(forged);
          // It parsed: the refusal names the entry (only unparseable bytes get a null id).
          sent.push({ id: entry.idHex, reason: 'invalid' });
          frames.push(entry.bytes);
          sent.push({ id: entry.idHex, reason: 'accepted' });
        } else {
          frames.push(entry.bytes);
          sent.push({ id: entry.idHex, reason: 'accepted' });
        }
      }
      const client = await WsClient.open(env.ws);
      for (const bytes of frames) client.send(['entry', bytes]);
      const oks = await client.waitCount((f) => f[0] === 'ok', frames.length, 60_000);
      await client.close();
      assert.deepEqual(
        oks.map((f) => ({ id: f[1] ? toHex(f[1] as Uint8Array) : null, reason: f[3] })),
        sent,
      );
      const status = (await getJson(env.base, '/v1/status')).json;
      assert.equal(status.entries, 600);
      assert.equal(status.heldEntries, 0, 'nothing arrived out of order');
    });
  }
});

describe('publishing for the node’s organisation', () => {
  test('200 concurrent publishes get seqs 1..200 with no gap and no repeat', async () => {
    // 200 connections from one address: above the default per-address cap (128).
    await env.close();
    env = await freshNode('isc', { limits: { maxConnectionsPerAddress: 256 } });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        postJson(
          env.base,
          '/v1/publish',
          { kind: 'notice', body: { topic: 'help', urgency: 'low', text: { en: `n${i}` } } },
          OPERATOR_TOKEN,
        ),
      ),
    );
    for (const r of results) assert.equal(r.status, 200, JSON.stringify(r.json));
    const seqs = results.map((r) => r.json.seq as number).sort((x, y) => x - y);
    assert.deepEqual(
      seqs,
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
    assert.equal(new Set(results.map((r) => r.json.id)).size, 200);
    const head = (await getJson(env.base, '/v1/status')).json.heads.find((h: { handle: string }) => h.handle === 'isc');
    assert.equal(head.seq, 200);
  });

  test('publishing needs the operator token', async () => {
    const body = { kind: 'notice', body: { topic: 'help', urgency: 'low', text: { en: 'hi' } } };
    const none = await postJson(env.base, '/v1/publish', body);
    assert.equal(none.status, 401);
    assert.equal(none.json.error.code, 'ARX_NODE_UNAUTHORISED');
    const wrong = await postJson(env.base, '/v1/publish', body, `${OPERATOR_TOKEN}x`);
    assert.equal(wrong.status, 401);
  });
});

describe('refusing entries', () => {
  test('malformed, forged, non-member, wrong-role and oversized entries are refused over HTTP with typed codes', async () => {
    for (const r of refusals()) {
      const res = await fetch(`${env.base}/v1/entries`, {
        method: 'POST',
        headers: { 'content-type': 'application/cose' },
        body: r.bytes,
      });
      const json = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(res.status, r.http, `${r.label}: ${JSON.stringify(json)}`);
      if (r.code) assert.equal(json.error.code, r.code, r.label);
      else assert.match(json.error.code, /^ARX_PROTO_/, r.label);
    }
    assert.equal((await getJson(env.base, '/v1/status')).json.entries, 0);
  });

  test('the same entries are refused over the websocket with `ok` frames carrying the reason', async () => {
    const client = await WsClient.open(env.ws);
    for (const r of refusals()) {
      const ok = await publishOne(client, r.bytes);
      assert.equal(ok[0], 'ok');
      // The id is named whenever the bytes parse as an entry, null only when they do not.
      const parsedId = (() => {
        try {
          return parseEntry(r.bytes).idHex;
        } catch {
          return null;
        }
      })();
      assert.equal(ok[1] === null ? null : toHex(ok[1]), parsedId, r.label);
      if (r.code === 'ARX_PROTO_BAD_SIGNATURE' || r.code.startsWith('ARX_NODE_'))
        assert.notEqual(parsedId, null, r.label);
      assert.equal(ok[2], false, r.label);
      assert.equal(ok[3], r.reason, `${r.label}: ${ok[4]}`);
      if (r.code) assert.match(ok[4], new RegExp(r.code), r.label);
    }
    await client.close();
    assert.equal((await getJson(env.base, '/v1/status')).json.entries, 0);
  });

  test('a frame over the node’s frame limit is answered with too-large and the connection stays usable', async () => {
    const client = await WsClient.open(env.ws);
    client.send(['entry', randomBytes(69_999)]);
    const tooBig = await client.waitFor((f) => f[0] === 'ok');
    assert.equal(tooBig[3], 'too-large');
    const entry = new Publisher('aol').next('report', reportBody('192.0.2.1/32'));
    assert.equal((await publishOne(client, entry.bytes))[3], 'accepted');
    await client.close();
  });
});

/**
 * Where docs/protocol.md and docs/api.md say what a node does at the edges an
 * independent implementation meets: `ok` semantics, `want` ranges, field codes inside
 * frames, non-peer frames, one key one signer, the HTTP JSON form and roster views.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  createRosterDocument,
  type Frame,
  fromHex,
  LINK_PROTOCOL_VERSION,
  parseEntry,
  signEntry,
  toHex,
  verifyRosterDocument,
} from '@arx/protocol';
import { linkAs } from '../../test/federation/helpers/raw-peer.js';
import {
  getJson,
  keyFor,
  makeRoster,
  OPERATOR_TOKEN,
  Publisher,
  postEntry,
  postJson,
  reportBody,
  STEWARD,
} from './helpers/fixture.js';
import { type FreshNode, freshNode } from './helpers/fresh-node.js';
import { publishOne, WsClient } from './helpers/ws-client.js';

let env: FreshNode;
before(async () => {
  env = await freshNode('isc');
});
after(async () => {
  await env.close();
});

const notice = (f: Frame) => f[0] === 'notice';

describe('ok frames', () => {
  test('a gap and a fork are refused with "code: message" details and the entry id', async () => {
    const aol = new Publisher('aol');
    const first = aol.next('report', reportBody('192.0.2.10/32'));
    aol.next('report', reportBody('192.0.2.11/32')); // seq 2, never sent
    const third = aol.next('report', reportBody('192.0.2.12/32'));
    const client = await WsClient.open(env.ws);
    assert.deepEqual((await publishOne(client, first.bytes)).slice(2, 4), [true, 'accepted']);
    const gap = await publishOne(client, third.bytes);
    assert.deepEqual([toHex(gap[1]!), gap[2], gap[3]], [third.idHex, false, 'gap']);
    assert.match(gap[4], /^ARX_NODE_GAP: .*missing seq 2\.\.2$/);

    // Another entry at seq 1 of the same key: a fork.
    const other = signEntry(
      { seq: 1, prev: null, ts: Date.now(), kind: 'report', body: reportBody('192.0.2.13/32') },
      keyFor('aol'),
    );
    const fork = await publishOne(client, other.bytes);
    assert.deepEqual([toHex(fork[1]!), fork[2], fork[3]], [other.idHex, false, 'fork']);
    assert.match(fork[4], /^ARX_NODE_FORK: /);
    await client.close();
  });

  test('a stored roster entry without effect is accepted, its effect says why', async () => {
    // Signed by a key that is not a steward: verification fails on the threshold.
    const next = createRosterDocument(makeRoster(undefined, 2), [keyFor('cnisp1')]);
    const entry = new Publisher('cnisp2').next('roster', { document: next });
    const client = await WsClient.open(env.ws);
    const ok = await publishOne(client, entry.bytes);
    await client.close();
    assert.deepEqual(ok.slice(1), [
      entry.id,
      true,
      'accepted',
      '',
      { outcome: 'no-effect', reason: 'roster-threshold' },
    ]);
    // The same values over HTTP, for the duplicate there is no effect to report.
    const again = await postEntry(env.base, entry);
    assert.deepEqual([again.json.reason, again.json.effect, again.json.effectReason], ['duplicate', null, null]);
  });

  test('an entry that applies says so', async () => {
    const entry = new Publisher('hotmail').next('report', reportBody('192.0.2.20/32'));
    const client = await WsClient.open(env.ws);
    const ok = await publishOne(client, entry.bytes);
    await client.close();
    assert.deepEqual(ok.slice(2), [true, 'accepted', '', { outcome: 'applied' }]);
  });
});

describe('one key, one signer', () => {
  test('an entry of the node’s own key from outside is refused, over HTTP and the websocket', async () => {
    const own = new Publisher('isc');
    const entry = own.next('report', reportBody('192.0.2.30/32'));
    const http = await postEntry(env.base, entry);
    assert.equal(http.status, 409);
    assert.deepEqual([http.json.error.code, http.json.error.id], ['ARX_NODE_OWN_KEY', entry.idHex]);
    const client = await WsClient.open(env.ws);
    const ok = await publishOne(client, entry.bytes);
    await client.close();
    assert.deepEqual([toHex(ok[1]!), ok[2], ok[3]], [entry.idHex, false, 'not-authorised']);
    assert.match(ok[4], /^ARX_NODE_OWN_KEY: /);
    // What the node signed itself is a duplicate when it comes back.
    const published = await postJson(
      env.base,
      '/v1/publish',
      { kind: 'notice', body: { topic: 'help', urgency: 'low', text: { en: 'hi' } } },
      OPERATOR_TOKEN,
    );
    assert.equal(published.status, 200);
    const envelope = (await getJson(env.base, `/v1/entries/${published.json.id}`)).json.envelope as string;
    const back = await postJson(env.base, '/v1/entries', { envelope });
    assert.deepEqual([back.status, back.json.reason], [200, 'duplicate']);
  });
});

describe('frames inside out', () => {
  test('a field defect inside a frame carries the field’s code', async () => {
    const client = await WsClient.open(env.ws);
    const cases: [readonly unknown[], string][] = [
      [['sub', 's1', { kinds: ['nonsense'] }], 'ARX_PROTO_UNKNOWN_KIND'],
      [['sub', 's2', { colour: 'blue' }], 'ARX_PROTO_UNKNOWN_FIELD'],
      [['sub', 's3', { kinds: [] }], 'ARX_PROTO_BAD_FIELD'],
      [
        ['hello', { v: 1, key: randomBytes(32), challenge: randomBytes(32), agent: 'x'.repeat(129) }],
        'ARX_PROTO_BAD_FIELD',
      ],
      [['sub', 's4'], 'ARX_PROTO_BAD_FRAME'],
    ];
    for (const [frame, code] of cases) {
      const before = client.frames.filter(notice).length;
      client.send(frame);
      const got = await client.waitCount(notice, before + 1);
      assert.equal(got[before]![1], code, JSON.stringify(frame[0]));
    }
    await client.close();
  });

  test('have and want from a plain client are answered with ARX_NODE_NOT_PEER', async () => {
    const client = await WsClient.open(env.ws);
    client.send(['have', [[keyFor('aol').publicKey, 1]]]);
    client.send(['want', keyFor('aol').publicKey, 1, 1]);
    const got = await client.waitCount(notice, 2);
    assert.deepEqual(
      got.map((f) => f[1]),
      ['ARX_NODE_NOT_PEER', 'ARX_NODE_NOT_PEER'],
    );
    await client.close();
  });

  test('a hello of another protocol version is refused and the connection closed', async () => {
    const client = await WsClient.open(env.ws);
    client.send(['hello', { v: LINK_PROTOCOL_VERSION + 1, key: keyFor('aol').publicKey, challenge: randomBytes(32) }]);
    const got = await client.waitFor(notice);
    assert.equal(got[1], 'ARX_PROTO_BAD_VERSION');
    assert.equal((await client.closed).code, 1002);
  });

  test('want streams exactly from..to, then the link carries on where it stood', async () => {
    const sorbs = new Publisher('sorbs');
    const five = Array.from({ length: 5 }, (_, i) => sorbs.next('report', reportBody(`198.51.100.${i + 1}/32`)));
    for (const e of five) assert.equal((await postEntry(env.base, e)).status, 200);
    const origin = toHex(keyFor('sorbs').publicKey);
    // A peer that already holds sorbs 1..5 asks for seq 2..3 again.
    const peer = await linkAs(env.ws, keyFor('cnisp1'), [[origin, 5]]);
    await new Promise((r) => setTimeout(r, 300));
    const before = peer.entries().length;
    peer.send(['want', fromHex(origin), 2, 3]);
    await peer.waitFor(() => peer.entries().length >= before + 2, 10_000, 'the wanted entries');
    await new Promise((r) => setTimeout(r, 500));
    // The seqs of `origin` the peer received since it asked.
    const seqsSent = () =>
      peer
        .entries()
        .slice(before)
        .map((b) => parseEntry(b))
        .filter((e) => e.originHex === origin)
        .map((e) => e.payload.seq);
    const sent = seqsSent();
    assert.deepEqual(sent, [2, 3]);
    // A live entry afterwards is seq 6, sent once: the peer is back at 5, not at 3.
    const sixth = sorbs.next('report', reportBody('198.51.100.6/32'));
    await postEntry(env.base, sixth);
    await peer.waitFor(
      () => peer.entries().some((b) => toHex(parseEntry(b).id) === sixth.idHex),
      10_000,
      'the live entry',
    );
    const after = seqsSent();
    assert.deepEqual(after, [2, 3, 6]);
    peer.close();
  });
});

describe('the HTTP JSON form', () => {
  test('a CIDR in a lookup path may keep its slash or escape it', async () => {
    const plain = await getJson(env.base, '/v1/lookup/192.0.2.0/24');
    const escaped = await getJson(env.base, '/v1/lookup/192.0.2.0%2F24');
    assert.equal(plain.status, 200);
    assert.deepEqual(plain.json, escaped.json);
    const contacts = await getJson(env.base, '/v1/contacts/192.0.2.0/24');
    assert.equal(contacts.json.responsible.handle, 'cnisp1');
  });

  test('an upper-case domain is refused in JSON as it is in CBOR', async () => {
    const body = { list: 'spamvertised-site', op: 'add', target: 'Spam.Example', reason: 'spam.source' };
    const sorbs = await freshNode('sorbs');
    try {
      const res = await postJson(sorbs.base, '/v1/publish', { kind: 'listing', body }, OPERATOR_TOKEN);
      assert.deepEqual([res.status, res.json.error.code], [400, 'ARX_PROTO_BAD_FIELD']);
      const ok = await postJson(
        sorbs.base,
        '/v1/publish',
        { kind: 'listing', body: { ...body, target: 'spam.example' } },
        OPERATOR_TOKEN,
      );
      assert.equal(ok.status, 200);
    } finally {
      await sorbs.close();
    }
  });

  test('entries listed by GET /v1/entries carry their envelope, which verifies', async () => {
    const { json } = await getJson(env.base, '/v1/entries?limit=5');
    assert.ok(json.entries.length > 0);
    for (const item of json.entries) {
      assert.equal(parseEntry(fromHex(item.envelope)).idHex, item.id);
    }
  });

  test('the roster view gives every key in both forms and serves the signed document', async () => {
    const { json } = await getJson(env.base, '/v1/roster');
    assert.equal(json.version, 1);
    assert.equal(typeof json.issued, 'number');
    assert.deepEqual(json.stewards, [{ key: toHex(STEWARD.publicKey), id: json.stewards[0].id }]);
    assert.match(json.stewards[0].id, /^arx1/);
    for (const m of json.members) {
      assert.match(m.key, /^[0-9a-f]{64}$/);
      assert.match(m.id, /^arx1/);
    }
    const res = await fetch(`${env.base}/v1/roster/document`);
    assert.equal(res.headers.get('content-type'), 'application/cose');
    const document = new Uint8Array(await res.arrayBuffer());
    const verified = verifyRosterDocument(document);
    assert.equal(verified.roster.version, json.version);
    assert.equal(json.members.length, verified.roster.members.length);
  });
});

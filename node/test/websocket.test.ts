/**
 * The websocket API seen by a client: subscriptions (stored matches, `eose`, live
 * matches), resuming from a cursor, slow readers, rate limits and idle timeouts.
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { type Frame, parseEntry, parsePrefix, type SubFilter, type VerifiedEntry } from '@arx/protocol';
import { getJson, keyFor, Publisher, postEntry, reportBody } from './helpers/fixture.js';
import { type FreshNode, freshNode } from './helpers/fresh-node.js';
import { publishOne, WsClient } from './helpers/ws-client.js';

const nodes: FreshNode[] = [];
const clients: WsClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) {
    c.socket.resume();
    await c.close();
  }
  for (const n of nodes.splice(0)) await n.close();
});
async function start(config: Record<string, unknown> = {}): Promise<FreshNode> {
  const n = await freshNode('isc', config);
  nodes.push(n);
  return n;
}
async function open(env: FreshNode): Promise<WsClient> {
  const c = await WsClient.open(env.ws);
  clients.push(c);
  return c;
}

type EntryFrame = readonly ['entry', Uint8Array, string, number];
const isEntryOf = (sub: string) => (f: Frame) => f[0] === 'entry' && f.length === 4 && f[2] === sub;
const isEoseOf = (sub: string) => (f: Frame) => f[0] === 'eose' && f[1] === sub;
const idOf = (f: Frame) => parseEntry((f as EntryFrame)[1]).idHex;

/** Ids delivered to `sub`, split at its `eose`. */
function delivered(client: WsClient, sub: string): { stored: string[]; live: string[]; eose: boolean } {
  const stored: string[] = [];
  const live: string[] = [];
  let eose = false;
  for (const f of client.frames) {
    if (isEoseOf(sub)(f)) eose = true;
    else if (isEntryOf(sub)(f)) (eose ? live : stored).push(idOf(f));
  }
  return { stored, live, eose };
}

test('subscriptions return stored matches, then eose, then live matches, for every kind of filter', async () => {
  const env = await start();
  const aol = new Publisher('aol');
  const hotmail = new Publisher('hotmail');
  const sorbs = new Publisher('sorbs');
  const cnisp1 = new Publisher('cnisp1');
  const r1 = aol.next('report', reportBody('192.0.2.1/32'));
  const r2 = aol.next('report', reportBody('198.51.100.1/32'));
  const r3 = hotmail.next('report', reportBody('192.0.2.2/32'));
  const r4 = hotmail.next('report', reportBody('2001:db8:1::5/128'));
  const l1 = sorbs.next('listing', {
    list: 'spam-source',
    op: 'add',
    target: parsePrefix('198.51.100.0/24'),
    reason: 'spam.source',
  });
  const a1 = cnisp1.next('ack', { report: r1.id, status: 'received' });
  for (const e of [r1, r2, r3, r4, l1, a1]) assert.equal((await postEntry(env.base, e)).status, 200);

  const filters: Record<string, SubFilter> = {
    kinds: { kinds: ['listing', 'ack'] },
    origins: { origins: [keyFor('hotmail').publicKey] },
    responsible: { responsible: keyFor('cnisp1').publicKey },
    about: { about: [parsePrefix('198.51.100.0/24')] },
    since: { since: 3 },
    all: {},
  };
  const client = await open(env);
  for (const [id, filter] of Object.entries(filters)) client.send(['sub', id, filter]);
  for (const id of Object.keys(filters)) await client.waitFor(isEoseOf(id));
  const eoseCursor = (client.frames.find(isEoseOf('all')) as readonly ['eose', string, number])[2];
  assert.equal(eoseCursor, 6);

  // Live: published on the same connection, so every subscription frame for an entry
  // arrives before the `ok` that answers it.
  const r5 = hotmail.next('report', reportBody('192.0.2.3/32'));
  const l2 = sorbs.next('listing', {
    list: 'spam-source',
    op: 'add',
    target: parsePrefix('192.0.2.0/24'),
    reason: 'spam.source',
  });
  const r6 = aol.next('report', reportBody('203.0.113.9/32'));
  for (const e of [r5, l2, r6]) assert.equal((await publishOne(client, e.bytes))[3], 'accepted');

  const expected: Record<string, { stored: VerifiedEntry[]; live: VerifiedEntry[] }> = {
    kinds: { stored: [l1, a1], live: [l2] },
    origins: { stored: [r3, r4], live: [r5] },
    responsible: { stored: [r1, r3, r4, a1], live: [r5, l2] },
    about: { stored: [r2, l1], live: [] },
    since: { stored: [r4, l1, a1], live: [r5, l2, r6] },
    all: { stored: [r1, r2, r3, r4, l1, a1], live: [r5, l2, r6] },
  };
  for (const [id, want] of Object.entries(expected)) {
    const got = delivered(client, id);
    assert.ok(got.eose, `${id}: eose`);
    assert.deepEqual(
      got.stored,
      want.stored.map((e) => e.idHex),
      `${id}: stored matches`,
    );
    assert.deepEqual(
      got.live,
      want.live.map((e) => e.idHex),
      `${id}: live matches`,
    );
  }

  // unsub stops delivery.
  client.send(['unsub', 'all']);
  const r7 = aol.next('report', reportBody('192.0.2.9/32'));
  await publishOne(client, r7.bytes);
  assert.equal(delivered(client, 'all').live.length, 3);
  assert.deepEqual(delivered(client, 'since').live.at(-1), r7.idHex);
});

test('a subscriber that reconnects with its last cursor receives exactly what it missed', async () => {
  const env = await start();
  const aol = new Publisher('aol');
  const all: string[] = [];
  const received: string[] = [];
  let cursor = 0;
  let publishing = true;
  // A steady stream of entries over HTTP while the subscriber comes and goes.
  const publisher = (async () => {
    for (let i = 0; publishing || i < 30; i++) {
      const e = aol.next('report', reportBody(`192.0.2.${i % 250}/32`));
      assert.equal((await postEntry(env.base, e)).status, 200);
      all.push(e.idHex);
      if (all.length >= 300) break;
    }
    publishing = false;
  })();
  for (let round = 0; round < 6; round++) {
    const client = await WsClient.open(env.ws);
    client.onFrame((f) => {
      if (isEntryOf('s')(f)) {
        received.push(idOf(f));
        cursor = (f as EntryFrame)[3];
      } else if (isEoseOf('s')(f)) cursor = Math.max(cursor, (f as readonly ['eose', string, number])[2]);
    });
    client.send(['sub', 's', { since: cursor }]);
    await client.waitFor(isEoseOf('s'));
    await new Promise((r) => setTimeout(r, 20 + round * 10));
    await client.close();
  }
  publishing = false;
  await publisher;
  // A last reconnect after the stream ended picks up the tail.
  const last = await open(env);
  last.onFrame((f) => {
    if (isEntryOf('s')(f)) received.push(idOf(f));
  });
  last.send(['sub', 's', { since: cursor }]);
  await last.waitFor(isEoseOf('s'));
  assert.ok(all.length >= 30);
  assert.equal(new Set(received).size, received.length, 'no entry delivered twice');
  assert.deepEqual(received, all, 'every entry, in order');
});

test('a slow subscriber does not make the node buffer without bound, and later receives everything in order', async () => {
  const maxBufferedBytes = 65_536;
  // No receipt may be signed while the test counts entries (a loaded machine makes it run long).
  const env = await start({ limits: { maxBufferedBytes }, receipts: { intervalSeconds: 3600 } });
  const slow = await open(env);
  slow.send(['sub', 'slow', {}]);
  await slow.waitFor(isEoseOf('slow'));
  slow.socket.pause();

  const aol = new Publisher('aol');
  const count = 500;
  // ~16 KB notices: bulky, and cheap for everything else the node computes.
  const text = Object.fromEntries(['en', 'zh', 'fr', 'de'].map((lang) => [lang, lang.repeat(2000)]));
  const entries = Array.from({ length: count }, (_, i) =>
    aol.next('notice', { topic: 'help', urgency: 'low', text: { ...text, es: String(i) } }),
  );
  const publisher = await open(env);
  const buffered: number[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const metrics = await (await fetch(`${env.base}/metrics`)).text();
      const line = metrics.split('\n').find((l) => l.startsWith('arx_ws_buffered_bytes '));
      if (line) buffered.push(Number(line.split(' ')[1]));
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  for (const e of entries) publisher.send(['entry', e.bytes]);
  const oks = await publisher.waitCount((f) => f[0] === 'ok', count, 120_000);
  assert.ok(oks.every((f) => f[3] === 'accepted'));
  // Let live delivery run into the paused reader before looking.
  await new Promise((r) => setTimeout(r, 300));
  sampling = false;
  await sampler;
  const total = entries.reduce((n, e) => n + e.bytes.length, 0);
  assert.ok(buffered.length > 3, 'metrics sampled');
  const peak = Math.max(...buffered);
  // Unbounded, the node would hold what the kernel buffers do not (many MB of ~19 MB).
  assert.ok(peak < 1_000_000, `node buffered ${peak} bytes for a paused reader (of ${total} published)`);

  // A second slow reader asks for the whole stored backlog and does not read it.
  const late = await open(env);
  late.socket.pause();
  late.send(['sub', 'late', {}]);
  const backlog: number[] = [];
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const metrics = await (await fetch(`${env.base}/metrics`)).text();
    backlog.push(
      Number(
        metrics
          .split('\n')
          .find((l) => l.startsWith('arx_ws_buffered_bytes '))!
          .split(' ')[1],
      ),
    );
  }
  const backlogPeak = Math.max(...backlog);
  assert.ok(backlogPeak < 1_000_000, `node buffered ${backlogPeak} bytes replaying to a paused reader`);

  for (const [client, sub] of [
    [slow, 'slow'],
    [late, 'late'],
  ] as const) {
    client.socket.resume();
    const frames = (await client.waitCount(isEntryOf(sub), count, 120_000)) as EntryFrame[];
    assert.deepEqual(
      frames.map(idOf),
      entries.map((e) => e.idHex),
      sub,
    );
    const cursors = frames.map((f) => f[3]);
    assert.ok(
      cursors.every((c, i) => i === 0 || c > cursors[i - 1]!),
      `${sub}: cursors strictly increase`,
    );
  }
});

test('a client sending faster than its rate limit is answered rate-limited, then served again', async () => {
  const env = await start({ limits: { ratePerSecond: 5 } });
  const client = await open(env);
  const entry = new Publisher('aol').next('report', reportBody('192.0.2.1/32'));
  for (let i = 0; i < 30; i++) client.send(['entry', entry.bytes]);
  const oks = await client.waitCount((f) => f[0] === 'ok', 30);
  const reasons = oks.map((f) => f[3]);
  assert.equal(reasons[0], 'accepted');
  const limited = reasons.filter((r) => r === 'rate-limited').length;
  // Burst of 2 s × 5/s = 10 frames, plus whatever refilled while they were sent.
  assert.ok(limited >= 15, `${limited} of 30 rate-limited`);
  assert.ok(
    reasons.every((r) => r === 'accepted' || r === 'duplicate' || r === 'rate-limited'),
    reasons.join(),
  );
  await new Promise((r) => setTimeout(r, 1200));
  assert.equal((await publishOne(client, entry.bytes))[3], 'duplicate');
  assert.equal((await getJson(env.base, '/v1/status')).json.entries, 1);
});

test('an idle connection is closed with the idle code; an active one is kept', async () => {
  const env = await start({ limits: { idleTimeoutSeconds: 1 } });
  const idle = await open(env);
  const active = await open(env);
  const entry = new Publisher('aol').next('report', reportBody('192.0.2.1/32'));
  let idleClosed = false;
  const closing = idle.closed.then((c) => {
    idleClosed = true;
    return c;
  });
  // The active client keeps sending while the idle one times out, and for as long again.
  for (let i = 0; !idleClosed || i < 12; i++) {
    await publishOne(active, entry.bytes);
    await new Promise((r) => setTimeout(r, 200));
  }
  const closed = await closing;
  assert.equal(closed.code, 4008);
  assert.match(closed.reason, /idle/);
  assert.equal(active.socket.readyState, active.socket.OPEN);
  assert.equal((await active.closed).code, 4008);
});

test('malformed frames get a notice, and a connection that keeps sending them is closed', async () => {
  const env = await start();
  const client = await open(env);
  client.sendRaw(Uint8Array.of(0x83, 0x01));
  const notice = await client.waitFor((f) => f[0] === 'notice');
  assert.equal(notice[1], 'ARX_PROTO_BAD_FRAME');
  client.socket.send('a text frame');
  await client.waitCount((f) => f[0] === 'notice', 2);
  for (let i = 0; i < 120; i++) client.sendRaw(Uint8Array.of(0xff, i));
  const closed = await client.closed;
  assert.equal(closed.code, 1002);
  // The node is fine.
  assert.equal((await getJson(env.base, '/v1/health')).json.status, 'ok');
});

test('a replay of everything (one scan of the envelopes by cursor) sends what a filter matching everything sends', async () => {
  const env = await start();
  const aol = new Publisher('aol');
  const sorbs = new Publisher('sorbs');
  for (let i = 0; i < 40; i++) {
    assert.equal((await postEntry(env.base, aol.next('report', reportBody(`192.0.2.${i}/32`)))).status, 200);
    const target = parsePrefix(`198.51.100.${i}/32`);
    const listing = sorbs.next('listing', { list: 'spam-source', op: 'add', target, reason: 'spam.source' });
    assert.equal((await postEntry(env.base, listing)).status, 200);
  }
  const client = await open(env);
  const frames = (sub: string) =>
    client.frames.filter(isEntryOf(sub)).map((f) => [idOf(f), (f as EntryFrame)[3]] as const);
  client.send(['sub', 'all', { since: 5 }]);
  client.send(['sub', 'kinds', { since: 5, kinds: ['report', 'listing'] }]);
  await client.waitFor(isEoseOf('all'));
  await client.waitFor(isEoseOf('kinds'));
  assert.equal(frames('all').length, 75);
  assert.deepEqual(frames('all'), frames('kinds'));
  assert.deepEqual(
    frames('all').map(([, cursor]) => cursor),
    Array.from({ length: 75 }, (_, i) => i + 6),
  );
});

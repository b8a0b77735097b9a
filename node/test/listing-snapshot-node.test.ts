/**
 * The listing snapshot (state/listing-snapshot.ts) across the stops of a real node
 * process: a clean stop writes it and seals the store, the next start reads it, and a
 * start whose store was written after it (a commit then `kill -9`), or whose file is
 * damaged or gone, reads the `act!` rows instead. Whichever path a start took (its log
 * says), the node answers exactly as before: HTTP lookups, the list exports and a DNSBL
 * zone transfer (dig AXFR). The tests run in order on one node directory.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fromHex, LIST_KINDS, parsePrefix } from '@arx/protocol';
import { freePorts, waitFor } from '../../test/federation/helpers/cluster.js';
import { EXPORT_FORMATS } from '../src/dnsbl/export.js';
import { SNAPSHOT_FILE } from '../src/state/listing-snapshot.js';
import { requireDig } from './dnsbl/dig.js';
import {
  DEFAULT_MEMBERS,
  getJson,
  OPERATOR_TOKEN,
  Publisher,
  postEntry,
  postJson,
  rosterDocument,
  tempRoot,
  writeNodeDir,
} from './helpers/fixture.js';
import { type NodeProcess, spawnNode } from './helpers/spawn.js';

const ZONE = 'bl.sorbs.arx.test';
/** Addresses asked at every start: listed, inside listed prefixes, expired, removed, delisted, unlisted. */
const ADDRESSES = [
  '192.0.2.7',
  '192.0.2.50',
  '192.0.2.99',
  '192.0.2.200',
  '198.51.100.1',
  '198.51.100.77',
  '198.51.100.200',
  '203.0.113.9',
  '2001:db8:1:2::beef',
  '2001:db8:1:3::1',
  '2001:db8:5::1',
  '2001:db8:9::1',
];

let root: ReturnType<typeof tempRoot>;
let dir: string;
let dnsPort: number;
let node: NodeProcess | undefined;

before(() => requireDig());
after(async () => {
  node?.child.kill('SIGKILL');
  await node?.exited;
  root?.cleanup();
});

type Path = 'snapshot' | 'no-file' | 'stale' | 'refused' | 'no-seal';

/** Starts the node with its log at info, to read which way it loaded its listings. */
async function start(): Promise<NodeProcess> {
  // A test that failed half-way left its node running: it would hold the directory.
  if (node && node.child.exitCode === null && node.child.signalCode === null) await crash(node);
  node = await spawnNode(dir, 60_000, { logLevel: 'info' });
  return node;
}

/** The messages the node has logged so far (pino JSON lines on its stderr). */
function logged(n: NodeProcess): { msg: string; level: number }[] {
  return n
    .stderr()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { msg: string; level: number });
}

/** How this start filled its listing index, from its log. */
function loadPath(n: NodeProcess): Path {
  const msgs = logged(n).map((l) => l.msg);
  const has = (prefix: string) => msgs.some((m) => m.startsWith(prefix));
  if (has('listings in force read from the snapshot')) return 'snapshot';
  assert.ok(has('listings in force read from the store'), `neither path logged:\n${msgs.join('\n')}`);
  if (has('no listing snapshot')) return 'no-file';
  if (has('listing snapshot is stale')) return 'stale';
  if (has('listing snapshot not used')) return 'refused';
  return 'no-seal';
}

async function stop(n: NodeProcess): Promise<void> {
  n.child.kill('SIGTERM');
  const exit = await n.exited;
  assert.deepEqual(exit, { code: 0, signal: null }, n.stderr().slice(-2000));
  assert.ok(
    logged(n).some((l) => l.msg === 'node stopped'),
    'a clean stop',
  );
}

/** Whether the DNSBL's UDP port can be bound (no process holds it). */
function udpPortFree(): Promise<boolean> {
  const socket = dgram.createSocket('udp4');
  return new Promise((resolve) => {
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(dnsPort, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

async function crash(n: NodeProcess): Promise<void> {
  n.child.kill('SIGKILL');
  assert.equal((await n.exited).signal, 'SIGKILL');
  // The node's DNSBL UDP workers hold a copy of its socket until they notice it is gone
  // (udp-worker.ts): a start before that fails to bind the port.
  await waitFor('the UDP workers of the killed node to exit', udpPortFree, 20_000, 50);
}

async function publish(base: string, body: Record<string, unknown>, kind = 'listing'): Promise<string> {
  const r = await postJson(base, '/v1/publish', { kind, body }, OPERATOR_TOKEN);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.json.id as string;
}

/** Every record of the zone as `dig AXFR` prints it, SOA left out (its serial is the start's time), sorted. */
function axfr(): Promise<string[]> {
  const args = ['@127.0.0.1', '-p', String(dnsPort), ZONE, 'AXFR', '+noall', '+answer', '+time=5', '+tries=1'];
  return new Promise((resolve, reject) =>
    execFile('dig', args, { timeout: 20_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`dig ${args.join(' ')}: ${stderr || error.message}`));
      const records = stdout
        .split('\n')
        .filter((l) => l.trim() && !l.startsWith(';'))
        .map((l) => l.split(/\s+/))
        .filter((f) => f[3] !== 'SOA')
        .map((f) => f.join(' '))
        .sort();
      resolve(records);
    }),
  );
}

/** What the node answers about its listings: lookups, listings in force, every export, the zone. */
async function answers(n: NodeProcess) {
  const base = n.listen.http!;
  const lookups: Record<string, unknown> = {};
  for (const address of ADDRESSES) {
    const r = await getJson(base, `/v1/lookup/${address}`);
    assert.equal(r.status, 200);
    lookups[address] = r.json;
  }
  const exports: Record<string, string> = {};
  for (const list of Object.keys(LIST_KINDS)) {
    for (const format of EXPORT_FORMATS) {
      const res = await fetch(`${base}/v1/lists/${list}/export?format=${format}&origin=all`);
      assert.equal(res.status, 200);
      // The JSON and rbldnsd exports say when they were made, and the latter the zone's
      // serial (the start's time until a change).
      exports[`${list} ${format}`] = (await res.text())
        .replace(/"generated": "[^"]*"/, '"generated": ""')
        .replace(/generated \S+/, 'generated')
        .replace(/^(\$SOA \S+ \S+ \S+) \d+/m, '$1 SERIAL');
    }
  }
  const listings = (await getJson(base, '/v1/listings')).json;
  return { lookups, exports, listings, zone: await axfr() };
}

type Answers = Awaited<ReturnType<typeof answers>>;
let expected: Answers;

/** Compares answers one question at a time, so that a failure names the question. */
function assertSameAnswers(actual: Answers, wanted: Answers, path: string): void {
  for (const [address, json] of Object.entries(wanted.lookups)) {
    assert.deepEqual(actual.lookups[address], json, `${path}: /v1/lookup/${address}`);
  }
  for (const [name, text] of Object.entries(wanted.exports)) {
    assert.equal(actual.exports[name], text, `${path}: export ${name}`);
  }
  assert.deepEqual(actual.listings, wanted.listings, `${path}: /v1/listings`);
  assert.deepEqual(actual.zone, wanted.zone, `${path}: AXFR`);
}

test('a clean stop writes the snapshot; the next start reads it and answers exactly as before the stop', async () => {
  root = tempRoot('arx-snapshot-node-');
  [dnsPort] = await freePorts(1);
  const members = [...DEFAULT_MEMBERS, { handle: 'maps', roles: ['list-operator' as const] }];
  dir = writeNodeDir(
    root.root,
    'sorbs',
    { http: { host: '127.0.0.1', port: 0 }, dnsbl: { enabled: true, host: '127.0.0.1', port: dnsPort, zone: ZONE } },
    rosterDocument(members),
  );
  const first = await start();
  assert.equal(loadPath(first), 'no-seal', 'a new store has neither seal nor snapshot');
  const base = first.listen.http!;
  const hour = 3_600_000;
  const sorbs: [list: string, op: string, target: string, reason: string, expires?: number][] = [
    ['spam-source', 'add', '192.0.2.0/24', 'spam.source'],
    ['open-relay', 'add', '192.0.2.7/32', 'relay.open', Date.now() + 24 * hour],
    ['open-proxy', 'add', '2001:db8:1:2::/64', 'proxy.open'],
    ['dynamic', 'add', '2001:db8:1::/48', 'policy.dynamic', Date.now() + 2 * hour],
    ['spamvertised-site', 'add', 'spam.example', 'site.spamvertised'],
    // Listed, then removed by its operator.
    ['spam-source', 'add', '198.51.100.0/25', 'spam.source'],
    ['spam-source', 'remove', '198.51.100.0/25', 'spam.source'],
  ];
  for (const [list, op, target, reason, expires] of sorbs) {
    await publish(base, { list, op, target, reason, ...(expires ? { expires } : {}) });
  }
  // Listed, then delisted at the request of the provider responsible for it.
  const delisted = await publish(base, {
    list: 'spam-source',
    op: 'add',
    target: '198.51.100.77/32',
    reason: 'spam.source',
  });
  const cnisp2 = new Publisher('cnisp2');
  const ask = cnisp2.next('delist-request', { listing: fromHex(delisted), remediation: ['host-cleaned'] });
  assert.equal((await postEntry(base, ask)).json.effect, 'applied');
  await publish(base, { request: ask.idHex, decision: 'granted' }, 'delist-decision');
  // A delisting request still open: the listing carries it.
  const pending = await publish(base, { list: 'open-relay', op: 'add', target: '192.0.2.99/32', reason: 'relay.open' });
  const cnisp1 = new Publisher('cnisp1');
  const open = cnisp1.next('delist-request', { listing: fromHex(pending), remediation: ['relay-closed'] });
  assert.equal((await postEntry(base, open)).json.effect, 'applied');
  // Another operator's listings (a second origin in the index).
  const maps = new Publisher('maps');
  for (const [list, target, reason] of [
    ['open-proxy', '2001:db8:5::/48', 'proxy.open'],
    ['spam-source', '203.0.113.0/24', 'spam.source'],
  ] as const) {
    const e = maps.next('listing', { list, op: 'add', target: parsePrefix(target), reason });
    assert.equal((await postEntry(base, e)).json.effect, 'applied');
  }
  // Expired before the answers are taken: still a row (and a column) until it is swept.
  const expires = Date.now() + 1500;
  await publish(base, { list: 'spam-source', op: 'add', target: '192.0.2.50/32', reason: 'spam.source', expires });
  await waitFor('the short listing to expire', () => Date.now() > expires + 100, 10_000, 100);

  expected = await answers(first);
  assert.equal((expected.lookups['192.0.2.7'] as { listings: unknown[] }).listings.length, 2, 'the /24 and the /32');
  const withRequest = (expected.lookups['192.0.2.99'] as { listings: { requests: string[] }[] }).listings;
  assert.deepEqual(
    withRequest.flatMap((l) => l.requests),
    [open.idHex],
    'the open request',
  );
  assert.equal((expected.lookups['198.51.100.77'] as { listings: unknown[] }).listings.length, 0, 'delisted');
  assert.ok(
    expected.zone.some((r) => r.startsWith(`spam.example.${ZONE}.`)),
    expected.zone.join('\n'),
  );
  await stop(first);

  const second = await start();
  assert.equal(loadPath(second), 'snapshot');
  assertSameAnswers(await answers(second), expected, 'from the snapshot');
  await stop(second);
});

test('with the snapshot file gone, the start reads the listings from the store and answers the same', async () => {
  rmSync(join(dir, 'data', SNAPSHOT_FILE));
  const n = await start();
  assert.equal(loadPath(n), 'no-file');
  assertSameAnswers(await answers(n), expected, 'from the store, no file');
  await stop(n);
});

test('a commit after a start, then kill -9: the next start reads the store (stale seal) and serves the new listing', async () => {
  const n = await start();
  assert.equal(loadPath(n), 'snapshot');
  await publish(n.listen.http!, { list: 'open-relay', op: 'add', target: '192.0.2.123/32', reason: 'relay.open' });
  ADDRESSES.push('192.0.2.123');
  expected = await answers(n);
  const lookup = expected.lookups['192.0.2.123'] as { listings: { list: string }[] };
  assert.deepEqual(lookup.listings.map((l) => l.list).sort(), ['open-relay', 'spam-source']);
  await crash(n);

  const next = await start();
  assert.equal(loadPath(next), 'stale');
  assertSameAnswers(await answers(next), expected, 'from the store after kill -9');
  await stop(next);
});

/**
 * Flips the lowest bit of each element of the snapshot's `since` column, found from its
 * header as listing-snapshot.ts lays the file out (columns after the header, each padded
 * to 8; `since` is the eighth).
 */
function flipSinceBits(bytes: Buffer): Buffer {
  const align = (n: number) => n + ((8 - (n % 8)) % 8);
  const headerLength = bytes.readUInt32LE(12);
  const header = JSON.parse(bytes.toString('utf8', 16, 16 + headerLength)) as { lengths: number[] };
  const sizes = [1, 1, 1, 1, 1, 1, 2];
  let at = align(16 + headerLength);
  for (const [i, size] of sizes.entries()) at += align(header.lengths[i]! * size);
  for (let i = 0; i < header.lengths[7]!; i++) bytes[at + 8 * i]! ^= 1;
  return bytes;
}

test('a damaged or cut-short snapshot under a valid seal is refused: the start reads the store, answers the same and stays up', async () => {
  const file = join(dir, 'data', SNAPSHOT_FILE);
  const damages: [string, (bytes: Buffer) => Buffer][] = [
    // One bit of every `since` (a Float64 column): still columns restore accepts, so
    // only the checksum tells.
    ['a bit of each since changed', flipSinceBits],
    [
      'bytes flipped',
      (bytes) => {
        for (let at = bytes.length >> 1; at < (bytes.length >> 1) + 8; at++) bytes[at] ^= 0xff;
        return bytes;
      },
    ],
    ['cut short', (bytes) => bytes.subarray(0, bytes.length - 100)],
  ];
  for (const [label, damage] of damages) {
    // The last stop was clean: a fresh snapshot and the seal it names.
    writeFileSync(file, damage(readFileSync(file)));
    const n = await start();
    assert.equal(loadPath(n), 'refused', label);
    const refusal = logged(n).find((l) => l.msg.startsWith('listing snapshot not used'));
    assert.equal(refusal?.level, 40, `${label}: a warning`);
    assertSameAnswers(await answers(n), expected, `from the store, snapshot ${label}`);
    assert.equal(n.child.exitCode, null, `${label}: the node is up`);
    await stop(n);
  }
});

test('kill -9 after a start that read the snapshot: the start’s own horizon pass has committed, so the next start reads the store', async () => {
  // Every start runs a horizon pass at once (store/horizon.ts), and every pass records
  // itself (`horizon.last`) through the writer: that commit breaks the seal, so no start
  // of a node runs long with the snapshot still trusted. The pass is awaited through
  // /v1/status, not guessed at with a delay.
  const started = Date.now();
  const n = await start();
  assert.equal(loadPath(n), 'snapshot');
  await waitFor(
    'this start’s horizon pass',
    async () => ((await getJson(n.listen.http!, '/v1/status')).json.horizon.lastPass?.at ?? 0) >= started,
    20_000,
    50,
  );
  await crash(n);
  const next = await start();
  assert.equal(loadPath(next), 'stale');
  assertSameAnswers(await answers(next), expected, 'from the store after kill -9 of a start that published nothing');
  await stop(next);
});

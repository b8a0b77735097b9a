/**
 * UDP worker processes (`dnsbl.workers`): they answer from the node's socket exactly as
 * the node would, follow listing changes, are counted in the responder's totals, and a
 * worker that dies is replaced. Waits poll a bounded number of times; nothing is timed.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import dgram from 'node:dgram';
import { after, before, test } from 'node:test';
import { parseAddress } from '@arx/protocol';
import { encode } from 'dns-packet';
import { type DnsblServer, queryName, startDnsbl } from '../../src/dnsbl/index.js';
import { CompactListingIndex } from '../../src/state/listing-index.js';
import type { ListingView } from '../../src/state/types.js';
import { dig, requireDig } from './dig.js';
import { listing, ZONE } from './fixtures.js';

const name = (ip: string) => queryName(parseAddress(ip), ZONE);
const spam = { ...listing('192.0.2.0/24', 'spam-source'), since: Date.now() - 60_000 };
const relay = { ...listing('198.51.100.7', 'open-relay'), since: Date.now() - 60_000 };

let index: CompactListingIndex;
let withWorkers: DnsblServer;
let alone: DnsblServer;

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${what} did not happen within 100 polls`);
}

before(async () => {
  requireDig();
  index = new CompactListingIndex();
  index.put(spam);
  const options = { host: '127.0.0.1', port: 0, zone: ZONE, index, contact: 'dnsbl@isc.example' } as const;
  withWorkers = await startDnsbl({ ...options, workers: { count: 2 }, rrlResponsesPerSecond: 0 });
  await withWorkers.workersReady();
  alone = await startDnsbl({ ...options, rrlResponsesPerSecond: 0 });
});

after(async () => {
  await withWorkers?.close();
  await alone?.close();
});

const comparable = async (server: DnsblServer, query: string, type = 'A') => {
  const r = await dig(server.udp.port, query, type);
  return { status: r.status, answer: r.answer.map((a) => `${a.name} ${a.type} ${a.data}`).sort() };
};

test('workers answer from the shared socket exactly as a responder without them', async () => {
  assert.equal(withWorkers.workers, 2);
  for (const [q, type] of [
    [name('192.0.2.9'), 'A'],
    [name('192.0.2.9'), 'TXT'],
    [name('203.0.113.1'), 'A'],
    [`2.0.0.127.${ZONE}`, 'A'],
    [ZONE, 'NS'],
  ] as const) {
    assert.deepEqual(await comparable(withWorkers, q, type), await comparable(alone, q, type), `${q} ${type}`);
  }
  // Answers from the workers are in the responder's counters (they report every 250 ms).
  await until('the workers reporting their queries', async () => withWorkers.stats.udpQueries >= 5);
});

test('a listing change reaches the workers, and so does its removal', async () => {
  index.put(relay);
  withWorkers.listingChanged(undefined, relay);
  await until(
    'the new listing answered',
    async () => (await dig(withWorkers.udp.port, name('198.51.100.7'))).status === 'NOERROR',
  );
  for (let i = 0; i < 6; i++) {
    // Every query, whichever process takes it, sees the listing.
    assert.deepEqual(
      await comparable(withWorkers, name('198.51.100.7')),
      await comparable(alone, name('198.51.100.7')),
    );
  }
  index.remove(relay.id);
  withWorkers.listingChanged(relay, undefined);
  await until(
    'the removal answered',
    async () => (await dig(withWorkers.udp.port, name('198.51.100.7'))).status === 'NXDOMAIN',
  );
});

test('a worker that dies is replaced, and the zone is still answered meanwhile', async () => {
  const pids = () => withWorkers.workerPids();
  const [victim] = pids();
  assert.ok(victim, 'worker pids are known');
  process.kill(victim, 'SIGKILL');
  await until('a new worker', async () => pids().length === 2 && !pids().includes(victim));
  // Asked as a resolver asks, with retries: a query that reached the dead worker's share
  // of the socket just before the kill, or one left waiting while a new worker starts on
  // a loaded machine, is answered on the next try.
  for (let i = 0; i < 4; i++) {
    const answer = await dig(withWorkers.udp.port, name('192.0.2.9'), 'A', { extra: ['+tries=3', '+time=3'] });
    assert.equal(answer.status, 'NOERROR');
  }
});

/** `n` listings of single addresses in 10.0.0.0/8 (a starting copy of several chunks). */
function manyListings(n: number) {
  const base = listing('10.0.0.1', 'spam-source');
  return Array.from({ length: n }, (_, i) => {
    const ip = Uint8Array.of(10, (i >> 16) & 255, (i >> 8) & 255, i & 255);
    return {
      ...base,
      id: createHash('sha256').update(`many ${i}`).digest('hex'),
      target: { ip, len: 32 },
      targetText: [...ip].join('.'),
    };
  });
}

/** A responder with one worker whose starting copy is `listings`, its backlog capped at `backlog`. */
async function startWithCopy(listings: readonly ListingView[], backlog: number) {
  const own = new CompactListingIndex();
  for (const l of listings) own.put(l);
  const errors: string[] = [];
  const server = await startDnsbl({
    host: '127.0.0.1',
    port: 0,
    zone: ZONE,
    index: own,
    rrlResponsesPerSecond: 0,
    workers: { count: 1, backlog },
    onError: (e) => errors.push(String(e)),
  });
  return { own, errors, server };
}

test('changes past dnsbl.workerBacklog during a starting copy restart the copy, and none is lost', async () => {
  const initial = manyListings(25_000);
  const { own, errors, server } = await startWithCopy(initial, 5);
  try {
    // While the first copy is on its way: one listing removed, ten others added.
    const gone = initial[7]!;
    own.remove(gone.id);
    server.listingChanged(gone, undefined);
    const added = manyListings(25_010).slice(25_000);
    for (const l of added) {
      own.put(l);
      server.listingChanged(undefined, l);
    }
    await server.workersReady();
    assert.ok(
      errors.some((e) => /fresh copy: more than 5 listing changes/.test(e)),
      `the copy was restarted: ${errors.join('; ')}`,
    );
    // Whichever process takes a query (the node's or the worker's) answers from the same listings.
    for (let i = 0; i < 10; i++) {
      assert.equal((await dig(server.udp.port, queryName(gone.target.ip, ZONE))).status, 'NXDOMAIN');
      assert.equal((await dig(server.udp.port, queryName(added[i]!.target.ip, ZONE))).status, 'NOERROR');
    }
  } finally {
    await server.close();
  }
});

test('a worker whose copy keeps being overtaken is stopped, and the node answers on', async () => {
  const { own, errors, server } = await startWithCopy(manyListings(25_000), 1);
  const churn = manyListings(1);
  let n = 0;
  // A change every few milliseconds: every copy of 25,000 listings is overtaken.
  const timer = setInterval(() => {
    const l = { ...churn[0]!, since: n++ };
    own.put(l);
    server.listingChanged(undefined, l);
  }, 2);
  try {
    await until('the worker stopped', async () => errors.some((e) => /was stopped: .* 3 times/.test(e)));
    assert.equal((await dig(server.udp.port, queryName(churn[0]!.target.ip, ZONE))).status, 'NOERROR');
  } finally {
    clearInterval(timer);
    await server.close();
  }
});

test('while a worker reads the socket the node does not; when none is left the node reads again', async () => {
  const { server } = await startWithCopy(manyListings(10), 1);
  const client = dgram.createSocket('udp4');
  const replies: Buffer[] = [];
  client.on('message', (m) => replies.push(m));
  await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', () => resolve()));
  const ask = () =>
    client.send(
      encode({ type: 'query', id: 7, questions: [{ name: name('192.0.2.9'), type: 'A' }] }),
      server.udp.port,
      '127.0.0.1',
    );
  try {
    await server.workersReady();
    const [pid] = server.workerPids();
    assert.ok(pid);
    process.kill(pid, 'SIGSTOP');
    ask();
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(replies.length, 0, 'the stopped worker is the only reader');
    process.kill(pid, 'SIGCONT');
    await until('the worker answering the waiting query', async () => replies.length === 1);
    process.kill(pid, 'SIGKILL');
    await until('the worker gone', async () => !server.workerPids().includes(pid));
    ask();
    await until('the node answering again', async () => replies.length === 2);
  } finally {
    client.close();
    await server.close();
  }
});

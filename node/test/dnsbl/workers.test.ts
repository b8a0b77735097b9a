/**
 * UDP worker processes (`dnsbl.workers`): they answer from the node's socket exactly as
 * the node would, follow listing changes, are counted in the responder's totals, and a
 * worker that dies is replaced. Waits poll a bounded number of times; nothing is timed.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseAddress } from '@arx/protocol';
import { type DnsblServer, queryName, startDnsbl } from '../../src/dnsbl/index.js';
import { CompactListingIndex } from '../../src/state/listing-index.js';
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
  for (let i = 0; i < 4; i++) assert.equal((await dig(withWorkers.udp.port, name('192.0.2.9'))).status, 'NOERROR');
});

/**
 * Federation benchmarks, with node processes on loopback:
 *
 * - catch-up: a fresh node joins and syncs N entries (1,000,000 by default) from a
 *   peer; entries/s against the same node's own ingest rate for entries pushed at it
 *   as fast as it takes them, measured in the same run;
 * - fan-out latency: entries published at one end of a chain of four nodes, delivered
 *   (to a subscriber) one hop and three hops away; median and p99 over 10,000 entries,
 *   three hops against one;
 * - wire cost: bytes of frames per relayed entry against the entry's own size.
 *
 * `ARX_BENCH_SCALE` (e.g. 0.1) scales the entry counts down.
 * Run alone: node --import tsx test/bench/federation.bench.ts
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeFrame, encodeFrame, parseEntry, signEntry, toHex } from '@arx/protocol';
import { nodeEd25519 } from '@arx/protocol/node-crypto';
import { type ArrivalMeta, openDb, pad } from '../../node/src/store/db.js';
import { keyFor, reportBody } from '../../node/test/helpers/fixture.js';
import { Cluster, waitFor } from '../federation/helpers/cluster.js';
import { linkAs, RawPeer } from '../federation/helpers/raw-peer.js';
import { type BenchResult, result } from './lib.js';

const SCALE = Math.min(1, Math.max(0.001, Number(process.env['ARX_BENCH_SCALE'] ?? 1) || 1));
const CATCH_UP_ENTRIES = Math.round(1_000_000 * SCALE);
/** The ingest baseline is a rate; a sample of this size measures it well. */
const INGEST_SAMPLE = Math.min(CATCH_UP_ENTRIES, Math.max(10_000, Math.round(100_000 * SCALE)));
const LATENCY_ENTRIES = Math.max(1000, Math.round(10_000 * SCALE));
const LATENCY_WARMUP = 1000;
/** Publishing rate for the latency run: steady load, well below saturation. */
const LATENCY_RATE_PER_SECOND = 500;
/** Verification threads on the catching-up node (the same node measures its own ingest baseline). */
const VERIFY_WORKERS = 2;
const NODE_CONFIG = { receipts: { intervalSeconds: 86_400 }, log: { level: 'error' } };

/** Signed reports of one origin, as encoded `entry` frames, signed lazily. */
function* reportFrames(handle: string, count: number): Generator<Uint8Array> {
  const keys = keyFor(handle);
  let prev: Uint8Array | null = null;
  const base = 0xc0000200; // 192.0.2.0
  for (let seq = 1; seq <= count; seq++) {
    const ip = base + (seq % 256);
    const about = `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}/32`;
    const entry = signEntry({ seq, prev, ts: Date.now(), kind: 'report', body: reportBody(about) }, keys, nodeEd25519);
    prev = entry.id;
    yield encodeFrame(['entry', entry.bytes]);
  }
}

async function entriesAt(cluster: Cluster, handle: string): Promise<number> {
  return (await cluster.status(handle)).entries;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Writes a log of `count` signed reports straight into a stopped node's storage: the
 * entries, the log positions, the head and the arrival order — what catch-up reads.
 * Filling the source this way is preparation, not what is measured, and it is several
 * times faster than ingesting (no verification, no materialised state).
 */
async function bulkLoad(dataDir: string, handle: string, count: number): Promise<void> {
  const subs = await openDb(dataDir);
  const keys = keyFor(handle);
  const origin = toHex(keys.publicKey);
  let prev: Uint8Array | null = null;
  let ops: { type: 'put'; sublevel: unknown; key: string; value: unknown }[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const about = `192.0.2.${seq % 256}/32`;
    const entry = signEntry({ seq, prev, ts: Date.now(), kind: 'report', body: reportBody(about) }, keys, nodeEd25519);
    const meta: ArrivalMeta = {
      id: entry.idHex,
      c: seq,
      o: origin,
      s: seq,
      k: 'report',
      t: entry.payload.ts,
      r: null,
      ip: null,
      len: null,
    };
    ops.push(
      { type: 'put', sublevel: subs.replay, key: pad(seq), value: entry.bytes },
      { type: 'put', sublevel: subs.log, key: `${origin}!${pad(seq)}`, value: entry.idHex },
      { type: 'put', sublevel: subs.arrival, key: pad(seq), value: meta },
      { type: 'put', sublevel: subs.byId, key: entry.idHex, value: meta.c },
    );
    prev = entry.id;
    if (ops.length >= 40_000 || seq === count) {
      await subs.db.batch(ops as never);
      ops = [];
    }
  }
  await subs.heads.put(origin, { seq: count, id: toHex(prev!) });
  await subs.db.close();
}

/** A fresh node syncing N entries from a peer, against its own ingest rate. */
async function catchUp(): Promise<BenchResult> {
  const cluster = await Cluster.create(['isc', 'cnisp1'], {
    links: [['cnisp1', 'isc']],
    config: NODE_CONFIG,
    perNode: { cnisp1: { verifyWorkers: VERIFY_WORKERS } },
  });
  try {
    await bulkLoad(join(cluster.node('isc').dir, 'data'), 'hotmail', CATCH_UP_ENTRIES);
    await cluster.start('isc');
    // Timed from the moment the fresh node is up (it dials at once), not from process spawn.
    await cluster.start('cnisp1');
    const started = performance.now();
    await waitFor(
      'the fresh node to catch up',
      async () => (await entriesAt(cluster, 'cnisp1')) >= CATCH_UP_ENTRIES,
      1_800_000,
      100,
    );
    const catchUpRate = CATCH_UP_ENTRIES / ((performance.now() - started) / 1000);

    // The same node's own ingest rate: a sample pushed at it as fast as it takes them.
    await cluster.stop('isc');
    const frames = [...reportFrames('aol', INGEST_SAMPLE)];
    const pusher = await linkAs(cluster.node('cnisp1').ws, keyFor('aol'));
    pusher.record = false;
    const before = await entriesAt(cluster, 'cnisp1');
    const t0 = performance.now();
    await pusher.stream(frames);
    await waitFor(
      'the sample to be stored',
      async () => (await entriesAt(cluster, 'cnisp1')) >= before + INGEST_SAMPLE,
      600_000,
      50,
    );
    const ingestRate = INGEST_SAMPLE / ((performance.now() - t0) / 1000);
    pusher.close();
    return result(
      'federation.catchup',
      catchUpRate,
      'entries/s',
      `the same node ingesting ${INGEST_SAMPLE} entries pushed at it at full speed`,
      ingestRate,
    );
  } finally {
    await cluster.close();
  }
}

/** Latency one and three hops down a chain isc ← cnisp1 ← cnisp2 ← sorbs, and bytes per relayed entry. */
async function fanOut(): Promise<BenchResult[]> {
  const chain = ['isc', 'cnisp1', 'cnisp2', 'sorbs'];
  const cluster = await Cluster.create(chain, {
    links: [
      ['cnisp1', 'isc'],
      ['cnisp2', 'cnisp1'],
      ['sorbs', 'cnisp2'],
    ],
    config: NODE_CONFIG,
  });
  try {
    await cluster.startAll();
    await cluster.linked('cnisp1', 2);
    await cluster.linked('cnisp2', 2);
    const arrivals = new Map<string, Map<number, number>>();
    const subscribers = await Promise.all(
      ['cnisp1', 'sorbs'].map(async (handle) => {
        const times = new Map<number, number>();
        arrivals.set(handle, times);
        const sub = await RawPeer.connect(cluster.node(handle).ws);
        sub.record = false;
        sub.onFrame = (f) => {
          if (f[0] === 'entry' && f.length === 4) times.set(parseEntry(f[1]).payload.seq, performance.now());
        };
        const id = `bench-${randomBytes(4).toString('hex')}`;
        sub.send(['sub', id, { kinds: ['report'], origins: [keyFor('aol').publicKey] }]);
        sub.record = true;
        await sub.waitFor((f) => f[0] === 'eose');
        sub.record = false;
        return sub;
      }),
    );

    // The first entries warm up the code paths (JIT) and are not measured.
    const frames = [...reportFrames('aol', LATENCY_WARMUP + LATENCY_ENTRIES)];
    const entryBytes = frames.reduce((n, f) => n + (decodeFrame(f)[1] as Uint8Array).length, 0) / frames.length;
    const publisher = await linkAs(cluster.node('isc').ws, keyFor('aol'));
    publisher.record = false;
    const sentAt = new Map<number, number>();
    const perTick = Math.max(1, Math.round(LATENCY_RATE_PER_SECOND / 100));
    for (let i = 0; i < frames.length; i += perTick) {
      for (let j = i; j < Math.min(frames.length, i + perTick); j++) {
        sentAt.set(j + 1, performance.now());
        publisher.socket.send(frames[j]!);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await waitFor('every entry three hops away', () => arrivals.get('sorbs')!.size >= frames.length, 300_000, 50);
    const latencies = (handle: string) =>
      [...arrivals.get(handle)!]
        .filter(([seq]) => seq > LATENCY_WARMUP)
        .map(([seq, at]) => at - sentAt.get(seq)!)
        .sort((a, b) => a - b);
    const one = latencies('cnisp1');
    const three = latencies('sorbs');

    const relay = (await cluster.links('cnisp1')).find((p) => p.handle === 'cnisp2');
    const wirePerEntry = relay && relay.entriesSent > 0 ? relay.bytesOut / relay.entriesSent : Number.NaN;
    for (const s of [...subscribers, publisher]) s.close();

    return [
      result('federation.latency.3hops.p50', percentile(three, 50), 'ms', 'median one hop away', percentile(one, 50)),
      result('federation.latency.3hops.p99', percentile(three, 99), 'ms', 'p99 one hop away', percentile(one, 99)),
      result(
        'federation.wire.bytes-per-entry',
        wirePerEntry,
        'bytes',
        'the entry’s own size (COSE_Sign1 bytes)',
        entryBytes,
      ),
    ];
  } finally {
    await cluster.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  return [await catchUp(), ...(await fanOut())];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().then(
    (results) => console.log(JSON.stringify(results, null, 2)),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

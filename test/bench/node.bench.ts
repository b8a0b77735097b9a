/**
 * Node benchmarks, with the node in its own process on loopback:
 *
 * - ingest_ws: entries verified, durably stored and acknowledged over one websocket,
 *   many in flight, against raw node:crypto Ed25519 verify/s on one core (cached
 *   KeyObject) — the limit DESIGN sets for the hot path;
 * - ingest_ws_pool: the same with verification on two worker threads (both the medians
 *   of ARX_BENCH_INGEST_ROUNDS rounds, each round's ratios printed as it ends);
 * - ingest_ws.cpu_main, ingest_ws.cpu_all (and the same of the pool): the node's CPU time
 *   per entry during those streams, its main thread and all its threads, against one raw
 *   verify; ingest_ws.disk_bytes: the bytes it had written to storage per entry, against
 *   the entry frame's size (all read from /proc);
 * - verify_pool.cpu_main: what handing one verification to the two-worker pool costs the
 *   main thread (µs of this process's main thread per verification, requests made as a
 *   connection's frames are handled), against one raw verify;
 * - lookup_http: GET /v1/lookup/:address requests/s with 1,000,000 listed prefixes
 *   (and 1,000,000 reports) loaded, against fastify answering a constant on the same
 *   route, both driven by the same keep-alive load generator;
 * - replay_subscriber: entries/s delivered to a subscriber replaying 1,000,000 stored
 *   entries, against raw LevelDB iteration over their arrival rows (the replay itself
 *   scans their envelopes by cursor, `r`: docs/performance.md);
 * - rss_1m: resident set of the node holding 1,000,000 reports and 1,000,000 listed
 *   prefixes, against the resident set of an empty node;
 * - start_2m: start-up time (spawn to listening) on that 2,000,000-entry store, against
 *   start-up on an empty store;
 * - oversight.metrics_http / oversight.metrics_scrape: GET /v1/metrics/resolution
 *   requests/s and one /metrics scrape on the same store, against the constant route;
 * - rss_10m (only at ARX_BENCH_SCALE=1 unless ARX_BENCH_10M=0, or at any scale with ARX_BENCH_10M=1): the resident set with
 *   ten times the reports, against rss_1m's.
 *
 * The large stores are built by the bulk loader (node/src/ingest/bulk-load.ts: the
 * writer's code path without an fsync per group; a test checks it writes what the
 * durable writer writes) from chains signed on worker threads: every entry is really
 * signed and chained, and building the store is preparation, not what is measured.
 *
 * `ARX_BENCH_SCALE` (e.g. 0.05) scales the entry counts down; `ARX_BENCH_INGEST=0` skips the ingest figures;
 * `ARX_BENCH_ONLY=ingest` measures only them (no large store is built).
 * `ARX_BENCH_STORE_CACHE=/some/dir` keeps each large store built there and copies it for
 * later runs (the keys and roster are fixed, so a kept store is the one a run would build):
 * building the full-scale store takes over ten minutes, copying it seconds.
 * Run alone: node --import tsx test/bench/node.bench.ts
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { decodeFrame, encodeFrame, type Frame, sign1Message, signEntry, verifyRosterDocument } from '@arx/protocol';
import { nodeEd25519 } from '@arx/protocol/node-crypto';
import type WebSocketType from 'ws';
import { bulkLoad } from '../../node/src/ingest/bulk-load.js';
import { VerifyPool } from '../../node/src/ingest/pool.js';
import { STORE_LAYOUT } from '../../node/src/state/migrate.js';
import { RosterState } from '../../node/src/state/roster.js';
import { openDb, pad } from '../../node/src/store/db.js';
import { keyFor, reportBody, rosterDocument, tempRoot, writeNodeDir } from '../../node/test/helpers/fixture.js';
import { type NodeProcess, spawnNode } from '../../node/test/helpers/spawn.js';
import { type BenchResult, httpLoad, median, opsPerSecond, result } from './lib.ts';

const require = createRequire(new URL('../../node/package.json', import.meta.url));
const WebSocket = require('ws') as typeof WebSocketType;

const SCALE = Math.min(1, Math.max(0.001, Number(process.env['ARX_BENCH_SCALE'] ?? 1) || 1));
const INGEST_ENTRIES = Math.max(5000, Math.round(60_000 * SCALE));
const INGEST_WARMUP = 3000;
const INGEST_WINDOW = 4096;
/**
 * Ingest rounds (`ARX_BENCH_INGEST_ROUNDS`, default 3): each measures the raw verify and
 * then one fresh node of each kind; the medians are reported, so a burst of other load
 * on a shared machine moves one round, not the figure.
 */
const INGEST_ROUNDS = Math.max(1, Math.round(Number(process.env['ARX_BENCH_INGEST_ROUNDS'] ?? 3)) || 3);
const LISTINGS = Math.max(10_000, Math.round(1_000_000 * SCALE));
const REPORTS = Math.max(10_000, Math.round(1_000_000 * SCALE));
/** A busy shared machine can take a while to start even an empty node; this is liveness, not a figure. */
const START_TIMEOUT_MS = 180_000;
const LOOKUP = { concurrency: 64, warmupMs: 1000, roundMs: 3000, rounds: 2 };
const NODE_CONFIG = {
  receipts: { intervalSeconds: 86_400 },
  // The benchmarks are the over-eager client the budgets stop: lift them. No answer
  // cache either: what is measured is the work of a request, not a cache hit.
  limits: {
    ratePerSecond: 1_000_000,
    ratePerSecondPerClient: 10_000_000,
    // The replay's storage read budget (16 MiB/s by default, about 33,000 entries/s of
    // ~500 bytes read each) would otherwise be what replay_subscriber measures.
    replayReadBytesPerSecond: 2 ** 40,
    replayReadBytesPerSecondPerClient: 2 ** 40,
    http: { requestsPerMinute: 10_000_000, expensiveRequestsPerMinute: 10_000_000, cacheSeconds: 0 },
  },
  log: { level: 'error' },
};

const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
/** Preparation steps take minutes at full scale; say what is happening (stderr, not results). */
const progress = (line: string) => process.stderr.write(`  node.bench: ${line}\n`);
const mb = (kb: number) => kb / 1024;

/** Resident set of a process (kB): all of it, and the anonymous part (heaps, buffers; not mapped files). */
function residentKb(pid: number): { rss: number; anon: number } {
  const lines = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n');
  const field = (name: string) => Number(lines.find((l) => l.startsWith(`${name}:`))?.split(/\s+/)[1]);
  return { rss: field('VmRSS'), anon: field('RssAnon') };
}

async function stop(node: NodeProcess): Promise<void> {
  if (node.child.exitCode !== null) return;
  node.child.kill('SIGTERM');
  await node.exited;
}

/** Raw node:crypto Ed25519 verifications per second on this thread, cached KeyObject. */
function rawVerifyRate(): number {
  const keys = keyFor('aol');
  const entry = signEntry(
    { seq: 1, prev: null, ts: Date.now(), kind: 'report', body: reportBody('192.0.2.1/32') },
    keys,
    nodeEd25519,
  );
  const key = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(keys.publicKey).toString('base64url') },
    format: 'jwk',
  });
  const message = sign1Message(entry.payloadBytes);
  return opsPerSecond(() => cryptoVerify(null, message, key, entry.signature), 1500);
}

/** `count` reports of one origin, chained, as encoded `entry` frames. */
function reportFrames(handle: string, count: number): Uint8Array[] {
  const keys = keyFor(handle);
  const frames: Uint8Array[] = [];
  let prev: Uint8Array | null = null;
  for (let seq = 1; seq <= count; seq++) {
    const ip = 0xc0000200 + (seq % 256);
    const about = `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}/32`;
    const entry = signEntry({ seq, prev, ts: Date.now(), kind: 'report', body: reportBody(about) }, keys, nodeEd25519);
    prev = entry.id;
    frames.push(encodeFrame(['entry', entry.bytes]));
  }
  return frames;
}

/**
 * Streams entry frames over one websocket keeping `window` unanswered, and resolves
 * with the seconds from the first send to the last `ok`; every `ok` must accept.
 */
function streamEntries(url: string, frames: Uint8Array[], window: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    let sent = 0;
    let answered = 0;
    let started = 0;
    const pump = () => {
      while (sent < frames.length && sent - answered < window) socket.send(frames[sent++]!);
    };
    socket.on('open', () => {
      started = performance.now();
      pump();
    });
    socket.on('message', (data: Buffer) => {
      const frame = decodeFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)) as Frame;
      if (frame[0] !== 'ok') return;
      if (frame[2] !== true) {
        socket.close();
        reject(new Error(`entry refused: ${frame[3]} ${frame[4]}`));
        return;
      }
      answered++;
      if (answered === frames.length) {
        const seconds = (performance.now() - started) / 1000;
        socket.close();
        resolve(seconds);
      } else pump();
    });
    socket.on('error', reject);
  });
}

/** Clock ticks per second of /proc's CPU times. */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU seconds (user + system) of each thread of a process, by thread id, from /proc. */
function threadCpu(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces), from field 3 on: utime is 14, stime 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS);
    } catch {
      // The thread ended between listing and reading: its time is lost to the figure, not counted twice.
    }
  }
  return out;
}

/** Bytes a process caused to be written to storage (`write_bytes` of /proc/<pid>/io). */
function writtenBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/io`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('write_bytes:'));
  return Number(line?.split(/\s+/)[1] ?? Number.NaN);
}

/** CPU seconds of this process's main thread (a process's first thread has its id). */
const ownMainCpu = () => threadCpu(process.pid).get(process.pid) ?? 0;

/**
 * Main-thread µs per verification handed to a two-worker VerifyPool, requested as the
 * websocket server hands on a connection's frames: each after the previous one's
 * microtask, a turn of the event loop every 64 (a socket read's worth).
 */
async function poolMainThreadUs(count: number): Promise<number> {
  const keys = keyFor('aol');
  const items = Array.from({ length: count }, (_, i) => {
    const entry = signEntry(
      { seq: 1, prev: null, ts: Date.now() - i, kind: 'report', body: reportBody(`192.0.2.${i % 250}/32`) },
      keys,
      nodeEd25519,
    );
    return [entry.signature, sign1Message(entry.payloadBytes), keys.publicKey] as const;
  });
  const pool = new VerifyPool(2);
  try {
    const pass = async () => {
      let chain: Promise<unknown> = Promise.resolve();
      const answers: Promise<boolean>[] = [];
      for (let i = 0; i < items.length; i++) {
        const [signature, message, key] = items[i]!;
        chain = chain.then(() => answers.push(pool.verify(signature, message, key)));
        if (i % 64 === 63) {
          await chain;
          await new Promise((r) => setImmediate(r));
        }
      }
      await chain;
      if (!(await Promise.all(answers)).every(Boolean)) throw new Error('the pool refused a valid signature');
    };
    await pass();
    const before = ownMainCpu();
    await pass();
    return ((ownMainCpu() - before) * 1e6) / items.length;
  } finally {
    await pool.close();
  }
}

/** What one measured ingest stream cost: its rate, the node's CPU per entry (µs) and its disk writes per entry. */
interface IngestCost {
  readonly rate: number;
  /** The node's main thread. */
  readonly mainCpuUs: number;
  /** Every thread of the node: main, verify workers, LevelDB's compaction, libuv's pool, V8's helpers. */
  readonly cpuUs: number;
  readonly diskBytes: number;
}

/** Entries/s through a fresh node's whole ingest path over one websocket, and what they cost the node. */
async function ingestRate(frames: Uint8Array[], verifyWorkers: number): Promise<IngestCost> {
  const { root, cleanup } = tempRoot('arx-bench-ingest-');
  const node = await spawnNode(writeNodeDir(root, 'isc', { ...NODE_CONFIG, verifyWorkers }), START_TIMEOUT_MS);
  try {
    await streamEntries(node.listen.ws!, frames.slice(0, INGEST_WARMUP), INGEST_WINDOW);
    const measured = frames.slice(INGEST_WARMUP);
    const pid = node.child.pid!;
    const [cpuBefore, bytesBefore] = [threadCpu(pid), writtenBytes(pid)];
    const seconds = await streamEntries(node.listen.ws!, measured, INGEST_WINDOW);
    const [cpuAfter, bytesAfter] = [threadCpu(pid), writtenBytes(pid)];
    const spent = (tid: number) => (cpuAfter.get(tid) ?? 0) - (cpuBefore.get(tid) ?? 0);
    const total = [...cpuAfter.keys()].reduce((sum, tid) => sum + spent(tid), 0);
    const perEntryUs = (cpuSeconds: number) => (cpuSeconds * 1e6) / measured.length;
    return {
      rate: measured.length / seconds,
      // A process's first thread has the process's id.
      mainCpuUs: perEntryUs(spent(pid)),
      cpuUs: perEntryUs(total),
      diskBytes: (bytesAfter - bytesBefore) / measured.length,
    };
  } finally {
    await stop(node);
    cleanup();
  }
}

/** An address inside the listed space for index i (listed /32s are 10.0.0.0 + i). */
function listedAddress(i: number): string {
  const ip = 0x0a000000 + i;
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

/** A chain signed on a worker thread, pulled a batch at a time (the next is signed while one is stored). */
class SignedChain {
  private readonly worker: Worker;
  private waiting: { resolve: (b: Uint8Array[] | null) => void; reject: (e: unknown) => void } | null = null;
  private next: Promise<Uint8Array[] | null>;

  constructor(handle: string, kind: 'listing' | 'report', count: number) {
    this.worker = new Worker(new URL('./node-sign-worker.mjs', import.meta.url), {
      workerData: { seed: [...keyFor(handle).secretKey], kind, count, batch: 4096 },
    });
    this.worker.on('message', (m: { buffer: ArrayBuffer; lengths: number[] } | null) => {
      const waiting = this.waiting;
      this.waiting = null;
      if (!m) return waiting?.resolve(null);
      const out: Uint8Array[] = [];
      let pos = 0;
      for (const length of m.lengths) {
        out.push(new Uint8Array(m.buffer, pos, length));
        pos += length;
      }
      waiting?.resolve(out);
    });
    this.worker.on('error', (err) => this.waiting?.reject(err));
    this.next = this.request();
  }

  private request(): Promise<Uint8Array[] | null> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.worker.postMessage('next');
    });
  }

  /** The next batch of envelopes, in seq order; null at the end of the chain. */
  async take(): Promise<Uint8Array[] | null> {
    const batch = await this.next;
    if (batch) this.next = this.request();
    else await this.worker.terminate();
    return batch;
  }
}

/**
 * Builds a large store: `listings` listed /32s by the list operator whose node it is,
 * then `reports` reports about the same addresses, split over the reporters. Chains are
 * signed on worker threads (one per origin, pulled in turn) and stored by the bulk
 * loader; the node starts on it afterwards as it would on any store.
 */
async function buildLargeStore(dataDir: string, listings: number, reports: number, reporters = ['aol']): Promise<void> {
  const cacheRoot = process.env['ARX_BENCH_STORE_CACHE'];
  if (!cacheRoot) return bulkLoadStore(dataDir, listings, reports, reporters);
  // The layout names the store too: a store kept from an earlier layout would be upgraded at each start.
  const kept = `${cacheRoot}/store-l${STORE_LAYOUT}-${listings}-${reports}-${reporters.join('+')}`;
  if (!existsSync(kept)) {
    const building = `${kept}.building`;
    rmSync(building, { recursive: true, force: true });
    await bulkLoadStore(building, listings, reports, reporters);
    renameSync(building, kept);
  } else progress(`copying the store kept in ${kept}`);
  rmSync(dataDir, { recursive: true, force: true });
  cpSync(kept, dataDir, { recursive: true });
}

async function bulkLoadStore(dataDir: string, listings: number, reports: number, reporters: string[]): Promise<void> {
  const roster = new RosterState(verifyRosterDocument(rosterDocument()));
  async function* batches(): AsyncGenerator<Uint8Array[]> {
    const listingChain = new SignedChain('sorbs', 'listing', listings);
    for (let batch = await listingChain.take(); batch; batch = await listingChain.take()) yield batch;
    const share = Math.ceil(reports / reporters.length);
    let chains = reporters.map((h, i) => new SignedChain(h, 'report', Math.min(share, reports - i * share)));
    let done = 0;
    while (chains.length > 0) {
      const next: SignedChain[] = [];
      for (const chain of chains) {
        const batch = await chain.take();
        if (!batch) continue;
        next.push(chain);
        done += batch.length;
        yield batch;
      }
      chains = next;
      if (done % 1_000_000 < 4096 * reporters.length) progress(`stored ${done} reports`);
    }
  }
  await bulkLoad({ dataDir, keys: keyFor('sorbs'), roster }, batches());
}

/** Raw LevelDB iteration over the arrival rows of the replayed range, rows/s. */
async function rawIterationRate(dataDir: string, from: number, to: number): Promise<number> {
  const subs = await openDb(dataDir);
  try {
    let rows = 0;
    const t0 = performance.now();
    for await (const _ of subs.arrival.iterator({ gt: pad(from), lte: pad(to) })) rows++;
    return rows / ((performance.now() - t0) / 1000);
  } finally {
    await subs.db.close();
  }
}

/** Entries/s delivered to a subscriber replaying everything stored after `since`. */
function replayRate(url: string, since: number, expected: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    let delivered = 0;
    let started = 0;
    socket.on('open', () => {
      started = performance.now();
      socket.send(encodeFrame(['sub', 'bench', { since }]));
    });
    socket.on('message', (data: Buffer) => {
      // Entry frames start with the array head and the text "entry"; anything else is decoded.
      if (data[0] === 0x84 && data[1] === 0x65 && data[2] === 0x65) {
        delivered++;
        return;
      }
      const frame = decodeFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (frame[0] !== 'eose') return;
      const seconds = (performance.now() - started) / 1000;
      socket.close();
      if (delivered !== expected) reject(new Error(`replay delivered ${delivered} of ${expected}`));
      else resolve(delivered / seconds);
    });
    socket.on('error', reject);
  });
}

/** fastify answering a constant on the lookup route, in its own process. */
async function startConstantServer(): Promise<{ port: number; child: ChildProcess }> {
  const script = fileURLToPath(new URL('./node-constant-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      if (!out.includes('\n')) return;
      resolve({ port: (JSON.parse(out.split('\n')[0]!) as { port: number }).port, child });
    });
    child.once('exit', (code) => reject(new Error(`constant server exited (${code})`)));
  });
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];

  // Ingest over one websocket, main-thread verification and a two-thread pool
  // (ARX_BENCH_INGEST=0 leaves these two figures out, for runs about the large store).
  if (process.env['ARX_BENCH_INGEST'] !== '0') {
    const frames = reportFrames('aol', INGEST_WARMUP + INGEST_ENTRIES);
    const verifies = [rawVerifyRate()];
    const singles: IngestCost[] = [];
    const pools: IngestCost[] = [];
    for (let i = 0; i < INGEST_ROUNDS; i++) {
      singles.push(await ingestRate(frames, 0));
      pools.push(await ingestRate(frames, 2));
      verifies.push(rawVerifyRate());
      // Each round's ratios against the verify measured on either side of it: the spread.
      const around = (verifies[i]! + verifies[i + 1]!) / 2;
      const cpu = (c: IngestCost) => `${Math.round(c.mainCpuUs)} µs main thread, ${Math.round(c.cpuUs)} µs in all`;
      progress(
        `ingest round ${i + 1}: ${(singles[i]!.rate / around).toFixed(3)} on the main thread (${cpu(singles[i]!)}), ` +
          `${(pools[i]!.rate / around).toFixed(3)} with 2 workers (${cpu(pools[i]!)}); verify ${Math.round(1e6 / around)} µs`,
      );
    }
    const verifyRate = median(verifies);
    const of = (costs: IngestCost[], field: keyof IngestCost) => median(costs.map((c) => c[field]));
    const rawVerify = 'raw node:crypto Ed25519 verify on one core, cached KeyObject';
    results.push(result('node.ingest_ws', round(of(singles, 'rate')), 'entries/s', rawVerify, round(verifyRate)));
    results.push(result('node.ingest_ws_pool', round(of(pools, 'rate')), 'entries/s', rawVerify, round(verifyRate)));
    // What an entry costs the node in CPU, in raw verifies: the pool's aim (1.2 on two cores)
    // needs at most 2 / 1.2 = 1.67 in all, whatever the threads it is spread over.
    const verifyUs = 1e6 / verifyRate;
    const rawVerifyTime = 'one raw node:crypto Ed25519 verify (cached KeyObject), µs';
    for (const [name, costs] of [
      ['node.ingest_ws', singles],
      ['node.ingest_ws_pool', pools],
    ] as const) {
      results.push(
        result(`${name}.cpu_main`, round(of(costs, 'mainCpuUs')), 'µs/entry', rawVerifyTime, round(verifyUs)),
      );
      results.push(result(`${name}.cpu_all`, round(of(costs, 'cpuUs')), 'µs/entry', rawVerifyTime, round(verifyUs)));
    }
    results.push(
      result(
        'node.verify_pool.cpu_main',
        round(await poolMainThreadUs(INGEST_ENTRIES / 3), 1),
        'µs/verify',
        rawVerifyTime,
        round(verifyUs),
      ),
    );
    // Bytes the node writes to disk per entry (its log, the derived rows, LevelDB's
    // compactions), against the size of the entry itself.
    const envelope = frames.reduce((sum, f) => sum + f.length, 0) / frames.length;
    results.push(
      result(
        'node.ingest_ws.disk_bytes',
        round(of(singles, 'diskBytes')),
        'bytes/entry',
        'the entry frame received, bytes',
        round(envelope),
      ),
    );
  }
  if (process.env['ARX_BENCH_ONLY'] === 'ingest') return results;

  // An empty node: its resident set is the baseline of rss_1m, its start-up time that
  // of start_2m (the better of two starts on the same empty store, as for the large one).
  const empty = tempRoot('arx-bench-empty-');
  let emptyRss: { rss: number; anon: number };
  let emptyStart = Number.POSITIVE_INFINITY;
  {
    const dir = writeNodeDir(empty.root, 'sorbs', NODE_CONFIG);
    for (let i = 0; i < 2; i++) {
      const starting = performance.now();
      const node = await spawnNode(dir, START_TIMEOUT_MS);
      emptyStart = Math.min(emptyStart, performance.now() - starting);
      await new Promise((r) => setTimeout(r, 1500));
      emptyRss = residentKb(node.child.pid!);
      await stop(node);
    }
    empty.cleanup();
  }

  const { root, cleanup } = tempRoot('arx-bench-large-');
  const dir = writeNodeDir(root, 'sorbs', NODE_CONFIG);
  let node: NodeProcess | undefined;
  let constant: { port: number; child: ChildProcess } | undefined;
  try {
    const building = performance.now();
    await buildLargeStore(`${dir}/data`, LISTINGS, REPORTS);
    progress(`built a store of ${LISTINGS + REPORTS} entries in ${seconds(building)} s`);
    const iterate = await rawIterationRate(`${dir}/data`, LISTINGS, LISTINGS + REPORTS);

    // Start-up, twice (the first start after the bulk load also pays LevelDB's first
    // open of a freshly written store: its log replay and compaction).
    let largeStart = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 2; i++) {
      if (node) await stop(node);
      const starting = performance.now();
      node = await spawnNode(dir, 1_800_000);
      largeStart = Math.min(largeStart, performance.now() - starting);
      progress(`node started on it in ${seconds(starting)} s`);
    }
    if (!node) throw new Error('the node did not start');
    results.push(
      result(
        'node.start_2m',
        round(largeStart / 1000, 2),
        's',
        `start-up on an empty store (store: ${LISTINGS + REPORTS} entries)`,
        round(emptyStart / 1000, 2),
      ),
    );
    const port = Number(new URL(node.listen.http!).port);
    const replay = await replayRate(node.listen.ws!, LISTINGS, REPORTS);
    results.push(
      result(
        'node.replay_subscriber',
        round(replay),
        'entries/s',
        `raw LevelDB iteration over the same ${REPORTS} arrival rows`,
        round(iterate),
      ),
    );

    // Lookups: listed addresses and, one in four, addresses nobody listed.
    const paths = Array.from({ length: 4096 }, (_, i) =>
      i % 4 === 3
        ? `/v1/lookup/203.0.113.${i % 256}`
        : `/v1/lookup/${listedAddress(Math.floor((i * 2654435761) % LISTINGS))}`,
    );
    constant = await startConstantServer();
    await httpLoad(port, paths, LOOKUP.concurrency, LOOKUP.warmupMs);
    await httpLoad(constant.port, paths, LOOKUP.concurrency, LOOKUP.warmupMs);
    const lookups: number[] = [];
    const constants: number[] = [];
    for (let i = 0; i < LOOKUP.rounds; i++) {
      lookups.push(await httpLoad(port, paths, LOOKUP.concurrency, LOOKUP.roundMs));
      constants.push(await httpLoad(constant.port, paths, LOOKUP.concurrency, LOOKUP.roundMs));
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    results.push(
      result(
        'node.lookup_http',
        round(mean(lookups)),
        'requests/s',
        `fastify route returning a constant, same client (${LOOKUP.concurrency} in flight, keep-alive)`,
        round(mean(constants)),
      ),
    );

    const largeRss = residentKb(node.child.pid!);
    const store = `store: ${REPORTS} reports, ${LISTINGS} listed prefixes`;
    results.push(
      result(
        'node.rss_1m',
        round(mb(largeRss.rss)),
        'MB',
        `resident set of an empty node (${store})`,
        round(mb(emptyRss.rss)),
      ),
    );
    // LevelDB reads its tables through mmap: part of the resident set is file pages the
    // kernel may drop. The anonymous part is what the node's own memory costs.
    results.push(
      result(
        'node.rss_1m_anon',
        round(mb(largeRss.anon)),
        'MB',
        `anonymous resident memory of an empty node (${store})`,
        round(mb(emptyRss.anon)),
      ),
    );

    // Oversight last: what it computes must not be in the resident-set figures above.
    results.push(...(await oversightRates(port, constant.port, REPORTS)));
  } finally {
    constant?.child.kill('SIGTERM');
    if (node) await stop(node);
    cleanup();
  }
  if ((SCALE === 1 && process.env['ARX_BENCH_10M'] !== '0') || process.env['ARX_BENCH_10M'] === '1') {
    const of = (name: string) => results.find((r) => r.name === name)!.value;
    results.push(...(await rss10m(of('node.rss_1m'), of('node.rss_1m_anon'))));
  }
  return results;
}

/** Resolution metrics requests/s and one /metrics scrape, against the constant routes. */
async function oversightRates(port: number, constantPort: number, reports: number): Promise<BenchResult[]> {
  const path = ['/v1/metrics/resolution?window=30d&charts=false'];
  const store = `${reports} reports`;
  // The first request may read the whole store; it is preparation, like a warm-up.
  const first = performance.now();
  await httpLoad(port, path, 1, 1);
  progress(`first resolution metrics request in ${seconds(first)} s`);
  const metrics = await httpLoad(port, path, 4, LOOKUP.roundMs);
  const constant = await httpLoad(constantPort, path, 4, LOOKUP.roundMs);
  const scrape = async (p: number) => {
    const t0 = performance.now();
    await httpLoad(p, ['/metrics'], 1, 1);
    return performance.now() - t0;
  };
  const scrapeMs = Math.min(await scrape(port), await scrape(port));
  const constantMs = Math.min(await scrape(constantPort), await scrape(constantPort));
  return [
    result(
      'oversight.metrics_http',
      round(metrics, 1),
      'requests/s',
      `fastify route returning a constant, same client (4 in flight; ${store})`,
      round(constant),
    ),
    result(
      'oversight.metrics_scrape',
      round(scrapeMs, 1),
      'ms',
      `one GET of a constant route, same client (${store})`,
      round(constantMs, 1),
    ),
  ];
}

/** The memory of a node holding ten times rss_1m's reports (and as many listings): anonymous, then all resident. */
async function rss10m(rss1m: number, anon1m: number): Promise<BenchResult[]> {
  const reports = REPORTS * 10;
  const { root, cleanup } = tempRoot('arx-bench-10m-');
  const dir = writeNodeDir(root, 'sorbs', NODE_CONFIG);
  let node: NodeProcess | undefined;
  try {
    const building = performance.now();
    await buildLargeStore(`${dir}/data`, LISTINGS, reports, ['aol', 'hotmail']);
    progress(`built a store of ${LISTINGS + reports} entries in ${seconds(building)} s`);
    node = await spawnNode(dir, 1_800_000);
    const port = Number(new URL(node.listen.http!).port);
    // The same lookups as lookup_http, so the same pages are touched before measuring.
    const paths = Array.from({ length: 4096 }, (_, i) => `/v1/lookup/${listedAddress((i * 2654435761) % LISTINGS)}`);
    await httpLoad(port, paths, LOOKUP.concurrency, LOOKUP.roundMs);
    const rss = residentKb(node.child.pid!);
    const store = `store: ${reports} reports, ${LISTINGS} listed prefixes`;
    return [
      result(
        'node.rss_10m',
        round(mb(rss.anon)),
        'MB',
        `node.rss_1m_anon, one tenth of the reports (${store})`,
        anon1m,
      ),
      result(
        'node.rss_10m_resident',
        round(mb(rss.rss)),
        'MB',
        `node.rss_1m, one tenth of the reports (${store})`,
        rss1m,
      ),
    ];
  } finally {
    if (node) await stop(node);
    cleanup();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { formatResult } = await import('./lib.ts');
  for (const r of await run()) console.log(formatResult(r));
}

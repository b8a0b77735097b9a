/**
 * Node benchmarks, with the node in its own process on loopback:
 *
 * - ingest_ws: entries verified, durably stored and acknowledged over one websocket,
 *   many in flight, against raw node:crypto Ed25519 verify/s on one core (cached
 *   KeyObject) — the limit DESIGN sets for the hot path;
 * - ingest_ws_pool: the same with verification on two worker threads;
 * - lookup_http: GET /v1/lookup/:address requests/s with 1,000,000 listed prefixes
 *   (and 1,000,000 reports) loaded, against fastify answering a constant on the same
 *   route, both driven by the same keep-alive load generator;
 * - replay_subscriber: entries/s delivered to a subscriber replaying 1,000,000 stored
 *   entries, against raw LevelDB iteration over the same rows;
 * - rss_1m: resident set of the node holding 1,000,000 reports and 1,000,000 listed
 *   prefixes, against the resident set of an empty node.
 *
 * The large store is built by a node publishing its own entries (a list operator may
 * publish both listings and reports): every entry is really signed and chained, and
 * building it is preparation, not what is measured.
 *
 * `ARX_BENCH_SCALE` (e.g. 0.05) scales the entry counts down.
 * Run alone: node --import tsx test/bench/node.bench.ts
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  decodeFrame,
  encodeFrame,
  type Frame,
  parseEntry,
  sign1Message,
  signEntry,
  type VerifiedEntry,
  verifyRosterDocument,
} from '@arx/protocol';
import { nodeEd25519 } from '@arx/protocol/node-crypto';
import type WebSocketType from 'ws';
import { Writer } from '../../node/src/ingest/writer.js';
import { RosterState } from '../../node/src/state/roster.js';
import { openDb, pad } from '../../node/src/store/db.js';
import { keyFor, reportBody, rosterDocument, tempRoot, writeNodeDir } from '../../node/test/helpers/fixture.js';
import { type NodeProcess, spawnNode } from '../../node/test/helpers/spawn.js';
import { type BenchResult, httpLoad, opsPerSecond, result } from './lib.ts';

const require = createRequire(new URL('../../node/package.json', import.meta.url));
const WebSocket = require('ws') as typeof WebSocketType;

const SCALE = Math.min(1, Math.max(0.001, Number(process.env['ARX_BENCH_SCALE'] ?? 1) || 1));
const INGEST_ENTRIES = Math.max(5000, Math.round(60_000 * SCALE));
const INGEST_WARMUP = 3000;
const INGEST_WINDOW = 4096;
const LISTINGS = Math.max(10_000, Math.round(1_000_000 * SCALE));
const REPORTS = Math.max(10_000, Math.round(1_000_000 * SCALE));
const LOOKUP = { concurrency: 64, warmupMs: 1000, roundMs: 3000, rounds: 2 };
const NODE_CONFIG = {
  receipts: { intervalSeconds: 86_400 },
  limits: { ratePerSecond: 1_000_000 },
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

/** Entries/s through a fresh node's whole ingest path over one websocket. */
async function ingestRate(frames: Uint8Array[], verifyWorkers: number): Promise<number> {
  const { root, cleanup } = tempRoot('arx-bench-ingest-');
  const node = await spawnNode(writeNodeDir(root, 'isc', { ...NODE_CONFIG, verifyWorkers }));
  try {
    await streamEntries(node.listen.ws!, frames.slice(0, INGEST_WARMUP), INGEST_WINDOW);
    const measured = frames.slice(INGEST_WARMUP);
    const seconds = await streamEntries(node.listen.ws!, measured, INGEST_WINDOW);
    return measured.length / seconds;
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
 * Builds the large store: LISTINGS listed /32s by the list operator whose node it is,
 * then REPORTS reports about the same addresses by a reporter. Entries are signed on
 * worker threads and stored through the node's own writer (the same group commits,
 * state and indexes as a running node; the in-memory indexes are rebuilt when the node
 * starts on it). Each envelope is parsed and validated as received bytes; it is not
 * verified again, having been signed a moment before by the key it names.
 */
async function buildLargeStore(dataDir: string): Promise<void> {
  const subs = await openDb(dataDir);
  const roster = new RosterState(verifyRosterDocument(rosterDocument()));
  const writer = new Writer({
    subs,
    keys: keyFor('sorbs'),
    roster: () => roster,
    hooks: { reportChanged() {}, listingChanged() {}, rosterAdopted() {} },
  });
  await writer.init();
  try {
    for (const chain of [new SignedChain('sorbs', 'listing', LISTINGS), new SignedChain('aol', 'report', REPORTS)]) {
      for (let batch = await chain.take(); batch; batch = await chain.take()) {
        const stored = await Promise.all(batch.map((bytes) => writer.store(parseEntry(bytes) as VerifiedEntry)));
        const refused = stored.find((r) => r.status !== 'accepted');
        if (refused) throw new Error(`building the store: ${refused.status} ${refused.id}`);
      }
    }
  } finally {
    await writer.close();
    await subs.db.close();
  }
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

  // Ingest over one websocket, main-thread verification and a two-thread pool.
  const frames = reportFrames('aol', INGEST_WARMUP + INGEST_ENTRIES);
  const verifyBefore = rawVerifyRate();
  const single = await ingestRate(frames, 0);
  const pooled = await ingestRate(frames, 2);
  const verifyRate = (verifyBefore + rawVerifyRate()) / 2;
  const rawVerify = 'raw node:crypto Ed25519 verify on one core, cached KeyObject';
  results.push(result('node.ingest_ws', round(single), 'entries/s', rawVerify, round(verifyRate)));
  results.push(result('node.ingest_ws_pool', round(pooled), 'entries/s', rawVerify, round(verifyRate)));

  // An empty node's resident set, the baseline of rss_1m.
  const empty = tempRoot('arx-bench-empty-');
  let emptyRss: { rss: number; anon: number };
  {
    const node = await spawnNode(writeNodeDir(empty.root, 'sorbs', NODE_CONFIG));
    await new Promise((r) => setTimeout(r, 1500));
    emptyRss = residentKb(node.child.pid!);
    await stop(node);
    empty.cleanup();
  }

  const { root, cleanup } = tempRoot('arx-bench-large-');
  const dir = writeNodeDir(root, 'sorbs', NODE_CONFIG);
  let node: NodeProcess | undefined;
  let constant: { port: number; child: ChildProcess } | undefined;
  try {
    const building = performance.now();
    await buildLargeStore(`${dir}/data`);
    progress(`built a store of ${LISTINGS + REPORTS} entries in ${seconds(building)} s`);
    const iterate = await rawIterationRate(`${dir}/data`, LISTINGS, LISTINGS + REPORTS);

    const starting = performance.now();
    node = await spawnNode(dir, 1_800_000);
    progress(`node started on it in ${seconds(starting)} s`);
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
  } finally {
    constant?.child.kill('SIGTERM');
    if (node) await stop(node);
    cleanup();
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { formatResult } = await import('./lib.ts');
  for (const r of await run()) console.log(formatResult(r));
}

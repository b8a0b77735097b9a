/**
 * DNSBL throughput: queries per second answered by the node's DNSBL against rbldnsd
 * serving the same listings (exported with exportRbldnsd's line generator), measured in
 * the same run by the same UDP client with many queries in flight. The node's server
 * runs in a child process, as rbldnsd does, so each server has its own event loop.
 * Without rbldnsd the baseline is the same client against a UDP echo server.
 *
 * Run alone: node --import tsx test/bench/dnsbl.bench.ts
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { freemem } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rbldnsdLines } from '../../node/src/dnsbl/index.js';
import { autoWorkerCount } from '../../node/src/dnsbl/workers.js';
import { measureUdp } from '../../node/test/dnsbl/bench-client.js';
import { benchListings, benchQueryNames } from '../../node/test/dnsbl/bench-data.js';
import { findRbldnsd, startRbldnsd, writeZoneDir } from '../../node/test/dnsbl/rbldnsd.js';
import { type BenchResult, result } from './lib.ts';

const ZONE = 'bl.bench.test';
const FULL = 1_000_000;
const REDUCED = 200_000;
/** Two copies of a million listings (this process for the export, the child for the index). */
const FULL_NEEDS_BYTES = 6 * 2 ** 30;
/**
 * 64 in flight keeps both servers busy without overflowing default UDP receive buffers
 * (more makes both drop datagrams when descheduled). Measurements alternate between the
 * servers, ROUNDS times, so that load from elsewhere on the machine hits both alike.
 */
const LOAD = { inflight: 64, warmupMs: 500, durationMs: 3000 };
const ROUNDS = 2;
const NOW = Date.UTC(2024, 4, 1);

/** A server under test, listening on 127.0.0.1. */
interface Target {
  readonly port: number;
  /** Resident memory in bytes now. */
  rss(): Promise<number>;
  stop(): Promise<void>;
}

/** VmRSS of a process from /proc (Linux), in bytes. */
function procRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** Forks bench-server.ts (the node's DNSBL or a UDP echo) and waits until it listens. */
function startChild(args: string[]): Promise<Target> {
  const script = fileURLToPath(new URL('../../node/test/dnsbl/bench-server.ts', import.meta.url));
  const child: ChildProcess = fork(script, args, {
    execArgv: ['--import', import.meta.resolve('tsx'), '--max-old-space-size=8192'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited (${code}) before listening`)));
    child.once('message', (m) => {
      const { port } = m as { port: number };
      child.removeAllListeners('exit');
      resolve({
        port,
        rss: () =>
          new Promise((done) => {
            child.once('message', (r) => done((r as { rss: number }).rss));
            child.send('rss');
          }),
        stop: () =>
          new Promise((done) => {
            child.once('exit', () => done());
            child.send('stop');
          }),
      });
    });
  });
}

/** Alternates measurements between the servers and sums each one's rounds. */
async function alternate(targets: readonly Target[], names: readonly string[]) {
  const totals = targets.map(() => ({ answered: 0, seconds: 0, listed: 0, nxdomain: 0, lost: 0 }));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, target] of targets.entries()) {
      const r = await measureUdp({ port: target.port, names, ...LOAD });
      const t = totals[i]!;
      t.answered += r.answered;
      t.seconds += r.answered / r.qps;
      t.listed += r.listed;
      t.nxdomain += r.nxdomain;
      t.lost += r.lost;
    }
  }
  return totals.map((t) => ({
    qps: t.answered / t.seconds,
    listed: t.listed / t.answered,
    nxdomain: t.nxdomain / t.answered,
    lost: t.lost,
  }));
}

export async function run(): Promise<BenchResult[]> {
  const rbldnsdPath = findRbldnsd();
  // ARX_BENCH_SCALE below 1 scales the listings down (a quick run on a shared machine).
  const scale = Math.min(1, Math.max(0.001, Number(process.env['ARX_BENCH_SCALE'] ?? 1) || 1));
  const count = Math.round((rbldnsdPath && freemem() > FULL_NEEDS_BYTES ? FULL : REDUCED) * scale);
  const names = benchQueryNames(count, 20_000, ZONE);

  // The child builds its index while this process writes the zone files and rbldnsd loads them.
  // The node as deployed (dnsbl.workers "auto": one UDP worker per core but one), and in one process.
  const workers = autoWorkerCount();
  const startingNode = startChild(['dnsbl', String(count), ZONE, String(workers)]);
  const startingSingle = startChild(['dnsbl', String(count), ZONE, '0']);
  let startingBaseline: Promise<Target>;
  let baseline: string;
  if (rbldnsdPath) {
    const opts = { zone: ZONE, now: NOW };
    const listings = benchListings(count);
    const dir = writeZoneDir({
      ip4set: rbldnsdLines(listings, 'ip4set', opts),
      ip6trie: rbldnsdLines(listings, 'ip6trie', opts),
    });
    startingBaseline = startRbldnsd(rbldnsdPath, ZONE, dir, [
      ['ip4set', 'ip4set'],
      ['ip6trie', 'ip6trie'],
    ])
      .then((r): Target => ({ port: r.port, rss: async () => procRss(r.pid), stop: r.stop }))
      .catch((error) => {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      });
    baseline = 'rbldnsd serving the same listings to the same client';
  } else {
    startingBaseline = startChild(['echo']);
    baseline = 'a UDP echo server, same client (rbldnsd not installed)';
  }
  const started = await Promise.allSettled([startingNode, startingBaseline, startingSingle]);
  const [node, other, single] = started.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
  let results: Awaited<ReturnType<typeof alternate>>;
  let memory: [number, number];
  try {
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    results = await alternate([node!, other!, single!], names);
    memory = [await node!.rss(), await other!.rss()];
  } finally {
    await Promise.all([node?.stop(), other?.stop(), single?.stop()]);
  }
  const [ours, theirs, alone] = results as [(typeof results)[0], (typeof results)[0], (typeof results)[0]];
  if (!(ours.qps > 0)) throw new Error('the node answered no queries');
  // Both must have answered the same mix, or the comparison means nothing.
  if (
    rbldnsdPath &&
    (Math.abs(ours.listed - theirs.listed) > 0.02 || Math.abs(ours.nxdomain - theirs.nxdomain) > 0.02)
  ) {
    throw new Error(`node and rbldnsd answered differently: ${JSON.stringify({ node: ours, rbldnsd: theirs })}`);
  }

  return [
    result(
      'dnsbl.udp.answered',
      ours.qps,
      'queries/s',
      `the node's responder with ${workers} UDP worker(s) (dnsbl.workers "auto") vs ${baseline}; ${count} listings, ${LOAD.inflight} queries in flight`,
      theirs.qps,
    ),
    result(
      'dnsbl.udp.answered_one_process',
      alone.qps,
      'queries/s',
      `the node's responder answering in its own process only (dnsbl.workers 0) vs ${baseline}`,
      theirs.qps,
    ),
    result(
      'dnsbl.memory.rss',
      memory[0] / 2 ** 20,
      'MiB',
      `resident memory of the node's responder process and its ${workers} workers beside ${rbldnsdPath ? 'rbldnsd' : 'the echo server'}, ${count} listings, after the run`,
      memory[1] / 2 ** 20,
    ),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().then((results) => console.log(JSON.stringify(results, null, 2)));
}

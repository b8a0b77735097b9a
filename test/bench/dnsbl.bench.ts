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
import { freemem } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rbldnsdLines } from '../../node/src/dnsbl/index.js';
import { measureUdp } from '../../node/test/dnsbl/bench-client.js';
import { benchListings, benchQueryNames } from '../../node/test/dnsbl/bench-data.js';
import { findRbldnsd, type RbldnsdProcess, startRbldnsd } from '../../node/test/dnsbl/rbldnsd.js';

/** One benchmark figure (the shape test/bench/lib.ts defines for every benchmark). */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline: string;
  baseline_value: number;
  ratio: number;
}

const ZONE = 'bl.bench.test';
const FULL = 1_000_000;
const REDUCED = 200_000;
/** Two copies of a million listings (this process for the export, the child for the index). */
const FULL_NEEDS_BYTES = 6 * 2 ** 30;
const LOAD = { inflight: 256, warmupMs: 1000, durationMs: 5000 };
const NOW = Date.UTC(2024, 4, 1);

interface ServerChild {
  readonly port: number;
  readonly listings: number;
  stop(): Promise<void>;
}

function startChild(args: string[]): Promise<ServerChild> {
  const script = fileURLToPath(new URL('../../node/test/dnsbl/bench-server.ts', import.meta.url));
  const child: ChildProcess = fork(script, args, {
    execArgv: ['--import', import.meta.resolve('tsx'), '--max-old-space-size=8192'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited (${code}) before listening`)));
    child.once('message', (m) => {
      const { port, listings } = m as { port: number; listings: number };
      child.removeAllListeners('exit');
      resolve({
        port,
        listings,
        stop: () =>
          new Promise((done) => {
            child.once('exit', () => done());
            child.send('stop');
          }),
      });
    });
  });
}

function shares(r: Awaited<ReturnType<typeof measureUdp>>) {
  return { listed: r.listed / r.answered, nxdomain: r.nxdomain / r.answered };
}

export async function run(): Promise<BenchResult[]> {
  const rbldnsdPath = findRbldnsd();
  const count = rbldnsdPath && freemem() > FULL_NEEDS_BYTES ? FULL : REDUCED;
  const names = benchQueryNames(count, 20_000, ZONE);

  const node = await startChild(['dnsbl', String(count), ZONE]);
  let nodeResult: Awaited<ReturnType<typeof measureUdp>>;
  try {
    nodeResult = await measureUdp({ port: node.port, names, ...LOAD });
  } finally {
    await node.stop();
  }
  if (nodeResult.answered === 0) throw new Error('the node answered no queries');

  let baseline: string;
  let baselineResult: Awaited<ReturnType<typeof measureUdp>>;
  if (rbldnsdPath) {
    const listings = benchListings(count);
    const opts = { zone: ZONE, now: NOW };
    let rbldnsd: RbldnsdProcess | undefined;
    try {
      rbldnsd = await startRbldnsd(
        rbldnsdPath,
        ZONE,
        { ip4set: rbldnsdLines(listings, 'ip4set', opts), ip6trie: rbldnsdLines(listings, 'ip6trie', opts) },
        [
          ['ip4set', 'ip4set'],
          ['ip6trie', 'ip6trie'],
        ],
      );
      baselineResult = await measureUdp({ port: rbldnsd.port, names, ...LOAD });
    } finally {
      await rbldnsd?.stop();
    }
    // Both must have answered the same mix, or the comparison means nothing.
    const a = shares(nodeResult);
    const b = shares(baselineResult);
    if (Math.abs(a.listed - b.listed) > 0.02 || Math.abs(a.nxdomain - b.nxdomain) > 0.02) {
      throw new Error(`node and rbldnsd answered differently: ${JSON.stringify({ node: a, rbldnsd: b })}`);
    }
    baseline = `rbldnsd, same ${count} listings and client`;
  } else {
    const echo = await startChild(['echo']);
    try {
      baselineResult = await measureUdp({ port: echo.port, names, ...LOAD });
    } finally {
      await echo.stop();
    }
    baseline = 'UDP echo server, same client (rbldnsd not installed)';
  }

  return [
    {
      name: `dnsbl UDP queries answered (${count} listings, ${LOAD.inflight} in flight)`,
      value: Math.round(nodeResult.qps),
      unit: 'queries/s',
      baseline,
      baseline_value: Math.round(baselineResult.qps),
      ratio: nodeResult.qps / baselineResult.qps,
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().then((results) => console.log(JSON.stringify(results, null, 2)));
}

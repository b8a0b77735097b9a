/**
 * roster.large: what a national roster (150 members, 30,000 netblock claims, one
 * member with 5,000) costs a node, against a small roster (4 members, 41 claims):
 *
 * - roster.large.adopt: milliseconds from `POST /v1/roster` of a new version to the
 *   node's answer — the version verified (2-of-3 steward signatures over the whole
 *   document), stored as a blob with its entry in one synced batch, and adopted (the
 *   claim index rebuilt) — against the same for a small version; the median of a few
 *   alternating rounds on one node.
 * - roster.large.lookup_http: GET /v1/lookup/:address requests/s on a node holding the
 *   national roster, against a node holding the small one, same load generator, three
 *   in four addresses in claimed space; rounds alternate between the two. Aim ≥ 0.9.
 *
 * Run alone: node --import tsx test/bench/roster.bench.ts
 */
import { pathToFileURL } from 'node:url';
import { OPERATOR_TOKEN, tempRoot, writeNodeDir } from '../../node/test/helpers/fixture.js';
import { type NodeProcess, spawnNode } from '../../node/test/helpers/spawn.js';
import { block24, nationalRoster, signRoster, smallRoster } from '../federation/helpers/national.js';
import { type BenchResult, formatResult, httpLoad, result } from './lib.ts';

const SCALE = Number(process.env['ARX_BENCH_SCALE'] ?? 1);
const ADOPT_ROUNDS = Math.max(2, Math.round(4 * Math.min(1, SCALE * 4)));
const LOOKUP = { concurrency: 64, warmupMs: 1000, roundMs: Math.max(1000, 3000 * Math.min(1, SCALE * 4)), rounds: 2 };
const CONFIG = {
  receipts: { intervalSeconds: 86_400 },
  limits: { ratePerSecond: 1_000_000, ratePerSecondPerClient: 10_000_000 },
  log: { level: 'error' },
};

const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const progress = (line: string) => process.stderr.write(`  roster.bench: ${line}\n`);

async function publishMs(node: NodeProcess, document: Uint8Array, version: number): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${node.listen.http}/v1/roster`, {
    method: 'POST',
    headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/cbor' },
    body: new Blob([new Uint8Array(document)]),
  });
  const ms = performance.now() - started;
  const json = (await res.json()) as { version?: number; adopted?: boolean };
  if (res.status !== 200 || json.version !== version || !json.adopted) {
    throw new Error(`roster v${version} not adopted: ${res.status} ${JSON.stringify(json)}`);
  }
  return ms;
}

/** Lookup paths: three in four inside claimed /24s (of `claims` consecutive ones), one unclaimed. */
function lookupPaths(claims: number): string[] {
  return Array.from({ length: 4096 }, (_, i) =>
    i % 4 === 3
      ? `/v1/lookup/10.200.${i % 256}.1`
      : `/v1/lookup/${block24(Math.floor((i * 2654435761) % claims)).replace('.0/24', `.${(i % 250) + 1}`)}`,
  );
}

const portOf = (node: NodeProcess) => Number(new URL(node.listen.http!).port);

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const { root, cleanup } = tempRoot('arx-bench-roster-');
  const small1 = signRoster(smallRoster(1));
  const nodes: NodeProcess[] = [];
  try {
    // Adoption: alternate small and national versions on one node.
    const adopter = await spawnNode(writeNodeDir(root, 'isc', CONFIG, small1), 120_000);
    nodes.push(adopter);
    const small: number[] = [];
    const large: number[] = [];
    let version = 2;
    for (let i = 0; i < ADOPT_ROUNDS; i++) {
      small.push(await publishMs(adopter, signRoster(smallRoster(version)), version));
      version++;
      const document = signRoster(nationalRoster(version));
      large.push(await publishMs(adopter, document, version));
      if (i === 0) progress(`national roster document: ${document.length} bytes`);
      version++;
    }
    results.push(
      result(
        'roster.large.adopt',
        round(median(large), 1),
        'ms',
        'adopting a small roster (4 members, 41 claims) on the same node',
        round(median(small), 1),
      ),
    );

    // Lookups: a node holding the national roster against one holding the small one.
    const withLarge = await spawnNode(writeNodeDir(root, 'cnisp1', CONFIG, signRoster(nationalRoster(1))), 120_000);
    nodes.push(withLarge);
    const withSmall = await spawnNode(writeNodeDir(root, 'aol', CONFIG, small1), 120_000);
    nodes.push(withSmall);
    const largePaths = lookupPaths(30_000 - 1);
    const smallPaths = lookupPaths(40);
    await httpLoad(portOf(withLarge), largePaths, LOOKUP.concurrency, LOOKUP.warmupMs);
    await httpLoad(portOf(withSmall), smallPaths, LOOKUP.concurrency, LOOKUP.warmupMs);
    const largeRates: number[] = [];
    const smallRates: number[] = [];
    for (let i = 0; i < LOOKUP.rounds; i++) {
      largeRates.push(await httpLoad(portOf(withLarge), largePaths, LOOKUP.concurrency, LOOKUP.roundMs));
      smallRates.push(await httpLoad(portOf(withSmall), smallPaths, LOOKUP.concurrency, LOOKUP.roundMs));
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    results.push(
      result(
        'roster.large.lookup_http',
        round(mean(largeRates)),
        'requests/s',
        `node.lookup_http with a small roster (4 members, 41 claims), same client (${LOOKUP.concurrency} in flight)`,
        round(mean(smallRates)),
      ),
    );
  } finally {
    for (const node of nodes) {
      if (node.child.exitCode === null) {
        node.child.kill('SIGTERM');
        await node.exited;
      }
    }
    cleanup();
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await run()) console.log(formatResult(r));
}

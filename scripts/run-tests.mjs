#!/usr/bin/env node
// Runs every *.test.ts under the packages' test/ folders with node:test and tsx.
// Node 20's --test does not expand globs, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const roots = ['protocol/test', 'node/test', 'cli/test', 'test'];
const filter = process.argv.slice(2);

function walk(dir, out) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    if (name === 'node_modules' || name === 'bench' || name === 'artifacts') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

// The files that take longest, slowest first (as scripts/test-durations.mjs reports at
// the end of a run). Three files run at once, in the order given, so starting the long
// ones first keeps the run from ending on one long file after the others are done.
const SLOW_FIRST = [
  'test/e2e/cli.test.ts',
  'test/e2e/install.test.ts',
  'test/e2e/demo.test.ts',
  'test/e2e/operator.test.ts',
  'test/abuse/subscription-churn.test.ts',
  'test/federation/fork-branches.test.ts',
  'test/federation/partition.test.ts',
  'test/federation/flow.test.ts',
  'test/dnsbl/rbldnsd-zone.test.ts',
  'node/test/oversight-read-cache.test.ts',
  'test/abuse/stale-lock.test.ts',
  'node/test/websocket.test.ts',
  'test/federation/national-roster.test.ts',
  'node/test/dnsbl/workers.test.ts',
  'test/abuse/entry-flood.test.ts',
];
const rank = (f) => {
  const i = SLOW_FIRST.indexOf(f);
  return i < 0 ? SLOW_FIRST.length : i;
};

const files = [...new Set(roots.flatMap((r) => walk(join(root, r), [])))]
  .map((f) => relative(root, f))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort()
  .sort((a, b) => rank(a) - rank(b));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  // A test that hangs (an open socket after a failed assertion) fails after 10 minutes
  // instead of holding the run until CI's limit.
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=3',
    '--test-timeout=600000',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'scripts/test-durations.mjs')}`,
    '--test-reporter-destination=stdout',
    ...files,
  ],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);

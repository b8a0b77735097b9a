/**
 * Runs the benchmarks: every test/bench/*.bench.ts exports `run(): Promise<BenchResult[]>`.
 * Prints each figure beside its baseline and writes test/bench/results.json.
 *
 *   pnpm bench              every benchmark
 *   pnpm bench protocol     only files whose name contains "protocol"
 *
 * A filtered run replaces the figures it measured in results.json and keeps the others.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { type BenchResult, formatResult } from './lib.ts';

const dir = new URL('.', import.meta.url);
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches ${filters.join(', ')}`);
  process.exit(1);
}

console.log(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`);
const measured: BenchResult[] = [];
for (const file of files) {
  const module = (await import(new URL(file, dir).href)) as { run?: () => Promise<BenchResult[]> };
  if (typeof module.run !== 'function') throw new Error(`${file} does not export run()`);
  console.log(`\n${file}`);
  const started = Date.now();
  for (const r of await module.run()) {
    console.log(`  ${formatResult(r)}`);
    measured.push(r);
  }
  console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

const path = new URL('results.json', dir);
let results = measured;
if (filters.length > 0 && existsSync(path)) {
  const names = new Set(measured.map((r) => r.name));
  const kept = (JSON.parse(readFileSync(path, 'utf8')) as BenchResult[]).filter((r) => !names.has(r.name));
  results = [...kept, ...measured];
}
writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${results.length} figures to test/bench/results.json`);

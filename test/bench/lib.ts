/**
 * Shared pieces of the benchmarks: the result shape every `*.bench.ts` returns, and
 * helpers that measure operations per second. A figure is always reported beside a
 * baseline measured in the same run on the same machine, so the ratio stays meaningful
 * when the machine is busy or different.
 */

import { Agent, request } from 'node:http';

/** One benchmark figure, as run.ts prints it and writes it to results.json. */
export interface BenchResult {
  /** What was measured, e.g. "protocol.verify.openssl". */
  name: string;
  value: number;
  /** e.g. "ops/s", "queries/s". */
  unit: string;
  /** What `value` is compared with, measured in the same run. */
  baseline: string;
  baseline_value: number;
  /** value / baseline_value. */
  ratio: number;
}

/** Builds a result with its ratio (rounded to 3 decimals; values to 3 significant digits). */
export function result(
  name: string,
  value: number,
  unit: string,
  baseline: string,
  baselineValue: number,
): BenchResult {
  return {
    name,
    value: significant(value),
    unit,
    baseline,
    baseline_value: significant(baselineValue),
    ratio: Math.round((value / baselineValue) * 1000) / 1000,
  };
}

function significant(n: number): number {
  if (n === 0 || !Number.isFinite(n)) return n;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(n))));
  return Number(n.toFixed(digits));
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * Calls `fn` repeatedly for about `durationMs` and returns calls per second. Calls are
 * made in batches sized so that reading the clock costs nothing measurable.
 */
export function opsPerSecond(fn: () => unknown, durationMs = 1000): number {
  let batch = 1;
  // Grow the batch until one takes at least a millisecond.
  for (;;) {
    const t0 = now();
    for (let i = 0; i < batch; i++) fn();
    if (now() - t0 >= 1 || batch >= 1 << 20) break;
    batch *= 2;
  }
  let calls = 0;
  const start = now();
  let elapsed = 0;
  while (elapsed < durationMs) {
    for (let i = 0; i < batch; i++) fn();
    calls += batch;
    elapsed = now() - start;
  }
  return (calls / elapsed) * 1000;
}

/** Like opsPerSecond for an asynchronous operation, awaited one call at a time. */
export async function opsPerSecondAsync(fn: () => Promise<unknown>, durationMs = 1000): Promise<number> {
  let calls = 0;
  const start = now();
  let elapsed = 0;
  while (elapsed < durationMs) {
    await fn();
    calls++;
    elapsed = now() - start;
  }
  return (calls / elapsed) * 1000;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Measures a figure and its baseline in alternating rounds (after a warm-up of both)
 * and returns the median rate of each, so that a burst of load on the machine hits
 * both alike.
 */
export function compareRates(
  figure: () => unknown,
  baseline: () => unknown,
  options: { rounds?: number; roundMs?: number; warmupMs?: number } = {},
): { figure: number; baseline: number } {
  const { rounds = 3, roundMs = 500, warmupMs = 300 } = options;
  opsPerSecond(figure, warmupMs);
  opsPerSecond(baseline, warmupMs);
  const f: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    f.push(opsPerSecond(figure, roundMs));
    b.push(opsPerSecond(baseline, roundMs));
  }
  return { figure: median(f), baseline: median(b) };
}

/** One line of output: name, value and unit, then the baseline and the ratio. */
export function formatResult(r: BenchResult): string {
  const n = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 1 });
  return `${r.name.padEnd(36)} ${n(r.value).padStart(12)} ${r.unit.padEnd(9)} ${r.ratio.toFixed(3).padStart(7)} × ${r.baseline} (${n(r.baseline_value)} ${r.unit})`;
}

/** GET requests/s to `paths` on a local port, `concurrency` in flight over keep-alive, for `ms`. */
export async function httpLoad(port: number, paths: string[], concurrency: number, ms: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let done = 0;
  let failed = 0;
  let next = 0;
  const end = performance.now() + ms;
  const get = (path: string) =>
    new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
        if (res.statusCode !== 200) failed++;
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end();
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await get(paths[next++ % paths.length]!);
        done++;
      }
    }),
  );
  const rate = done / ((performance.now() - t0) / 1000);
  agent.destroy();
  if (failed > 0) throw new Error(`${failed} of ${done} lookups failed`);
  return rate;
}

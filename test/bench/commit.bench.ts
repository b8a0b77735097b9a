/**
 * The writer's group commit (store/txn.ts Txn.commit) on LevelDB through classic-level's
 * own chained batch (its `_put` and `_write`), the path a node takes, against the same transactions through
 * abstract-level's chained batch (the public path, which the commit falls back to), in
 * the same run on the same kind of store:
 *
 * - store.commit: operations/s of the commit's work on the main thread (encoding, and
 *   handing the operations to LevelDB: everything until commit() returns its promise) —
 *   the part that competes with verification on the event loop;
 * - store.commit_done: operations/s until the write has completed (LevelDB's own work
 *   on a thread-pool thread included).
 *
 * Each transaction holds the rows a group of stored reports writes: per entry its
 * envelope and evidence (bytes), log row and three index rows (text), head, arrival and
 * id rows and a state record (JSON), 500 entries a group (about 4,500 operations: one
 * head row a group). The rows are built before the clock starts; the commits are not
 * synced, so that the figures are per-operation costs and not the disk's fsync, which is
 * one per group on either path. The two paths alternate, one store each.
 *
 * `ARX_BENCH_SCALE` (e.g. 0.1) scales the number of groups.
 * Run alone: node --import tsx test/bench/commit.bench.ts
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { openDb, pad, type Sublevels } from '../../node/src/store/db.js';
import { Txn } from '../../node/src/store/txn.js';
import { tempRoot } from '../../node/test/helpers/fixture.js';
import { type BenchResult, result } from './lib.ts';

const SCALE = Math.min(1, Math.max(0.001, Number(process.env['ARX_BENCH_SCALE'] ?? 1) || 1));
const GROUPS = Math.max(10, Math.round(100 * SCALE));
const ENTRIES_PER_GROUP = 500;
const WARMUP_GROUPS = 4;

/** One group's worth of rows for `entries` reports starting at cursor `from`. */
function fill(txn: Txn, subs: Sublevels, from: number): void {
  const origin = 'ab'.repeat(32);
  for (let c = from; c < from + ENTRIES_PER_GROUP; c++) {
    const id = randomBytes(32).toString('hex');
    const meta = {
      id,
      c,
      o: origin,
      s: c,
      k: 'report',
      t: 1_764_000_000_000 + c,
      r: 'cd'.repeat(32),
      ip: 'c0000201',
      len: 32,
    };
    txn.put(subs.replay, pad(c), randomBytes(420));
    txn.put(subs.evidence, `${pad(490_000)}!${id}`, randomBytes(160));
    txn.put(subs.log, `${origin}!${pad(c)}`, id);
    txn.put(subs.heads, origin, { seq: c, id });
    txn.put(subs.arrival, pad(c), meta);
    txn.put(subs.byId, id, meta.c);
    txn.put(subs.index, `k!report!${pad(c)}`, '');
    txn.put(subs.index, `r!${meta.r}!${pad(c)}`, '');
    txn.put(subs.index, `i!${meta.ip}!${pad(c)}`, '');
    txn.put(subs.state, `r!${id}`, {
      id,
      by: origin,
      about: '192.0.2.1/32',
      category: 'spam',
      ts: meta.t,
      status: 'open',
      responsible: meta.r,
      evidence: { digest: id, size: 160 },
    });
  }
}

export async function run(): Promise<BenchResult[]> {
  const stores = [tempRoot('arx-bench-commit-'), tempRoot('arx-bench-commit-')];
  const [native, publicly] = await Promise.all(stores.map((s) => openDb(s.root)));
  const sync = { native: 0, public: 0 };
  const done = { native: 0, public: 0 };
  let ops = 0;
  try {
    for (let g = 0; g < WARMUP_GROUPS + GROUPS; g++) {
      for (const [subs, via] of [
        [native!, undefined],
        [publicly!, 'public'],
      ] as const) {
        const txn = new Txn(subs);
        fill(txn, subs, g * ENTRIES_PER_GROUP);
        const t0 = performance.now();
        const committing = txn.commit(false, via);
        const t1 = performance.now();
        const path = await committing;
        const t2 = performance.now();
        if (path !== (via ?? 'native')) throw new Error(`commit took the ${path} path`);
        if (g < WARMUP_GROUPS) continue;
        sync[path] += t1 - t0;
        done[path] += t2 - t0;
        if (via === undefined) ops += txn.size;
      }
    }
  } finally {
    await Promise.all([native!.db.close(), publicly!.db.close()]);
    for (const s of stores) s.cleanup();
  }
  const perSecond = (spent: number) => Math.round(ops / (spent / 1000));
  const us = (spent: number) => ((spent * 1000) / ops).toFixed(2);
  process.stderr.write(
    `  commit.bench: µs/op main thread ${us(sync.native)} native, ${us(sync.public)} chained; until done ${us(done.native)} native, ${us(done.public)} chained (${GROUPS} groups, ${ops} operations)\n`,
  );
  const baseline = `the same commits through abstract-level's chained batch (${Math.round(ops / GROUPS)} operations a group, not synced)`;
  return [
    result('store.commit', perSecond(sync.native), 'ops/s', baseline, perSecond(sync.public)),
    result('store.commit_done', perSecond(done.native), 'ops/s', baseline, perSecond(done.public)),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { formatResult } = await import('./lib.ts');
  for (const r of await run()) console.log(formatResult(r));
}

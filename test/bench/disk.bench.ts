/**
 * node.disk_steady: the store's size on disk after 120 simulated days of a constant
 * report stream, with a 60-day window and the horizon applied (horizonDays 60), against
 * its size after the first 60 days. The disk is bounded by the window, not by history,
 * when the ratio stays near 1 (the aim is at most 1.1).
 *
 * The stream: every simulated day, REPORTS_PER_DAY reports by aol about cnisp1's
 * netblock, each resolved by cnisp1 an hour later (so each is closed, and past the
 * horizon carries no live state), plus one profile of cnisp1 a day (only the latest is
 * live). Entries are really signed and chained, backdated to their simulated day, and
 * stored by the node's own writer (what the bulk loader uses: the same rows as a running
 * node); the horizon pass runs once per simulated day with the simulated clock. Both
 * sizes are taken after a full LevelDB compaction, so that neither counts tombstones
 * or files LevelDB has not yet merged.
 *
 * `ARX_BENCH_SCALE` (e.g. 0.1) scales the reports per day.
 * Run alone: pnpm bench disk
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type KeyPair, parsePrefix, signEntry, type VerifiedEntry } from '@arx/protocol';
import { nodeEd25519 } from '@arx/protocol/node-crypto';
import { openDb, type Sublevels } from '../../node/src/store/db.js';
import { applyHorizon } from '../../node/src/store/horizon.js';
import { bareWriter, horizonContext, keyFor, tempRoot } from '../../node/test/helpers/fixture.js';
import { type BenchResult, result } from './lib.ts';

const SCALE = Math.min(1, Math.max(0.001, Number(process.env['ARX_BENCH_SCALE'] ?? 1) || 1));
const REPORTS_PER_DAY = Math.max(50, Math.round(2000 * SCALE));
const DAY = 86_400_000;
const WINDOW_DAYS = 60;
const SIMULATED_DAYS = 120;

const progress = (line: string) => process.stderr.write(`  disk.bench: ${line}\n`);

/** One origin's chain, signed with node:crypto. */
class Chain {
  private seq = 0;
  private prev: Uint8Array | null = null;
  constructor(private readonly keys: KeyPair) {}
  next(kind: 'report' | 'ack' | 'profile', body: unknown, ts: number): VerifiedEntry {
    const entry = signEntry({ seq: ++this.seq, prev: this.prev, ts, kind, body } as never, this.keys, nodeEd25519);
    this.prev = entry.id;
    return entry;
  }
}

async function bytesOnDisk(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(join(dir, name))).size;
  return total;
}

async function compact(subs: Sublevels): Promise<void> {
  // Every key of the store starts with a sublevel prefix `!<name>!`.
  await (subs.db as unknown as { compactRange(start: string, end: string): Promise<void> }).compactRange('!', '~');
}

export async function run(): Promise<BenchResult[]> {
  const { root, cleanup } = tempRoot('arx-bench-disk-');
  const dataDir = join(root, 'data');
  const subs = await openDb(dataDir);
  const writer = bareWriter(subs);
  const ctx = horizonContext(subs, writer, WINDOW_DAYS);
  const aol = new Chain(keyFor('aol'));
  const cnisp1 = new Chain(keyFor('cnisp1'));
  const start = Date.now() - SIMULATED_DAYS * DAY;
  let atWindow = 0;
  let deleted = 0;
  try {
    await writer.init();
    for (let day = 0; day < SIMULATED_DAYS; day++) {
      const dayStart = start + day * DAY;
      const entries: VerifiedEntry[] = [];
      for (let i = 0; i < REPORTS_PER_DAY; i++) {
        const ts = dayStart + Math.floor((i * (DAY - 2 * 3_600_000)) / REPORTS_PER_DAY);
        const about = parsePrefix(`192.0.2.${i % 256}/32`);
        const report = aol.next(
          'report',
          { about, category: 'spam.source', observed: { first: ts - 60_000, last: ts, count: 1 }, source: 'fbl' },
          ts,
        );
        entries.push(report);
        entries.push(
          cnisp1.next('ack', { report: report.id, status: 'resolved', action: 'host-cleaned' }, ts + 3_600_000),
        );
      }
      // Signed after the day’s acks, and dated after them: each chain stays in seq order once sorted by time.
      entries.push(
        cnisp1.next('profile', { contacts: { abuse: [`abuse+${day}@cnisp1.example`] } }, dayStart + DAY - 1),
      );
      entries.sort((a, b) => a.payload.ts - b.payload.ts);
      const results = await Promise.all(entries.map((e) => writer.store(e)));
      const refused = results.find((r) => r.status !== 'accepted');
      if (refused) throw new Error(`disk bench: entry ${refused.id} was ${refused.status}`);
      deleted += (await applyHorizon(ctx, dayStart + DAY)).deleted;
      if (day + 1 === WINDOW_DAYS) {
        await compact(subs);
        atWindow = await bytesOnDisk(dataDir);
        progress(`after ${WINDOW_DAYS} days: ${(atWindow / 1048576).toFixed(1)} MiB`);
      }
    }
    await compact(subs);
    const atEnd = await bytesOnDisk(dataDir);
    progress(`after ${SIMULATED_DAYS} days: ${(atEnd / 1048576).toFixed(1)} MiB, ${deleted} entries deleted`);
    return [
      result(
        'node.disk_steady',
        atEnd,
        'bytes',
        `store after ${WINDOW_DAYS} days (${REPORTS_PER_DAY} reports/day, each resolved; horizon ${WINDOW_DAYS} days)`,
        atWindow,
      ),
    ];
  } finally {
    await writer.close();
    await subs.db.close();
    cleanup();
  }
}

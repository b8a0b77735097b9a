/**
 * Retention: a report's evidence is deleted once the report is older than the window.
 * Detached evidence (the `v` sublevel, keyed by hour: what the signed entry commits to
 * by digest) is deleted outright and LevelDB is made to compact it away, so the bytes are in no file
 * of the data directory; the entry stays, with the same id and signature, and is sent
 * without evidence from then on. Evidence signed inline by version-2 publishers cannot
 * leave its envelope: its materialised copy is replaced by `{ pruned, digest }`. Ids,
 * statuses and timelines stay, so metrics are unchanged.
 */

import type { NodeContext } from '../context.js';
import { pruneComplaints } from '../interop/complaints.js';
import { K, type ReportRecord } from '../state/records.js';
import { type ArrivalMeta, evidenceHour, pad } from './db.js';
import { cursorInKey } from './envelopes.js';

const DAY_MS = 86_400_000;

/** How long a report's evidence is kept after its ts (`retentionDays`), in ms. */
export const evidenceWindowMs = (config: { readonly retentionDays: number }): number => config.retentionDays * DAY_MS;

/** Whether the pass is to end early (the node is closing): checked between batches. */
export type Stopping = () => boolean;
const NEVER: Stopping = () => false;

/**
 * Deletes evidence of reports older than the window; returns how many reports lost
 * theirs. With `stopping`, ends after the batch under way once it says so; the next
 * pass goes on from there.
 */
export async function pruneEvidence(ctx: NodeContext, now = Date.now(), stopping = NEVER): Promise<number> {
  const cutoff = now - evidenceWindowMs(ctx.config);
  const detached = await deleteDetachedEvidence(ctx, cutoff, stopping);
  return detached + (stopping() ? 0 : await pruneInlineEvidence(ctx, cutoff, now, stopping));
}

/** Keys deleted per writer batch. */
const DELETE_BATCH = 1000;

/**
 * Detached evidence is keyed by hour (evidenceKey), so what expired is every key below
 * the cutoff's hour: deleted in batches through the writer, then compacted away. Kept
 * evidence is never read. Evidence goes within the hour after its window ends.
 */
async function deleteDetachedEvidence(ctx: NodeContext, cutoff: number, stopping: Stopping): Promise<number> {
  const below = { lt: evidenceHour(cutoff) };
  let deleted = 0;
  let first: string | undefined;
  let last: string | undefined;
  while (!stopping()) {
    const keys = (await ctx.subs.evidence.keys({ ...below, limit: DELETE_BATCH }).all()) as string[];
    if (keys.length === 0) break;
    await ctx.writer.task(async (a) => {
      for (const key of keys) a.txn.del(ctx.subs.evidence, key);
    });
    first ??= keys[0];
    last = keys.at(-1);
    deleted += keys.length;
  }
  // Even when the pass ends early: a later pass finds no keys there to compact again.
  if (first !== undefined && last !== undefined) await compactEvidence(ctx, first, last);
  return deleted;
}

type Compactable = { compactRange?: (start: string, end: string) => Promise<void> };

/**
 * Has LevelDB rewrite the files holding the deleted range, so the bytes are gone from
 * disk rather than kept under tombstones until a compaction that may not come for
 * weeks; the write-ahead log holding recent writes is flushed and removed on the way.
 * LevelDB's manual compaction leaves files at the deepest level of the range alone, so
 * evidence deleted soon after it was written (value and tombstone flushed into one such
 * file) would survive it: the range's two ends are deleted again and compacted once
 * more, which makes a file above that one and merges the two. Costs what expired.
 */
export async function compactEvidence(ctx: NodeContext, first: string, last: string): Promise<void> {
  const db = ctx.subs.db as Compactable;
  if (!db.compactRange) return;
  const { prefix } = ctx.subs.evidence as unknown as { prefix: string };
  const range = [prefix + first, `${prefix + last}\uffff`] as const;
  await db.compactRange(...range);
  await ctx.writer.task(async (a) => {
    a.txn.del(ctx.subs.evidence, first);
    a.txn.del(ctx.subs.evidence, last);
  });
  await db.compactRange(...range);
}

/**
 * Evidence signed inline by version-2 publishers cannot leave its envelope: its
 * materialised copy is replaced by a stub, report by report in arrival order.
 */
async function pruneInlineEvidence(ctx: NodeContext, cutoff: number, now: number, stopping: Stopping): Promise<number> {
  const resumeFrom = ((await ctx.subs.meta.get('retention.cursor').catch(() => undefined)) as number | undefined) ?? 0;
  let pruned = 0;
  let lastCursor = resumeFrom;
  for await (const key of ctx.subs.index.keys({ gt: `k!report!${pad(resumeFrom)}`, lt: 'k!report!\uffff' })) {
    // The row's key ends with the report's arrival cursor: its meta is the arrival row there.
    const cursor = cursorInKey(String(key));
    const meta = (await ctx.subs.arrival.get(cursor)) as ArrivalMeta | undefined;
    if (!meta) continue;
    // Arrival order is close to time order; stop at the first report still inside the window.
    if (meta.t >= cutoff || stopping()) break;
    // Through the writer, so a prune never races an ack updating the same record.
    await ctx.writer.task(async (a) => {
      const record = await a.txn.get<ReportRecord>(ctx.subs.state, K.report(meta.id));
      if (!record || record.pruned !== undefined || record.evidence === null) return;
      const digest = (record.evidence as { digest?: string } | null)?.digest ?? null;
      a.txn.put(ctx.subs.state, K.report(record.id), { ...record, evidence: { pruned: true, digest }, pruned: now });
      pruned++;
    });
    lastCursor = Number(cursor);
  }
  if (lastCursor !== resumeFrom) await ctx.subs.meta.put('retention.cursor', lastCursor);
  return pruned;
}

/**
 * Runs pruning at start and then every hour (not over a pass still under way). The
 * function returned stops it: the pass under way ends after its current batch, and the
 * promise settles once it has, so a closing node closes its database after the pass.
 */
export function startRetention(ctx: NodeContext): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> | null = null;
  const stopping = () => stopped;
  const run = () => {
    if (running) return;
    running = pruneEvidence(ctx, Date.now(), stopping)
      // The complaint records wait for the next start when the node is closing.
      .then(() => (stopped ? 0 : pruneComplaints(ctx)))
      .then(
        () => undefined,
        (err) => ctx.log.warn({ err }, 'retention pass failed'),
      )
      .finally(() => {
        running = null;
      });
  };
  run();
  const timer = setInterval(run, 3_600_000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}

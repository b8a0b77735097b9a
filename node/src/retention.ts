/**
 * Retention: a report's evidence is deleted once the report is older than the window.
 * Detached evidence (the `v` sublevel: what the signed entry commits to by digest) is
 * deleted outright and LevelDB is made to compact it away, so the bytes are in no file
 * of the data directory; the entry stays, with the same id and signature, and is sent
 * without evidence from then on. Evidence signed inline by version-2 publishers cannot
 * leave its envelope: its materialised copy is replaced by `{ pruned, digest }`. Ids,
 * statuses and timelines stay, so metrics are unchanged.
 */
import { pruneComplaints } from './complaints.js';
import type { NodeContext } from './context.js';
import { K, type ReportRecord } from './state/records.js';
import { pad } from './store/db.js';

const DAY_MS = 86_400_000;

/** Prunes evidence of reports older than the window; returns how many were pruned. */
export async function pruneEvidence(ctx: NodeContext, now = Date.now()): Promise<number> {
  const cutoff = now - ctx.config.retentionDays * DAY_MS;
  const resumeFrom = ((await ctx.subs.meta.get('retention.cursor').catch(() => undefined)) as number | undefined) ?? 0;
  let pruned = 0;
  let lastCursor = resumeFrom;
  for await (const [key, id] of ctx.subs.index.iterator({ gt: `k!report!${pad(resumeFrom)}`, lt: 'k!report!\uffff' })) {
    const meta = (await ctx.subs.byId.get(String(id))) as { t: number; c: number } | undefined;
    if (!meta) continue;
    // Arrival order is close to time order; stop at the first report still inside the window.
    if (meta.t >= cutoff) break;
    // Through the writer, so a prune never races an ack updating the same record.
    await ctx.writer.task(async (a) => {
      const record = await a.txn.get<ReportRecord>(ctx.subs.state, K.report(String(id)));
      if (!record || record.pruned !== undefined) return;
      if (record.evidenceDigest) {
        a.txn.del(ctx.subs.evidence, record.id);
        a.txn.put(ctx.subs.state, K.report(record.id), { ...record, pruned: now });
      } else {
        if (record.evidence === null) return;
        const digest = (record.evidence as { digest?: string } | null)?.digest ?? null;
        a.txn.put(ctx.subs.state, K.report(record.id), { ...record, evidence: { pruned: true, digest }, pruned: now });
      }
      pruned++;
    });
    lastCursor = Number(String(key).slice('k!report!'.length));
  }
  if (lastCursor !== resumeFrom) await ctx.subs.meta.put('retention.cursor', lastCursor);
  if (pruned > 0) await compactEvidence(ctx);
  return pruned;
}

/**
 * Has LevelDB rewrite the files holding evidence, so deleted evidence is gone from disk
 * rather than waiting under a tombstone for a compaction that may not come for weeks;
 * the write-ahead log holding recent writes is flushed and removed on the way. Costs a
 * rewrite of the evidence kept (the window's), once per pass that deleted something.
 */
export async function compactEvidence(ctx: NodeContext): Promise<void> {
  const db = ctx.subs.db as { compactRange?: (start: string, end: string) => Promise<void> };
  // Every key of the sublevel starts with its prefix (`!v!`); the range ends just past them.
  const { prefix } = ctx.subs.evidence as unknown as { prefix: string };
  const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  await db.compactRange?.(prefix, end);
}

/** Runs pruning at start and then every hour. */
export function startRetention(ctx: NodeContext): () => void {
  let stopped = false;
  const run = () =>
    pruneEvidence(ctx)
      // A node closing during the pass closes its database: the second half waits for the next start.
      .then(() => (stopped ? 0 : pruneComplaints(ctx)))
      .catch((err) => ctx.log.warn({ err }, 'retention pass failed'));
  void run();
  const timer = setInterval(run, 3_600_000);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

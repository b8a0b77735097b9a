/**
 * Retention: evidence older than the configured window is pruned to a stub. The
 * signed entries stay — the chain must verify and peers must be able to catch up —
 * and so do ids, statuses and timelines, so metrics are unchanged; what goes is the
 * materialised evidence (ARF fields, redacted headers) that lookups and the report API
 * show, replaced by `{ pruned, digest }`.
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
      if (!record || record.evidence === null || record.pruned !== undefined) return;
      const digest = (record.evidence as { digest?: string } | null)?.digest ?? null;
      a.txn.put(ctx.subs.state, K.report(record.id), { ...record, evidence: { pruned: true, digest }, pruned: now });
      pruned++;
    });
    lastCursor = Number(String(key).slice('k!report!'.length));
  }
  if (lastCursor !== resumeFrom) await ctx.subs.meta.put('retention.cursor', lastCursor);
  return pruned;
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

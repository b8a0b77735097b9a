/**
 * The log's horizon: entries older than `horizonDays` that no longer carry live state
 * are deleted, with every index and state row of theirs, so a node's disk follows its
 * window, not its history (docs/operator-guide.md "The horizon"). What is kept past the
 * horizon, and why:
 *
 *   report            while open (published, received, investigating), and until both it
 *                     and its last step are past the horizon once closed (resolved,
 *                     rejected) or retracted (the retraction past the horizon too)
 *   ack               while its report is held (an ack is a step of its report's timeline)
 *   listing           while in force, and until its end (removal, granted delisting,
 *                     retraction or expiry) is past the horizon
 *   delist-request    while its listing is held (the delisting history of a listing in force)
 *   delist-decision   while its request is held
 *   profile           the latest of each member
 *   roster            always
 *   retract           while the entry it retracts is held
 *   notice, receipt   never (a receipt's watermarks go with it, unless a later receipt set them)
 *
 * Per origin the node records its floor (`floor!<origin>` in meta): the seq from which
 * its log is gap-free. Below the floor the log may have holes past the horizon. A pass
 * runs through the writer (it never races ingest), in bounded batches, and resumes from
 * a cursor in meta: the entries it kept are listed in state (`hz!<cursor>`) and judged
 * again on every pass, so its cost follows the live state past the horizon.
 *
 * The oversight aggregates keep their hour sums of what a pass deletes; the per-item rows
 * of a deleted record go below the hour of the cutoff, the trim floor (oversight/trim.ts).
 */
import { type DelistDecisionBody, parseEntry, type ReceiptBody, type RetractBody, toHex } from '@arx/protocol';
import type { NodeContext } from '../context.js';
import { HORIZON_CURSOR_KEY } from '../ingest/writer.js';
import { hourOf } from '../oversight/aggregates.js';
import { raiseTrimFloor, sweepBelowFloor, trimRecord } from '../oversight/trim.js';
import type { ApplyContext } from '../state/apply.js';
import { type DelistRecord, K, type ListingRecord, type ReportRecord, reportStatus } from '../state/records.js';
import { unindexSubject } from '../state/subjects.js';
import { type ArrivalMeta, evidenceKey, pad } from './db.js';
import { cursorInKey, envelopeOf, metaOf } from './envelopes.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Entries judged per writer task: a pass never holds ingest up for long. */
const BATCH = 256;
/** The arrival cursor the pass has judged up to, in meta (the writer loads it at start). */
const CURSOR_KEY = HORIZON_CURSOR_KEY;
const LAST_PASS_KEY = 'horizon.last';
/** A kept entry past the horizon, judged again on every pass: `hz!<arrival cursor>` → id (state). */
const keptKey = (cursor: number) => `hz!${pad(cursor)}`;

/** What one pass did (also what `GET /v1/status` shows as `horizon.lastPass`). */
export interface HorizonPass {
  /** When the pass ran (ms). */
  readonly at: number;
  /** Entries with ts before this (ms) are past the horizon. */
  readonly cutoff: number;
  readonly deleted: number;
  /** Entries past the horizon kept for their live state after the pass. */
  readonly kept: number;
}

type Verdict = 'delete' | 'keep' | 'always';

/** The horizon's cutoff (ms) at `now`. */
export function horizonCutoff(ctx: NodeContext, now = Date.now()): number {
  return now - ctx.config.horizonDays * DAY_MS;
}

/** The last pass recorded in meta, if any. */
export async function lastHorizonPass(ctx: NodeContext): Promise<HorizonPass | null> {
  return ((await ctx.subs.meta.get(LAST_PASS_KEY)) as HorizonPass | undefined) ?? null;
}

/** One pass: judges the entries kept so far again, then the entries that passed the horizon since. */
export async function applyHorizon(ctx: NodeContext, now = Date.now()): Promise<HorizonPass> {
  const cutoff = horizonCutoff(ctx, now);
  const { subs, writer } = ctx;
  let deleted = 0;
  let kept = 0;
  // The oversight rows of what this pass deletes go below the hour of the cutoff (oversight/trim.ts).
  const floor = await raiseTrimFloor(ctx, hourOf(cutoff));

  // Kept entries first, in arrival order: a report deleted here lets its acks go in the same pass.
  let after = keptKey(0);
  for (;;) {
    const rows: string[] = [];
    for await (const key of subs.state.keys({ gt: after, lt: 'hz!\uffff', limit: BATCH })) rows.push(String(key));
    if (rows.length === 0) break;
    await writer.task(async (a) => {
      for (const key of rows) {
        // A kept row's key ends with the entry's cursor: its meta is the arrival row there.
        const meta = await a.txn.get<ArrivalMeta>(subs.arrival, cursorInKey(key));
        if (!meta) {
          a.txn.del(subs.state, key);
          continue;
        }
        if (meta.c < writer.lastCursor && (await judge(a, meta, cutoff)) === 'delete') {
          await deleteEntry(ctx, a, meta, floor);
          deleted++;
        } else kept++;
      }
    });
    after = rows.at(-1)!;
  }

  // Then onwards in arrival order (close to time order), up to the first entry inside the horizon.
  let cursor = ((await subs.meta.get(CURSOR_KEY)) as number | undefined) ?? 0;
  for (;;) {
    const metas: ArrivalMeta[] = [];
    let reachedHorizon = false;
    for await (const meta of subs.arrival.values({ gt: pad(cursor), limit: BATCH })) {
      const m = meta as ArrivalMeta;
      // The newest entry always stays: its cursor is where the writer resumes numbering.
      if (m.t >= cutoff || m.c >= writer.lastCursor) {
        reachedHorizon = true;
        break;
      }
      metas.push(m);
    }
    if (metas.length === 0) break;
    await writer.task(async (a) => {
      for (const m of metas) {
        // Another pass (or a cascade) may have dealt with it since it was read.
        if (!(await a.txn.get(subs.byId, m.id))) continue;
        const verdict = await judge(a, m, cutoff);
        if (verdict === 'delete') {
          await deleteEntry(ctx, a, m, floor);
          deleted++;
        } else if (verdict === 'keep') {
          a.txn.put(subs.state, keptKey(m.c), m.id);
          kept++;
        }
      }
      // In the batch that did the work: a pass stopped half-way resumes exactly here.
      a.txn.put(subs.meta, CURSOR_KEY, metas.at(-1)!.c);
    });
    cursor = metas.at(-1)!.c;
    writer.horizonCursor = Math.max(writer.horizonCursor, cursor);
    if (reachedHorizon || metas.length < BATCH) break;
  }

  // What earlier passes left above their floor, now below this one.
  await sweepBelowFloor(ctx);
  const pass: HorizonPass = { at: now, cutoff, deleted, kept };
  await writer.task(async (a) => a.txn.put(subs.meta, LAST_PASS_KEY, pass));
  return pass;
}

/** Whether an entry past the horizon still carries live state (see the table above). */
async function judge(a: ApplyContext, meta: ArrivalMeta, cutoff: number): Promise<Verdict> {
  const { txn, subs } = a;
  const past = async (id: string | null | undefined) => {
    if (!id) return true;
    const m = await metaOf(subs, id, txn);
    return !m || m.t < cutoff;
  };
  switch (meta.k) {
    case 'report': {
      const r = await txn.get<ReportRecord>(subs.state, K.report(meta.id));
      if (!r) return 'delete';
      if (r.retracted !== null) return (await past(r.retracted)) ? 'delete' : 'keep';
      const status = reportStatus(r);
      if (status !== 'resolved' && status !== 'rejected') return 'keep';
      const last = Math.max(r.ts, ...r.steps.map((s) => s.ts), ...r.comments.map((s) => s.ts));
      return last < cutoff ? 'delete' : 'keep';
    }
    case 'ack': {
      const retractedBy = await txn.get<string>(subs.state, K.retracted(meta.id));
      if (retractedBy) return (await past(retractedBy)) ? 'delete' : 'keep';
      const ref = await txn.get<{ ref: string }>(subs.state, `ackref!${meta.id}`);
      const report = ref && (await txn.get(subs.state, K.report(ref.ref)));
      return report ? 'keep' : 'delete';
    }
    case 'listing': {
      const l = await txn.get<ListingRecord>(subs.state, K.listing(meta.id));
      if (!l) return 'delete';
      const ended = l.removedAt ?? (l.expires !== null && l.expires < cutoff ? l.expires : null);
      return ended !== null && ended < cutoff ? 'delete' : 'keep';
    }
    case 'delist-request': {
      const d = await txn.get<DelistRecord>(subs.state, K.delist(meta.id));
      const listing = d && (await txn.get(subs.state, K.listing(d.listing)));
      return listing ? 'keep' : 'delete';
    }
    case 'delist-decision': {
      const body = (await bodyOf(a, meta.id)) as DelistDecisionBody | null;
      const request = body && (await txn.get(subs.state, K.delist(toHex(body.request))));
      return request ? 'keep' : 'delete';
    }
    case 'retract': {
      const body = (await bodyOf(a, meta.id)) as RetractBody | null;
      const target = body && (await txn.get(subs.byId, toHex(body.entry)));
      return target ? 'keep' : 'delete';
    }
    case 'profile': {
      const latest = await txn.get<{ entry: string }>(subs.state, K.profile(meta.o));
      return latest?.entry === meta.id ? 'keep' : 'delete';
    }
    case 'roster':
      return 'always';
    default:
      return 'delete';
  }
}

async function bodyOf(a: ApplyContext, id: string): Promise<unknown> {
  const bytes = await envelopeOf(a.subs, id, a.txn);
  return bytes ? parseEntry(bytes).payload.body : null;
}

/** The ref an entry waits for while pending (state/apply.ts `pend`), if its kind has one. */
async function pendingRef(a: ApplyContext, meta: ArrivalMeta): Promise<string | null> {
  switch (meta.k) {
    case 'ack':
      return (await a.txn.get<{ ref: string }>(a.subs.state, `ackref!${meta.id}`))?.ref ?? null;
    case 'delist-request': {
      const body = (await bodyOf(a, meta.id)) as { listing: Uint8Array } | null;
      return body ? toHex(body.listing) : null;
    }
    case 'delist-decision': {
      const body = (await bodyOf(a, meta.id)) as DelistDecisionBody | null;
      return body ? toHex(body.request) : null;
    }
    case 'retract': {
      const body = (await bodyOf(a, meta.id)) as RetractBody | null;
      return body ? toHex(body.entry) : null;
    }
    default:
      return null;
  }
}

/** Deletes an entry with every row the writer and its state wrote for it, and raises its origin's floor. */
async function deleteEntry(ctx: NodeContext, a: ApplyContext, meta: ArrivalMeta, floor: number): Promise<void> {
  const { txn, subs } = a;
  const ref = await pendingRef(a, meta);
  if (ref) txn.del(subs.state, K.pending(ref, meta.id));
  const receipt = meta.k === 'receipt' ? ((await bodyOf(a, meta.id)) as ReceiptBody | null) : null;
  const logKey = `${meta.o}!${pad(meta.s)}`;
  if ((await txn.get<string>(subs.log, logKey)) === meta.id) txn.del(subs.log, logKey);
  txn.del(subs.evidence, evidenceKey(meta.t, meta.id));
  txn.del(subs.arrival, pad(meta.c));
  txn.del(subs.replay, pad(meta.c));
  txn.del(subs.byId, meta.id);
  txn.del(subs.index, `k!${meta.k}!${pad(meta.c)}`);
  if (meta.r) txn.del(subs.index, `r!${meta.r}!${pad(meta.c)}`);
  if (meta.ip) txn.del(subs.index, `i!${meta.ip}!${pad(meta.c)}`);
  txn.del(subs.state, keptKey(meta.c));
  txn.del(subs.state, K.retracted(meta.id));
  switch (meta.k) {
    case 'report': {
      const r = await txn.get<ReportRecord>(subs.state, K.report(meta.id));
      if (r) {
        await unindexSubject(txn, subs, r);
        await trimRecord(txn, subs, { kind: 'report', record: r }, floor);
      }
      txn.del(subs.state, K.report(meta.id));
      break;
    }
    case 'ack':
      txn.del(subs.state, `ackref!${meta.id}`);
      break;
    case 'listing': {
      const l = await txn.get<ListingRecord>(subs.state, K.listing(meta.id));
      if (l) {
        await trimRecord(txn, subs, { kind: 'listing', record: l }, floor);
        const key = K.listingKey(l.origin, l.list, l.target);
        if ((await txn.get<string>(subs.state, key)) === meta.id) txn.del(subs.state, key);
        // A listing that expired without being removed leaves the in-memory index too.
        if (l.removedAt === null) a.after((h) => h.listingChanged({ ...l, removedAt: l.expires ?? 0 }));
      }
      txn.del(subs.state, K.listing(meta.id));
      txn.del(subs.state, K.active(meta.id));
      break;
    }
    case 'delist-request': {
      const d = await txn.get<DelistRecord>(subs.state, K.delist(meta.id));
      if (d) await trimRecord(txn, subs, { kind: 'delist-request', record: d }, floor);
      txn.del(subs.state, K.delist(meta.id));
      break;
    }
    case 'retract': {
      const target = ref && (await txn.get<string>(subs.state, K.retracted(ref)));
      if (ref && target === meta.id) txn.del(subs.state, K.retracted(ref));
      break;
    }
    case 'receipt':
      if (receipt) await deleteWatermarks(a, meta, receipt);
      break;
    default:
      break;
  }
  await ctx.writer.raiseFloor(a, meta.o, meta.s + 1);
}

/**
 * The watermarks a receipt set (`rcpt!`, `rver!`), if no later receipt of its holder has
 * replaced them: a watermark is shown only while the signed receipt behind it is held.
 */
async function deleteWatermarks(a: ApplyContext, meta: ArrivalMeta, receipt: ReceiptBody): Promise<void> {
  const { txn, subs } = a;
  const keys = receipt.holdings.map((h) => K.receipt(meta.o, toHex(h.origin)));
  if (receipt.roster !== undefined) keys.push(K.rosterHeld(meta.o));
  for (const key of keys) {
    const row = await txn.get<{ ts: number }>(subs.state, key);
    if (row?.ts === meta.t) txn.del(subs.state, key);
  }
}

/**
 * Runs a pass at start and then every hour — or, for a horizon shorter than four hours
 * (tests use seconds), every quarter of it, but at most once a second.
 */
export function startHorizon(ctx: NodeContext): () => Promise<void> {
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = () => {
    if (running || stopped) return;
    running = applyHorizon(ctx)
      .then(
        (pass) => {
          if (pass.deleted > 0) ctx.log.info(pass, 'horizon pass deleted entries past the horizon');
        },
        // A node closing during the pass refuses its writer tasks: the next start goes on.
        (err) => {
          if (!stopped) ctx.log.warn({ err }, 'horizon pass failed');
        },
      )
      .finally(() => {
        running = null;
      });
  };
  run();
  const every = Math.min(HOUR_MS, Math.max(1000, (ctx.config.horizonDays * DAY_MS) / 4));
  const timer = setInterval(run, every);
  timer.unref();
  /** Stops the schedule; settles once a pass under way has ended (at its next writer task once the writer closes). */
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}

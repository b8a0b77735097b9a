/**
 * Complaint identity: when two imported complaints are the same report, and what a
 * repeat changes (docs/interop.md, "Complaint identity").
 *
 * - A **delivery** is one report message (ARF: its bytes with CRLF line ends; X-ARF:
 *   its report_id). The same delivery imported again — a feedback loop redelivering
 *   after a lost reply — is a `duplicate`: nothing changes.
 * - A **complaint identity** is (reporter, source address, category, message digest).
 *   Another delivery with the same identity is a `repeat`: the report it names has its
 *   observed count raised by the repeat's count and its last-seen time moved on
 *   (raiseObserved, the one place that does so). Anything else — another
 *   Feedback-Type, another Source-IP, another reporter — is a report of its own.
 *
 * The keys live in the `i` sublevel and are written in the batch that stores the report
 * (or raises its count), so an identity never points at a report that is not on disk;
 * retention forgets them after the window (pruneComplaints).
 */
import { createHash } from 'node:crypto';
import { decodeEvidence, formatTarget, type ReportBody, withEvidence } from '@arx/protocol';
import type { NodeContext } from '../context.js';
import type { ApplyContext } from '../state/apply.js';
import { K, type ReportRecord } from '../state/records.js';
import { evidenceKey, pad } from '../store/db.js';

/** What identifies a complaint (module comment). */
export interface ComplaintIdentity {
  /** Who complained: the feedback loop's address or name, lowercased. */
  readonly reporter: string;
  /** The report body's `about`, as text. */
  readonly source: string;
  /** The report category (from Feedback-Type or the X-ARF type). */
  readonly category: string;
  /** Hex SHA-256 of the reported message (or of what stands for it). */
  readonly digest: string;
}

/** What an import did. */
export type ImportOutcome = 'imported' | 'repeated' | 'duplicate';

interface IdentityRecord {
  report: string;
  count: number;
  last: number;
  /** When this node last wrote the key (ms): retention forgets keys older than its window. */
  at: number;
}

interface DeliveryRecord {
  report: string;
  at: number;
}

const DAY_MS = 86_400_000;
/** Expiry index: `exp!<day>!<key>` for every key written that day (pruneComplaints reads it). */
const expiryKey = (at: number, key: string) => `exp!${pad(Math.floor(at / DAY_MS))}!${key}`;

const hex = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const identityKey = (id: ComplaintIdentity) =>
  `cid!${hex(JSON.stringify([id.reporter, id.source, id.category, id.digest]))}`;
const deliveryKey = (delivery: string) => `msg!${delivery}`;

/**
 * The identity of a complaint whose body is `body`. The digest is the original
 * message's (evidence.digest), else that of its redacted header, else `fallback` (the
 * delivery itself: a complaint with neither repeats only when redelivered).
 */
export function complaintIdentity(reporter: string, body: ReportBody, fallback: string): ComplaintIdentity {
  const digest = body.evidence?.digest
    ? Buffer.from(body.evidence.digest).toString('hex')
    : body.evidence?.headers
      ? hex(body.evidence.headers)
      : fallback;
  return { reporter: reporter.trim().toLowerCase(), source: formatTarget(body.about), category: body.category, digest };
}

/** A delivery key from bytes or text (hex SHA-256). */
export function deliveryDigest(what: Uint8Array | string): string {
  return hex(what);
}

/**
 * The one place a report's observed count and last-seen time change after
 * publication: a repeated complaint adds its count and moves `last` on.
 */
export async function raiseObserved(
  ctx: NodeContext,
  a: ApplyContext,
  reportId: string,
  observed: { count: number; last: number },
): Promise<ReportRecord | undefined> {
  const record = await a.txn.get<ReportRecord>(ctx.subs.state, K.report(reportId));
  if (!record) return undefined;
  const raised: ReportRecord = {
    ...record,
    observed: {
      first: record.observed.first,
      last: Math.max(record.observed.last, observed.last),
      count: Math.min(Number.MAX_SAFE_INTEGER, record.observed.count + observed.count),
    },
  };
  a.txn.put(ctx.subs.state, K.report(reportId), raised);
  a.after((h) => h.reportChanged(raised));
  return raised;
}

/** A report body with the observed figures this node holds for it (raised by repeats). */
export async function withObserved(ctx: NodeContext, id: string, body: ReportBody): Promise<ReportBody> {
  const record = (await ctx.subs.state.get(K.report(id))) as ReportRecord | undefined;
  return record ? { ...body, observed: { ...record.observed } } : body;
}

/** The report body with its detached evidence inline, while the node holds it (exports, forwarding). */
export async function withHeldEvidence(
  ctx: NodeContext,
  entry: { readonly idHex: string; readonly payload: { readonly ts: number } },
  body: ReportBody,
): Promise<ReportBody> {
  if (!body.evidenceDigest) return body;
  const bytes = (await ctx.subs.evidence.get(evidenceKey(entry.payload.ts, entry.idHex))) as Uint8Array | undefined;
  return bytes ? withEvidence(body, decodeEvidence(bytes)) : body;
}

/** Per-node queue: the look-up and the write of one import happen before the next import's look-up. */
const queues = new WeakMap<NodeContext, Promise<unknown>>();

function serialised<T>(ctx: NodeContext, run: () => Promise<T>): Promise<T> {
  const previous = queues.get(ctx) ?? Promise.resolve();
  const next = previous.then(run, run);
  queues.set(
    ctx,
    next.catch(() => {}),
  );
  return next;
}

/**
 * Files one complaint: a duplicate delivery changes nothing, a repeat raises the
 * report it repeats, anything else is published by `publish`, which must write
 * `also` into the batch storing the report.
 */
export function fileComplaint(
  ctx: NodeContext,
  complaint: { identity: ComplaintIdentity; delivery: string; body: ReportBody },
  publish: (also: (a: ApplyContext, reportId: string) => void) => Promise<string>,
): Promise<{ id: string; outcome: ImportOutcome; observed: ReportBody['observed'] }> {
  return serialised(ctx, async () => {
    const { identity, delivery, body } = complaint;
    const mail = ctx.subs.mail;
    const seen = (await mail.get(deliveryKey(delivery))) as DeliveryRecord | undefined;
    if (seen) {
      const record = (await ctx.subs.state.get(K.report(seen.report))) as ReportRecord | undefined;
      return { id: seen.report, outcome: 'duplicate', observed: record?.observed ?? body.observed };
    }
    const at = Date.now();
    const remember = (a: ApplyContext, key: string, value: IdentityRecord | DeliveryRecord) => {
      a.txn.put(mail, key, value);
      a.txn.put(mail, expiryKey(at, key), '');
    };
    const known = (await mail.get(identityKey(identity))) as IdentityRecord | undefined;
    if (known) {
      let observed: ReportBody['observed'] = body.observed;
      await ctx.writer.task(async (a) => {
        const raised = await raiseObserved(ctx, a, known.report, body.observed);
        if (raised) observed = raised.observed;
        remember(a, identityKey(identity), {
          report: known.report,
          count: known.count + body.observed.count,
          last: Math.max(known.last, body.observed.last),
          at,
        });
        remember(a, deliveryKey(delivery), { report: known.report, at });
      });
      return { id: known.report, outcome: 'repeated', observed };
    }
    const id = await publish((a, reportId) => {
      remember(a, identityKey(identity), {
        report: reportId,
        count: body.observed.count,
        last: body.observed.last,
        at,
      });
      remember(a, deliveryKey(delivery), { report: reportId, at });
    });
    return { id, outcome: 'imported', observed: body.observed };
  });
}

/**
 * Forgets identity and delivery keys not written for `retentionDays` (a complaint
 * repeated after that is a new report), so the keys take disk in proportion to the
 * window, not to the node's history. Reads only the expired part of the expiry index.
 */
export async function pruneComplaints(ctx: NodeContext, now = Date.now()): Promise<number> {
  const mail = ctx.subs.mail;
  const cutoff = now - ctx.config.retentionDays * DAY_MS;
  const end = `exp!${pad(Math.floor(cutoff / DAY_MS))}!`;
  let forgotten = 0;
  const expired: string[] = [];
  for await (const key of mail.keys({ gte: 'exp!', lt: end, limit: 10_000 })) expired.push(key as string);
  if (expired.length === 0) return 0;
  await ctx.writer.task(async (a) => {
    for (const exp of expired) {
      const key = exp.slice(exp.indexOf('!', 4) + 1);
      const value = await a.txn.get<{ at?: number }>(mail, key);
      // A key written again since is kept; its later expiry entry will see it.
      if (value && (value.at ?? 0) < cutoff) {
        a.txn.del(mail, key);
        forgotten++;
      }
      a.txn.del(mail, exp);
    }
  });
  return forgotten + (expired.length === 10_000 ? await pruneComplaints(ctx, now) : 0);
}

/**
 * The node's mail-ecosystem services: an SMTP intake a feedback loop can point at
 * (ARF → signed report), and forwarding of new reports about this member's netblocks
 * to its abuse mailbox as ARF, for desks that only read mail.
 */
import { createHash } from 'node:crypto';
import { formatKeyId, type ReportBody } from '@arx/protocol';
import type { NodeContext } from './context.js';
import { describeError } from './errors.js';
import type { StoredEvent } from './ingest/writer.js';
import {
  createArfForwarder,
  type ExportableReport,
  exportArf,
  importArf,
  isRefusal,
  refusalVerdict,
  startSmtpIntake,
} from './interop/index.js';
import { publishBody } from './publish.js';

/** A keyed-redaction secret derived from the organisation key (RFC 6590 redaction). */
export function redactionKey(ctx: NodeContext): Uint8Array {
  return createHash('sha256').update('arx-redaction-v1').update(ctx.keys.secretKey).digest();
}

/** Imports one ARF message as a report signed by this node's organisation. */
export async function importArfMessage(
  ctx: NodeContext,
  raw: Uint8Array,
): Promise<
  { accepted: true; id: string; duplicate: boolean } | { accepted: false; code: string; message: string; zh?: string }
> {
  const result = await importArf(raw, {
    now: Date.now(),
    redactionKey: redactionKey(ctx),
    allowDocumentationAddresses: ctx.config.arf.allowDocumentationAddresses,
  });
  if (isRefusal(result)) {
    const v = refusalVerdict(result);
    return { accepted: false, code: v.code, message: v.message, zh: result.zh };
  }
  const digest = result.body.evidence?.digest;
  if (digest) {
    // The same message imported twice (a feedback loop redelivering) is one report.
    const seen = (await ctx.subs.state.get(`arfdigest!${Buffer.from(digest).toString('hex')}`)) as string | undefined;
    if (seen) return { accepted: true, id: seen, duplicate: true };
  }
  try {
    const stored = await publishBody(ctx, 'report', result.body);
    if (digest) await ctx.subs.state.put(`arfdigest!${Buffer.from(digest).toString('hex')}`, stored.id);
    return { accepted: true, id: stored.id, duplicate: false };
  } catch (error) {
    const d = describeError(error);
    return { accepted: false, code: d.code, message: d.message };
  }
}

export async function startSmtpService(ctx: NodeContext): Promise<(() => Promise<void>) | undefined> {
  const { smtp } = ctx.config;
  if (!smtp.enabled) return undefined;
  const intake = await startSmtpIntake({
    host: smtp.host,
    port: smtp.port,
    hostname: `${ctx.config.handle}.arx`,
    onMessage: async (raw) => {
      const r = await importArfMessage(ctx, raw);
      const outcome = r.accepted ? (r.duplicate ? 'duplicate' : 'accepted') : 'refused';
      ctx.metrics.smtpMessages.inc({ outcome, code: r.accepted ? outcome : r.code });
      return r.accepted
        ? { accepted: true, code: r.duplicate ? 'duplicate' : 'accepted', message: `report ${r.id}` }
        : { accepted: false, code: r.code, message: r.message };
    },
  });
  ctx.listen.smtp = `${intake.address.host}:${intake.address.port}`;
  ctx.log.info({ smtp: ctx.listen.smtp }, 'SMTP intake listening');
  return () => intake.close();
}

/** The exporters' view of a stored report entry. */
export function exportable(
  ctx: NodeContext,
  event: { originHex: string; idHex: string; ts: number; body: ReportBody },
): ExportableReport {
  const member = ctx.roster().member(event.originHex);
  const handle = member?.handle ?? formatKeyId(Buffer.from(event.originHex, 'hex'));
  return {
    body: event.body,
    id: event.idHex,
    ts: event.ts,
    origin: {
      org: member?.names['en'] ?? handle,
      contact: member?.contacts.abuse[0] ?? `abuse@${handle}.invalid`,
      domain: (member?.contacts.abuse[0] ?? '').split('@')[1] ?? `${handle}.invalid`,
    },
  };
}

export function startForwarding(ctx: NodeContext): (() => void) | undefined {
  const { forward } = ctx.config;
  if (!forward.enabled || forward.to.length === 0) return undefined;
  const forwarder = createArfForwarder({ host: forward.smtpHost, port: forward.smtpPort, from: forward.from });
  const onStored = (event: StoredEvent) => {
    // Only new reports about this member's own netblocks.
    if (event.meta.k !== 'report' || event.meta.r !== ctx.ownKey) return;
    const { entry } = event;
    const message = exportArf(
      exportable(ctx, {
        originHex: entry.originHex,
        idHex: entry.idHex,
        ts: entry.payload.ts,
        body: entry.payload.body as ReportBody,
      }),
      { from: forward.from, to: forward.to, lang: 'en', userAgent: 'arx-node/0.1' },
    );
    forwarder
      .send(forward.to, message)
      .then(() => ctx.metrics.forwardMessages.inc({ outcome: 'sent' }))
      .catch((err) => {
        ctx.metrics.forwardMessages.inc({ outcome: 'failed' });
        ctx.log.warn({ err: String(err), report: entry.idHex }, 'ARF forwarding failed');
      });
  };
  ctx.writer.on('stored', onStored);
  return () => {
    ctx.writer.off('stored', onStored);
    forwarder.close();
  };
}

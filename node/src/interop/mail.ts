/**
 * The node's mail-ecosystem services: ARF and X-ARF import as reports signed by this
 * organisation (complaints.ts decides new, repeated or duplicate), and an SMTP intake a
 * feedback loop can point at. Forwarding to abuse mailboxes is the outbox (outbox.ts).
 */
import { createHash } from 'node:crypto';
import { formatKeyId, type ReportBody } from '@arx/protocol';
import type { NodeContext } from '../context.js';
import { describeError, listenError } from '../errors.js';
import { publishBody } from '../ingest/publish.js';
import {
  type ComplaintIdentity,
  complaintIdentity,
  deliveryDigest,
  fileComplaint,
  type ImportOutcome,
} from './complaints.js';
import {
  type ExportableReport,
  importArf,
  importXarf,
  isRefusal,
  type Refusal,
  refusalText,
  startSmtpIntake,
} from './index.js';
import { canonicalLineEnds } from './mime.js';

/** A keyed-redaction secret derived from the organisation key (RFC 6590 redaction). */
export function redactionKey(ctx: NodeContext): Uint8Array {
  return createHash('sha256').update('arx-redaction-v1').update(ctx.keys.secretKey).digest();
}

/** The node's answer to one imported report: what became of it, or why it was refused. */
export type ImportAnswer =
  | {
      accepted: true;
      id: string;
      outcome: ImportOutcome;
      /** True only for a redelivered message (outcome `duplicate`). */
      duplicate: boolean;
      observed: ReportBody['observed'];
    }
  | RefusalAnswer
  | { accepted: false; code: string; message: string };

/**
 * A refusal as the HTTP API sends it: the stable code as a field, `message` (English
 * with the specifics), the code's own texts `en` and `zh`, and `detail` when there is one.
 */
export interface RefusalAnswer {
  accepted: false;
  code: string;
  message: string;
  en: string;
  zh: string;
  detail?: string;
}

export function refusalAnswer(refusal: Refusal): RefusalAnswer {
  return {
    accepted: false,
    code: refusal.code,
    message: refusalText(refusal),
    en: refusal.en,
    zh: refusal.zh,
    ...(refusal.detail ? { detail: refusal.detail } : {}),
  };
}

/** Files an imported body as this organisation's report (complaints.ts decides new, repeat or duplicate). */
async function fileReport(
  ctx: NodeContext,
  body: ReportBody,
  identity: ComplaintIdentity,
  delivery: string,
): Promise<ImportAnswer> {
  try {
    const filed = await fileComplaint(ctx, { identity, delivery, body }, async (also) => {
      const stored = await publishBody(ctx, 'report', body, (a, event) => also(a, event.entry.idHex));
      return stored.id;
    });
    return { accepted: true, ...filed, duplicate: filed.outcome === 'duplicate' };
  } catch (error) {
    const d = describeError(error);
    return { accepted: false, code: d.code, message: d.message };
  }
}

/** Options of an ARF import by this node. */
export interface ArfImportRequest {
  /** The reporter says the reported mail was commercial (files `ad.unlabelled` when unlabelled). */
  readonly commercial?: boolean;
}

/** Imports one ARF message as a report signed by this node's organisation. */
export async function importArfMessage(
  ctx: NodeContext,
  raw: Uint8Array,
  request: ArfImportRequest = {},
): Promise<ImportAnswer> {
  const result = await importArf(raw, {
    now: Date.now(),
    redactionKey: redactionKey(ctx),
    allowDocumentationAddresses: ctx.config.arf.allowDocumentationAddresses,
    maxBytes: ctx.config.arf.maxBytes,
    ...(request.commercial ? { commercial: true } : {}),
  });
  if (isRefusal(result)) return refusalAnswer(result);
  const { report, body } = result;
  // CR-only, LF and CRLF copies of one message are one delivery.
  const delivery = deliveryDigest(canonicalLineEnds(raw));
  const reporter = report.envelope.from ?? report.reportingMta ?? report.userAgent ?? '';
  return fileReport(ctx, body, complaintIdentity(reporter, body, delivery), delivery);
}

/** Imports one X-ARF v4 document (JSON text or bytes) with the node's ARF settings. */
export async function importXarfDocument(ctx: NodeContext, input: Uint8Array | string): Promise<ImportAnswer> {
  const body = importXarf(input, {
    now: Date.now(),
    redactionKey: redactionKey(ctx),
    allowDocumentationAddresses: ctx.config.arf.allowDocumentationAddresses,
    maxBytes: ctx.config.xarf.maxBytes,
  });
  if (isRefusal(body)) return refusalAnswer(body);
  const field = (name: string) => {
    const v = body.evidence?.arf?.[name];
    return Array.isArray(v) ? v[0] : v;
  };
  // X-ARF names each report with a UUID: the same report_id from the same reporter is one delivery.
  const reporter = field('reporter-contact') ?? field('reporter-org') ?? '';
  const reportId = field('report-id');
  const delivery = deliveryDigest(reportId ? `xarf:${reporter}:${reportId}` : input);
  return fileReport(ctx, body, complaintIdentity(reporter, body, delivery), delivery);
}

export async function startSmtpService(ctx: NodeContext): Promise<(() => Promise<void>) | undefined> {
  const { smtp } = ctx.config;
  if (!smtp.enabled) return undefined;
  const intake = await startSmtpIntake({
    host: smtp.host,
    port: smtp.port,
    hostname: `${ctx.config.handle}.arx`,
    maxBytes: smtp.maxBytes,
    limits: {
      maxConnections: smtp.maxConnections,
      maxConnectionsPerClient: smtp.maxConnectionsPerClient,
      maxRecipients: smtp.maxRecipients,
      commandTimeoutMs: smtp.commandTimeoutSeconds * 1000,
      dataTimeoutMs: smtp.dataTimeoutSeconds * 1000,
      messagesPerMinutePerClient: smtp.messagesPerMinutePerClient,
    },
    onMessage: async (raw) => {
      const r = await importArfMessage(ctx, raw);
      ctx.metrics.smtpMessages.inc(
        r.accepted ? { outcome: r.outcome, code: r.outcome } : { outcome: 'refused', code: r.code },
      );
      return r.accepted
        ? { accepted: true, code: r.outcome, message: `report ${r.id}` }
        : { accepted: false, code: r.code, message: r.message };
    },
  }).catch((error: unknown) => {
    throw listenError(error, 'smtp.port', smtp.host, smtp.port);
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

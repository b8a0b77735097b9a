/**
 * ARF import, step two: an ArfReport becomes an ARX report body, or a refusal.
 *
 * - category: Feedback-Type through ARF_FEEDBACK_TYPES (unknown types → `other`); a
 *   wrapped complaint (no feedback-report part) is `spam.source`; with `commercial`, a
 *   `spam.source` complaint about a message without the "AD" subject label is `ad.unlabelled`.
 * - about: Source-IP as a /32 or /128. Without Source-IP, the first-external-hop rule
 *   over the original message's Received fields (received.ts) and a note saying so.
 *   Never a private, loopback or reserved address.
 * - observed: first = last = Arrival-Date (else the chosen hop's time stamp, else the
 *   report's Date, else `now`), never later than `now`; count = Incidents (default 1).
 * - source: `fbl` for ARF, `complaint` for a wrapped complaint.
 * - evidence: the registered ARF fields (ARF_EVIDENCE_FIELDS) and the original header,
 *   redacted (redact.ts); digest = SHA-256 of the original message with CRLF line ends
 *   (only when the whole message is attached); format `arf` or `forwarded-message`.
 */
import { createHash } from 'node:crypto';
import { ARF_FEEDBACK_TYPES, KINDS, parseAddress, type ReportBody, type ReportCategory } from '@arx/protocol';
import { type ArfReport, DEFAULT_MAX_REPORT_BYTES, parseArf } from './arf-parse.js';
import { hasCommercialLabel } from './commercial.js';
import { addressScope, isBlameable } from './ip-scope.js';
import { canonicalLineEnds, type HeaderField } from './mime.js';
import { sourceFromReceived } from './received.js';
import { COMPLAINANT_FIELDS, createRedactor, RECIPIENT_FIELDS, type Redactor, receivedRecipients } from './redact.js';
import { isRefusal, type Refusal, refuse } from './refusal.js';

/** Options of the ARF importer. */
export interface ArfImportOptions {
  /** The importing node's clock (ms since the epoch): fallback and upper bound for `observed`. */
  readonly now: number;
  /** Secret for keyed redaction (RFC 6590); without it, redacted local parts read "redacted". */
  readonly redactionKey?: Uint8Array;
  /** Accept documentation ranges (RFC 5737, RFC 3849) as sources. For test corpora only. */
  readonly allowDocumentationAddresses?: boolean;
  /**
   * The reporter says the reported mail was commercial. A complaint filed as
   * `spam.source` about a message whose Subject lacks the "AD" / "广告" label
   * (PRC Measures, Art. 13(3)) becomes `ad.unlabelled`.
   */
  readonly commercial?: boolean;
}

/**
 * ARF fields kept as evidence: the fields registered by RFC 5965 §7.2, RFC 6591 and
 * RFC 6692, plus three draft-era names still sent (Received-Date, Removal-Recipient,
 * Redacted-Address). Unregistered extension fields are left out: nothing says they are
 * free of personal data.
 */
export const ARF_EVIDENCE_FIELDS: readonly string[] = [
  'feedback-type',
  'user-agent',
  'version',
  'arrival-date',
  'received-date',
  'source-ip',
  'source-port',
  'original-envelope-id',
  'original-mail-from',
  'original-rcpt-to',
  'reporting-mta',
  'reported-domain',
  'reported-uri',
  'incidents',
  'authentication-results',
  'auth-failure',
  'delivery-result',
  'dkim-domain',
  'dkim-identity',
  'dkim-selector',
  'dkim-selector-dns',
  'dkim-adsp-dns',
  'dkim-canonicalized-header',
  'dkim-canonicalized-body',
  'spf-dns',
  'identity-alignment',
  'removal-recipient',
  'redacted-address',
];

// Limits of the report body (protocol/src/kinds/report.ts), with room so that the whole
// entry stays far below the 64 KiB payload limit.
const MAX_VALUE_CHARS = 2048;
const MAX_VALUES_PER_FIELD = 32;
const MAX_ARF_CHARS = 24 * 1024;
const MAX_HEADER_CHARS = 16 * 1024;

const NOTE_FROM_RECEIVED = {
  en: "Source address taken from the Received field added by the reporter's inbound mail server; the report did not name one.",
  'zh-CN': '来源地址取自举报方入站邮件服务器添加的 Received 字段；举报本身未给出来源地址。',
};

function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

function clip(text: string): string {
  return text.length > MAX_VALUE_CHARS ? text.slice(0, MAX_VALUE_CHARS) : text;
}

/** RFC 6591 canonicalized header/body are base64: redact inside, re-encode, or drop if too long. */
function redactBase64(value: string, redactor: Redactor): string | undefined {
  const decoded = Buffer.from(value.replace(/\s+/g, ''), 'base64').toString('utf8');
  const encoded = Buffer.from(redactor.text(decoded), 'utf8').toString('base64');
  return encoded.length <= MAX_VALUE_CHARS ? encoded : undefined;
}

function evidenceFields(report: ArfReport, redactor: Redactor): Record<string, string | string[]> | undefined {
  const out: Record<string, string | string[]> = {};
  let budget = MAX_ARF_CHARS;
  for (const name of ARF_EVIDENCE_FIELDS) {
    const values: string[] = [];
    for (const field of report.fields) {
      if (field.name !== name || field.value === '' || values.length >= MAX_VALUES_PER_FIELD) continue;
      const value = RECIPIENT_FIELDS.has(name)
        ? redactor.recipientField(field.value)
        : name.startsWith('dkim-canonicalized-')
          ? redactBase64(field.value, redactor)
          : redactor.text(field.value);
      if (value === undefined) continue;
      const clipped = clip(value);
      if (clipped.length > budget) break;
      budget -= clipped.length;
      values.push(clipped);
    }
    if (values.length > 0) out[name] = values.length === 1 ? values[0]! : values;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The original header as evidence text: redacted field by field, "\n" line ends, size-capped. */
export function redactedHeaderText(headers: readonly HeaderField[], redactor: Redactor): string | undefined {
  const lines: string[] = [];
  let size = 0;
  for (const field of headers) {
    const name = field.text.slice(0, field.text.indexOf(':'));
    const text = RECIPIENT_FIELDS.has(field.name)
      ? `${name}: ${redactor.recipientField(field.value)}`
      : COMPLAINANT_FIELDS.has(field.name)
        ? `${name}: redacted`
        : redactor.text(field.text);
    // Whole fields only: a cut field could turn a redacted value back into a partial one.
    if (size + text.length + 1 > MAX_HEADER_CHARS) break;
    lines.push(text);
    size += text.length + 1;
  }
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** Collects every recipient address the report or its original message reveals. */
function collectRecipients(report: ArfReport, redactor: Redactor): void {
  for (const field of report.fields) if (RECIPIENT_FIELDS.has(field.name)) redactor.addRecipients(field.value);
  for (const field of report.original?.headers ?? []) {
    if (RECIPIENT_FIELDS.has(field.name)) redactor.addRecipients(field.value);
    if (field.name === 'received')
      for (const address of receivedRecipients(field.value)) redactor.addRecipients(address);
  }
}

/** Maps a parsed feedback report to a report body, or refuses it (module comment). */
export function arfToReportBody(report: ArfReport, opts: ArfImportOptions): ReportBody | Refusal {
  if (!Number.isSafeInteger(opts.now) || opts.now < 0) throw new RangeError('opts.now must be ms since the epoch');
  let category: ReportCategory = 'spam.source';
  if (report.format === 'arf') {
    // RFC 5965 §3.1: Feedback-Type is required.
    if (!report.feedbackType) return refuse('bad-feedback-report');
    category = Object.hasOwn(ARF_FEEDBACK_TYPES, report.feedbackType)
      ? ARF_FEEDBACK_TYPES[report.feedbackType as keyof typeof ARF_FEEDBACK_TYPES]
      : 'other';
  }
  if (opts.commercial && category === 'spam.source') {
    const subject = report.original?.headers.find((h) => h.name === 'subject')?.value;
    if (!hasCommercialLabel(subject)) category = 'ad.unlabelled';
  }

  let ip: Uint8Array;
  let hopDate: number | undefined;
  let fromReceived = false;
  if (report.sourceIp !== undefined) {
    try {
      ip = parseAddress(report.sourceIp);
    } catch {
      return refuse('bad-source-ip', `Source-IP "${report.sourceIp}" is not an address`);
    }
    if (!isBlameable(ip, opts)) {
      return refuse('bad-source-ip', `Source-IP ${report.sourceIp} is ${addressScope(ip)}`);
    }
  } else {
    if (!report.original) return refuse('no-source-ip', 'no Source-IP and no original message');
    const found = sourceFromReceived(report.original.headers, opts);
    if (isRefusal(found)) return found;
    ip = found.ip;
    hopDate = found.hop.date;
    fromReceived = true;
  }

  const when = Math.min(report.arrivalDate ?? hopDate ?? report.envelope.date ?? opts.now, opts.now);
  const redactor = createRedactor(opts.redactionKey ? { key: opts.redactionKey } : {});
  collectRecipients(report, redactor);
  const arf = evidenceFields(report, redactor);
  const headers = report.original ? redactedHeaderText(report.original.headers, redactor) : undefined;
  const evidence = {
    ...(arf ? { arf } : {}),
    ...(report.original?.kind === 'message' ? { digest: sha256(canonicalLineEnds(report.original.bytes)) } : {}),
    ...(headers ? { headers } : {}),
    format: report.format === 'arf' ? 'arf' : 'forwarded-message',
  };
  const body = {
    about: { ip, len: ip.length * 8 },
    category,
    observed: { first: when, last: when, count: report.incidents ?? 1 },
    source: report.format === 'arf' ? 'fbl' : 'complaint',
    evidence,
    ...(fromReceived ? { note: NOTE_FROM_RECEIVED } : {}),
  };
  try {
    return KINDS.report.check(body, 'body');
  } catch (error) {
    return refuse('invalid-report', error instanceof Error ? error.message : String(error));
  }
}

/** Parses and maps in one step: the SMTP intake and file import use this. */
export async function importArf(
  raw: Uint8Array | string,
  opts: ArfImportOptions & { maxBytes?: number },
): Promise<{ report: ArfReport; body: ReportBody } | Refusal> {
  const report = await parseArf(raw, { maxBytes: opts.maxBytes ?? DEFAULT_MAX_REPORT_BYTES });
  if (isRefusal(report)) return report;
  const body = arfToReportBody(report, opts);
  return isRefusal(body) ? body : { report, body };
}

/**
 * ARF import, step one: read a feedback report (RFC 5965, with the authentication
 * failure fields of RFC 6591 and the abuse-report rules of RFC 6650) into an ArfReport
 * that keeps what the reporter said, unredacted and unjudged. Turning it into an ARX
 * report body (choosing the address to blame, redacting) is arf-map.ts.
 *
 * mailparser decodes the report message's own header (RFC 2047 subjects, addresses).
 * The MIME tree is split here (mime.ts) because mailparser inlines message/rfc822 parts
 * into the text and loses the exact bytes of the original message, which are hashed.
 */
import { formatAddress, parseAddress } from '@arx/protocol';
import { parseMailDate } from './dates.js';
import {
  contentType,
  crOnlyToCrlf,
  type HeaderField,
  headerValue,
  MIME_LIMITS,
  type MimeLeaf,
  mimeLeaves,
  parseHeaderBlock,
  splitEntity,
  utf8,
} from './mime.js';
import { type Refusal, refuse } from './refusal.js';

/** Default size limit for one report message. FBL reports are a few kilobytes. */
export const DEFAULT_MAX_REPORT_BYTES = 10 * 1024 * 1024;

/** One field of the message/feedback-report part: lowercase name, unfolded value. */
export interface ArfField {
  readonly name: string;
  readonly value: string;
}

/** The message the report is about, as the report carries it. */
export interface OriginalMessage {
  /** 'message': the whole message (message/rfc822); 'headers': its header only (text/rfc822-headers). */
  readonly kind: 'message' | 'headers';
  /** The part's bytes after transfer decoding, line ends as received. */
  readonly bytes: Uint8Array;
  /** Its header fields, newest Received first as in the message. */
  readonly headers: readonly HeaderField[];
}

/** What the report message itself says about its sender. */
export interface ReportEnvelope {
  readonly from?: string;
  readonly subject?: string;
  readonly date?: number;
  readonly messageId?: string;
  /** The human-readable first part (RFC 5965 §2 (b)), when there is one. */
  readonly text?: string;
}

/** A parsed feedback report. Single-valued fields keep the first occurrence. */
export interface ArfReport {
  /** 'arf' for a multipart/report with a feedback-report part; 'wrapped' for a complaint carrying only the original. */
  readonly format: 'arf' | 'wrapped';
  /** Feedback-Type, lowercased (RFC 5965 §3.1). */
  readonly feedbackType?: string;
  readonly userAgent?: string;
  readonly version?: string;
  /** Arrival-Date, or the draft-era Received-Date, in ms since the epoch. */
  readonly arrivalDate?: number;
  /** Source-IP as an address text: brackets, "IPv6:" and a "(hostname)" comment removed; not yet validated. */
  readonly sourceIp?: string;
  /** Source-Port (RFC 6692). */
  readonly sourcePort?: number;
  readonly originalMailFrom?: string;
  readonly originalRcptTo: readonly string[];
  readonly originalEnvelopeId?: string;
  /** Reporting-MTA without its "dns;" type. */
  readonly reportingMta?: string;
  readonly reportedDomain: readonly string[];
  readonly reportedUri: readonly string[];
  /** Incidents (RFC 5965 §3.2); absent means one. */
  readonly incidents?: number;
  readonly authenticationResults: readonly string[];
  /** RFC 6591 fields; enumerated values lowercased. */
  readonly authFailure?: string;
  readonly deliveryResult?: string;
  readonly dkimDomain?: string;
  readonly dkimIdentity?: string;
  readonly dkimSelector?: string;
  readonly dkimCanonicalizedHeader?: string;
  readonly dkimCanonicalizedBody?: string;
  readonly dkimAdspDns?: string;
  readonly dkimSelectorDns?: string;
  readonly spfDns: readonly string[];
  readonly identityAlignment?: string;
  /** Every field of the feedback-report part, in order. */
  readonly fields: readonly ArfField[];
  readonly original?: OriginalMessage;
  readonly envelope: ReportEnvelope;
}

const FEEDBACK_REPORT = 'message/feedback-report';
// message/global* are the internationalised forms (RFC 6533); "text/rfc822-header"
// (singular) is a misspelling seen in the wild.
const ORIGINAL_MESSAGE = new Set(['message/rfc822', 'message/global']);
const ORIGINAL_HEADERS = new Set([
  'text/rfc822-headers',
  'text/rfc822-header',
  'message/rfc822-headers',
  'message/global-headers',
]);

const NOTIFICATIONS = new Set([
  'message/delivery-status',
  'message/global-delivery-status',
  'message/disposition-notification',
  'message/global-disposition-notification',
]);

function originalOf(leaf: MimeLeaf): OriginalMessage {
  const kind = ORIGINAL_MESSAGE.has(leaf.type) ? 'message' : 'headers';
  return { kind, bytes: leaf.content, headers: splitEntity(leaf.content).headers };
}

/** "192.0.2.1 (mail.example.com)", "[192.0.2.1]", "IPv6:2001:db8::1" → the address text. */
export function cleanSourceIp(value: string): string {
  let t = value.replace(/\([^)]*\)/g, ' ').trim();
  t = t.split(/\s+/)[0] ?? '';
  t = t.replace(/^\[|\]$/g, '');
  if (/^ipv6:/i.test(t)) t = t.slice(5);
  return t;
}

/** An address text in one spelling (IPv6 case and zero runs) so that equal addresses compare equal. */
function sameAddressText(text: string): string {
  try {
    return formatAddress(parseAddress(text));
  } catch {
    return text.toLowerCase();
  }
}

function positiveInteger(value: string | undefined, max: number): number | undefined {
  if (value === undefined || !/^\s*\d{1,16}\s*$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 && n <= max ? n : undefined;
}

async function readEnvelope(
  bytes: Uint8Array,
  headers: readonly HeaderField[],
  textLeaf: MimeLeaf | undefined,
): Promise<ReportEnvelope> {
  const envelope: { -readonly [K in keyof ReportEnvelope]: ReportEnvelope[K] } = {};
  // Parsed here, not by mailparser, which substitutes the current time for a date it
  // cannot read ("JST"); RFC 5322 §4.3 reads unknown zones as UTC.
  const date = parseMailDate(headerValue(headers, 'date'));
  if (date !== undefined) envelope.date = date;
  // Loaded on first use: mailparser and its dependencies are a quarter of a node's
  // module loading, and a node that imports no ARF never needs them.
  const { simpleParser } = await import('mailparser');
  try {
    const parsed = await simpleParser(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipImageLinks: true,
      skipTextLinks: true,
    });
    const from = parsed.from?.value[0]?.address;
    if (from) envelope.from = from;
    if (parsed.subject) envelope.subject = parsed.subject;
    if (parsed.messageId) envelope.messageId = parsed.messageId;
  } catch {
    // A header mailparser cannot decode leaves these fields out; the report still stands.
  }
  if (textLeaf) {
    const charset = textLeaf.params['charset'] ?? 'utf-8';
    try {
      envelope.text = new TextDecoder(charset, { fatal: false }).decode(textLeaf.content);
    } catch {
      envelope.text = utf8(textLeaf.content);
    }
  }
  return envelope;
}

/**
 * Parses a feedback report. Never throws: input that is too large, has no header, or
 * is neither ARF nor a complaint with the original message attached is refused with a
 * typed reason. CRLF, bare LF and bare CR (classic Mac OS) line ends are accepted.
 */
export async function parseArf(
  raw: Uint8Array | string,
  opts: { maxBytes?: number } = {},
): Promise<ArfReport | Refusal> {
  const received = typeof raw === 'string' ? new Uint8Array(Buffer.from(raw, 'utf8')) : raw;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_REPORT_BYTES;
  if (received.length > maxBytes) return refuse('too-large', `${received.length} bytes, limit ${maxBytes}`);
  // A message with bare CRs only has no line the MIME reader would see; as CRLF it reads
  // like its LF copy (and the original's digest, over CRLF line ends, is the same).
  const bytes = crOnlyToCrlf(received);
  const top = splitEntity(bytes);
  if (top.headers.length === 0) return refuse('unparseable', 'no header fields');

  const { leaves, truncated } = mimeLeaves(top);
  const reportAt = leaves.findIndex((leaf) => leaf.type === FEEDBACK_REPORT);
  const textLeaf = leaves.find((leaf, i) => leaf.type === 'text/plain' && (reportAt < 0 || i < reportAt));
  if (reportAt < 0) {
    // Not ARF. A complaint that attaches the original message (Hotmail's format) is
    // still usable: the source comes from its Received fields (received.ts).
    // A bounce or read receipt (RFC 3464, RFC 8098) also attaches a message, but it is
    // not a complaint: blaming the host that delivered the bounced message would be wrong.
    const topType = contentType(top.headers).type;
    // A report hidden below the limits is not "no report": say that the walk stopped.
    if (truncated === 'depth') {
      return refuse('too-deep', `multipart nested deeper than ${MIME_LIMITS.depth} levels`);
    }
    if (truncated === 'parts') return refuse('too-deep', `more than ${MIME_LIMITS.parts} MIME parts`);
    if (topType === 'multipart/report' || leaves.some((leaf) => NOTIFICATIONS.has(leaf.type))) {
      return refuse('no-feedback-report', 'a delivery or disposition notification, not a complaint');
    }
    const attached = leaves.find((leaf) => ORIGINAL_MESSAGE.has(leaf.type));
    if (!attached) return refuse('no-feedback-report', `top-level type ${topType}`);
    return {
      format: 'wrapped',
      originalRcptTo: [],
      reportedDomain: [],
      reportedUri: [],
      authenticationResults: [],
      spfDns: [],
      fields: [],
      original: originalOf(attached),
      envelope: await readEnvelope(bytes, top.headers, textLeaf),
    };
  }

  // The feedback-report body is a block of header-like fields (RFC 5965 §3); some
  // generators put a blank line before it.
  const reportText = utf8(leaves[reportAt]!.content).replace(/^(\r?\n)+/, '');
  const fields: ArfField[] = parseHeaderBlock(reportText).map(({ name, value }) => ({ name, value }));
  const one = (name: string) => fields.find((f) => f.name === name)?.value || undefined;
  const all = (name: string) => fields.filter((f) => f.name === name && f.value !== '').map((f) => f.value);
  const lower = (name: string) => one(name)?.toLowerCase();
  const originalLeaf = leaves
    .slice(reportAt + 1)
    .find((leaf) => ORIGINAL_MESSAGE.has(leaf.type) || ORIGINAL_HEADERS.has(leaf.type));

  const report: { -readonly [K in keyof ArfReport]: ArfReport[K] } = {
    format: 'arf',
    originalRcptTo: all('original-rcpt-to'),
    reportedDomain: all('reported-domain'),
    reportedUri: all('reported-uri'),
    authenticationResults: all('authentication-results'),
    spfDns: all('spf-dns'),
    fields,
    envelope: await readEnvelope(bytes, top.headers, textLeaf),
  };
  const set = <K extends keyof ArfReport>(key: K, value: ArfReport[K] | undefined) => {
    if (value !== undefined) report[key] = value;
  };
  set('feedbackType', lower('feedback-type'));
  set('userAgent', one('user-agent'));
  set('version', one('version'));
  // "Received-Date" is the name drafts of RFC 5965 used for Arrival-Date.
  set('arrivalDate', parseMailDate(one('arrival-date') ?? one('received-date')));
  // RFC 5965 §3.2 allows Source-IP once; two that disagree leave no address to blame.
  const sourceIps = all('source-ip').map(cleanSourceIp);
  const distinct = [...new Set(sourceIps.map(sameAddressText))];
  if (distinct.length > 1) return refuse('conflicting-source-ip', distinct.slice(0, 4).join(', '));
  set('sourceIp', sourceIps[0]);
  set('sourcePort', positiveInteger(one('source-port'), 65535));
  set('originalMailFrom', one('original-mail-from'));
  set('originalEnvelopeId', one('original-envelope-id'));
  set('reportingMta', one('reporting-mta')?.replace(/^\s*dns\s*;\s*/i, ''));
  set('incidents', positiveInteger(one('incidents'), Number.MAX_SAFE_INTEGER));
  set('authFailure', lower('auth-failure'));
  set('deliveryResult', lower('delivery-result'));
  set('dkimDomain', one('dkim-domain'));
  set('dkimIdentity', one('dkim-identity'));
  set('dkimSelector', one('dkim-selector'));
  set('dkimCanonicalizedHeader', one('dkim-canonicalized-header'));
  set('dkimCanonicalizedBody', one('dkim-canonicalized-body'));
  set('dkimAdspDns', one('dkim-adsp-dns'));
  set('dkimSelectorDns', one('dkim-selector-dns'));
  set('identityAlignment', lower('identity-alignment'));
  set('original', originalLeaf ? originalOf(originalLeaf) : undefined);
  return report;
}

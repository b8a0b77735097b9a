/**
 * X-ARF v4 export: a stored report entry becomes an X-ARF JSON document that validates
 * against the X-ARF v4 schemas (checked before it is returned), or a refusal when X-ARF
 * has no type for the category or requires a field the report does not carry. Values
 * X-ARF requires are never invented: a mail report needs the envelope sender and the
 * source port (from the ARF evidence), a bulk-mail report at least 100 recipients.
 */
import { createHash } from 'node:crypto';
import { fromHex, isIpTarget, REPORT_CATEGORIES, type ReportCategory } from '@arx/protocol';
import { decodeEncodedWords } from './commercial.js';
import { arfValue, arfValues, checkExportable, type ExportableReport, targetText } from './exportable.js';
import { parseHeaderBlock } from './mime.js';
import { type Refusal, refuse } from './refusal.js';
import { validateXarf } from './xarf-validate.js';

/** The X-ARF version written. */
export const XARF_VERSION = '4.2.0';

/** The type-specific value written for categories that share an X-ARF type. */
const OPEN_SERVICES: Partial<Record<ReportCategory, string>> = { 'relay.open': 'smtp', 'proxy.open': 'proxy' };
const BLOCKLIST_THREATS: Partial<Record<ReportCategory, string>> = { 'policy.dynamic': 'dynamic_ip' };

/**
 * RFC 9562 §5.8 UUIDv8 ("custom") from the first 16 bytes of the entry id: X-ARF needs a
 * UUID, and one derived from the id names the same report on every export.
 */
export function reportUuid(idHex: string): string {
  const b = fromHex(idHex).slice(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Buffer.from(b).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

/** "<user@example.com>" → "user@example.com"; the null sender "<>" and non-addresses → undefined. */
function mailbox(value: string | undefined): string | undefined {
  const bare = value?.trim().replace(/^<|>$/g, '');
  return bare && /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(bare) ? bare : undefined;
}

function headerOf(headersText: string | undefined, name: string): string | undefined {
  return headersText ? parseHeaderBlock(headersText).find((h) => h.name === name)?.value : undefined;
}

/** Exports a stored report as X-ARF v4 JSON, or refuses (module comment). */
export function exportXarf(report: ExportableReport): Record<string, unknown> | Refusal {
  checkExportable(report);
  const { body } = report;
  const info = REPORT_CATEGORIES[body.category];
  if (!info.xarf) return refuse('xarf-unsupported', `${body.category} has no X-ARF type`);
  const { category, type } = info.xarf;
  const contact = { org: report.origin.org, contact: report.origin.contact, domain: report.origin.domain };
  const doc: Record<string, unknown> = {
    xarf_version: XARF_VERSION,
    report_id: reportUuid(report.id),
    timestamp: iso(body.observed.first),
    reporter: contact,
    sender: contact,
    source_identifier: targetText(body.about),
    category,
    type,
  };
  if (body.observed.last !== body.observed.first) {
    doc['first_seen'] = iso(body.observed.first);
    doc['last_seen'] = iso(body.observed.last);
  }
  if (body.confidence !== undefined) doc['confidence'] = body.confidence / 100;
  if (body.note?.['en']) doc['description'] = body.note['en'].slice(0, 1000);
  const missing: string[] = [];

  if (category === 'messaging') {
    // ARF evidence names the envelope sender Original-Mail-From; X-ARF evidence, smtp_from.
    const smtpFrom = mailbox(arfValue(body, 'original-mail-from') ?? arfValue(body, 'smtp-from'));
    const port = Number(arfValue(body, 'source-port'));
    if (!smtpFrom) missing.push('smtp_from (Original-Mail-From)');
    if (!Number.isInteger(port) || port < 1 || port > 65535) missing.push('source_port (Source-Port)');
    doc['protocol'] = 'smtp';
    if (smtpFrom) doc['smtp_from'] = smtpFrom;
    if (!missing.length) doc['source_port'] = port;
    // Only values both messaging types' evidence_source enums allow (spamtrap: spam only).
    if (body.source === 'fbl' || body.source === 'complaint') doc['evidence_source'] = 'user_complaint';
    else if (body.source === 'trap' && type === 'spam') doc['evidence_source'] = 'spamtrap';
    // An X-ARF import keeps `subject` as a field; an ARF import keeps the header.
    const header = headerOf(body.evidence?.headers, 'subject');
    const subject = arfValue(body, 'subject') ?? (header === undefined ? undefined : decodeEncodedWords(header));
    if (subject) doc['subject'] = subject.slice(0, 500);
    if (type === 'bulk_messaging') {
      // A count an X-ARF reporter gave is kept; otherwise each observed message reached
      // at least one recipient, so observed.count is a lower bound.
      const given = Number(arfValue(body, 'recipient-count'));
      const recipients = Number.isSafeInteger(given) && given > 0 ? given : body.observed.count;
      if (recipients < 100) missing.push('recipient_count (at least 100)');
      else doc['recipient_count'] = recipients;
    }
  } else if (category === 'vulnerability') {
    doc['service'] = OPEN_SERVICES[body.category] ?? 'unknown';
  } else if (category === 'reputation') {
    doc['threat_type'] = BLOCKLIST_THREATS[body.category] ?? body.category;
  } else if (category === 'infrastructure') {
    doc['compromise_evidence'] =
      body.note?.['en'] ?? `Reported as ${info.en.toLowerCase()}, observed ${body.observed.count} time(s)`;
  } else if (category === 'content') {
    // A report about the hosting address names the content by its URL in the evidence
    // (X-ARF `url`, ARF `Reported-URI`).
    const url = isIpTarget(body.about)
      ? [arfValue(body, 'url'), ...arfValues(body, 'reported-uri')].find((u) => u && /^https?:\/\/\S+$/i.test(u))
      : 'url' in body.about
        ? body.about.url
        : `http://${body.about.domain}/`;
    if (!url) missing.push('url (the report is about an address and its evidence names no URL)');
    else doc['url'] = url;
    const host = url ? /^https?:\/\/([^/:?#]+)/.exec(url)?.[1]?.toLowerCase() : undefined;
    if (host && /^([a-z0-9]+(-[a-z0-9]+)*\.)+[a-z]{2,}$/.test(host)) doc['domain'] = host;
    if (type === 'fraud') doc['fraud_type'] = 'other';
  }
  if (missing.length > 0) return refuse('xarf-incomplete', missing.join(', '));

  if (body.evidence?.headers) {
    const payload = Buffer.from(body.evidence.headers.replace(/\r?\n/g, '\r\n'), 'utf8');
    doc['evidence'] = [
      {
        content_type: 'text/rfc822-headers',
        description: 'Header of the reported message, recipient addresses redacted (RFC 6590)',
        payload: payload.toString('base64'),
        hash: `sha256:${createHash('sha256').update(payload).digest('hex')}`,
      },
    ];
  }
  doc['tags'] = [`arx-entry:${report.id}`, `arx-category:${body.category.replace(/\./g, '-')}`];

  const verdict = validateXarf(doc);
  if (!verdict.valid) return refuse('invalid-report', verdict.errors.slice(0, 5).join('; '));
  return doc;
}

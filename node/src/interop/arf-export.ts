/**
 * ARF export: a stored report entry becomes an RFC 5965 feedback report for an abuse
 * mailbox that does not speak ARX: multipart/report with (1) a human-readable part in
 * English and Simplified Chinese, (2) the message/feedback-report fields, (3) the
 * reported message's header, recipients already redacted, as text/rfc822-headers.
 * The output is a pure function of its input (boundary and Message-ID derive from the
 * entry id), with CRLF line ends and lines within RFC 5322's 998-character limit.
 */
import {
  describeCode,
  displayLanguage,
  isIpTarget,
  REPORT_CATEGORIES,
  REPORT_SOURCES,
  type ReportBody,
} from '@arx/protocol';
import { formatMailDate } from './dates.js';
import { arfValues, checkExportable, type ExportableReport, targetText } from './exportable.js';

/** Options of the ARF exporter. */
export interface ArfExportOptions {
  /** The From field: an address, or "Name <address>". */
  readonly from: string;
  /** Recipients (the To field). */
  readonly to: string | readonly string[];
  /** Language shown first in the subject and the human-readable part (BCP 47); English by default. */
  readonly lang?: string;
  /** User-Agent of the feedback report (RFC 5965 §3.1). */
  readonly userAgent?: string;
}

/** Evidence fields passed through to the feedback-report part, with their registered spelling. */
const PASSED_THROUGH: Readonly<Record<string, string>> = {
  'source-port': 'Source-Port',
  'original-envelope-id': 'Original-Envelope-Id',
  'original-mail-from': 'Original-Mail-From',
  'original-rcpt-to': 'Original-Rcpt-To',
  'reporting-mta': 'Reporting-MTA',
  'reported-domain': 'Reported-Domain',
  'reported-uri': 'Reported-URI',
  'authentication-results': 'Authentication-Results',
  'auth-failure': 'Auth-Failure',
  'delivery-result': 'Delivery-Result',
  'dkim-domain': 'DKIM-Domain',
  'dkim-identity': 'DKIM-Identity',
  'dkim-selector': 'DKIM-Selector',
  'dkim-selector-dns': 'DKIM-Selector-DNS',
  'dkim-adsp-dns': 'DKIM-ADSP-DNS',
  'dkim-canonicalized-header': 'DKIM-Canonicalized-Header',
  'dkim-canonicalized-body': 'DKIM-Canonicalized-Body',
  'spf-dns': 'SPF-DNS',
  'identity-alignment': 'Identity-Alignment',
  'removal-recipient': 'Removal-Recipient',
  'redacted-address': 'Redacted-Address',
};

const CRLF = '\r\n';

/** Folds "Name: value" at spaces so lines stay within `limit` where the value allows. */
function fold(line: string, limit = 78): string {
  if (line.length <= limit) return line;
  const words = line.split(' ');
  const lines: string[] = [];
  let current = words[0]!;
  for (const word of words.slice(1)) {
    if (word !== '' && current.trim() !== '' && current.length + 1 + word.length > limit) {
      lines.push(current);
      current = ` ${word}`;
    } else {
      current += ` ${word}`;
    }
  }
  lines.push(current);
  return lines.join(CRLF);
}

/** RFC 2047 encoded-words (UTF-8, base64), each within 75 characters, split on code points. */
function encodeWords(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}

function checkHeaderText(name: string, value: string): void {
  if (/[\r\n]/.test(value)) throw new TypeError(`${name} must not contain line breaks`);
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

function observedText(body: ReportBody, lang: 'en' | 'zh'): string {
  const { first, last, count } = body.observed;
  if (lang === 'en') {
    return count === 1 && first === last
      ? `once, at ${iso(first)}`
      : `${count} time(s) between ${iso(first)} and ${iso(last)}`;
  }
  return count === 1 && first === last ? `1 次，于 ${iso(first)}` : `${iso(first)} 至 ${iso(last)} 期间共 ${count} 次`;
}

function humanText(report: ExportableReport, zhFirst: boolean): string {
  const { body } = report;
  const about = targetText(body.about);
  const note = body.note;
  const en = [
    `This is an abuse report in ARF format (RFC 5965), sent by ${report.origin.org} through ARX.`,
    '',
    `Category: ${describeCode(REPORT_CATEGORIES, body.category, 'en')} (${body.category})`,
    `Source: ${about}`,
    `Observed: ${observedText(body, 'en')}`,
    `Reported from: ${describeCode(REPORT_SOURCES, body.source, 'en')}`,
    `ARX entry: ${report.id}`,
    ...(note?.['en'] ? [`Note: ${note['en']}`] : []),
    '',
    'The machine-readable report is the second part of this message; the header of the',
    'reported message, with recipient addresses redacted, is the third.',
  ];
  const zhNote = note?.['zh-CN'] ?? note?.['zh'] ?? note?.['zh-Hans'];
  const zh = [
    `这是一份 ARF 格式（RFC 5965）的滥用举报，由 ${report.origin.org} 通过 ARX 发送。`,
    '',
    `类别：${describeCode(REPORT_CATEGORIES, body.category, 'zh')}（${body.category}）`,
    `来源：${about}`,
    `观察：${observedText(body, 'zh')}`,
    `举报途径：${describeCode(REPORT_SOURCES, body.source, 'zh')}`,
    `ARX 条目：${report.id}`,
    ...(zhNote ? [`备注：${zhNote}`] : []),
    '',
    '机器可读的举报是本邮件的第二部分；被举报邮件的邮件头（收件人地址已隐去）是第三部分。',
  ];
  const parts = zhFirst ? [zh, en] : [en, zh];
  return parts.map((lines) => lines.join(CRLF)).join(`${CRLF}${CRLF}----${CRLF}${CRLF}`);
}

function feedbackFields(report: ExportableReport, userAgent: string): string[] {
  const { body } = report;
  const lines = [
    // RFC 5965 §3.1: Feedback-Type, User-Agent and Version are required, Version is 1.
    `Feedback-Type: ${REPORT_CATEGORIES[body.category].arf ?? 'other'}`,
    `User-Agent: ${userAgent}`,
    'Version: 1',
    `Arrival-Date: ${formatMailDate(body.observed.last)}`,
  ];
  if (isIpTarget(body.about) && body.about.len === body.about.ip.length * 8) {
    lines.push(`Source-IP: ${targetText(body.about)}`);
  }
  if (body.observed.count > 1) lines.push(`Incidents: ${body.observed.count}`);
  // A domain or URL report names its target; evidence may name it again.
  const target = isIpTarget(body.about)
    ? undefined
    : { name: 'domain' in body.about ? 'reported-domain' : 'reported-uri', value: targetText(body.about) };
  for (const [name, display] of Object.entries(PASSED_THROUGH)) {
    const values = arfValues(body, name);
    if (target?.name === name && !values.includes(target.value)) values.unshift(target.value);
    for (const value of values) {
      // Without RFC 6532, header fields are ASCII; other values stay in the entry.
      if (!/^[\x20-\x7e\t]*$/.test(value)) continue;
      // Base64 may be folded anywhere (decoders skip white space); any other value too
      // long for one 998-character line without a space to fold at stays in the entry.
      const field = name.startsWith('dkim-canonicalized-')
        ? `${display}:${value.replace(/\s+/g, '').replace(/.{1,76}/g, `${CRLF} $&`)}`
        : fold(`${display}: ${value}`);
      if (field.split(CRLF).every((line) => line.length <= 998)) lines.push(field);
    }
  }
  return lines;
}

/** The headers part: stored "\n" lines as CRLF, over-long lines folded. */
function headersPart(headers: string | undefined): string {
  if (!headers) return '';
  // RFC 5322 §2.1.1: no line over 998 characters. Fold at spaces; a longer run without
  // one is folded where it must be (the value gains a space, the message stays valid).
  return headers
    .split(/\r?\n/)
    .map((line) => (line.length > 998 ? fold(line, 998) : line))
    .join(CRLF)
    .split(CRLF)
    .map((line) => (line.length > 998 ? line.replace(/(.{997})(?=.)/g, `$1${CRLF} `) : line))
    .join(CRLF);
}

/** Exports a stored report as an RFC 5965 feedback report message (CRLF line ends). */
export function exportArf(report: ExportableReport, opts: ArfExportOptions): string {
  checkExportable(report);
  const to = typeof opts.to === 'string' ? [opts.to] : [...opts.to];
  if (to.length === 0) throw new TypeError('opts.to must name at least one recipient');
  checkHeaderText('opts.from', opts.from);
  for (const address of to) checkHeaderText('opts.to', address);
  const userAgent = opts.userAgent ?? 'ARX/1';
  checkHeaderText('opts.userAgent', userAgent);

  const { body } = report;
  const zhFirst = displayLanguage(opts.lang) === 'zh-CN';
  const about = targetText(body.about);
  const subjectEn = `Abuse report: ${describeCode(REPORT_CATEGORIES, body.category, 'en')} from ${about}`;
  const subjectZh = `滥用举报：来自 ${about} 的${describeCode(REPORT_CATEGORIES, body.category, 'zh')}`;
  const subject = zhFirst ? `${subjectZh} / ${subjectEn}` : `${subjectEn} / ${subjectZh}`;
  const fromDomain = /@([^\s<>@]+)>?\s*$/.exec(opts.from)?.[1] ?? report.origin.domain;
  const boundary = `----=_ARX_${report.id.slice(0, 32)}`;
  const text = Buffer.from(humanText(report, zhFirst), 'utf8')
    .toString('base64')
    .replace(/.{76}/g, `$&${CRLF}`)
    .replace(/\r\n$/, '');
  const headers = headersPart(body.evidence?.headers);

  const message = [
    `From: ${opts.from}`,
    fold(`To: ${to.join(', ')}`),
    `Subject: ${encodeWords(subject)}`,
    `Date: ${formatMailDate(report.ts)}`,
    `Message-ID: <${report.id}@${fromDomain}>`,
    'MIME-Version: 1.0',
    // RFC 3834: an automatic message; mail systems must not auto-reply to it.
    'Auto-Submitted: auto-generated',
    `Content-Type: multipart/report; report-type=feedback-report;${CRLF} boundary="${boundary}"`,
    '',
    'This is an abuse report in ARF format (RFC 5965).',
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    text,
    '',
    `--${boundary}`,
    'Content-Type: message/feedback-report',
    '',
    ...feedbackFields(report, userAgent),
    '',
    `--${boundary}`,
    'Content-Type: text/rfc822-headers',
    `Content-Transfer-Encoding: ${/^[\x00-\x7f]*$/.test(headers) ? '7bit' : '8bit'}`,
    '',
    headers,
    '',
    `--${boundary}--`,
    '',
  ];
  return message.join(CRLF);
}

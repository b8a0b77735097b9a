import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePrefix, REPORT_CATEGORIES, type ReportBody, type ReportCategory } from '@arx/protocol';
import { simpleParser } from 'mailparser';
import {
  type ArfReport,
  arfToReportBody,
  type ExportableReport,
  exportArf,
  isRefusal,
  parseArf,
} from '../../src/interop/index.js';
import { ARF_SAMPLES, arfSample, CORPUS_OPTIONS } from './corpus.js';

const ORIGIN = { org: 'Example ISP', contact: 'abuse@isp.example', domain: 'isp.example' };
const OPTS = { from: 'ARX reports <arx@isp.example>', to: 'abuse@sender.example' };

function stored(body: ReportBody, id = 'c3'.repeat(32)): ExportableReport {
  return { body, id, ts: Date.parse('2025-02-01T08:00:00Z'), origin: ORIGIN };
}

async function imported(name: string): Promise<ReportBody | undefined> {
  const report = await parseArf(arfSample(name));
  if (isRefusal(report)) return undefined;
  const body = arfToReportBody(report, CORPUS_OPTIONS);
  return isRefusal(body) ? undefined : body;
}

async function reparsed(message: string): Promise<ArfReport> {
  const report = await parseArf(message);
  if (isRefusal(report)) assert.fail(`own export refused: ${report.code}`);
  return report;
}

test('an exported report is well-formed mail: CRLF only, lines within 998 characters, ASCII', async () => {
  for (const name of ARF_SAMPLES) {
    const body = await imported(name);
    if (!body) continue;
    const message = exportArf(stored(body), OPTS);
    assert.doesNotMatch(message, /[^\r]\n/, `${name}: bare LF`);
    assert.doesNotMatch(message, /\r(?!\n)/, `${name}: bare CR`);
    for (const line of message.split('\r\n')) assert.ok(line.length <= 998, `${name}: long line`);
    assert.match(message, /^[\x00-\x7f]*$/, `${name}: non-ASCII outside encoded parts`);
  }
});

test('every imported sample survives export and re-import: same fields, same report', async () => {
  let checked = 0;
  for (const name of ARF_SAMPLES) {
    const body = await imported(name);
    if (!body) continue;
    const message = exportArf(stored(body), OPTS);
    const report = await reparsed(message);
    assert.equal(report.format, 'arf');
    assert.equal(report.feedbackType, REPORT_CATEGORIES[body.category].arf, name);
    assert.equal(report.version, '1');
    assert.equal(report.original?.kind, 'headers');
    // The redacted header travels unchanged (CRLF on the wire, "\n" in the entry).
    assert.equal(
      report.original?.headers.map((h) => h.text).join('\n'),
      body.evidence?.headers,
      `${name}: headers part`,
    );
    for (const field of ['original-mail-from', 'original-rcpt-to', 'reported-domain', 'authentication-results']) {
      const sent = body.evidence?.arf?.[field];
      const received = report.fields.filter((f) => f.name === field).map((f) => f.value);
      assert.deepEqual(received, sent === undefined ? [] : [sent].flat(), `${name}: ${field}`);
    }
    const again = arfToReportBody(report, CORPUS_OPTIONS);
    if (isRefusal(again)) assert.fail(`${name}: re-import refused: ${again.code}`);
    assert.deepEqual(again.about, body.about, name);
    assert.equal(again.category, body.category, name);
    assert.deepEqual(again.observed, body.observed, name);
    assert.equal(again.evidence?.headers, body.evidence?.headers, name);
    checked++;
  }
  assert.ok(checked >= 12);
});

test('over-long values never make a line longer than 998 characters', async () => {
  const canonical = Buffer.alloc(1500, 7).toString('base64'); // 2000 characters, no spaces
  const body: ReportBody = {
    about: parsePrefix('198.51.100.7'),
    category: 'auth.failure',
    observed: { first: 0, last: 0, count: 1 },
    source: 'fbl',
    evidence: {
      arf: {
        'dkim-canonicalized-body': canonical,
        'reported-uri': `http://example.net/${'a'.repeat(1990)}`,
        'original-mail-from': '<a@example.net>',
      },
      headers: `Received: from x (x [198.51.100.7]) by mx.isp.example\nX-Long: ${'b'.repeat(1500)}\nSubject: hi`,
    },
  };
  const message = exportArf(stored(body), OPTS);
  for (const line of message.split('\r\n')) assert.ok(line.length <= 998, `line of ${line.length}`);
  const report = await reparsed(message);
  assert.equal(report.dkimCanonicalizedBody?.replace(/\s+/g, ''), canonical);
  assert.deepEqual(report.reportedUri, [], 'a 2000-character URI cannot be one header line');
  assert.equal(report.originalMailFrom, '<a@example.net>');
  assert.equal(report.original?.headers.find((h) => h.name === 'x-long')?.value.replace(/\s+/g, ''), 'b'.repeat(1500));
});

test('the human-readable part is in English and Simplified Chinese; lang puts Chinese first', async () => {
  const body = (await imported('sisimai-arf-16.eml'))!;
  const en = await simpleParser(exportArf(stored(body), OPTS));
  const zh = await simpleParser(exportArf(stored(body), { ...OPTS, lang: 'zh-CN' }));
  for (const text of [en.text ?? '', zh.text ?? '']) {
    assert.match(text, /Category: Host sending spam \(spam\.source\)/);
    assert.match(text, /类别：发送垃圾邮件的主机（spam\.source）/);
    assert.match(text, /Source: 192\.0\.2\.1/);
    assert.match(text, /来源：192\.0\.2\.1/);
  }
  assert.ok((en.text ?? '').indexOf('Category') < (en.text ?? '').indexOf('类别'));
  assert.ok((zh.text ?? '').indexOf('类别') < (zh.text ?? '').indexOf('Category'));
  assert.equal(
    en.subject,
    'Abuse report: Host sending spam from 192.0.2.1 / 滥用举报：来自 192.0.2.1 的发送垃圾邮件的主机',
  );
  assert.match(zh.subject ?? '', /^滥用举报/);
  assert.equal(en.messageId, `<${'c3'.repeat(32)}@isp.example>`);
});

test('counts, prefixes, domains and URLs are written in the fields ARF has for them', async () => {
  const base: ReportBody = {
    about: parsePrefix('198.51.100.7'),
    category: 'spam.source',
    observed: { first: Date.parse('2025-01-01T00:00:00Z'), last: Date.parse('2025-01-02T00:00:00Z'), count: 7 },
    source: 'trap',
  };
  const counted = await reparsed(exportArf(stored(base), OPTS));
  assert.equal(counted.incidents, 7);
  assert.equal(counted.sourceIp, '198.51.100.7');
  assert.equal(counted.arrivalDate, Date.parse('2025-01-02T00:00:00Z'));

  const prefix = await reparsed(exportArf(stored({ ...base, about: parsePrefix('198.51.100.0/24') }), OPTS));
  assert.equal(prefix.sourceIp, undefined, 'a prefix is not one Source-IP');
  const domain = await reparsed(exportArf(stored({ ...base, about: { domain: 'shop.example' } }), OPTS));
  assert.deepEqual(domain.reportedDomain, ['shop.example']);
  const url = await reparsed(exportArf(stored({ ...base, about: { url: 'https://shop.example/x?y=1' } }), OPTS));
  assert.deepEqual(url.reportedUri, ['https://shop.example/x?y=1']);
  // ARF import only produces reports about addresses: a domain report comes back refused.
  const back = arfToReportBody(domain, CORPUS_OPTIONS);
  assert.ok(isRefusal(back));
  assert.equal(back.code, 'no-source-ip');
});

test('categories without an ARF Feedback-Type are sent as "other"', async () => {
  for (const category of Object.keys(REPORT_CATEGORIES) as ReportCategory[]) {
    const body: ReportBody = {
      about: parsePrefix('198.51.100.7'),
      category,
      observed: { first: 0, last: 0, count: 1 },
      source: 'manual',
    };
    const report = await reparsed(exportArf(stored(body), OPTS));
    assert.equal(report.feedbackType, REPORT_CATEGORIES[category].arf ?? 'other', category);
  }
});

test('the output is a pure function of its input', () => {
  const body: ReportBody = {
    about: parsePrefix('198.51.100.7'),
    category: 'phishing',
    observed: { first: 0, last: 0, count: 1 },
    source: 'manual',
    note: { en: 'Seen in a campaign', 'zh-CN': '在一次活动中发现' },
  };
  const a = exportArf(stored(body), OPTS);
  assert.equal(exportArf(stored(body), OPTS), a);
  assert.notEqual(exportArf(stored(body, 'd4'.repeat(32)), OPTS), a);
});

test('header injection through the options is a programming error', () => {
  const body: ReportBody = {
    about: parsePrefix('198.51.100.7'),
    category: 'spam.source',
    observed: { first: 0, last: 0, count: 1 },
    source: 'manual',
  };
  assert.throws(() => exportArf(stored(body), { ...OPTS, to: 'a@b.example\r\nBcc: x@y.example' }), TypeError);
  assert.throws(() => exportArf(stored(body), { ...OPTS, from: 'a@b.example\nX: y' }), TypeError);
  assert.throws(() => exportArf(stored(body), { ...OPTS, to: [] }), TypeError);
});

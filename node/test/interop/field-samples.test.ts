/**
 * Mail as it arrives from the field: a large report with its attachment, classic Mac
 * line ends, deep MIME nesting, two Source-IP fields, the commercial-mail rules, X-ARF
 * of another version, and exports that keep what the import kept.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatPrefix, isIpTarget, parsePrefix, type ReportBody } from '@arx/protocol';
import {
  type ArfReport,
  arfToReportBody,
  decodeEncodedWords,
  type ExportableReport,
  exportArf,
  exportXarf,
  hasCommercialLabel,
  importArf,
  importXarf,
  isRefusal,
  parseArf,
} from '../../src/interop/index.js';
import { arfMessage, arfSample, CORPUS_OPTIONS, largeArf, NOW, xarfSample } from './corpus.js';

const ORIGINAL = [
  'Received: from mail.sender.example (mail.sender.example [192.0.2.25]) by mx1.isp.example with ESMTP; Tue, 1 Apr 2025 10:00:00 +0000',
  'From: <news@sender.example>',
  'To: <kijitora@isp.example>',
  'Subject: Spring sale',
  'Date: Tue, 1 Apr 2025 09:59:00 +0000',
  '',
  'Buy now.',
  '',
].join('\n');

async function body(raw: string | Uint8Array, opts = {}): Promise<ReportBody> {
  const result = await importArf(raw, { ...CORPUS_OPTIONS, ...opts });
  if (isRefusal(result)) assert.fail(`refused: ${result.code} ${result.detail ?? ''}`);
  return result.body;
}

async function refusal(raw: string | Uint8Array, opts = {}): Promise<string> {
  const result = await importArf(raw, { ...CORPUS_OPTIONS, ...opts });
  assert.ok(isRefusal(result), 'expected a refusal');
  return result.code;
}

const about = (b: ReportBody) => (isIpTarget(b.about) ? formatPrefix(b.about) : JSON.stringify(b.about));

test('a report with a 5 MB attachment is read whole under the 10 MiB default, and refused as too-large over a limit', async () => {
  const raw = largeArf(5 * 1024 * 1024);
  assert.ok(raw.length > 5 * 1024 * 1024);
  const imported = await body(raw);
  assert.equal(about(imported), '192.0.2.25/32');
  assert.equal(imported.evidence?.digest?.length, 32);
  assert.equal(await refusal(raw, { maxBytes: 1024 * 1024 }), 'too-large');
});

test('a CR-only copy of a corpus sample imports exactly as the sample does', async () => {
  const sample = Buffer.from(arfSample('sisimai-arf-17.eml')).toString('latin1');
  const crOnly = new Uint8Array(Buffer.from(sample.replace(/\r?\n/g, '\r'), 'latin1'));
  assert.ok(!crOnly.includes(0x0a));
  const fromCr = await body(crOnly, { now: NOW });
  const fromLf = await body(sample, { now: NOW });
  assert.deepEqual(fromCr, fromLf);
  const parsed = (await parseArf(crOnly)) as ArfReport;
  assert.equal(parsed.feedbackType, 'abuse');
});

test('MIME nested past the depth limit is refused as too-deep, not as "no feedback report"', async () => {
  let nested = arfMessage('Feedback-Type: abuse\nSource-IP: 192.0.2.25\n', ORIGINAL);
  for (let i = 0; i < 10; i++) {
    nested = [`Content-Type: multipart/mixed; boundary="n${i}"`, '', `--n${i}`, nested, `--n${i}--`, ''].join('\n');
  }
  nested = `From: fbl@example.com\n${nested}`;
  assert.equal(await refusal(nested), 'too-deep');
  // Three levels are fine.
  let shallow = arfMessage('Feedback-Type: abuse\nSource-IP: 192.0.2.25\n', ORIGINAL);
  for (let i = 0; i < 3; i++) {
    shallow = [`Content-Type: multipart/mixed; boundary="s${i}"`, '', `--s${i}`, shallow, `--s${i}--`, ''].join('\n');
  }
  assert.equal(about(await body(`From: fbl@example.com\n${shallow}`)), '192.0.2.25/32');
});

test('two different Source-IP fields are refused as conflicting; the same address twice is one', async () => {
  const two = arfMessage('Feedback-Type: abuse\nSource-IP: 192.0.2.25\nSource-IP: 198.51.100.7\n', ORIGINAL);
  assert.equal(await refusal(two), 'conflicting-source-ip');
  const v6 = arfMessage('Feedback-Type: abuse\nSource-IP: 2001:DB8::1\nSource-IP: [2001:db8:0::1]\n', ORIGINAL);
  assert.equal(about(await body(v6)), '2001:db8::1/128');
});

test('ARF opt-out files optout.ignored; --commercial files ad.unlabelled when the subject lacks the label', async () => {
  const optOut = arfMessage('Feedback-Type: opt-out\nSource-IP: 192.0.2.25\n', ORIGINAL);
  assert.equal((await body(optOut)).category, 'optout.ignored');
  const abuse = arfMessage('Feedback-Type: abuse\nSource-IP: 192.0.2.25\n', ORIGINAL);
  assert.equal((await body(abuse)).category, 'spam.source');
  assert.equal((await body(abuse, { commercial: true })).category, 'ad.unlabelled');
  const labelled = ORIGINAL.replace('Subject: Spring sale', 'Subject: =?UTF-8?B?44CQ5bm/5ZGK44CR?= Spring sale');
  const labelledReport = arfMessage('Feedback-Type: abuse\nSource-IP: 192.0.2.25\n', labelled);
  assert.equal((await body(labelledReport, { commercial: true })).category, 'spam.source');
  // A complaint of another kind is not re-filed.
  const fraud = arfMessage('Feedback-Type: fraud\nSource-IP: 192.0.2.25\n', ORIGINAL);
  assert.equal((await body(fraud, { commercial: true })).category, 'fraud');
});

test('the commercial label is "AD" as a word or "广告" at the front, brackets allowed', () => {
  for (const s of [
    'AD: sale',
    '[AD] sale',
    '(ad) sale',
    '广告 春季促销',
    '【广告】促销',
    '=?GB2312?B?ueO45g==?= sale',
  ]) {
    assert.equal(hasCommercialLabel(s), true, s);
  }
  for (const s of ['ADVANCE notice', 'Sale AD', 'Spring sale', '', undefined]) {
    assert.equal(hasCommercialLabel(s), false, String(s));
  }
  assert.equal(decodeEncodedWords('=?UTF-8?Q?caf=C3=A9?= =?UTF-8?B?44CC?='), 'café。');
});

test('X-ARF v3, empty and malformed JSON get their own typed refusals', () => {
  const v3 = {
    Version: '3',
    ReporterInfo: { ReporterOrg: 'Example Security', ReporterOrgEmail: 'abuse@example.com' },
    Report: { ReportClass: 'Activity', ReportType: 'Spam', Date: '2024-01-01T12:00:00Z', SourceIp: '192.0.2.1' },
  };
  for (const input of [v3, JSON.stringify(v3), { ...xarfSample('messaging-spam.json'), xarf_version: '3.0.0' }]) {
    const r = importXarf(input);
    assert.ok(isRefusal(r));
    assert.equal(r.code, 'xarf-version');
  }
  for (const input of ['', '   ', '{"xarf_version": "4.2.0",', new Uint8Array([0x7b])]) {
    const r = importXarf(input);
    assert.ok(isRefusal(r));
    assert.equal(r.code, 'unparseable', JSON.stringify(input));
  }
});

const ORIGIN = { org: 'Example Mail', contact: 'abuse@mail.example', domain: 'mail.example' };
const ID = 'ab'.repeat(32);
const exportable = (b: ReportBody): ExportableReport => ({ id: ID, ts: NOW, origin: ORIGIN, body: b });

test('ARF export writes Removal-Recipient and Redacted-Address, which import kept', async () => {
  const raw = arfMessage(
    'Feedback-Type: abuse\nSource-IP: 192.0.2.25\nRemoval-Recipient: kijitora@isp.example\nRedacted-Address: redacted@isp.example\n',
    ORIGINAL,
  );
  const imported = await body(raw);
  assert.equal(imported.evidence?.arf?.['removal-recipient'], '<redacted@isp.example>');
  const message = exportArf(exportable(imported), { from: 'abuse@mail.example', to: 'abuse@isp.example' });
  assert.match(message, /^Removal-Recipient: <redacted@isp\.example>\r$/m);
  assert.match(message, /^Redacted-Address: redacted@isp\.example\r$/m);
  const back = await parseArf(message);
  assert.ok(!isRefusal(back));
  const fields = back.fields.map((f) => f.name);
  assert.ok(fields.includes('removal-recipient') && fields.includes('redacted-address'));
});

test('X-ARF export keeps the subject of an X-ARF spam report and the URL of a content report about an address', () => {
  const spam = importXarf(
    { ...xarfSample('messaging-spam.json'), source_identifier: '192.0.2.25', subject: 'Cheap watches' },
    { allowDocumentationAddresses: true, now: NOW },
  );
  assert.ok(!isRefusal(spam));
  const withPort = { ...spam, evidence: { ...spam.evidence, arf: { ...spam.evidence?.arf, 'source-port': '25' } } };
  const doc = exportXarf(exportable(withPort as ReportBody));
  if (isRefusal(doc)) assert.fail(`${doc.code} ${doc.detail}`);
  assert.equal(doc['subject'], 'Cheap watches');

  const phishing = {
    xarf_version: '4.2.0',
    report_id: '0b6f4a59-8d1e-4f6a-9d55-2b1c0a7e9f10',
    timestamp: '2025-04-01T10:00:00Z',
    reporter: ORIGIN,
    sender: ORIGIN,
    source_identifier: '192.0.2.80',
    category: 'content',
    type: 'phishing',
    url: 'https://login.bank.example/verify',
  };
  const imported = importXarf(phishing, { allowDocumentationAddresses: true, now: NOW });
  if (isRefusal(imported)) assert.fail(`${imported.code} ${imported.detail}`);
  assert.deepEqual(imported.about, parsePrefix('192.0.2.80'));
  const back = exportXarf(exportable(imported));
  if (isRefusal(back)) assert.fail(`${back.code} ${back.detail}`);
  assert.equal(back['url'], 'https://login.bank.example/verify');
  assert.equal(back['source_identifier'], '192.0.2.80');
});

test('an ARF report maps the same whatever the line ends, including the parse-then-map path', async () => {
  const raw = arfMessage('Feedback-Type: abuse\nSource-IP: 192.0.2.25\n', ORIGINAL);
  const parsed = await parseArf(raw.replace(/\n/g, '\r'));
  assert.ok(!isRefusal(parsed));
  const mapped = arfToReportBody(parsed, CORPUS_OPTIONS);
  assert.ok(!isRefusal(mapped));
  assert.deepEqual(mapped, await body(raw));
});

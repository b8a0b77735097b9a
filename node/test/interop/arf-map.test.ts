import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import {
  ARF_FEEDBACK_TYPES,
  formatPrefix,
  generateKeyPair,
  isIpTarget,
  type ReportBody,
  signEntry,
} from '@arx/protocol';
import {
  type ArfImportOptions,
  type ArfReport,
  arfToReportBody,
  importArf,
  isRefusal,
  parseArf,
  type Refusal,
} from '../../src/interop/index.js';
import { ARF_SAMPLES, arfMessage, arfSample, CORPUS_OPTIONS, NOW } from './corpus.js';

async function report(raw: Uint8Array | string): Promise<ArfReport> {
  const parsed = await parseArf(raw);
  if (isRefusal(parsed)) assert.fail(`refused: ${parsed.code} ${parsed.detail ?? ''}`);
  return parsed;
}

async function body(raw: Uint8Array | string, opts: ArfImportOptions = CORPUS_OPTIONS): Promise<ReportBody> {
  const result = arfToReportBody(await report(raw), opts);
  if (isRefusal(result)) assert.fail(`refused: ${result.code} ${result.detail ?? ''}`);
  return result;
}

async function refusal(raw: Uint8Array | string, opts: ArfImportOptions = CORPUS_OPTIONS): Promise<Refusal> {
  const result = arfToReportBody(await report(raw), opts);
  if (!isRefusal(result)) assert.fail(`expected a refusal, got a body about ${JSON.stringify(result.about)}`);
  return result;
}

const about = (b: ReportBody) => (isIpTarget(b.about) ? formatPrefix(b.about) : JSON.stringify(b.about));
const iso = (text: string) => Date.parse(text);

/** Each sample's expected body, or the refusal it earns. `received`: source from the Received rule. */
const EXPECTED: Record<
  string,
  | { about: string; category: string; observed: number; received: boolean; digest: boolean; source?: string }
  | { refused: string }
> = {
  // No Source-IP: the one Received hop "mailserver.example.net [192.0.2.1] by example.com"; its stamp is the time.
  'mail-auth-001.eml': {
    about: '192.0.2.1/32',
    category: 'spam.source',
    observed: iso('2005-03-08T18:00:00Z'),
    received: true,
    digest: true,
  },
  'mail-auth-002.eml': {
    about: '192.0.2.1/32',
    category: 'spam.source',
    observed: iso('2005-03-08T18:00:00Z'),
    received: false,
    digest: true,
  },
  'mail-auth-003.eml': {
    about: '192.0.2.1/32',
    category: 'auth.failure',
    observed: iso('2010-04-14T19:15:31Z'),
    received: false,
    digest: true,
  },
  'sisimai-arf-01.eml': {
    about: '192.0.2.89/32',
    category: 'spam.source',
    observed: iso('2009-04-29T00:00:00Z'),
    received: false,
    digest: true,
  },
  // Yahoo: "from 127.0.0.1 (EHLO mx8.example.com) (192.0.2.8) by mta34.mail.g9.yahoo.com" — the
  // address the server recorded, not the 127.0.0.1 the sender announced.
  'sisimai-arf-02.eml': {
    about: '192.0.2.8/32',
    category: 'spam.source',
    observed: iso('2013-04-30T07:45:50Z'),
    received: true,
    digest: true,
  },
  'sisimai-arf-11.eml': {
    about: '192.0.2.2/32',
    category: 'spam.source',
    observed: iso('2006-04-09T14:34:45Z'),
    received: true,
    digest: true,
  },
  // Opt-out (a deprecated synonym of abuse); only the header is attached, so no digest.
  'sisimai-arf-12.eml': {
    about: '192.0.2.89/32',
    // Feedback-Type: opt-out.
    category: 'optout.ignored',
    observed: iso('2006-04-09T14:34:45Z'),
    received: true,
    digest: false,
  },
  'sisimai-arf-14.eml': {
    about: '192.0.2.2/32',
    category: 'spam.source',
    observed: iso('2017-04-29T23:34:45Z'),
    received: true,
    digest: true,
  },
  'sisimai-arf-15.eml': {
    about: '192.0.2.222/32',
    category: 'spam.source',
    observed: iso('2015-04-29T23:34:45Z'),
    received: false,
    digest: true,
  },
  'sisimai-arf-16.eml': {
    about: '192.0.2.1/32',
    category: 'spam.source',
    observed: iso('2015-04-29T23:34:45Z'),
    received: false,
    digest: true,
  },
  'sisimai-arf-17.eml': {
    about: '192.0.2.3/32',
    category: 'spam.source',
    observed: iso('2016-04-29T23:34:45Z'),
    received: false,
    digest: true,
  },
  'sisimai-arf-18.eml': {
    about: '192.0.2.222/32',
    category: 'auth.failure',
    observed: iso('2015-04-29T23:34:45Z'),
    received: false,
    digest: true,
  },
  // Hotmail wrapper: its only hop is "from smtp.example.com ([203.0.113.245]) by R7038-AA.example.com":
  // sender and receiver in one organisation, so the hop may be internal. Refused, not guessed.
  'sisimai-arf-22.eml': { refused: 'ambiguous-source-ip' },
  'sisimai-dos-arf-01.eml': {
    about: '192.0.2.89/32',
    category: 'spam.source',
    observed: iso('2009-04-29T00:00:00Z'),
    received: false,
    digest: true,
  },
};

test('every ARF sample has an expected mapping', () => {
  assert.deepEqual(Object.keys(EXPECTED).sort(), [...ARF_SAMPLES]);
});

for (const name of ARF_SAMPLES) {
  test(`${name}: maps to the expected report body or refusal`, async () => {
    const expected = EXPECTED[name]!;
    const result = arfToReportBody(await report(arfSample(name)), CORPUS_OPTIONS);
    if ('refused' in expected) {
      assert.ok(isRefusal(result), `${name} should be refused`);
      assert.equal(result.code, expected.refused);
      return;
    }
    if (isRefusal(result)) assert.fail(`${name} refused: ${result.code} ${result.detail ?? ''}`);
    assert.equal(about(result), expected.about);
    assert.equal(result.category, expected.category);
    assert.equal(result.source, 'fbl');
    assert.deepEqual(result.observed, { first: expected.observed, last: expected.observed, count: 1 });
    assert.equal(result.evidence?.format, 'arf');
    assert.equal(result.evidence?.digest !== undefined, expected.digest, 'digest');
    assert.equal(result.note !== undefined, expected.received, 'note about the Received rule');
    if (expected.received) {
      assert.match(result.note!['en']!, /Received field/);
      assert.match(result.note!['zh-CN']!, /Received 字段/);
    }
  });
}

test('every accepted body is a valid report that can be signed as an entry', async () => {
  const keys = generateKeyPair();
  for (const name of ARF_SAMPLES) {
    const result = arfToReportBody(await report(arfSample(name)), CORPUS_OPTIONS);
    if (isRefusal(result)) continue;
    const entry = signEntry({ seq: 1, prev: null, ts: NOW, kind: 'report', body: result }, keys);
    assert.ok(entry.bytes.length < 64 * 1024, name);
  }
});

test('documentation addresses are refused unless the caller allows them', async () => {
  const strict = { now: NOW };
  // A stated Source-IP in 192.0.2.0/24 is not a public address.
  const stated = await refusal(arfSample('sisimai-arf-15.eml'), strict);
  assert.equal(stated.code, 'bad-source-ip');
  assert.match(stated.detail ?? '', /documentation/);
  // Without Source-IP, documentation hops are skipped like private ones: nothing is left.
  assert.equal((await refusal(arfSample('sisimai-arf-02.eml'), strict)).code, 'no-source-ip');
});

test('Feedback-Type maps through ARF_FEEDBACK_TYPES; unknown types are "other"; a missing one is refused', async () => {
  const withType = (type: string) =>
    arfMessage(`${type ? `Feedback-Type: ${type}\n` : ''}User-Agent: t/1\nVersion: 1\nSource-IP: 192.0.2.1\n`);
  for (const [type, category] of Object.entries(ARF_FEEDBACK_TYPES)) {
    assert.equal((await body(withType(type))).category, category, type);
    assert.equal((await body(withType(type.toUpperCase()))).category, category, type.toUpperCase());
  }
  assert.equal((await body(withType('x-new-kind'))).category, 'other');
  assert.equal((await refusal(withType(''))).code, 'bad-feedback-report');
});

test('a Source-IP that is not a public address is refused, whatever its form', async () => {
  const withSource = (ip: string) =>
    arfMessage(`Feedback-Type: abuse\nUser-Agent: t/1\nVersion: 1\nSource-IP: ${ip}\n`);
  const refused = [
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.100',
    '127.0.0.1',
    '169.254.1.1',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    'ff02::1',
    '::ffff:10.0.0.1',
    '64:ff9b::a00:1',
    'not-an-address',
    '192.0.2.256',
    '010.0.0.1',
  ];
  for (const ip of refused) {
    assert.equal((await refusal(withSource(ip))).code, 'bad-source-ip', ip);
  }
  assert.equal(about(await body(withSource('2a00:1450:4001::1a'))), '2a00:1450:4001::1a/128');
  assert.equal(about(await body(withSource('::ffff:198.51.100.7'))), '198.51.100.7/32');
  assert.equal(about(await body(withSource('8.8.8.8 (dns.example)'))), '8.8.8.8/32');
});

test('Incidents becomes the count; the observation time never lies after now', async () => {
  const fields = (extra: string) =>
    arfMessage(`Feedback-Type: abuse\nUser-Agent: t/1\nVersion: 1\nSource-IP: 192.0.2.1\n${extra}`);
  assert.equal((await body(fields('Incidents: 42\n'))).observed.count, 42);
  assert.equal((await body(fields('Incidents: many\n'))).observed.count, 1);
  assert.equal((await body(fields('Incidents: 0\n'))).observed.count, 1);
  const future = await body(fields('Arrival-Date: Tue, 1 Jan 2041 00:00:00 +0000\n'));
  assert.deepEqual([future.observed.first, future.observed.last], [NOW, NOW]);
  // No date anywhere: the report and its original carry none, so the import time is used.
  const undated = await body(
    arfMessage('Feedback-Type: abuse\nUser-Agent: t/1\nVersion: 1\nSource-IP: 192.0.2.1\n', 'Subject: x\n'),
  );
  assert.equal(undated.observed.first, NOW);
});

// A realistic Hotmail complaint: the same wrapper, with the inbound hop written by the
// provider's own host (a different organisation from the sender).
function hotmailVariant(): string {
  return Buffer.from(arfSample('sisimai-arf-22.eml'))
    .toString('latin1')
    .replace('by R7038-AA.example.com over TLS', 'by BAY004-MC1F2.hotmail.example over TLS');
}

test('a Hotmail-style complaint is mapped from the inbound hop when that hop is unambiguous', async () => {
  const refused = await refusal(arfSample('sisimai-arf-22.eml'));
  assert.equal(refused.code, 'ambiguous-source-ip');
  assert.match(refused.detail ?? '', /same organisation/);
  assert.match(refused.en, /Received/);
  assert.match(refused.zh, /Received/);

  const mapped = await body(hotmailVariant());
  // Not 192.0.2.222 from the Subject (free text), not X-Reporter-IP (the complainant).
  assert.equal(about(mapped), '203.0.113.245/32');
  assert.equal(mapped.category, 'spam.source');
  assert.equal(mapped.source, 'complaint');
  assert.equal(mapped.evidence?.format, 'forwarded-message');
  assert.equal(mapped.evidence?.arf, undefined);
  assert.equal(mapped.observed.first, iso('2016-04-29T23:34:45Z'));
  const headers = mapped.evidence?.headers ?? '';
  assert.match(headers, /^X-HmXmrOriginalRecipient: <redacted@example\.com>$/m);
  assert.match(headers, /^X-Reporter-IP: redacted$/m);
  assert.match(headers, /^To: <redacted@example\.com>$/m);
  assert.doesNotMatch(headers, /kijitora|192\.0\.2\.22\b/);
  // The sender side stays: it is what the report is about.
  assert.match(headers, /^From: Neko <sironeko@example\.com>$/m);
});

test('the digest is SHA-256 of the original message with CRLF line ends, so LF and CRLF copies agree', async () => {
  const lf = await body(arfSample('sisimai-arf-01.eml'));
  const crlf = await body(arfSample('sisimai-dos-arf-01.eml'));
  assert.deepEqual(crlf, lf);
  const original = (await report(arfSample('sisimai-dos-arf-01.eml'))).original!;
  const expected = createHash('sha256').update(original.bytes).digest();
  assert.deepEqual(Buffer.from(lf.evidence!.digest!), expected);
});

/** Recipient addresses a sample reveals, read with a plain regex over its raw text. */
function recipientsIn(raw: string): string[] {
  const out = new Set<string>();
  const unfolded = raw.replace(/\r?\n[ \t]+/g, ' ');
  const field =
    /^(to|cc|delivered-to|x-apparently-to|x-hmxmroriginalrecipient|original-rcpt-to|removal-recipient):(.*)$/gim;
  for (const m of unfolded.matchAll(field)) {
    for (const a of m[2]!.matchAll(/[\w.+-]+@[\w.-]+\w/g)) out.add(a[0].toLowerCase());
  }
  for (const m of unfolded.matchAll(/\bfor <([^>]+@[^>]+)>/g)) out.add(m[1]!.toLowerCase());
  return [...out];
}

test('no recipient address of any sample survives into the evidence; the sender does', async () => {
  const samples = [...ARF_SAMPLES.map((name) => Buffer.from(arfSample(name)).toString('latin1')), hotmailVariant()];
  let checked = 0;
  for (const raw of samples) {
    const result = arfToReportBody(await report(raw), CORPUS_OPTIONS);
    if (isRefusal(result)) continue;
    const evidence = JSON.stringify(result.evidence).toLowerCase();
    // Report-level recipients (the abuse desk the report was sent to) are not evidence.
    const outer = raw.slice(0, raw.search(/\r?\n\r?\n/));
    const desks = new Set(recipientsIn(outer));
    for (const address of recipientsIn(raw).filter((a) => !desks.has(a) || evidence.includes(a))) {
      const local = address.split('@')[0]!;
      if (local === 'redacted') continue;
      assert.ok(!evidence.includes(address), `${address} leaked`);
      checked++;
    }
  }
  assert.ok(checked >= 15, `only ${checked} recipient addresses were checked`);
  const sixteen = await body(arfSample('sisimai-arf-16.eml'));
  assert.equal(sixteen.evidence?.arf?.['original-mail-from'], 'neko@example.jp');
  assert.deepEqual(sixteen.evidence?.arf?.['original-rcpt-to'], [
    '<redacted@example.com>',
    '<redacted@example.com>',
    '<redacted@example.com>',
    '<redacted@example.com>',
    '<redacted@example.org>',
    '<redacted@example.com>',
    '<redacted@example.com>',
  ]);
  // mail-auth-002 names the recipient again in a mailto: URI.
  const two = await body(arfSample('mail-auth-002.eml'));
  assert.deepEqual(two.evidence?.arf?.['reported-uri'], [
    'http://example.net/earn_money.html',
    'mailto:redacted@example.com',
  ]);
});

test('with a redaction key, one mailbox gets one stable pseudonym and the key matters', async () => {
  const key = new Uint8Array(32).fill(7);
  const raw = arfSample('sisimai-arf-18.eml');
  const a = await body(raw, { ...CORPUS_OPTIONS, redactionKey: key });
  const b = await body(raw, { ...CORPUS_OPTIONS, redactionKey: key });
  const c = await body(raw, { ...CORPUS_OPTIONS, redactionKey: new Uint8Array(32).fill(8) });
  const rcpt = a.evidence?.arf?.['original-rcpt-to'];
  assert.match(String(rcpt), /^<[0-9a-f]{32}@example\.com>$/);
  assert.equal(b.evidence?.arf?.['original-rcpt-to'], rcpt);
  assert.notEqual(c.evidence?.arf?.['original-rcpt-to'], rcpt);
});

test('only registered ARF fields are kept as evidence', async () => {
  const fifteen = await body(arfSample('sisimai-arf-15.eml'));
  assert.equal(fifteen.evidence?.arf?.['abuse-type'], undefined); // ReturnPath's private field
  const eighteen = await body(arfSample('sisimai-arf-18.eml'));
  assert.equal(eighteen.evidence?.arf?.['message-id'], undefined);
  assert.equal(eighteen.evidence?.arf?.['auth-failure'], 'dmarc');
  assert.equal(eighteen.evidence?.arf?.['delivery-result'], 'delivered');
});

test('recipients inside RFC 6591 canonicalized headers are redacted too', async () => {
  const canonical = Buffer.from('to:Kijitora <kijitora@example.com>\r\nfrom:spam@example.net\r\n').toString('base64');
  const raw = arfMessage(
    `Feedback-Type: auth-failure\nUser-Agent: t/1\nVersion: 1\nSource-IP: 192.0.2.1\nOriginal-Rcpt-To: kijitora@example.com\nDKIM-Canonicalized-Header: ${canonical}\n`,
  );
  const result = await body(raw);
  const decoded = Buffer.from(String(result.evidence?.arf?.['dkim-canonicalized-header']), 'base64').toString();
  assert.equal(decoded, 'to:Kijitora <redacted@example.com>\r\nfrom:spam@example.net\r\n');
});

test('evidence is capped so that any report still fits in one entry', async () => {
  const manyHeaders = Array.from({ length: 3000 }, (_, i) => `X-Filler-${i}: ${'x'.repeat(40)}`).join('\n');
  const manyFields = Array.from({ length: 200 }, () => `Reported-URI: http://example.net/${'y'.repeat(3000)}`);
  const raw = arfMessage(
    `Feedback-Type: abuse\nUser-Agent: t/1\nVersion: 1\nSource-IP: 192.0.2.1\n${manyFields.join('\n')}\n`,
    `${manyHeaders}\n\nbody\n`,
  );
  const result = await body(raw);
  assert.ok((result.evidence?.headers ?? '').length <= 16 * 1024);
  const entry = signEntry({ seq: 1, prev: null, ts: NOW, kind: 'report', body: result }, generateKeyPair());
  assert.ok(entry.bytes.length < 64 * 1024);
});

test('importArf parses and maps in one step, passing refusals through', async () => {
  const ok = await importArf(arfSample('sisimai-arf-17.eml'), CORPUS_OPTIONS);
  assert.ok(!isRefusal(ok));
  assert.equal(ok.report.sourceIp, '192.0.2.3');
  assert.equal(about(ok.body), '192.0.2.3/32');
  const refused = await importArf('Subject: x\n\nno report\n', CORPUS_OPTIONS);
  assert.ok(isRefusal(refused));
  assert.equal(refused.code, 'no-feedback-report');
});

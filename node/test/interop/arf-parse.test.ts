import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { type ArfReport, isRefusal, parseArf } from '../../src/interop/index.js';
import { ARF_DIR, ARF_SAMPLES, arfMessage, arfSample } from './corpus.js';

async function parsed(name: string): Promise<ArfReport> {
  const report = await parseArf(arfSample(name));
  if (isRefusal(report)) assert.fail(`${name} refused: ${report.code} ${report.detail ?? ''}`);
  return report;
}

const iso = (text: string) => Date.parse(text);

/**
 * What each sisimai sample says, read off the files by hand. Only the fields listed
 * are checked; `absent` lists fields the sample does not carry.
 */
const SISIMAI: Record<string, { expect: Partial<Record<keyof ArfReport, unknown>>; absent: (keyof ArfReport)[] }> = {
  'sisimai-arf-01.eml': {
    expect: {
      format: 'arf',
      feedbackType: 'abuse',
      userAgent: 'SMP-FBL',
      version: '1.0',
      // Draft-era Received-Date with a numeric zone and an "(EST)" comment: the number wins.
      arrivalDate: iso('2009-04-29T00:00:00Z'),
      sourceIp: '192.0.2.89',
      reportedDomain: ['example.ed.jp'],
      originalRcptTo: [],
    },
    absent: ['originalMailFrom', 'incidents', 'sourcePort'],
  },
  'sisimai-arf-02.eml': {
    expect: {
      feedbackType: 'abuse',
      userAgent: 'Yahoo!-Mail-Feedback/1.0',
      version: '0.1',
      arrivalDate: iso('2013-04-30T07:45:50Z'), // "23:45:50 PST" is -0800
      originalMailFrom: '<shironeko@example.com>',
      originalRcptTo: ['this-local-part-does-not-exist-on-yahoo@yahoo.com'],
      reportedDomain: ['example.com'],
      authenticationResults: [], // present but empty
    },
    absent: ['sourceIp'],
  },
  'sisimai-arf-11.eml': {
    expect: { feedbackType: 'abuse', userAgent: 'ARF-Agent/1.0', version: '0.1' },
    absent: ['sourceIp', 'arrivalDate', 'originalMailFrom'],
  },
  'sisimai-arf-12.eml': {
    expect: { feedbackType: 'opt-out', userAgent: 'ARF-Agent/1.0', version: '0.1' },
    absent: ['sourceIp', 'arrivalDate'],
  },
  'sisimai-arf-14.eml': {
    expect: {
      feedbackType: 'abuse',
      userAgent: 'Yahoo!-Mail-Feedback/2.0',
      arrivalDate: iso('2017-04-29T23:34:45Z'),
      originalMailFrom: '<2222222222222222-22222222-0000-eeee-ffff-222222222222-222222@amazonses.com>',
      originalRcptTo: ['kijitora@y.example.com'],
      reportedDomain: ['amazonses.com'],
      authenticationResults: [
        'mta2222.mail.bf2.yahoo.com  from=example.jp; domainkeys=neutral (no sig);  from=amazonses.com; dkim=pass (ok)',
      ],
    },
    absent: ['sourceIp'],
  },
  'sisimai-arf-15.eml': {
    expect: {
      feedbackType: 'abuse',
      userAgent: 'ReturnPathFBL/1.0',
      version: '1',
      arrivalDate: iso('2015-04-29T23:34:45Z'),
      sourceIp: '192.0.2.222',
      originalMailFrom: 'kijitora@example.net',
      originalRcptTo: [],
    },
    absent: ['incidents', 'sourcePort'],
  },
  'sisimai-arf-16.eml': {
    expect: {
      sourceIp: '192.0.2.1',
      arrivalDate: iso('2015-04-29T23:34:45Z'),
      originalMailFrom: 'neko@example.jp',
      originalRcptTo: [
        'kijitora@example.com',
        'sironeko@example.com',
        'mikeneko@example.com',
        'sabatora@example.com',
        'sirokiji@example.org',
        'kuroneko@example.com',
        'sabineko@example.com',
      ],
      reportedDomain: ['example.com', 'example.org'],
    },
    absent: [],
  },
  'sisimai-arf-17.eml': {
    expect: {
      feedbackType: 'abuse',
      userAgent: 'abusix-py/0.1',
      originalEnvelopeId: '000000-FFFFFF-22',
      originalMailFrom: 'sironeko@example.jp',
      originalRcptTo: ['kijitora@example.com', 'sabatora@example.net'],
      arrivalDate: iso('2016-04-29T23:34:45Z'),
      sourceIp: '192.0.2.3',
    },
    absent: [],
  },
  'sisimai-arf-18.eml': {
    expect: {
      feedbackType: 'auth-failure',
      userAgent: 'Lua/1.0',
      version: '1.0',
      originalMailFrom: 'sironeko@example.org',
      originalRcptTo: ['kijitora@example.com'],
      arrivalDate: iso('2015-04-29T23:34:45Z'),
      authenticationResults: ['dmarc=fail (p=none; dis=none) header.from=example.org'],
      sourceIp: '192.0.2.222',
      deliveryResult: 'delivered',
      authFailure: 'dmarc',
      reportedDomain: ['example.net'],
    },
    absent: ['dkimDomain'],
  },
  'sisimai-arf-22.eml': {
    // Not ARF: a multipart/mixed wrapper around the original message (Hotmail's format).
    expect: { format: 'wrapped', originalRcptTo: [], fields: [] },
    absent: ['feedbackType', 'sourceIp', 'arrivalDate'],
  },
};
SISIMAI['sisimai-dos-arf-01.eml'] = SISIMAI['sisimai-arf-01.eml']!;

test('every sisimai sample has hand-read expectations', () => {
  const sisimai = ARF_SAMPLES.filter((name) => name.startsWith('sisimai-'));
  assert.deepEqual(sisimai, Object.keys(SISIMAI).sort());
});

for (const [name, { expect, absent }] of Object.entries(SISIMAI)) {
  test(`${name}: fields read as the sample states them`, async () => {
    const report = await parsed(name);
    for (const [field, value] of Object.entries(expect)) {
      assert.deepEqual(report[field as keyof ArfReport], value, `${name}: ${field}`);
    }
    for (const field of absent) assert.equal(report[field], undefined, `${name}: ${String(field)} should be absent`);
  });
}

test('the original message or header part is found, whatever its spelling', async () => {
  const kinds: Record<string, string | undefined> = {};
  for (const name of ARF_SAMPLES) kinds[name] = (await parsed(name)).original?.kind;
  // sisimai-arf-12 carries only the header, as "text/rfc822-header" (sic).
  assert.equal(kinds['sisimai-arf-12.eml'], 'headers');
  // mail-auth-002 has a blank line after Received: the header ends there.
  for (const [name, kind] of Object.entries(kinds)) {
    if (name !== 'sisimai-arf-12.eml') assert.equal(kind, 'message', name);
  }
  const original = (await parsed('sisimai-arf-01.eml')).original!;
  assert.equal(original.headers.find((h) => h.name === 'subject')?.value, 'Kijitora cat family');
  const mailAuth2 = (await parsed('mail-auth-002.eml')).original!;
  assert.deepEqual(
    mailAuth2.headers.map((h) => h.name),
    ['from', 'received'],
  );
});

test('the report message itself: subject decoded, date read per RFC 5322 (unknown zones as UTC)', async () => {
  const yahoo = await parsed('sisimai-arf-02.eml');
  assert.equal(yahoo.envelope.from, 'feedback@arf.mail.yahoo.com');
  assert.equal(yahoo.envelope.subject, 'Fw: Nyaaaaaaaan');
  assert.equal(yahoo.envelope.date, iso('2013-04-30T07:45:00Z'));
  // "JST" is not an RFC 5322 zone: RFC 5322 §4.3 reads it as -0000, never as "now".
  assert.equal((await parsed('sisimai-arf-11.eml')).envelope.date, iso('2006-04-09T23:34:45Z'));
  assert.match((await parsed('mail-auth-001.eml')).envelope.text ?? '', /^This is an email abuse report/);
});

test('CRLF and LF copies of one report parse to the same report', async () => {
  const lf = await parsed('sisimai-arf-01.eml');
  const crlf = await parsed('sisimai-dos-arf-01.eml');
  const { original: lfOriginal, envelope: lfEnvelope, ...lfRest } = lf;
  const { original: crlfOriginal, envelope: crlfEnvelope, ...crlfRest } = crlf;
  assert.deepEqual(crlfRest, lfRest);
  assert.deepEqual(
    crlfOriginal!.headers.map((h) => [h.name, h.value]),
    lfOriginal!.headers.map((h) => [h.name, h.value]),
  );
  assert.equal(crlfEnvelope.subject, lfEnvelope.subject);
  assert.equal(crlfEnvelope.date, lfEnvelope.date);
});

// mail-auth's reading, field by field. Its enum names ("AuthFailure", "BodyHash") are the
// RFC tokens without hyphens; absent values are null, 0 or "Unspecified"; folded values
// keep their line break, which RFC 5322 §2.2.3 unfolding removes.
const norm = (v: unknown) => (typeof v === 'string' ? v.toLowerCase().replace(/[-_]/g, '') : v);
const unspecified = (v: string | undefined) => norm(v ?? 'unspecified');
const unfold = (v: unknown) => (Array.isArray(v) ? v.map((s: string) => s.replace(/\r?\n/g, '')) : v);
const COMPARED: Record<string, { ours: (r: ArfReport) => unknown; theirs?: (v: unknown) => unknown }> = {
  feedback_type: { ours: (r) => norm(r.feedbackType), theirs: norm },
  arrival_date: { ours: (r) => (r.arrivalDate === undefined ? null : r.arrivalDate / 1000) },
  authentication_results: { ours: (r) => r.authenticationResults, theirs: unfold },
  incidents: { ours: (r) => r.incidents ?? 1 },
  original_envelope_id: { ours: (r) => r.originalEnvelopeId ?? null },
  original_mail_from: { ours: (r) => r.originalMailFrom ?? null },
  original_rcpt_to: { ours: (r) => (r.originalRcptTo.length === 0 ? null : r.originalRcptTo.join(', ')) },
  reported_domain: { ours: (r) => r.reportedDomain },
  reported_uri: { ours: (r) => r.reportedUri },
  reporting_mta: { ours: (r) => r.reportingMta ?? null },
  source_ip: { ours: (r) => r.sourceIp ?? null },
  user_agent: { ours: (r) => r.userAgent ?? null },
  version: { ours: (r) => (r.version === undefined ? null : Number(r.version)) },
  source_port: { ours: (r) => r.sourcePort ?? 0 },
  auth_failure: { ours: (r) => unspecified(r.authFailure), theirs: norm },
  delivery_result: { ours: (r) => unspecified(r.deliveryResult), theirs: norm },
  identity_alignment: { ours: (r) => unspecified(r.identityAlignment), theirs: norm },
  dkim_adsp_dns: { ours: (r) => r.dkimAdspDns ?? null },
  dkim_canonicalized_body: { ours: (r) => r.dkimCanonicalizedBody ?? null },
  dkim_canonicalized_header: { ours: (r) => r.dkimCanonicalizedHeader ?? null },
  dkim_domain: { ours: (r) => r.dkimDomain ?? null },
  dkim_identity: { ours: (r) => r.dkimIdentity ?? null },
  dkim_selector: { ours: (r) => r.dkimSelector ?? null },
  dkim_selector_dns: { ours: (r) => r.dkimSelectorDns ?? null },
  spf_dns: { ours: (r) => (r.spfDns.length === 0 ? null : r.spfDns.join(', ')) },
};
// Keys the second parser reports but cannot be compared, and why.
const NOT_COMPARED: Record<string, string> = {
  message: "mail-auth's JSON does not serialise the original message: null even where one is attached (003)",
  headers: "likewise null in every sample, so it says nothing about the report's third part",
};

for (const name of ARF_SAMPLES.filter((n) => n.startsWith('mail-auth-'))) {
  test(`${name}: agrees with mail-auth on every field both parsers know`, async () => {
    const expected = JSON.parse(
      readFileSync(new URL(name.replace(/\.eml$/, '.expected.json'), ARF_DIR), 'utf8'),
    ) as Record<string, unknown>;
    const report = await parsed(name);
    for (const [key, value] of Object.entries(expected)) {
      if (Object.hasOwn(NOT_COMPARED, key)) continue;
      const field = COMPARED[key];
      assert.ok(field, `${name}: mail-auth field "${key}" is neither compared nor explained`);
      const theirs = field.theirs ? field.theirs(value) : value;
      assert.deepEqual(field.ours(report), theirs, `${name}: ${key}`);
    }
  });
}

test('Source-IP is read in its bracketed, commented and IPv6 forms', async () => {
  const forms: Record<string, string> = {
    '192.0.2.7': '192.0.2.7',
    '192.0.2.7 (mail.example.net)': '192.0.2.7',
    '[192.0.2.7]': '192.0.2.7',
    'IPv6:2001:db8::7': '2001:db8::7',
    '  2001:db8::7  ': '2001:db8::7',
  };
  for (const [field, address] of Object.entries(forms)) {
    for (const name of ['Source-IP', 'Source-Ip', 'source-ip']) {
      const raw = arfMessage(`Feedback-Type: abuse\nUser-Agent: t/1\nVersion: 1\n${name}: ${field}\n`);
      const report = await parseArf(raw);
      assert.ok(!isRefusal(report));
      assert.equal(report.sourceIp, address, `${name}: ${field}`);
    }
  }
});

test('the RFC 6591 authentication-failure fields are all read', async () => {
  const raw = arfMessage(
    [
      'Feedback-Type: auth-failure',
      'User-Agent: t/1',
      'Version: 1',
      'Auth-Failure: signature',
      'Delivery-Result: Reject',
      'DKIM-Domain: example.net',
      'DKIM-Identity: @example.net',
      'DKIM-Selector: s1',
      'DKIM-Canonicalized-Header: RnJvbTogYQ==',
      'DKIM-Canonicalized-Body: Ym9keQ==',
      'SPF-DNS: txt : example.net : "v=spf1 -all"',
      'Identity-Alignment: DKIM, SPF',
      'Source-Port: 40123',
      'Incidents: 12',
      'Reporting-MTA: dns; mx.example.com',
      '',
    ].join('\n'),
  );
  const report = await parseArf(raw);
  assert.ok(!isRefusal(report));
  assert.equal(report.authFailure, 'signature');
  assert.equal(report.deliveryResult, 'reject');
  assert.equal(report.dkimDomain, 'example.net');
  assert.equal(report.dkimIdentity, '@example.net');
  assert.equal(report.dkimSelector, 's1');
  assert.equal(report.dkimCanonicalizedHeader, 'RnJvbTogYQ==');
  assert.equal(report.dkimCanonicalizedBody, 'Ym9keQ==');
  assert.deepEqual(report.spfDns, ['txt : example.net : "v=spf1 -all"']);
  assert.equal(report.identityAlignment, 'dkim, spf');
  assert.equal(report.sourcePort, 40123);
  assert.equal(report.incidents, 12);
  assert.equal(report.reportingMta, 'mx.example.com');
});

test('input that is not a report is refused with a typed reason, never thrown', async () => {
  assert.equal(codeOf(await parseArf('')), 'unparseable');
  assert.equal(codeOf(await parseArf(new Uint8Array([0, 1, 2, 255, 254]))), 'unparseable');
  assert.equal(codeOf(await parseArf('Subject: hello\n\nplain mail, no report\n')), 'no-feedback-report');
  assert.equal(codeOf(await parseArf(arfSample('sisimai-arf-01.eml'), { maxBytes: 100 })), 'too-large');
  // A bounce attaches the original message too, but is not a complaint about its sender.
  const bounce = Buffer.from(arfSample('sisimai-arf-22.eml'))
    .toString('latin1')
    .replace('multipart/mixed;', 'multipart/report; report-type=delivery-status;');
  assert.equal(codeOf(await parseArf(bounce)), 'no-feedback-report');
});

function codeOf(result: unknown): string | undefined {
  return isRefusal(result) ? result.code : undefined;
}

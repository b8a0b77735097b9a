import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import {
  formatPrefix,
  isIpTarget,
  parsePrefix,
  REPORT_CATEGORIES,
  type ReportBody,
  type ReportCategory,
  toHex,
} from '@arx/protocol';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import {
  type ExportableReport,
  exportXarf,
  importXarf,
  isRefusal,
  type Refusal,
  reportUuid,
  validateXarf,
  type XarfImportOptions,
} from '../../src/interop/index.js';
import { XARF_SCHEMA_FILES } from '../../src/interop/xarf-schemas.js';
import { NOW, XARF_SAMPLES, xarfSample } from './corpus.js';

const DOCS: XarfImportOptions = { allowDocumentationAddresses: true, now: NOW };

function jsonFiles(root: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.json') && name !== 'biome.json') {
        out[relative(root, path)] = JSON.parse(readFileSync(path, 'utf8'));
      }
    }
  };
  walk(root);
  return out;
}

/** The schema folder, read from disk: the one copy of the published X-ARF schemas. */
const SCHEMA_DIR = new URL('../../src/interop/xarf-schemas/', import.meta.url).pathname;

test('the schema module imports every schema file of xarf-schemas/, unchanged', () => {
  assert.deepEqual(XARF_SCHEMA_FILES, jsonFiles(SCHEMA_DIR));
});

/** An independent validator compiled from the files on disk, not through the module. */
const corpusValidator = (() => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  ((formats as unknown as { default?: (a: Ajv2020) => void }).default ?? (formats as unknown as (a: Ajv2020) => void))(
    ajv,
  );
  const schemas = jsonFiles(SCHEMA_DIR);
  for (const [path, schema] of Object.entries(schemas)) {
    if (path !== 'xarf-v4-master.json') ajv.addSchema(schema as object);
  }
  return ajv.compile(schemas['xarf-v4-master.json'] as object);
})();

test('every X-ARF sample validates', () => {
  for (const name of XARF_SAMPLES) {
    assert.deepEqual(validateXarf(xarfSample(name)), { valid: true }, name);
    assert.equal(corpusValidator(xarfSample(name)), true, name);
  }
});

function imported(doc: unknown, opts: XarfImportOptions = DOCS): ReportBody {
  const result = importXarf(doc, opts);
  if (isRefusal(result)) assert.fail(`refused: ${result.code} ${result.detail ?? ''}`);
  return result;
}

function refusedWith(doc: unknown, opts: XarfImportOptions = DOCS): Refusal {
  const result = importXarf(doc, opts);
  if (!isRefusal(result)) assert.fail(`expected a refusal, got ${result.category}`);
  return result;
}

const about = (b: ReportBody) => (isIpTarget(b.about) ? formatPrefix(b.about) : JSON.stringify(b.about));
const hashOf = (doc: Record<string, unknown>) =>
  String((doc['evidence'] as Array<{ hash: string }>)[0]!.hash).replace('sha256:', '');

test('infrastructure/botnet imports as a compromised host with its time range and evidence digest', () => {
  const doc = xarfSample('infrastructure-botnet.json');
  const body = imported(doc);
  assert.equal(body.category, 'host.compromised');
  assert.equal(about(body), '198.51.100.25/32');
  assert.deepEqual(body.observed, {
    first: Date.parse('2024-01-14T18:45:00Z'),
    last: Date.parse('2025-01-11T12:16:22Z'),
    count: 1,
  });
  assert.equal(body.source, 'manual'); // traffic_analysis
  assert.equal(body.evidence?.format, 'xarf');
  assert.equal(toHex(body.evidence!.digest!), hashOf(doc));
  assert.equal(body.evidence?.arf?.['malware-family'], 'Conficker');
  assert.equal(body.evidence?.arf?.['reporter-org'], 'Example CERT Organization');
});

test('messaging/bulk_messaging imports as an unconfirmed list, about a domain', () => {
  const body = imported(xarfSample('messaging-bulk-messaging.json'));
  assert.equal(body.category, 'spam.bulk-unconfirmed');
  assert.deepEqual(body.about, { domain: 'mail.bulk-sender.example' });
  assert.equal(body.evidence?.arf?.['smtp-from'], 'promotions@bulk-sender.example');
  assert.equal(body.evidence?.arf?.['recipient-count'], '100000');
});

test('messaging/spam: the sample names a private address and is refused; a public one imports', () => {
  const sample = xarfSample('messaging-spam.json');
  const refused = refusedWith(sample);
  assert.equal(refused.code, 'bad-source-ip');
  assert.match(refused.detail ?? '', /192\.168\.1\.100 is private/);
  const body = imported({ ...sample, source_identifier: '192.0.2.25', smtp_to: 'Victim@Example.org' });
  assert.equal(body.category, 'spam.source');
  assert.equal(about(body), '192.0.2.25/32');
  assert.equal(body.source, 'trap'); // spamtrap
  assert.equal(body.evidence?.arf?.['smtp-to'], '<redacted@example.org>');
});

test('reputation/blocklist: threat_type decides the category', () => {
  const sample = xarfSample('reputation-blocklist.json');
  assert.equal(imported(sample).category, 'host.compromised'); // command_and_control
  assert.equal(imported({ ...sample, threat_type: 'dynamic_ip' }).category, 'policy.dynamic');
  assert.equal(imported({ ...sample, threat_type: 'Spam Source' }).category, 'spam.source');
  assert.equal(refusedWith({ ...sample, threat_type: 'cryptojacking' }).code, 'xarf-unsupported');
});

test('vulnerability/open_service: a mail relay or a proxy imports; other services are refused', () => {
  const sample = xarfSample('vulnerability-open-service.json');
  const rdp = refusedWith(sample);
  assert.equal(rdp.code, 'xarf-unsupported');
  assert.match(rdp.detail ?? '', /rdp/);
  assert.equal(imported({ ...sample, service: 'smtp' }).category, 'relay.open');
  assert.equal(imported({ ...sample, service: 'socks5' }).category, 'proxy.open');
  assert.equal(imported({ ...sample, service: 'http-proxy' }).source, 'scan'); // vulnerability_scan
});

test('documentation addresses are refused unless allowed; private and reserved ones always', () => {
  const sample = xarfSample('infrastructure-botnet.json');
  assert.equal(refusedWith(sample, {}).code, 'bad-source-ip');
  for (const ip of ['10.0.0.1', '127.0.0.1', '::1', 'fe80::1', '240.0.0.1']) {
    assert.equal(refusedWith({ ...sample, source_identifier: ip }).code, 'bad-source-ip', ip);
  }
  assert.equal(about(imported({ ...sample, source_identifier: '198.51.100.0/24' })), '198.51.100.0/24');
  // A prefix that spans non-public space is not a subject either.
  for (const prefix of ['64.0.0.0/2', '192.0.0.0/16', '0.0.0.0/0', '::/0']) {
    assert.equal(refusedWith({ ...sample, source_identifier: prefix }).code, 'bad-source-ip', prefix);
  }
  assert.deepEqual(imported({ ...sample, source_identifier: 'https://bad.example/x' }).about, {
    url: 'https://bad.example/x',
  });
  assert.equal(refusedWith({ ...sample, source_identifier: 'not a host!' }).code, 'bad-source');
});

test('invalid, unsupported, tampered or unreadable documents are refused with typed reasons', () => {
  const sample = xarfSample('infrastructure-botnet.json');
  const { reporter: _omit, ...noReporter } = sample;
  const invalid = refusedWith(noReporter);
  assert.equal(invalid.code, 'xarf-invalid');
  assert.match(invalid.detail ?? '', /reporter/);
  assert.equal(refusedWith({ ...sample, type: 'no_such_type' }).code, 'xarf-invalid');
  assert.equal(refusedWith(null).code, 'xarf-invalid');
  assert.equal(refusedWith('{"not json').code, 'unparseable');
  assert.equal(refusedWith('x'.repeat(100), { maxBytes: 10 }).code, 'too-large');
  const copyright = {
    ...sample,
    category: 'copyright',
    type: 'copyright',
    infringing_url: 'https://files.example/movie.mp4',
  };
  assert.deepEqual(validateXarf(copyright), { valid: true });
  assert.equal(refusedWith(copyright).code, 'xarf-unsupported');
  const evidence = sample['evidence'] as Array<Record<string, unknown>>;
  const tampered = { ...sample, evidence: [{ ...evidence[0], payload: Buffer.from('other').toString('base64') }] };
  assert.equal(refusedWith(tampered).code, 'evidence-mismatch');
});

test('X-ARF given as JSON text or bytes is parsed first', () => {
  const text = JSON.stringify(xarfSample('infrastructure-botnet.json'));
  assert.equal(imported(text).category, 'host.compromised');
  assert.equal(imported(new TextEncoder().encode(text)).category, 'host.compromised');
});

// --- export ---

const ORIGIN = { org: 'Example ISP', contact: 'abuse@isp.example', domain: 'isp.example' };
const ID = 'a1'.repeat(32);

function exportable(body: Partial<ReportBody> & Pick<ReportBody, 'category'>): ExportableReport {
  return {
    id: ID,
    ts: Date.parse('2025-02-01T00:00:00Z'),
    origin: ORIGIN,
    body: {
      about: parsePrefix('192.0.2.25'),
      observed: { first: Date.parse('2025-01-30T10:00:00Z'), last: Date.parse('2025-01-31T10:00:00Z'), count: 150 },
      source: 'fbl',
      evidence: {
        arf: { 'original-mail-from': '<bulk@sender.example>', 'source-port': '40123' },
        headers: 'Received: from a (a [192.0.2.25]) by mx.isp.example\nSubject: Buy now\nTo: <redacted@isp.example>',
        format: 'arf',
      },
      ...body,
    } as ReportBody,
  };
}

const EXPORT_CASES: Array<{ category: ReportCategory; about?: ReportBody['about']; xarf: string }> = [
  { category: 'spam.source', xarf: 'messaging/spam' },
  { category: 'spam.bulk-unconfirmed', xarf: 'messaging/bulk_messaging' },
  { category: 'ad.unlabelled', xarf: 'messaging/spam' },
  { category: 'optout.ignored', xarf: 'messaging/bulk_messaging' },
  { category: 'relay.open', xarf: 'vulnerability/open_service' },
  { category: 'proxy.open', xarf: 'vulnerability/open_service' },
  { category: 'host.compromised', xarf: 'infrastructure/botnet' },
  { category: 'policy.dynamic', about: parsePrefix('198.51.100.0/24'), xarf: 'reputation/blocklist' },
  { category: 'site.spamvertised', about: { domain: 'shop.example' }, xarf: 'content/fraud' },
  { category: 'phishing', about: { url: 'https://login.bank.example/x' }, xarf: 'content/phishing' },
  { category: 'fraud', about: { url: 'https://invest.example/' }, xarf: 'content/fraud' },
  { category: 'malware', about: { url: 'http://dl.example/a.exe' }, xarf: 'content/malware' },
];

test('every category with an X-ARF type is covered by an export case', () => {
  const withXarf = (Object.keys(REPORT_CATEGORIES) as ReportCategory[]).filter((c) => REPORT_CATEGORIES[c].xarf);
  assert.deepEqual(EXPORT_CASES.map((c) => c.category).sort(), withXarf.sort());
});

for (const { category, about: target, xarf } of EXPORT_CASES) {
  test(`export ${category} → ${xarf}: validates against the X-ARF schemas and imports back`, () => {
    const report = exportable({ category, ...(target ? { about: target } : {}), confidence: 80 });
    const doc = exportXarf(report);
    if (isRefusal(doc)) assert.fail(`refused: ${doc.code} ${doc.detail ?? ''}`);
    assert.equal(corpusValidator(doc), true, JSON.stringify(corpusValidator.errors));
    assert.equal(`${doc['category']}/${doc['type']}`, xarf);
    assert.equal(doc['report_id'], reportUuid(ID));
    assert.equal(doc['confidence'], 0.8);
    const back = imported(doc);
    assert.equal(back.category, category);
    assert.deepEqual(back.about, report.body.about);
    assert.deepEqual(back.observed.first, report.body.observed.first);
    assert.deepEqual(back.observed.last, report.body.observed.last);
    assert.equal(back.confidence, 80);
    assert.deepEqual(back.evidence?.refs?.map(toHex), [ID]);
  });
}

test('export writes the mail details X-ARF asks for, and the redacted header as evidence', () => {
  const doc = exportXarf(exportable({ category: 'spam.source' }));
  assert.ok(!isRefusal(doc));
  assert.equal(doc['protocol'], 'smtp');
  assert.equal(doc['smtp_from'], 'bulk@sender.example');
  assert.equal(doc['source_port'], 40123);
  assert.equal(doc['evidence_source'], 'user_complaint');
  assert.equal(doc['subject'], 'Buy now');
  const [item] = doc['evidence'] as Array<Record<string, string>>;
  assert.equal(item!['content_type'], 'text/rfc822-headers');
  assert.match(Buffer.from(item!['payload']!, 'base64').toString(), /^To: <redacted@isp\.example>$/m);
  assert.ok((doc['tags'] as string[]).includes(`arx-entry:${ID}`));
});

test('export refuses rather than invent what X-ARF requires', () => {
  const noPort = exportXarf(
    exportable({ category: 'spam.source', evidence: { arf: { 'original-mail-from': '<a@b.example>' } } }),
  );
  assert.ok(isRefusal(noPort));
  assert.equal(noPort.code, 'xarf-incomplete');
  assert.match(noPort.detail ?? '', /source_port/);
  const fewRecipients = exportXarf(
    exportable({ category: 'spam.bulk-unconfirmed', observed: { first: 1, last: 2, count: 5 } }),
  );
  assert.ok(isRefusal(fewRecipients));
  assert.match(fewRecipients.detail ?? '', /recipient_count/);
  const siteByAddress = exportXarf(exportable({ category: 'phishing' }));
  assert.ok(isRefusal(siteByAddress));
  assert.match(siteByAddress.detail ?? '', /url/);
  for (const category of ['auth.failure', 'not-spam', 'other'] as const) {
    const result = exportXarf(exportable({ category }));
    assert.ok(isRefusal(result), category);
    assert.equal(result.code, 'xarf-unsupported');
  }
});

test('report ids become RFC 9562 version 8 UUIDs, stable per entry', () => {
  const uuid = reportUuid('00'.repeat(32));
  assert.equal(uuid, '00000000-0000-8000-8000-000000000000');
  assert.match(reportUuid(ID), /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.throws(() => exportXarf({ ...exportable({ category: 'spam.source' }), id: 'nothex' }), TypeError);
});

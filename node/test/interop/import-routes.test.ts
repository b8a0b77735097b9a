/**
 * The import and export routes of a running node: per-route size limits with the typed
 * too-large refusal, complaint identity (duplicates, repeats, separate reports), X-ARF
 * with the node's own settings, and export refusals with their code as a field.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import type { NodeHandle } from '@arx/node';
import { decodeEvidence } from '@arx/protocol';
import { pruneComplaints } from '../../src/interop/complaints.js';
import { OPERATOR_TOKEN, startTestNode, tempRoot, writeNodeDir } from '../helpers/fixture.js';
import { arfMessage, largeArf, xarfSample } from './corpus.js';

const { root, cleanup } = tempRoot();
let aol: NodeHandle;
const LIMIT = 8 * 1024 * 1024;

before(async () => {
  aol = await startTestNode(writeNodeDir(root, 'aol'), 'aol', {
    arf: { allowDocumentationAddresses: true, maxBytes: LIMIT },
    xarf: { maxBytes: 256 * 1024 },
  });
});
after(async () => {
  await aol?.close();
  cleanup();
});

interface Answer {
  accepted: boolean;
  id?: string;
  outcome?: string;
  duplicate?: boolean;
  observed?: { first: number; last: number; count: number };
  code?: string;
  message?: string;
  zh?: string;
}

/** POSTs a body the way a client streaming a file does (chunked, no length), and reads the answer. */
function upload(
  path: string,
  body: Buffer | string,
  token = OPERATOR_TOKEN,
): Promise<{ status: number; json: Answer }> {
  const url = new URL(path, aol.listen.http!);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${token}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(Buffer.concat(chunks).toString()) }));
      },
    );
    req.on('error', reject);
    const data = Buffer.from(body);
    for (let at = 0; at < data.length; at += 64 * 1024) req.write(data.subarray(at, at + 64 * 1024));
    req.end();
  });
}

const importArf = (raw: string | Buffer, query = '') => upload(`/v1/import/arf${query}`, raw);
const report = async (id: string) =>
  (await (await fetch(`${aol.listen.http}/v1/reports/${id}`)).json()) as {
    observed: Answer['observed'];
    category: string;
  };

const ORIGINAL = [
  'Received: from mail.sender.example (mail.sender.example [192.0.2.25]) by mx1.aol.example; Tue, 1 Apr 2025 10:00:00 +0000',
  'From: <news@sender.example>',
  'To: <kijitora@aol.example>',
  'Subject: Spring sale',
  'Message-ID: <spring-1@sender.example>',
  '',
  'Buy now.',
  '',
].join('\n');

function complaint(fields: Record<string, string>, messageId = '<r1@fbl.example>'): string {
  const all = {
    'Feedback-Type': 'abuse',
    'User-Agent': 'FBL/1',
    Version: '1',
    'Source-IP': '192.0.2.25',
    'Arrival-Date': 'Tue, 1 Apr 2025 10:00:00 +0000',
    ...fields,
  };
  const text = Object.entries(all)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  return arfMessage(`${text}\n`, ORIGINAL).replace(
    'From: fbl@example.com',
    `From: fbl@example.com\nMessage-ID: ${messageId}`,
  );
}

test('a 5 MB report imports over HTTP; one over the configured limit gets the typed too-large refusal, not a reset', async () => {
  const big = await importArf(largeArf(5 * 1024 * 1024));
  assert.equal(big.status, 200, JSON.stringify(big.json));
  assert.equal(big.json.outcome, 'imported');
  const huge = await importArf(largeArf(LIMIT));
  assert.equal(huge.status, 413);
  assert.equal(huge.json.code, 'too-large');
  assert.match(huge.json.message ?? '', /limit 8388608/);
  assert.ok(huge.json.zh);
  // The node is fine afterwards.
  assert.equal((await fetch(`${aol.listen.http}/v1/health`)).status, 200);
});

test('an import without the operator token is refused before its body is read', async () => {
  const r = await upload('/v1/import/arf', complaint({}), 'wrong-token-wrong-token');
  assert.equal(r.status, 401);
});

test('an imported complaint signs nothing personal: headers and recipients travel as detached evidence', async () => {
  const arrival = new Date(Date.now() - 3_600_000).toUTCString();
  // Its own message and source, so it is no other test's complaint.
  const raw = complaint({ 'Arrival-Date': arrival, 'Source-IP': '192.0.2.26' }, '<detached-1@fbl.example>');
  const imported = await importArf(raw.replace('Buy now.', 'Buy now, once.'));
  assert.equal(imported.json.outcome, 'imported', JSON.stringify(imported.json));
  const entry = (await (await fetch(`${aol.listen.http}/v1/entries/${imported.json.id}`)).json()) as {
    envelope: string;
    evidence?: string;
    body: { evidenceDigest?: string; evidence?: unknown };
  };
  const envelope = Buffer.from(entry.envelope, 'hex');
  for (const personal of ['Spring sale', 'spring-1@sender.example', 'kijitora', 'Original-Rcpt-To']) {
    assert.equal(envelope.includes(Buffer.from(personal)), false, `"${personal}" is not in the signed envelope`);
  }
  assert.equal(entry.body.evidence, undefined);
  assert.match(entry.body.evidenceDigest ?? '', /^[0-9a-f]{64}$/);
  const evidence = decodeEvidence(Buffer.from(entry.evidence ?? '', 'hex'));
  assert.match(evidence.headers ?? '', /Subject: Spring sale/);
  assert.equal(evidence.format, 'arf');
});

test('complaint identity: a redelivery is a duplicate, a repeat raises the count, another type or source is its own report', async () => {
  const first = await importArf(complaint({}));
  assert.equal(first.json.outcome, 'imported', JSON.stringify(first.json));
  const id = first.json.id!;

  const again = await importArf(complaint({}));
  assert.deepEqual([again.json.outcome, again.json.id, again.json.duplicate], ['duplicate', id, true]);
  // The same message with CR-only line ends is the same delivery.
  const cr = await importArf(complaint({}).replace(/\n/g, '\r'));
  assert.deepEqual([cr.json.outcome, cr.json.id], ['duplicate', id]);
  assert.equal((await report(id)).observed?.count, 1);

  const later = 'Wed, 2 Apr 2025 08:00:00 +0000';
  const repeat = await importArf(complaint({ 'Arrival-Date': later, Incidents: '3' }, '<r2@fbl.example>'));
  assert.deepEqual([repeat.json.outcome, repeat.json.id, repeat.json.duplicate], ['repeated', id, false]);
  const raised = await report(id);
  assert.equal(raised.observed?.count, 4);
  assert.equal(raised.observed?.last, Date.parse('2025-04-02T08:00:00Z'));
  assert.equal(raised.observed?.first, Date.parse('2025-04-01T10:00:00Z'));
  // Exports say what the node knows.
  const exported = await (await fetch(`${aol.listen.http}/v1/reports/${id}/arf`)).text();
  assert.match(exported, /^Incidents: 4\r$/m);

  const notSpam = await importArf(complaint({ 'Feedback-Type': 'not-spam' }, '<r3@fbl.example>'));
  assert.equal(notSpam.json.outcome, 'imported');
  assert.notEqual(notSpam.json.id, id);
  assert.equal((await report(notSpam.json.id!)).category, 'not-spam');
  const otherSource = await importArf(complaint({ 'Source-IP': '198.51.100.9' }, '<r4@fbl.example>'));
  assert.equal(otherSource.json.outcome, 'imported');
  assert.ok(![id, notSpam.json.id].includes(otherSource.json.id));
  const conflicting = await importArf(
    complaint({ 'Source-IP': '192.0.2.25\nSource-IP: 198.51.100.9' }, '<r5@fbl.example>'),
  );
  assert.deepEqual([conflicting.status, conflicting.json.code], [422, 'conflicting-source-ip']);
});

test('?commercial=true files a complaint about unlabelled commercial mail as ad.unlabelled', async () => {
  const r = await importArf(complaint({ 'Source-IP': '192.0.2.26' }, '<c1@fbl.example>'), '?commercial=true');
  assert.equal(r.json.outcome, 'imported', JSON.stringify(r.json));
  assert.equal((await report(r.json.id!)).category, 'ad.unlabelled');
});

const importXarf = (body: string) => upload('/v1/import/xarf', body);

test('X-ARF import follows the node’s settings: documentation addresses as configured, smtp_to keyed like ARF', async () => {
  const doc = {
    ...xarfSample('messaging-spam.json'),
    source_identifier: '192.0.2.30',
    smtp_to: 'kijitora@aol.example',
  };
  const r = await importXarf(JSON.stringify(doc));
  assert.equal(r.status, 200, JSON.stringify(r.json));
  const stored = (await (await fetch(`${aol.listen.http}/v1/reports/${r.json.id}`)).json()) as {
    evidence: { arf: Record<string, string> };
  };
  assert.match(stored.evidence.arf['smtp-to']!, /^<?[0-9a-f]{32}@aol\.example>?$/);
  const again = await importXarf(JSON.stringify(doc));
  assert.deepEqual([again.json.outcome, again.json.id], ['duplicate', r.json.id]);
});

test('malformed, empty, v3 and oversized X-ARF get typed refusals, not framework errors', async () => {
  const cases: [string, number, string][] = [
    ['{"xarf_version": ', 422, 'unparseable'],
    ['', 422, 'unparseable'],
    [
      JSON.stringify({ Version: '3', ReporterInfo: { ReporterOrg: 'X', ReporterOrgEmail: 'a@x.example' }, Report: {} }),
      422,
      'xarf-version',
    ],
    [JSON.stringify({ ...xarfSample('messaging-spam.json'), padding: 'x'.repeat(300 * 1024) }), 413, 'too-large'],
  ];
  for (const [body, status, code] of cases) {
    const r = await importXarf(body);
    assert.deepEqual([r.status, r.json.code], [status, code], body.slice(0, 40));
  }
});

test('an export refusal carries its code as a field', async () => {
  const r = await importArf(
    complaint({ 'Feedback-Type': 'auth-failure', 'Source-IP': '192.0.2.27' }, '<x1@fbl.example>'),
  );
  assert.equal(r.json.outcome, 'imported');
  const res = await fetch(`${aol.listen.http}/v1/reports/${r.json.id}/xarf`);
  assert.equal(res.status, 422);
  const body = (await res.json()) as Answer;
  assert.equal(body.code, 'xarf-unsupported');
  assert.match(body.message ?? '', /auth\.failure has no X-ARF type/);
  assert.ok(body.zh);
  const arf = await fetch(`${aol.listen.http}/v1/reports/${r.json.id}/arf`);
  assert.equal(arf.status, 200);
  assert.match(await arf.text(), /^Feedback-Type: auth-failure\r$/m);
});

test('retention forgets complaint keys after the window: the same message is then a new report', async () => {
  const raw = complaint({ 'Source-IP': '192.0.2.28' }, '<p1@fbl.example>');
  const first = await importArf(raw);
  assert.equal((await importArf(raw)).json.outcome, 'duplicate');
  // Inside the window nothing is forgotten.
  assert.equal(await pruneComplaints(aol.context, Date.now() + 59 * 86_400_000), 0);
  assert.ok((await pruneComplaints(aol.context, Date.now() + 61 * 86_400_000)) >= 2);
  const later = await importArf(raw);
  assert.equal(later.json.outcome, 'imported');
  assert.notEqual(later.json.id, first.json.id);
});

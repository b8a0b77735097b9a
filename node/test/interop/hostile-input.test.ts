import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KINDS } from '@arx/protocol';
import fc from 'fast-check';
import { arfToReportBody, importXarf, isBlameable, isRefusal, parseArf } from '../../src/interop/index.js';
import { ARF_SAMPLES, arfSample, CORPUS_OPTIONS, XARF_SAMPLES, xarfSample } from './corpus.js';

const SAMPLES = ARF_SAMPLES.map((name) => arfSample(name));

/** Parses and maps; anything but a refusal or a valid body about a public address fails. */
async function importsSafely(raw: Uint8Array): Promise<void> {
  const report = await parseArf(raw);
  if (isRefusal(report)) return;
  const body = arfToReportBody(report, CORPUS_OPTIONS);
  if (isRefusal(body)) return;
  KINDS.report.check(body, 'body');
  assert.ok('ip' in body.about && isBlameable(body.about.ip, CORPUS_OPTIONS), 'blamed a non-public address');
}

test('ARF import never throws on truncated, spliced or corrupted reports', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.nat({ max: SAMPLES.length - 1 }),
      fc.nat(),
      fc.nat(),
      fc.uint8Array({ maxLength: 24 }),
      async (which, cutA, cutB, noise) => {
        const sample = SAMPLES[which]!;
        const a = cutA % (sample.length + 1);
        const b = a + (cutB % (sample.length - a + 1));
        const mutated = new Uint8Array([...sample.subarray(0, a), ...noise, ...sample.subarray(b)]);
        await importsSafely(mutated);
        await importsSafely(sample.subarray(0, a));
      },
    ),
    { numRuns: 300, seed: 20250101 },
  );
});

test('ARF import never throws on arbitrary bytes or header-like text', async () => {
  const headerish = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          'Content-Type: multipart/report; boundary="b"',
          'Content-Type: message/feedback-report',
          'Content-Type: message/rfc822',
          'Content-Type: multipart/mixed; boundary=b',
          'Content-Transfer-Encoding: base64',
          'Content-Transfer-Encoding: quoted-printable',
          'Feedback-Type: abuse',
          'Source-IP: 192.0.2.1',
          'Received: from a (b [198.51.100.1]) by c.example',
          'Received: from (((',
          '--b',
          '--b--',
          '',
          ' folded',
        ),
        fc.string({ maxLength: 40 }),
      ),
      { maxLength: 40 },
    )
    .map((lines) => new TextEncoder().encode(lines.join('\n')));
  await fc.assert(fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 512 }), headerish), importsSafely), {
    numRuns: 300,
    seed: 7,
  });
});

test('X-ARF import never throws on altered documents', () => {
  const docs = XARF_SAMPLES.map((name) => xarfSample(name));
  fc.assert(
    fc.property(
      fc.nat({ max: docs.length - 1 }),
      fc.string({ maxLength: 20 }),
      fc.jsonValue({ maxDepth: 2 }),
      (which, key, value) => {
        const doc = { ...docs[which]!, [key]: value };
        const result = importXarf(doc, { allowDocumentationAddresses: true });
        if (!isRefusal(result)) KINDS.report.check(result, 'body');
        importXarf(value);
      },
    ),
    { numRuns: 300, seed: 11 },
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ArxProtocolError,
  attachEvidence,
  decodeEvidence,
  decodeFrame,
  detachEvidence,
  encodeEvidence,
  encodeFrame,
  entryFrameParts,
  fromHex,
  parsePrefix,
  signEntry,
  toHex,
  verifyEntry,
  withEvidence,
} from '@arx/protocol';
import { keys, TS } from './fixtures.ts';
import { entryVectors } from './vectors.ts';

const body = {
  about: parsePrefix('192.0.2.5'),
  category: 'spam.source' as const,
  observed: { first: TS, last: TS, count: 1 },
  source: 'fbl' as const,
  evidence: { headers: 'Subject: hello', arf: { 'feedback-type': 'abuse' } },
};

test('the evidence vectors: valid cases keep their id with or without the evidence, invalid ones get their code', () => {
  assert.ok(entryVectors.evidence.valid.length >= 2);
  for (const c of entryVectors.evidence.valid) {
    const entry = verifyEntry(fromHex(c.envelope_hex));
    assert.equal(entry.idHex, c.id_hex, c.comment);
    if (c.evidence_hex) assert.deepEqual(attachEvidence(entry, fromHex(c.evidence_hex)).idHex, c.id_hex, c.comment);
  }
  const codes = new Set<string>();
  for (const c of entryVectors.evidence.invalid) {
    const entry = verifyEntry(fromHex(c.envelope_hex));
    assert.throws(
      () => attachEvidence(entry, fromHex(c.evidence_hex!)),
      (e: unknown) => e instanceof ArxProtocolError && e.code === c.error,
      c.comment,
    );
    codes.add(c.error!);
  }
  assert.deepEqual(codes, new Set(['ARX_PROTO_EVIDENCE_MISMATCH', 'ARX_PROTO_EVIDENCE_UNCOMMITTED']));
});

test('detaching signs a digest of the evidence, and the bytes decode back to the same evidence', () => {
  const { body: signed, evidence } = detachEvidence(body);
  assert.ok(evidence && signed.evidenceDigest);
  assert.equal(signed.evidence, undefined);
  assert.deepEqual(decodeEvidence(evidence), body.evidence);
  assert.equal(toHex(encodeEvidence(body.evidence)), toHex(evidence), 'deterministic');
  assert.deepEqual(withEvidence(signed, decodeEvidence(evidence)).evidence, body.evidence);
  const entry = signEntry({ seq: 1, prev: null, ts: TS, kind: 'report', body: signed }, keys.reporter);
  assert.equal(attachEvidence(entry, evidence).idHex, entry.idHex);
  const plain = detachEvidence({ ...body, evidence: undefined } as never);
  assert.equal(plain.evidence, undefined);
});

test('a report and its evidence together must fit the payload limit', () => {
  const big = {
    ...body,
    evidence: {
      headers: 'x'.repeat(16_000),
      arf: Object.fromEntries(
        Array.from({ length: 30 }, (_, i) => [`field-${i}`, Array.from({ length: 30 }, () => 'y'.repeat(60))]),
      ),
    },
  };
  assert.throws(
    () => detachEvidence(big),
    (e: unknown) => e instanceof ArxProtocolError && e.code === 'ARX_PROTO_TOO_LARGE',
  );
});

test('the entry frame carries evidence as its sidecar in both forms, and old forms still decode', () => {
  const envelope = Uint8Array.of(1, 2, 3);
  const evidence = Uint8Array.of(9, 9);
  const forms = [
    ['entry', envelope],
    ['entry', envelope, evidence],
    ['entry', envelope, 'sub1', 7],
    ['entry', envelope, 'sub1', 7, evidence],
  ] as const;
  for (const frame of forms) {
    const decoded = decodeFrame(encodeFrame(frame as never));
    assert.deepEqual(decoded, frame);
    const parts = entryFrameParts(decoded as never);
    assert.deepEqual(parts.envelope, envelope);
    assert.deepEqual(parts.evidence, frame.length % 2 === 1 ? evidence : undefined);
  }
  assert.throws(() => decodeFrame(encodeFrame(['entry', envelope, 'sub1', 7, evidence, 1] as never)));
  assert.throws(() => decodeFrame(encodeFrame(['entry', envelope, 'not-bytes'] as never)));
});

import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify as opensslVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  ArxProtocolError,
  decodeCbor,
  ENTRY_KINDS,
  type EntryKind,
  encodeDeterministic,
  encodeSign1,
  fromHex,
  generateKeyPair,
  nobleEd25519,
  PROTOCOL_ERRORS,
  parseEntry,
  parseSign1,
  sign1Message,
  signEntry,
  toHex,
  tryVerifyEntry,
  verifyEntry,
  verifyParsedEntryWith,
} from '@arx/protocol';
import { nodeEd25519 } from '@arx/protocol/node-crypto';
import * as ed from '@noble/ed25519';
import fc from 'fast-check';
import { bodies, keys, TS } from './fixtures.ts';
import { entryVectors } from './vectors.ts';

const backends = [nodeEd25519, nobleEd25519];

function verdict(bytes: Uint8Array, backend = nodeEd25519): string {
  const result = tryVerifyEntry(bytes, backend);
  return result.ok ? 'accepted' : result.error.code;
}

/** Origin key and signed message of a vector, read without any verification. */
function signedParts(hex: string): { origin: Uint8Array; message: Uint8Array; signature: Uint8Array } {
  const { payload, signature } = parseSign1(fromHex(hex));
  const origin = (decodeCbor(payload) as { origin: Uint8Array }).origin;
  return { origin: Uint8Array.from(origin), message: sign1Message(payload), signature };
}

test('every valid vector verifies with both backends, with the stated id, origin and kind', () => {
  for (const c of entryVectors.valid) {
    for (const backend of backends) {
      const result = tryVerifyEntry(fromHex(c.envelope_hex), backend);
      assert.ok(result.ok, `${c.comment} [${backend.name}]: ${result.ok ? '' : result.error.message}`);
      assert.equal(result.entry.idHex, c.id_hex, `${c.comment} [${backend.name}] id`);
      assert.equal(result.entry.originHex, c.origin_hex, `${c.comment} [${backend.name}] origin`);
      assert.equal(result.entry.payload.kind, c.kind, `${c.comment} [${backend.name}] kind`);
    }
  }
});

test('every invalid vector is refused by both backends with the stated code', () => {
  for (const c of entryVectors.invalid) {
    const verdicts = backends.map((b) => verdict(fromHex(c.envelope_hex), b));
    assert.deepEqual(verdicts, [c.error, c.error], c.comment);
  }
});

test('the id of a valid vector is the SHA-256 of its payload bytes', () => {
  for (const c of entryVectors.valid) {
    const { payload } = parseSign1(fromHex(c.envelope_hex));
    assert.equal(createHash('sha256').update(payload).digest('hex'), c.id_hex, c.comment);
  }
});

test('the vectors hold a valid entry of every kind and an invalid one for every entry refusal code', () => {
  assert.deepEqual(new Set(entryVectors.valid.map((c) => c.kind)), new Set(ENTRY_KINDS));
  // Every code an entry can be refused with: all but the roster document, frame and blob
  // codes, BAD_UTF8 (a frame's text; in a payload invalid UTF-8 is NOT_DETERMINISTIC) and
  // FUTURE_TIMESTAMP (it depends on the verifier's clock, which vectors do not fix).
  const entryCodes = Object.keys(PROTOCOL_ERRORS).filter(
    (code) => !/ROSTER|FRAME|BLOB|BAD_UTF8|FUTURE_TIMESTAMP|EVIDENCE/.test(code),
  );
  assert.deepEqual(new Set(entryVectors.invalid.map((c) => c.error)), new Set(entryCodes));
  for (const c of entryVectors.invalid) assert.ok(c.error in PROTOCOL_ERRORS, c.comment);
});

test('the small-order key vectors carry signatures that OpenSSL alone would accept', () => {
  const cases = entryVectors.invalid.filter((c) => c.error === 'ARX_PROTO_SMALL_ORDER_KEY');
  assert.ok(cases.length >= 2);
  for (const c of cases) {
    const { origin, message, signature } = signedParts(c.envelope_hex);
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(origin).toString('base64url') },
      format: 'jwk',
    });
    assert.equal(opensslVerify(null, message, key, signature), true, c.comment);
  }
});

test('the cofactored-only vectors are accepted by a cofactored verifier and refused here', () => {
  const cases = entryVectors.invalid.filter((c) => c.comment.includes('cofactored equation only'));
  assert.equal(cases.length, 2);
  for (const c of cases) {
    const { origin, message, signature } = signedParts(c.envelope_hex);
    // @noble/ed25519's own strict verify uses [8][S]B = [8]R + [8][k]A (RFC 8032 §5.1.7).
    assert.equal(ed.verify(signature, message, origin, { zip215: false }), true, c.comment);
    assert.equal(c.error, 'ARX_PROTO_BAD_SIGNATURE', c.comment);
  }
});

test('the non-canonical encoding vectors are accepted by a lenient (ZIP-215) verifier', () => {
  const cases = entryVectors.invalid.filter((c) => c.error === 'ARX_PROTO_NON_CANONICAL_KEY');
  assert.equal(cases.length, 4);
  for (const c of cases) {
    const { origin, message, signature } = signedParts(c.envelope_hex);
    assert.equal(ed.verify(signature, message, origin, { zip215: true }), true, c.comment);
  }
});

test('any single-byte change to a valid envelope is refused, with the same code by both backends', () => {
  const envelopes = entryVectors.valid.map((c) => fromHex(c.envelope_hex));
  fc.assert(
    fc.property(fc.nat(envelopes.length - 1), fc.nat(), fc.integer({ min: 1, max: 255 }), (which, at, bits) => {
      const original = envelopes[which]!;
      const i = at % original.length;
      const changed = Uint8Array.from(original, (b, j) => (j === i ? b ^ bits : b));
      const [a, b] = backends.map((backend) => verdict(changed, backend));
      assert.notEqual(a, 'accepted', `byte ${i}`);
      assert.equal(a, b, `byte ${i}`);
    }),
    { numRuns: 300 },
  );
});

test('a signed entry verifies with both backends, whichever backend signed it', () => {
  for (const signer of backends) {
    const entry = signEntry({ seq: 1, prev: null, ts: TS, kind: 'report', body: bodies.report }, keys.reporter, signer);
    for (const backend of backends) {
      assert.equal(verifyEntry(entry.bytes, backend).idHex, entry.idHex, `${signer.name} → ${backend.name}`);
    }
  }
  assert.deepEqual(
    signEntry({ seq: 1, prev: null, ts: TS, kind: 'notice', body: bodies.notice }, keys.provider, nodeEd25519).bytes,
    signEntry({ seq: 1, prev: null, ts: TS, kind: 'notice', body: bodies.notice }, keys.provider, nobleEd25519).bytes,
  );
});

test('every kind with its typical body signs and verifies, and parses back to the same payload', () => {
  for (const kind of ENTRY_KINDS) {
    const entry = signEntry(
      { seq: 3, prev: new Uint8Array(32).fill(7), ts: TS, kind, body: bodies[kind] },
      keys.observer,
    );
    const parsed = parseEntry(entry.bytes);
    assert.equal(parsed.payload.kind, kind);
    assert.deepEqual(
      encodeDeterministic(parsed.payload.body as never),
      encodeDeterministic(bodies[kind] as never),
      kind,
    );
    assert.equal(parsed.payload.seq, 3);
    assert.deepEqual(parsed.bytes, entry.bytes);
  }
});

test('signEntry signs only the draft fields, whatever else the draft object carries', () => {
  const draft = { seq: 1, prev: null, ts: TS, kind: 'notice' as const, body: bodies.notice };
  const stray = Object.assign({}, draft, { origin: keys.outsider.publicKey, v: 9, extra: 1 });
  const entry = signEntry(stray, keys.reporter);
  assert.equal(entry.originHex, toHex(keys.reporter.publicKey));
  assert.equal(verifyEntry(entry.bytes).payload.v, 1);
  assert.deepEqual(entry.bytes, signEntry(draft, keys.reporter).bytes);
});

test('signEntry refuses what a receiver would refuse', () => {
  const sign =
    (kind: EntryKind, body: unknown, extra: Partial<{ seq: number; prev: Uint8Array | null }> = {}) =>
    () =>
      signEntry({ seq: 1, prev: null, ts: TS, kind, body, ...extra } as never, keys.reporter);
  assert.throws(sign('report', { ...bodies.report, category: 'spam.unknown' }), { code: 'ARX_PROTO_UNKNOWN_CODE' });
  assert.throws(sign('report', { ...bodies.report, extra: 1 }), { code: 'ARX_PROTO_UNKNOWN_FIELD' });
  assert.throws(sign('report', bodies.report, { seq: 2 }), { code: 'ARX_PROTO_BAD_CHAIN_LINK' });
  assert.throws(sign('nonsense' as EntryKind, {}), { code: 'ARX_PROTO_UNKNOWN_KIND' });
  const huge = {
    ...bodies.report,
    evidence: { headers: 'h'.repeat(16_000) },
    note: Object.fromEntries(
      ['en', 'fr', 'de', 'es', 'it', 'nl', 'pt', 'sv', 'da', 'fi', 'pl', 'cs', 'hu', 'ro', 'el', 'tr'].map((l) => [
        l,
        'x'.repeat(4096),
      ]),
    ),
  };
  assert.throws(sign('report', huge), { code: 'ARX_PROTO_TOO_LARGE' });
});

test('a payload of exactly 64 KiB is accepted and one byte more is refused', () => {
  const bodyOf = (n: number) => ({
    ...bodies.report,
    evidence: { headers: 'h'.repeat(n) },
    note: Object.fromEntries(['en', 'zh', 'ja', 'ko', 'fr'].map((l) => [l, '垃'.repeat(4096)])),
  });
  const sizeOf = (n: number) =>
    encodeDeterministic({
      v: 1,
      origin: keys.reporter.publicKey,
      seq: 1,
      prev: null,
      ts: TS,
      kind: 'report',
      body: bodyOf(n),
    } as never).length;
  const n = 1000 + 65_536 - sizeOf(1000);
  assert.equal(sizeOf(n), 65_536);
  const entry = signEntry({ seq: 1, prev: null, ts: TS, kind: 'report', body: bodyOf(n) }, keys.reporter);
  assert.equal(entry.payloadBytes.length, 65_536);
  for (const backend of backends) assert.equal(verdict(entry.bytes, backend), 'accepted');
  assert.throws(() => signEntry({ seq: 1, prev: null, ts: TS, kind: 'report', body: bodyOf(n + 1) }, keys.reporter), {
    code: 'ARX_PROTO_TOO_LARGE',
  });
});

test('a payload nested past the call stack is refused with a protocol code, not a stack overflow', () => {
  // 60,000 arrays, one inside the next, around a 0: well-formed CBOR, and within 64 KiB.
  const payload = new Uint8Array(60_001).fill(0x81);
  payload[60_000] = 0x00;
  const bytes = encodeSign1(payload, new Uint8Array(64));
  assert.throws(
    () => parseEntry(bytes),
    (e: unknown) => e instanceof ArxProtocolError && e.code === 'ARX_PROTO_NOT_DETERMINISTIC',
  );
  for (const backend of backends) assert.equal(verdict(bytes, backend), 'ARX_PROTO_NOT_DETERMINISTIC');
});

test('the asynchronous path runs the strict checks before calling the verifier', async () => {
  const smallOrder = entryVectors.invalid.find((c) => c.error === 'ARX_PROTO_SMALL_ORDER_KEY')!;
  let calls = 0;
  const alwaysTrue = async () => {
    calls++;
    return true;
  };
  await assert.rejects(verifyParsedEntryWith(parseEntry(fromHex(smallOrder.envelope_hex)), alwaysTrue), {
    code: 'ARX_PROTO_SMALL_ORDER_KEY',
  });
  assert.equal(calls, 0);
  const good = signEntry({ seq: 1, prev: null, ts: TS, kind: 'notice', body: bodies.notice }, keys.provider);
  const verified = await verifyParsedEntryWith(parseEntry(good.bytes), async (s, m, k) => nodeEd25519.verify(s, m, k));
  assert.equal(verified.idHex, good.idHex);
  await assert.rejects(
    verifyParsedEntryWith(parseEntry(good.bytes), async () => false),
    { code: 'ARX_PROTO_BAD_SIGNATURE' },
  );
});

test('tryVerifyEntry returns a typed error instead of throwing, even for non-entry input', () => {
  for (const bytes of [new Uint8Array(0), Uint8Array.of(0xd2), new Uint8Array(100_000)]) {
    const result = tryVerifyEntry(bytes);
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.error instanceof ArxProtocolError);
  }
  assert.throws(() => verifyEntry(Uint8Array.of(0xd2, 0x84)), ArxProtocolError);
});

test('fresh keys sign entries that verify, and the entry names its origin', () => {
  const fresh = generateKeyPair();
  const entry = signEntry({ seq: 1, prev: null, ts: TS, kind: 'notice', body: bodies.notice }, fresh);
  assert.equal(verifyEntry(entry.bytes, nobleEd25519).originHex, toHex(fresh.publicKey));
});

test('the worked example in docs/protocol.md is the retract vector', () => {
  const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
  const retract = entryVectors.valid.find((c) => c.kind === 'retract')!;
  const { payload } = parseSign1(fromHex(retract.envelope_hex));
  assert.ok(doc.includes(`id:                   ${retract.id_hex}`), 'example id');
  assert.ok(doc.includes(`payload (${payload.length} bytes)`), 'example payload length');
  assert.ok(doc.includes(`envelope (${retract.envelope_hex.length / 2} bytes)`), 'example envelope length');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ArxProtocolError,
  CborTag,
  concatBytes,
  encodeDeterministic,
  encodeSign1,
  fromHex,
  MAX_ENVELOPE_BYTES,
  MAX_PAYLOAD_BYTES,
  parseSign1,
  sign1Message,
  toHex,
} from '@arx/protocol';
import fc from 'fast-check';

const SIGNATURE = new Uint8Array(64).fill(0xab);

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'accepted';
  } catch (error) {
    assert.ok(error instanceof ArxProtocolError, String(error));
    return error.code;
  }
}

test('the envelope is the deterministic encoding of 18([h"A10127", {}, payload, signature])', () => {
  for (const length of [0, 23, 24, 255, 256, 65_535, 65_536]) {
    const payload = new Uint8Array(length).fill(7);
    const expected = encodeDeterministic(new CborTag(18, [Uint8Array.of(0xa1, 0x01, 0x27), {}, payload, SIGNATURE]));
    assert.deepEqual(encodeSign1(payload, SIGNATURE), expected, `payload of ${length} bytes`);
  }
});

test('the signed message is the RFC 9052 §4.4 Sig_structure ["Signature1", protected, h"", payload]', () => {
  for (const length of [0, 5, 300]) {
    const payload = new Uint8Array(length).fill(3);
    const expected = encodeDeterministic(['Signature1', Uint8Array.of(0xa1, 0x01, 0x27), new Uint8Array(0), payload]);
    assert.deepEqual(sign1Message(payload), expected);
  }
  assert.equal(toHex(sign1Message(Uint8Array.of(0xa0))), '846a5369676e61747572653143a101274041a0');
});

test('parsing returns the payload and signature exactly as received', () => {
  const payload = encodeDeterministic({ v: 1 });
  const parts = parseSign1(encodeSign1(payload, SIGNATURE));
  assert.deepEqual(parts.payload, payload);
  assert.deepEqual(parts.signature, SIGNATURE);
});

test('hand-written envelopes are refused with the code for their defect', () => {
  const sig = `5840${'ab'.repeat(64)}`;
  const cases: [string, string, string][] = [
    ['d28443a10127a041a0' + sig, 'accepted', 'well-formed envelope'],
    ['8443a10127a041a0' + sig, 'ARX_PROTO_NOT_COSE_SIGN1', 'no tag'],
    ['d18443a10127a041a0' + sig, 'ARX_PROTO_NOT_COSE_SIGN1', 'tag 17 (COSE_Mac0)'],
    ['d8128443a10127a041a0' + sig, 'ARX_PROTO_NOT_COSE_SIGN1', 'tag 18 in a two-byte head'],
    ['d28543a10127a041a0' + sig + '00', 'ARX_PROTO_NOT_COSE_SIGN1', 'five items'],
    ['d284a10127a041a0' + sig, 'ARX_PROTO_NOT_COSE_SIGN1', 'protected header not wrapped in a byte string'],
    ['d28443a10126a041a0' + sig, 'ARX_PROTO_BAD_ALG', 'ES256'],
    ['d28443a10128a041a0' + sig, 'ARX_PROTO_BAD_ALG', 'alg -9'],
    ['d28440a041a0' + sig, 'ARX_PROTO_BAD_ALG', 'empty protected header'],
    ['d28444a1012700a041a0' + sig, 'ARX_PROTO_BAD_ALG', 'trailing byte inside the protected header'],
    ['d2845803a10127a041a0' + sig, 'ARX_PROTO_NOT_DETERMINISTIC', 'protected length in a one-byte argument'],
    ['d28443a10127a1044100' + '41a0' + sig, 'ARX_PROTO_EXTRA_HEADERS', 'unprotected kid'],
    ['d28443a10127b80041a0' + sig, 'ARX_PROTO_EXTRA_HEADERS', 'empty map in a non-shortest head'],
    ['d28443a10127bfff41a0' + sig, 'ARX_PROTO_NOT_COSE_SIGN1', 'indefinite-length unprotected map'],
    ['d28443a10127a05801a0' + sig, 'ARX_PROTO_NOT_DETERMINISTIC', 'payload length in a one-byte argument'],
    ['d28443a10127a061a0' + sig, 'ARX_PROTO_NOT_COSE_SIGN1', 'payload as a text string'],
    ['d28443a10127a05fff' + sig, 'ARX_PROTO_NOT_COSE_SIGN1', 'indefinite-length payload'],
    ['d28443a10127a041a0583f' + 'ab'.repeat(63), 'ARX_PROTO_NOT_COSE_SIGN1', '63-byte signature'],
    ['d28443a10127a041a05900' + '40' + 'ab'.repeat(64), 'ARX_PROTO_NOT_COSE_SIGN1', 'signature length not shortest'],
    ['d28443a10127a041a0' + sig.slice(0, -2), 'ARX_PROTO_NOT_COSE_SIGN1', 'truncated signature'],
    ['d28443a10127a041a0' + sig + '00', 'ARX_PROTO_NOT_COSE_SIGN1', 'trailing byte'],
    ['d28443a10127a045a0', 'ARX_PROTO_NOT_COSE_SIGN1', 'truncated payload'],
    ['d28443a10127a05a00010001' + sig, 'ARX_PROTO_TOO_LARGE', 'payload head declaring 65537 bytes'],
    ['', 'ARX_PROTO_NOT_COSE_SIGN1', 'nothing'],
  ];
  for (const [hex, expected, label] of cases)
    assert.equal(
      codeOf(() => parseSign1(fromHex(hex))),
      expected,
      label,
    );
});

test('a payload of 64 KiB fits and one byte more is refused before decoding', () => {
  assert.equal(MAX_PAYLOAD_BYTES, 65_536);
  assert.equal(
    codeOf(() => parseSign1(encodeSign1(new Uint8Array(MAX_PAYLOAD_BYTES), SIGNATURE))),
    'accepted',
  );
  assert.equal(
    codeOf(() => parseSign1(encodeSign1(new Uint8Array(MAX_PAYLOAD_BYTES + 1), SIGNATURE))),
    'ARX_PROTO_TOO_LARGE',
  );
  // The largest legal envelope fits under MAX_ENVELOPE_BYTES; anything longer is refused unread.
  assert.ok(encodeSign1(new Uint8Array(MAX_PAYLOAD_BYTES), SIGNATURE).length <= MAX_ENVELOPE_BYTES);
  assert.equal(
    codeOf(() => parseSign1(new Uint8Array(MAX_ENVELOPE_BYTES + 1))),
    'ARX_PROTO_TOO_LARGE',
  );
});

test('every truncation or extension of an envelope is refused with a typed error', () => {
  const envelope = encodeSign1(encodeDeterministic({ v: 1, kind: 'x' }), SIGNATURE);
  fc.assert(
    fc.property(fc.nat(envelope.length - 1), fc.uint8Array({ maxLength: 3 }), (cut, extra) => {
      const truncated = envelope.subarray(0, cut);
      assert.notEqual(
        codeOf(() => parseSign1(truncated)),
        'accepted',
        `cut at ${cut}`,
      );
      if (extra.length > 0) {
        assert.equal(
          codeOf(() => parseSign1(concatBytes(envelope, extra))),
          'ARX_PROTO_NOT_COSE_SIGN1',
        );
      }
    }),
  );
});

test('random bytes never make the parser throw anything but a typed error', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      codeOf(() => parseSign1(Uint8Array.from([0xd2, 0x84, ...bytes])));
      codeOf(() => parseSign1(bytes));
    }),
    { numRuns: 2000 },
  );
});

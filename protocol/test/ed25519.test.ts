import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkPublicKey,
  checkSignatureShape,
  concatBytes,
  fromHex,
  isCanonicalPointEncoding,
  keyPairFromSecret,
  nobleEd25519,
  toHex,
} from '@arx/protocol';
import { nodeEd25519 } from '@arx/protocol/node-crypto';
import * as ed from '@noble/ed25519';
import fc from 'fast-check';
import {
  FIELD_PRIME,
  GROUP_ORDER,
  IDENTITY_WITH_SIGN_BIT,
  mixedOrderKey,
  mixedOrderSignature,
  nonCanonicalY,
  notOnCurve,
  numberToLE,
  secretScalar,
  signWithR,
  smallOrderKeySignature,
  smallOrderPoints,
  torsionedRSignature,
  withNonCanonicalS,
} from './craft.ts';
import { keys } from './fixtures.ts';

const backends = [nodeEd25519, nobleEd25519];

// RFC 8032 §7.1, TEST 1 to TEST 3.
const RFC8032 = [
  {
    secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    public: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature:
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    public: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature:
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    secret: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    public: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    message: 'af82',
    signature:
      '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
];

// The eight small-order points as libsodium lists them (canonical encodings).
const SMALL_ORDER_ENCODINGS = [
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0000000000000000000000000000000000000000000000000000000000000080',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
];

test('both backends reproduce the RFC 8032 §7.1 test vectors', () => {
  for (const v of RFC8032) {
    for (const backend of backends) {
      const pair = keyPairFromSecret(fromHex(v.secret), backend);
      assert.equal(toHex(pair.publicKey), v.public, backend.name);
      assert.equal(toHex(backend.sign(fromHex(v.message), pair.secretKey)), v.signature, backend.name);
      assert.ok(backend.verify(fromHex(v.signature), fromHex(v.message), pair.publicKey), backend.name);
    }
  }
});

test('a point encoding is canonical only with y < p and no sign bit on x = 0 (RFC 8032 §5.1.3)', () => {
  assert.ok(isCanonicalPointEncoding(fromHex(RFC8032[0]!.public)));
  assert.ok(isCanonicalPointEncoding(fromHex(SMALL_ORDER_ENCODINGS[0]!)));
  assert.ok(isCanonicalPointEncoding(numberToLE(FIELD_PRIME - 1n)));
  for (let small = 0n; small < 19n; small++) {
    assert.ok(!isCanonicalPointEncoding(nonCanonicalY(small)), `y = p + ${small}`);
    assert.ok(!isCanonicalPointEncoding(nonCanonicalY(small, true)), `y = p + ${small}, sign bit set`);
  }
  assert.ok(!isCanonicalPointEncoding(IDENTITY_WITH_SIGN_BIT));
  const minusOne = numberToLE(FIELD_PRIME - 1n);
  minusOne[31]! |= 0x80;
  assert.ok(!isCanonicalPointEncoding(minusOne), 'y = p - 1 (x = 0) with the sign bit');
  assert.ok(!isCanonicalPointEncoding(new Uint8Array(31)));
});

test('every point of small order is refused as a key, and other keys pass', () => {
  const computed = smallOrderPoints().map(toHex).sort();
  assert.deepEqual(computed, [...SMALL_ORDER_ENCODINGS].sort());
  for (const hex of SMALL_ORDER_ENCODINGS) assert.equal(checkPublicKey(fromHex(hex)), 'ARX_PROTO_SMALL_ORDER_KEY', hex);
  assert.equal(checkPublicKey(keys.reporter.publicKey), null);
  assert.equal(checkPublicKey(mixedOrderKey(keys.reporter)), null, 'mixed order is not small order');
  assert.equal(checkPublicKey(nonCanonicalY(1n)), 'ARX_PROTO_NON_CANONICAL_KEY');
  assert.equal(checkPublicKey(notOnCurve()), 'ARX_PROTO_BAD_KEY');
  assert.equal(checkPublicKey(new Uint8Array(33)), 'ARX_PROTO_BAD_KEY');
  // Verdicts are cached; asking twice must give the same answer.
  assert.equal(checkPublicKey(fromHex(SMALL_ORDER_ENCODINGS[4]!)), 'ARX_PROTO_SMALL_ORDER_KEY');
});

test('a signature needs S < L and a canonical R before any backend sees it (RFC 8032 §5.1.7)', () => {
  const sig = fromHex(RFC8032[1]!.signature);
  assert.equal(checkSignatureShape(sig), null);
  assert.equal(checkSignatureShape(withNonCanonicalS(sig)), 'ARX_PROTO_NON_CANONICAL_SIGNATURE');
  assert.equal(
    checkSignatureShape(concatBytes(sig.subarray(0, 32), numberToLE(GROUP_ORDER))),
    'ARX_PROTO_NON_CANONICAL_SIGNATURE',
  );
  assert.equal(checkSignatureShape(concatBytes(sig.subarray(0, 32), numberToLE(GROUP_ORDER - 1n))), null);
  assert.equal(checkSignatureShape(concatBytes(nonCanonicalY(1n), sig.subarray(32))), 'ARX_PROTO_NON_CANONICAL_KEY');
  assert.equal(checkSignatureShape(sig.subarray(1)), 'ARX_PROTO_BAD_SIGNATURE');
  for (const hex of SMALL_ORDER_ENCODINGS) {
    assert.equal(checkSignatureShape(concatBytes(fromHex(hex), sig.subarray(32))), 'ARX_PROTO_BAD_SIGNATURE', hex);
  }
});

test('a small-order R satisfying the equation is refused by the strict checks, as libsodium refuses it', () => {
  const message = new TextEncoder().encode('identity R');
  const signer = keys.listOperator;
  // R = identity, S = k·a: [S]B = [k]A = R + [k]A.
  const signature = signWithR(fromHex(SMALL_ORDER_ENCODINGS[0]!), 0n, secretScalar(signer), signer.publicKey, message);
  for (const backend of backends)
    assert.equal(backend.verify(signature, message, signer.publicKey), true, backend.name);
  assert.equal(checkSignatureShape(signature), 'ARX_PROTO_BAD_SIGNATURE');
});

test('a torsion component in R or in the key splits cofactored from cofactorless verifiers; both backends refuse', () => {
  const message = new TextEncoder().encode('torsion');
  const signer = keys.reporter;
  const torsionR = torsionedRSignature(signer, message, 'test-r');
  // The cofactored equation [8][S]B = [8]R + [8][k]A accepts it …
  assert.equal(ed.verify(torsionR, message, signer.publicKey, { zip215: false }), true);
  // … the cofactorless one, which both backends use, does not.
  for (const backend of backends)
    assert.equal(backend.verify(torsionR, message, signer.publicKey), false, backend.name);

  const mixed = mixedOrderKey(signer);
  const refused = mixedOrderSignature(signer, message, false, 'test-mixed-no');
  const accepted = mixedOrderSignature(signer, message, true, 'test-mixed-yes');
  assert.equal(ed.verify(refused, message, mixed, { zip215: false }), true);
  for (const backend of backends) {
    assert.equal(backend.verify(refused, message, mixed), false, backend.name);
    assert.equal(backend.verify(accepted, message, mixed), true, backend.name);
  }
});

test('the strict checks are what refuse small-order keys: the bare equation accepts such signatures', () => {
  const message = new TextEncoder().encode('small order');
  for (const hex of SMALL_ORDER_ENCODINGS) {
    const signature = smallOrderKeySignature(fromHex(hex), message, hex);
    for (const backend of backends) assert.equal(backend.verify(signature, message, fromHex(hex)), true, hex);
    assert.equal(checkPublicKey(fromHex(hex)), 'ARX_PROTO_SMALL_ORDER_KEY');
  }
});

test('both backends give the same verdict on damaged signatures, messages and keys', () => {
  const signer = keys.provider;
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 64 }),
      fc.constantFrom('signature', 'message', 'key', 'none'),
      fc.nat(),
      fc.integer({ min: 1, max: 255 }),
      (message, target, at, bits) => {
        let signature = nodeEd25519.sign(message, signer.secretKey);
        let msg: Uint8Array = message;
        let key: Uint8Array = signer.publicKey;
        const flip = (bytes: Uint8Array) => {
          if (bytes.length === 0) return bytes;
          const i = at % bytes.length;
          return Uint8Array.from(bytes, (b, j) => (j === i ? b ^ bits : b));
        };
        if (target === 'signature') signature = flip(signature);
        if (target === 'message') msg = flip(msg);
        if (target === 'key') key = flip(key);
        const [a, b] = backends.map((backend) => backend.verify(signature, msg, key));
        assert.equal(a, b, `${target} ${at} ${bits}`);
        if (target === 'none' || (target === 'message' && message.length === 0)) assert.equal(a, true);
      },
    ),
    { numRuns: 150 },
  );
});

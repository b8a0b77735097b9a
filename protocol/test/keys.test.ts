import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import {
  base32Decode,
  base32Encode,
  exportKeyPair,
  formatKeyId,
  fromHex,
  generateKeyPair,
  importKeyPair,
  keyPairFromSecret,
  nobleEd25519,
  parseKeyId,
  toHex,
} from '@arx/protocol';
import { nodeEd25519 } from '@arx/protocol/node-crypto';
import fc from 'fast-check';

// RFC 8032 §7.1 TEST 1.
const RFC_SECRET = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const RFC_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';

/** The display form computed independently: "arx1" + base32(key ‖ SHA-256("arx1" ‖ key)[0..4]). */
function expectedId(publicKey: Uint8Array): string {
  const check = createHash('sha256').update('arx1').update(publicKey).digest().subarray(0, 4);
  const bits = [...publicKey, ...check].map((b) => b.toString(2).padStart(8, '0')).join('');
  let out = '';
  for (let i = 0; i < bits.length; i += 5) {
    out += 'abcdefghijklmnopqrstuvwxyz234567'[Number.parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2)];
  }
  return `arx1${out}`;
}

test('the arx1 form is "arx1" + lowercase unpadded base32 of the key and a 4-byte SHA-256 checksum', () => {
  const key = fromHex(RFC_PUBLIC);
  const id = formatKeyId(key);
  assert.equal(id, expectedId(key));
  assert.match(id, /^arx1[a-z2-7]{58}$/);
  assert.equal(id, 'arx125njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkengbgox4m');
});

test('an arx1 identifier parses back to its key, for any key', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (key) => {
      const id = formatKeyId(key);
      assert.equal(id, expectedId(key));
      assert.deepEqual(parseKeyId(id), key);
      assert.deepEqual(parseKeyId(` ${id.toUpperCase().replace('ARX1', 'arx1')}\n`), key);
    }),
  );
});

test('64 hex digits are accepted in place of the arx1 form', () => {
  assert.deepEqual(parseKeyId(RFC_PUBLIC), fromHex(RFC_PUBLIC));
  assert.deepEqual(parseKeyId(RFC_PUBLIC.toUpperCase()), fromHex(RFC_PUBLIC));
});

test('a mistyped, truncated, extended or non-canonical identifier is refused', () => {
  const id = formatKeyId(fromHex(RFC_PUBLIC));
  const last = id.at(-1)!;
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  // The last character carries 3 key bits and 2 zero padding bits; setting a padding bit keeps the bytes.
  const padded = id.slice(0, -1) + alphabet[alphabet.indexOf(last) | 1];
  assert.notEqual(padded, id);
  const bad = [
    ['wrong prefix', `arx2${id.slice(4)}`],
    ['no prefix', id.slice(4)],
    ['one character changed', id.slice(0, 10) + (id[10] === 'a' ? 'b' : 'a') + id.slice(11)],
    ['truncated', id.slice(0, -1)],
    ['one character appended', `${id}a`],
    ['two characters appended', `${id}aa`],
    ['padding bits set', padded],
    ['a character outside the alphabet', `${id.slice(0, -1)}1`],
    ['63 hex digits', RFC_PUBLIC.slice(1)],
    ['empty', ''],
  ];
  for (const [label, text] of bad) assert.throws(() => parseKeyId(text!), { code: 'ARX_PROTO_BAD_KEY' }, label);
  assert.throws(() => formatKeyId(new Uint8Array(31)), RangeError);
});

test('base32 follows RFC 4648 §10 (lowercase, no padding)', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['f', 'my'],
    ['fo', 'mzxq'],
    ['foo', 'mzxw6'],
    ['foob', 'mzxw6yq'],
    ['fooba', 'mzxw6ytb'],
    ['foobar', 'mzxw6ytboi'],
  ];
  for (const [plain, encoded] of cases) {
    assert.equal(base32Encode(new TextEncoder().encode(plain)), encoded, plain);
    assert.equal(new TextDecoder().decode(base32Decode(encoded)), plain, encoded);
  }
  assert.equal(base32Decode('mzxw0'), undefined);
});

test('both backends derive the RFC 8032 public key from the seed', () => {
  for (const backend of [nodeEd25519, nobleEd25519]) {
    assert.equal(toHex(keyPairFromSecret(fromHex(RFC_SECRET), backend).publicKey), RFC_PUBLIC, backend.name);
  }
  assert.throws(() => keyPairFromSecret(new Uint8Array(31)), { code: 'ARX_PROTO_BAD_KEY' });
});

test('generated key pairs are fresh, and their halves belong together', () => {
  const a = generateKeyPair();
  const b = generateKeyPair(nobleEd25519);
  assert.notDeepEqual(a.secretKey, b.secretKey);
  for (const pair of [a, b]) {
    assert.equal(pair.publicKey.length, 32);
    assert.deepEqual(nodeEd25519.publicKeyOf(pair.secretKey), pair.publicKey);
  }
});

test('an exported key pair imports back, and mismatched halves are refused', () => {
  const pair = keyPairFromSecret(fromHex(RFC_SECRET));
  const exported = exportKeyPair(pair);
  assert.deepEqual(exported, { publicKey: RFC_PUBLIC, secretKey: RFC_SECRET, id: formatKeyId(pair.publicKey) });
  assert.deepEqual(importKeyPair(exported).publicKey, pair.publicKey);
  assert.deepEqual(importKeyPair({ secretKey: RFC_SECRET.toUpperCase() }).publicKey, pair.publicKey);
  const other = toHex(generateKeyPair().publicKey);
  assert.throws(() => importKeyPair({ secretKey: RFC_SECRET, publicKey: other }), { code: 'ARX_PROTO_BAD_KEY' });
  assert.throws(() => importKeyPair({ secretKey: 'zz' }), { code: 'ARX_PROTO_BAD_KEY' });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ArxProtocolError,
  decodeFrame,
  encodeDeterministic,
  encodeFrame,
  type Frame,
  fromHex,
  linkAuthMessage,
  nobleEd25519,
  parsePrefix,
  toHex,
} from '@arx/protocol';
import { nodeEd25519 } from '@arx/protocol/node-crypto';
import fc from 'fast-check';
import { fakeId, keys } from './fixtures.ts';

const key = keys.reporter.publicKey;
const challenge = fakeId('challenge');

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'accepted';
  } catch (error) {
    assert.ok(error instanceof ArxProtocolError, `not a typed error: ${String(error)}`);
    return error.code;
  }
}

const frames: Frame[] = [
  ['hello', { v: 1, key, challenge, agent: 'arx-node/0.1' }],
  ['hello', { v: 1, key, challenge }],
  ['auth', { sig: new Uint8Array(64).fill(1) }],
  [
    'have',
    [
      [key, 12, fakeId('head of 12')],
      [keys.provider.publicKey, 3, fakeId('head of 3')],
    ],
  ],
  ['have', [[key, 12]]],
  ['have', []],
  ['want', key, 5, 9],
  ['entry', Uint8Array.of(0xd2, 0x84)],
  ['entry', Uint8Array.of(0xd2, 0x84), 'sub-1', 42],
  ['ok', fakeId('entry'), true, 'accepted', ''],
  ['ok', null, false, 'invalid', 'payload is not deterministic CBOR'],
  ['sub', 'sub-1', {}],
  [
    'sub',
    'mine',
    { kinds: ['report', 'ack'], origins: [key], responsible: key, about: [parsePrefix('192.0.2.0/24')], since: 7 },
  ],
  ['eose', 'sub-1', 1234],
  ['unsub', 'sub-1'],
  ['notice', 'ARX_NODE_NOT_MEMBER', 'key is not in roster v3'],
  ['fetch', fakeId('blob')],
  ['blob', fakeId('blob'), 0, 3, Uint8Array.of(1, 2, 3)],
  ['horizon', key, 2],
];

test('every frame type survives encoding and decoding unchanged', () => {
  for (const frame of frames) {
    const decoded = decodeFrame(encodeFrame(frame));
    assert.deepEqual(encodeFrame(decoded), encodeFrame(frame), frame[0]);
  }
});

test('frames are CBOR arrays whose first item names the type, written as in the docs', () => {
  assert.equal(toHex(encodeFrame(['unsub', 's'])), '8265756e7375626173');
  assert.equal(toHex(encodeFrame(['eose', 's', 24])), '8364656f736561731818');
  assert.deepEqual(decodeFrame(fromHex('8265756e7375626173')), ['unsub', 's']);
  // A frame need not be deterministic CBOR: only entries are byte-exact.
  assert.deepEqual(decodeFrame(fromHex('9f65756e7375626173ff')), ['unsub', 's']);
});

test('blob frames carry at most one chunk and name a blob of 1 byte to 16 MiB', () => {
  const digest = fakeId('blob');
  assert.equal(
    codeOf(() => decodeFrame(encodeFrame(['blob', digest, 0, 0, new Uint8Array(0)]))),
    'ARX_PROTO_BAD_FIELD',
  );
  const tooBig = encodeDeterministic(['blob', digest, 0, 16 * 1024 * 1024 + 1, Uint8Array.of(1)]);
  assert.equal(
    codeOf(() => decodeFrame(tooBig)),
    'ARX_PROTO_BAD_FIELD',
  );
  const bigChunk = encodeDeterministic(['blob', digest, 0, 60_000, new Uint8Array(48 * 1024 + 1)]);
  assert.equal(
    codeOf(() => decodeFrame(bigChunk)),
    'ARX_PROTO_BAD_FIELD',
  );
  assert.equal(
    codeOf(() => decodeFrame(encodeDeterministic(['fetch', digest.subarray(1)]))),
    'ARX_PROTO_BAD_FIELD',
  );
  assert.equal(
    codeOf(() => decodeFrame(encodeDeterministic(['fetch']))),
    'ARX_PROTO_BAD_FRAME',
  );
});

test('malformed frames are refused with a typed error', () => {
  const cases: [unknown, string, string][] = [
    [{ type: 'hello' }, 'ARX_PROTO_BAD_FRAME', 'a map, not an array'],
    [[], 'ARX_PROTO_BAD_FRAME', 'an empty array'],
    [[1, 2], 'ARX_PROTO_BAD_FRAME', 'a type that is not text'],
    [['publish', new Uint8Array(1)], 'ARX_PROTO_BAD_FRAME', 'an unknown type'],
    [['unsub'], 'ARX_PROTO_BAD_FRAME', 'too few items'],
    [['unsub', 'a', 'b'], 'ARX_PROTO_BAD_FRAME', 'too many items'],
    [['entry', Uint8Array.of(1), 'sub'], 'ARX_PROTO_BAD_FIELD', 'entry whose third item is not evidence bytes'],
    [['entry', Uint8Array.of(1), 'sub', 1, Uint8Array.of(1), 2], 'ARX_PROTO_BAD_FRAME', 'entry with six items'],
    [['hello', { v: 1, key, challenge, extra: 1 }], 'ARX_PROTO_UNKNOWN_FIELD', 'hello with an unknown field'],
    [['hello', { v: 1, key: key.subarray(1), challenge }], 'ARX_PROTO_BAD_FIELD', 'hello with a 31-byte key'],
    [['auth', { sig: new Uint8Array(63) }], 'ARX_PROTO_BAD_FIELD', 'auth with a short signature'],
    [['have', [[key]]], 'ARX_PROTO_BAD_FRAME', 'have pair without a seq'],
    [['have', [[key, 3, key.subarray(1)]]], 'ARX_PROTO_BAD_FIELD', 'have head of 31 bytes'],
    [['have', [[key, 3, fakeId('h'), 1]]], 'ARX_PROTO_BAD_FRAME', 'have item with four items'],
    [['want', key, 0, 5], 'ARX_PROTO_BAD_FIELD', 'want from seq 0'],
    [['horizon', key, 1], 'ARX_PROTO_BAD_FIELD', 'horizon at floor 1 (nothing below it to miss)'],
    [['horizon', key.subarray(1), 5], 'ARX_PROTO_BAD_FIELD', 'horizon for a 31-byte origin'],
    [['horizon', key], 'ARX_PROTO_BAD_FRAME', 'horizon without a floor'],
    [['ok', fakeId('x'), 'yes', 'accepted', ''], 'ARX_PROTO_BAD_FIELD', 'ok.accepted not a boolean'],
    [['ok', fakeId('x'), true, 'r'.repeat(65), ''], 'ARX_PROTO_BAD_FIELD', 'ok.reason too long'],
    [['sub', 's', { kinds: ['gossip'] }], 'ARX_PROTO_UNKNOWN_KIND', 'sub for an unknown kind'],
    [
      ['sub', 's', { about: [{ ip: Uint8Array.of(192, 0, 2, 1), len: 24 }] }],
      'ARX_PROTO_HOST_BITS',
      'sub about a prefix with host bits',
    ],
    [['sub', 's', { color: 'red' }], 'ARX_PROTO_UNKNOWN_FIELD', 'sub filter with an unknown field'],
    [['sub', 'x'.repeat(65), {}], 'ARX_PROTO_BAD_FIELD', 'subscription id too long'],
    [['entry', new Uint8Array(70_001)], 'ARX_PROTO_BAD_FIELD', 'entry bytes over the frame limit'],
  ];
  for (const [value, code, label] of cases) {
    assert.equal(
      codeOf(() => decodeFrame(encodeDeterministic(value as never))),
      code,
      label,
    );
  }
  assert.equal(
    codeOf(() => decodeFrame(fromHex('1c'))),
    'ARX_PROTO_BAD_FRAME',
    'not CBOR',
  );
  assert.equal(
    codeOf(() => decodeFrame(new Uint8Array(0))),
    'ARX_PROTO_BAD_FRAME',
    'no bytes',
  );
});

test('random bytes and random arrays never make the frame decoder throw an untyped error', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      codeOf(() => decodeFrame(bytes));
    }),
    { numRuns: 2000 },
  );
  const item = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.uint8Array({ maxLength: 40 }));
  const type = fc.constantFrom(
    'hello',
    'auth',
    'have',
    'want',
    'entry',
    'ok',
    'sub',
    'eose',
    'unsub',
    'notice',
    'horizon',
  );
  fc.assert(
    fc.property(
      type,
      fc.array(fc.oneof(item, fc.dictionary(fc.string(), item), fc.array(item)), { maxLength: 5 }),
      (t, rest) => {
        codeOf(() => decodeFrame(encodeDeterministic([t, ...rest] as never)));
      },
    ),
    { numRuns: 1000 },
  );
});

test('the link authentication message binds both keys and both challenges in a fixed order', () => {
  const peerKey = keys.provider.publicKey;
  const peerChallenge = fakeId('peer-challenge');
  const message = linkAuthMessage(key, challenge, peerKey, peerChallenge);
  assert.equal(
    toHex(message),
    toHex(new TextEncoder().encode('ARX-LINK-AUTH-v1')) +
      toHex(key) +
      toHex(challenge) +
      toHex(peerKey) +
      toHex(peerChallenge),
  );
  assert.equal(message.length, 16 + 4 * 32);
  // What one side signs is not what the other side signs: a signature cannot be reflected back.
  assert.notDeepEqual(linkAuthMessage(peerKey, peerChallenge, key, challenge), message);
  const sig = nodeEd25519.sign(message, keys.reporter.secretKey);
  assert.ok(nobleEd25519.verify(sig, message, key));
  assert.ok(!nobleEd25519.verify(sig, linkAuthMessage(key, challenge, peerKey, fakeId('another-connection')), key));
});

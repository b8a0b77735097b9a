import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ArxProtocolError,
  generateKeyPair,
  nobleEd25519,
  parsePrefix,
  signEntry,
  tryVerifyEntry,
  verifyEntry,
} from '@arx/protocol';
import { nodeEd25519 } from '@arx/protocol/node-crypto';

const keys = generateKeyPair();
const report = signEntry(
  {
    seq: 1,
    prev: null,
    ts: 1_764_000_000_000,
    kind: 'report',
    body: {
      about: parsePrefix('192.0.2.1'),
      category: 'spam.source',
      observed: { first: 1_763_990_000_000, last: 1_764_000_000_000, count: 2 },
      source: 'fbl',
    },
  },
  keys,
);

test('a signed entry verifies with both Ed25519 implementations', () => {
  for (const backend of [nodeEd25519, nobleEd25519]) {
    const entry = verifyEntry(report.bytes, backend);
    assert.equal(entry.idHex, report.idHex, backend.name);
    assert.equal(entry.payload.kind, 'report');
  }
});

test('a flipped signature bit is refused with ARX_PROTO_BAD_SIGNATURE by both implementations', () => {
  const forged = report.bytes.slice();
  forged[forged.length - 1]! ^= 1;
  for (const backend of [nodeEd25519, nobleEd25519]) {
    const result = tryVerifyEntry(forged, backend);
    assert.equal(result.ok, false, backend.name);
    assert.ok(!result.ok && result.error instanceof ArxProtocolError);
    assert.equal(!result.ok && result.error.code, 'ARX_PROTO_BAD_SIGNATURE');
  }
});

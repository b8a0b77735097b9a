import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ArxProtocolError,
  BLOB_CHUNK_BYTES,
  BlobAssembly,
  blobChunks,
  blobDigest,
  checkBlob,
  createRosterDocument,
  detachedRosterBody,
  findOverlaps,
  nobleEd25519,
  parsePrefix,
  verifyRosterEntry,
} from '@arx/protocol';
import { keys, rosterDocumentFixture, rosterFixture } from './fixtures.ts';

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'accepted';
  } catch (error) {
    assert.ok(error instanceof ArxProtocolError, `not a typed error: ${String(error)}`);
    return error.code;
  }
}

const blob = new Uint8Array(3 * BLOB_CHUNK_BYTES + 17).map((_, i) => (i * 7) & 255);
const ref = { digest: blobDigest(blob), size: blob.length };

test('a blob split into chunks reassembles to the same bytes and verifies', () => {
  const chunks = [...blobChunks(blob)];
  assert.equal(chunks.length, 4);
  assert.ok(chunks.every((c) => c.chunk.length <= BLOB_CHUNK_BYTES));
  const assembly = new BlobAssembly(ref);
  const results = chunks.map((c) => assembly.add(c));
  assert.deepEqual(results.slice(0, 3), [undefined, undefined, undefined]);
  assert.deepEqual(results[3], blob);
});

test('a blob that differs from its commitment by one byte, or in size, is refused', () => {
  const changed = blob.slice();
  changed[1000] ^= 1;
  assert.equal(
    codeOf(() => checkBlob(changed, ref)),
    'ARX_PROTO_BLOB_MISMATCH',
  );
  assert.equal(
    codeOf(() => checkBlob(blob.subarray(1), ref)),
    'ARX_PROTO_BLOB_MISMATCH',
  );
  const assembly = new BlobAssembly(ref);
  const chunks = [...blobChunks(changed, ref.digest)];
  for (const c of chunks.slice(0, -1)) assembly.add(c);
  assert.equal(
    codeOf(() => assembly.add(chunks.at(-1)!)),
    'ARX_PROTO_BLOB_MISMATCH',
  );
});

test('chunks out of order, of another blob, or past the size are refused', () => {
  const chunks = [...blobChunks(blob)];
  assert.equal(
    codeOf(() => new BlobAssembly(ref).add(chunks[1]!)),
    'ARX_PROTO_BLOB_MISMATCH',
  );
  const other = [...blobChunks(Uint8Array.of(1, 2, 3))][0]!;
  assert.equal(
    codeOf(() => new BlobAssembly(ref).add(other)),
    'ARX_PROTO_BLOB_MISMATCH',
  );
  const small = new BlobAssembly({ digest: ref.digest, size: 10 });
  assert.equal(
    codeOf(() => small.add({ ...chunks[0]!, total: 10 })),
    'ARX_PROTO_BLOB_MISMATCH',
  );
  assert.equal(
    codeOf(() => new BlobAssembly({ digest: ref.digest, size: 0 })),
    'ARX_PROTO_BLOB_MISMATCH',
  );
});

test('a detached roster is adopted only with its exact document, version and the steward threshold', () => {
  const document = rosterDocumentFixture();
  const body = detachedRosterBody(document, 1);
  assert.equal(verifyRosterEntry(body, document, undefined, nobleEd25519).roster.version, 1);
  assert.equal(
    codeOf(() => verifyRosterEntry(body, undefined, undefined)),
    'ARX_PROTO_BLOB_MISMATCH',
  );
  assert.equal(
    codeOf(() => verifyRosterEntry({ ...body, version: 2 }, document, undefined)),
    'ARX_PROTO_BAD_ROSTER',
  );
  const v2 = createRosterDocument(rosterFixture(2), [keys.steward1], nobleEd25519);
  const held = rosterFixture(1);
  assert.equal(
    codeOf(() => verifyRosterEntry(detachedRosterBody(v2, 2), v2, held)),
    'ARX_PROTO_ROSTER_THRESHOLD',
  );
  assert.equal(
    codeOf(() => verifyRosterEntry(body, document, held)),
    'ARX_PROTO_ROSTER_ROLLBACK',
  );
  assert.equal(
    codeOf(() => verifyRosterEntry(body, v2, undefined)),
    'ARX_PROTO_BLOB_MISMATCH',
  );
});

test('overlapping claims are found by containment, across members, in both families', () => {
  const claim = (cidr: string, holder: string) => ({ prefix: parsePrefix(cidr), holder });
  const claims = [
    claim('203.0.113.0/24', 'carrier'),
    claim('203.0.113.128/25', 'isp'),
    claim('203.0.113.128/26', 'isp'),
    claim('198.51.100.0/24', 'isp'),
    claim('198.51.100.0/24', 'other'),
    claim('2001:db8::/32', 'carrier'),
    claim('2001:db8:1::/48', 'isp'),
    claim('192.0.2.0/25', 'a'),
    claim('192.0.2.128/25', 'b'),
  ];
  const text = (o: ReturnType<typeof findOverlaps<string>>[number]) =>
    `${o.outer.holder} ${o.outer.prefix.len} ⊇ ${o.inner.holder} ${o.inner.prefix.len}${o.same ? ' same' : ''}`;
  assert.deepEqual(findOverlaps(claims).map(text).sort(), [
    'carrier 24 ⊇ isp 25',
    'carrier 24 ⊇ isp 26',
    'carrier 32 ⊇ isp 48',
    'isp 24 ⊇ other 24 same',
  ]);
  assert.equal(findOverlaps(claims, { sameHolder: true }).length, 5);
});

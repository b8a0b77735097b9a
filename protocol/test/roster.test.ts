import assert from 'node:assert/strict';
import { createPublicKey, verify as opensslVerify } from 'node:crypto';
import { test } from 'node:test';
import {
  ArxProtocolError,
  addRosterSignature,
  CborTag,
  checkRoster,
  createRosterDocument,
  decodeCbor,
  encodeDeterministic,
  findMember,
  fromHex,
  nobleEd25519,
  type Roster,
  readRosterDocument,
  toHex,
  verifyRosterDocument,
  widestAllowed,
} from '@arx/protocol';
import { nodeEd25519 } from '@arx/protocol/node-crypto';
import { keys, rosterFixture } from './fixtures.ts';
import { rosterSigStructure } from './vectors/roster-cases.ts';
import { rosterVectors } from './vectors.ts';

const backends = [nodeEd25519, nobleEd25519];

function held(hex: string | null): Roster | undefined {
  return hex === null ? undefined : verifyRosterDocument(fromHex(hex)).roster;
}

function verdict(document: Uint8Array, heldRoster: Roster | undefined, backend = nodeEd25519): string {
  try {
    verifyRosterDocument(document, heldRoster, backend);
    return 'accepted';
  } catch (error) {
    assert.ok(error instanceof ArxProtocolError, String(error));
    return error.code;
  }
}

test('every valid roster vector is adopted by both backends with the stated version and signers', () => {
  for (const c of rosterVectors.valid) {
    for (const backend of backends) {
      const result = verifyRosterDocument(fromHex(c.document_hex), held(c.held_document_hex), backend);
      assert.equal(result.roster.version, c.version, `${c.comment} [${backend.name}]`);
      assert.deepEqual(result.signers, c.signers, `${c.comment} [${backend.name}]`);
      assert.equal(toHex(result.document), c.document_hex, `${c.comment} [${backend.name}]`);
    }
  }
});

test('every invalid roster vector is refused by both backends with the stated code', () => {
  for (const c of rosterVectors.invalid) {
    const verdicts = backends.map((b) => verdict(fromHex(c.document_hex), held(c.held_document_hex), b));
    assert.deepEqual(verdicts, [c.error, c.error], c.comment);
  }
});

test('the roster vectors cover thresholds, rollback, wrong stewards and tampering', () => {
  const comments = rosterVectors.invalid.map((c) => `${c.error} ${c.comment}`).join('\n');
  for (const expected of [
    /ROLLBACK/,
    /THRESHOLD.*one steward/,
    /THRESHOLD.*not stewards/,
    /THRESHOLD.*changed after/,
  ]) {
    assert.match(comments, expected);
  }
  assert.ok(rosterVectors.valid.some((c) => c.held_document_hex !== null));
});

test('each steward signature is Ed25519 over the COSE_Sign Sig_structure of RFC 9052 §4.4', () => {
  const document = createRosterDocument(rosterFixture(1), [keys.steward1, keys.steward3]);
  const tagged = decodeCbor(document) as { tag: number; value: [Uint8Array, object, Uint8Array, unknown[][]] };
  assert.equal(tagged.tag, 98);
  const [bodyProtected, unprotected, payload, signatures] = tagged.value;
  assert.equal(bodyProtected.length, 0);
  assert.deepEqual(Object.keys(unprotected), []);
  assert.equal(signatures.length, 2);
  for (const [i, steward] of [keys.steward1, keys.steward3].entries()) {
    const [prot, header, sig] = signatures[i] as [Uint8Array, Record<string, Uint8Array>, Uint8Array];
    assert.equal(toHex(prot), 'a10127');
    assert.deepEqual(Uint8Array.from(header['4']!), steward.publicKey);
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(steward.publicKey).toString('base64url') },
      format: 'jwk',
    });
    assert.ok(opensslVerify(null, rosterSigStructure(Uint8Array.from(payload)), key, sig));
  }
  assert.equal(toHex(rosterSigStructure(Uint8Array.of(0xa0))).slice(0, 28), '85695369676e617475726540' + '43a1');
});

test('a document gathers signatures one steward at a time until it meets the threshold', () => {
  const roster = rosterFixture(1);
  let document = createRosterDocument(roster, [keys.steward1]);
  assert.equal(verdict(document, undefined), 'ARX_PROTO_ROSTER_THRESHOLD');
  document = addRosterSignature(document, keys.steward1);
  assert.equal(readRosterDocument(document).signedBy.length, 1, 're-signing replaces, never duplicates');
  document = addRosterSignature(document, keys.steward3, nobleEd25519);
  assert.equal(verdict(document, undefined), 'accepted');
  assert.deepEqual(
    verifyRosterDocument(document).signers,
    [keys.steward1, keys.steward3].map((k) => toHex(k.publicKey)),
  );
});

test('reading a document shows its roster and signers without checking signatures', () => {
  const document = createRosterDocument(rosterFixture(3), [keys.outsider]);
  const read = readRosterDocument(document);
  assert.equal(read.roster.version, 3);
  assert.deepEqual(read.signedBy, [toHex(keys.outsider.publicKey)]);
  const garbage = encodeDeterministic(new CborTag(98, [new Uint8Array(0), {}, Uint8Array.of(0x1c), []]));
  assert.throws(() => readRosterDocument(garbage), { code: 'ARX_PROTO_BAD_ROSTER' });
  const notCbor = encodeDeterministic(
    new CborTag(98, [
      new Uint8Array(0),
      {},
      Uint8Array.of(0x1c),
      [[Uint8Array.of(0xa1, 0x01, 0x27), new Map([[4, keys.steward1.publicKey]]), new Uint8Array(64)]],
    ]),
  );
  assert.throws(() => readRosterDocument(notCbor), { code: 'ARX_PROTO_BAD_ROSTER' });
});

test('a roster that is not internally consistent cannot be created', () => {
  const base = rosterFixture(1);
  const bad: [string, Roster][] = [
    ['threshold above the steward count', { ...base, threshold: 4 }],
    ['threshold 0', { ...base, threshold: 0 }],
    ['no stewards', { ...base, stewards: [], threshold: 1 }],
    ['duplicate steward', { ...base, stewards: [keys.steward1.publicKey, keys.steward1.publicKey] }],
    [
      'duplicate handle',
      { ...base, members: [base.members[0]!, { ...base.members[1]!, handle: base.members[0]!.handle }] },
    ],
    ['handle with capitals', { ...base, members: [{ ...base.members[0]!, handle: 'Mailbox' }] }],
    ['member without roles', { ...base, members: [{ ...base.members[0]!, roles: [] }] }],
    ['version 0', { ...base, version: 0 }],
  ];
  for (const [label, roster] of bad) {
    assert.throws(
      () => createRosterDocument(roster, [keys.steward1, keys.steward2]),
      { code: 'ARX_PROTO_BAD_ROSTER' },
      label,
    );
  }
  assert.equal(checkRoster(base).members.length, 3);
});

test('members are found by key', () => {
  const roster = rosterFixture(1);
  assert.equal(findMember(roster, keys.provider.publicKey)?.handle, 'isp');
  assert.equal(findMember(roster, keys.outsider.publicKey), undefined);
});

test('the width policy: /16 and /32 unless the roster sets a report or per-list-kind limit', () => {
  const plain = rosterFixture(1);
  for (const list of [undefined, 'spam-source', 'dynamic'] as const) {
    assert.equal(widestAllowed(plain, 4, list), 16, `IPv4 ${list ?? 'report'}`);
    assert.equal(widestAllowed(plain, 6, list), 32, `IPv6 ${list ?? 'report'}`);
  }
  const roster = checkRoster({ ...plain, widest: { report: { v4: 24 }, listing: { dynamic: { v4: 12, v6: 28 } } } });
  assert.equal(widestAllowed(roster, 4), 24);
  assert.equal(widestAllowed(roster, 6), 32, 'a length the roster leaves out keeps its default');
  assert.equal(widestAllowed(roster, 4, 'dynamic'), 12);
  assert.equal(widestAllowed(roster, 6, 'dynamic'), 28);
  assert.equal(widestAllowed(roster, 4, 'spam-source'), 16, 'a list kind the roster leaves out keeps the default');
  for (const widest of [{ report: { v4: 33 } }, { listing: { rbl: {} } }, { report: { v5: 1 } }, { listing: [] }]) {
    assert.throws(() => checkRoster({ ...plain, widest } as unknown as Roster), { code: 'ARX_PROTO_BAD_ROSTER' });
  }
});

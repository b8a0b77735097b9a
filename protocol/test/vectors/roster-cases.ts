/**
 * Roster document vectors (written by generate.ts): documents that must be adopted and
 * documents that must be refused, each with the roster document held at the time.
 */
import {
  CborTag,
  type CborValue,
  concatBytes,
  createRosterDocument,
  type Ed25519Backend,
  encodeDeterministic,
  type KeyPair,
  nobleEd25519,
  type Roster,
  toHex,
  verifyRosterDocument,
} from '@arx/protocol';
import { head, mapFromPairs, pairsOf } from '../craft.ts';
import { keys, rosterFixture } from '../fixtures.ts';

const PROTECTED_EDDSA = Uint8Array.of(0xa1, 0x01, 0x27);

/** Sig_structure of RFC 9052 §4.4 for one COSE_Sign signer, written out byte by byte. */
export function rosterSigStructure(payload: Uint8Array, signerProtected: Uint8Array = PROTECTED_EDDSA): Uint8Array {
  return concatBytes(
    Uint8Array.of(0x85, 0x69),
    new TextEncoder().encode('Signature'),
    Uint8Array.of(0x40),
    head(2, signerProtected.length),
    signerProtected,
    Uint8Array.of(0x40),
    head(2, payload.length),
    payload,
  );
}

/** A COSE_Sign document over arbitrary payload bytes, bypassing createRosterDocument's checks. */
export function rawRosterDocument(
  payload: Uint8Array,
  signers: KeyPair[],
  options: { signerProtected?: Uint8Array; bodyProtected?: Uint8Array } = {},
): Uint8Array {
  const prot = options.signerProtected ?? PROTECTED_EDDSA;
  const signatures: CborValue[] = signers.map((k) => [
    prot,
    new Map<number, CborValue>([[4, k.publicKey]]),
    nobleEd25519.sign(rosterSigStructure(payload, prot), k.secretKey),
  ]);
  return encodeDeterministic(new CborTag(98, [options.bodyProtected ?? new Uint8Array(0), {}, payload, signatures]));
}

const { steward1: s1, steward2: s2, steward3: s3, steward4: s4, outsider, observer } = keys;

function doc(roster: Roster, signers: KeyPair[]): Uint8Array {
  return createRosterDocument(roster, signers, nobleEd25519);
}

function encoded(value: unknown): Uint8Array {
  return encodeDeterministic(value as CborValue);
}

/** Changes text inside a document without changing its length, so the layout stays exact. */
function replaceText(document: Uint8Array, from: string, to: string): Uint8Array {
  const hex = toHex(document);
  const a = toHex(new TextEncoder().encode(from));
  const b = toHex(new TextEncoder().encode(to));
  if (a.length !== b.length || !hex.includes(a)) throw new Error('replaceText: no same-length match');
  return Uint8Array.from(Buffer.from(hex.replace(a, b), 'hex'));
}

interface ValidRosterCase {
  comment: string;
  document_hex: string;
  held_document_hex: string | null;
  version: number;
  signers: string[];
}

interface InvalidRosterCase {
  comment: string;
  document_hex: string;
  held_document_hex: string | null;
  error: string;
}

/** All roster cases, each checked against every backend before it is returned. */
export function rosterVectors(backends: Ed25519Backend[]) {
  const v1 = rosterFixture(1);
  const held1 = doc(v1, [s1, s2]);
  const rotated = rosterFixture(2, { stewards: [s2.publicKey, s3.publicKey, s4.publicKey] });

  const valid: ValidRosterCase[] = [];
  const invalid: InvalidRosterCase[] = [];

  const heldRoster = (held: Uint8Array | null) =>
    held ? verifyRosterDocument(held, undefined, backends[0]).roster : undefined;

  function addValid(comment: string, document: Uint8Array, held: Uint8Array | null): void {
    let signers: string[] | undefined;
    let version = 0;
    for (const backend of backends) {
      const result = verifyRosterDocument(document, heldRoster(held), backend);
      if (signers && JSON.stringify(signers) !== JSON.stringify(result.signers)) {
        throw new Error(`backends disagree on "${comment}"`);
      }
      signers = result.signers.slice();
      version = result.roster.version;
    }
    valid.push({
      comment,
      document_hex: toHex(document),
      held_document_hex: held && toHex(held),
      version,
      signers: signers!,
    });
  }

  function addInvalid(comment: string, document: Uint8Array, held: Uint8Array | null, error: string): void {
    for (const backend of backends) {
      let got = 'accepted';
      try {
        verifyRosterDocument(document, heldRoster(held), backend);
      } catch (e) {
        got = (e as { code?: string }).code ?? String(e);
      }
      if (got !== error) throw new Error(`roster case "${comment}": ${backend.name} gives ${got}, expected ${error}`);
    }
    invalid.push({ comment, document_hex: toHex(document), held_document_hex: held && toHex(held), error });
  }

  addValid('first roster (version 1, stewards 1-3, threshold 2) signed by stewards 1 and 2; nothing held', held1, null);
  addValid('first roster signed by all three stewards', doc(v1, [s1, s2, s3]), null);
  addValid('version 2 signed by stewards 2 and 3 of the held version 1', doc(rosterFixture(2), [s3, s2]), held1);
  addValid('version 5 may follow version 1 (versions need only increase)', doc(rosterFixture(5), [s1, s3]), held1);
  addValid(
    'version 2 replaces steward 1 by steward 4, signed by stewards 2 and 3 (threshold of both the held and the new stewards)',
    doc(rotated, [s2, s3]),
    held1,
  );
  addValid('a signature by a key that is not a steward is ignored', doc(v1, [outsider, s1, s2]), null);
  addValid(
    'two signatures by the same steward count once; two others meet the threshold',
    rawRosterDocument(encoded(v1), [s1, s1, s3]),
    null,
  );

  addValid(
    'version 2 with a width policy: reports no wider than /24 and /48, dynamic listings up to /12 for IPv4',
    doc(rosterFixture(2, { widest: { report: { v4: 24, v6: 48 }, listing: { dynamic: { v4: 12 } } } }), [s1, s2]),
    held1,
  );

  addInvalid('signed by one steward, threshold 2', doc(v1, [s1]), null, 'ARX_PROTO_ROSTER_THRESHOLD');
  addInvalid(
    'signed twice by the same steward, threshold 2',
    rawRosterDocument(encoded(v1), [s2, s2]),
    null,
    'ARX_PROTO_ROSTER_THRESHOLD',
  );
  addInvalid(
    'signed only by keys that are not stewards',
    doc(v1, [outsider, observer]),
    null,
    'ARX_PROTO_ROSTER_THRESHOLD',
  );
  addInvalid(
    'payload changed after signing (one letter of the federation name)',
    replaceText(doc(v1, [s1, s2]), 'Example federation', 'Example federatiom'),
    null,
    'ARX_PROTO_ROSTER_THRESHOLD',
  );
  {
    // Steward 1's kid on a signature made by steward 2's key.
    const payload = encoded(v1);
    const forged = encodeDeterministic(
      new CborTag(98, [
        new Uint8Array(0),
        {},
        payload,
        [
          [PROTECTED_EDDSA, new Map([[4, s1.publicKey]]), nobleEd25519.sign(rosterSigStructure(payload), s2.secretKey)],
          [PROTECTED_EDDSA, new Map([[4, s3.publicKey]]), nobleEd25519.sign(rosterSigStructure(payload), s3.secretKey)],
        ],
      ]),
    );
    addInvalid(
      'a signature whose kid names another steward than the signer',
      forged,
      null,
      'ARX_PROTO_ROSTER_THRESHOLD',
    );
  }
  addInvalid('the held version again (equal version)', doc(v1, [s1, s2, s3]), held1, 'ARX_PROTO_ROSTER_ROLLBACK');
  addInvalid('version 1 when version 2 is held', held1, doc(rosterFixture(2), [s1, s2]), 'ARX_PROTO_ROSTER_ROLLBACK');
  addInvalid(
    'version 2 with new stewards only, signed by them: the held stewards did not sign',
    doc(rosterFixture(2, { stewards: [s4.publicKey, observer.publicKey] }), [s4, observer]),
    held1,
    'ARX_PROTO_ROSTER_THRESHOLD',
  );
  addInvalid(
    'version 2 signed by one held steward and one new steward (held threshold 2 not met)',
    doc(rosterFixture(2, { stewards: [s3.publicKey, s4.publicKey] }), [s3, s4]),
    held1,
    'ARX_PROTO_ROSTER_THRESHOLD',
  );
  addInvalid(
    'version 2 signed by two held stewards but only one of its own (its threshold 2 not met)',
    doc(rosterFixture(2, { stewards: [s1.publicKey, s4.publicKey] }), [s1, s2]),
    held1,
    'ARX_PROTO_ROSTER_THRESHOLD',
  );

  const signedPayload = (value: unknown) => rawRosterDocument(encoded(value), [s1, s2]);
  addInvalid(
    'a COSE_Sign1 (tag 18) instead of COSE_Sign (tag 98)',
    Uint8Array.of(0xd2, 0x84, 0x43, 0xa1, 0x01, 0x27, 0xa0, 0x40, 0x40),
    null,
    'ARX_PROTO_BAD_ROSTER',
  );
  addInvalid(
    'signer protected header with alg ES256 (-7)',
    rawRosterDocument(encoded(v1), [s1, s2], { signerProtected: Uint8Array.of(0xa1, 0x01, 0x26) }),
    null,
    'ARX_PROTO_BAD_ROSTER',
  );
  addInvalid(
    'non-empty body protected header',
    rawRosterDocument(encoded(v1), [s1, s2], { bodyProtected: PROTECTED_EDDSA }),
    null,
    'ARX_PROTO_BAD_ROSTER',
  );
  addInvalid(
    'payload map keys not in bytewise order',
    rawRosterDocument(mapFromPairs(pairsOf(v1 as unknown as Record<string, CborValue>).reverse()), [s1, s2]),
    null,
    'ARX_PROTO_BAD_ROSTER',
  );
  addInvalid('threshold 4 with three stewards', signedPayload({ ...v1, threshold: 4 }), null, 'ARX_PROTO_BAD_ROSTER');
  addInvalid(
    'the same steward key listed twice',
    signedPayload({ ...v1, stewards: [s1.publicKey, s1.publicKey, s2.publicKey] }),
    null,
    'ARX_PROTO_BAD_ROSTER',
  );
  addInvalid(
    'two members with the same key',
    signedPayload({ ...v1, members: [v1.members[0], { ...v1.members[1]!, key: v1.members[0]!.key }] }),
    null,
    'ARX_PROTO_BAD_ROSTER',
  );
  addInvalid(
    'unknown role code for a member',
    signedPayload({ ...v1, members: [{ ...v1.members[0]!, roles: ['admin'] }] }),
    null,
    'ARX_PROTO_BAD_ROSTER',
  );
  addInvalid(
    'width policy with an IPv4 prefix length of 33',
    signedPayload({ ...v1, widest: { report: { v4: 33 } } }),
    null,
    'ARX_PROTO_BAD_ROSTER',
  );
  addInvalid(
    'width policy for an unknown list kind',
    signedPayload({ ...v1, widest: { listing: { rbl: { v4: 8 } } } }),
    null,
    'ARX_PROTO_BAD_ROSTER',
  );
  addInvalid('unknown field in the roster payload', signedPayload({ ...v1, motto: 'x' }), null, 'ARX_PROTO_BAD_ROSTER');
  addInvalid(
    'member netblock with host bits set',
    signedPayload({
      ...v1,
      members: [{ ...v1.members[1]!, netblocks: [{ ip: Uint8Array.of(192, 0, 2, 1), len: 24 }] }],
    }),
    null,
    'ARX_PROTO_BAD_ROSTER',
  );

  return {
    comment:
      'ARX roster document vectors (docs/protocol.md, "Roster documents"). held_document_hex, when present, is the roster held before (it verifies on its own); valid documents yield the version and the keys of the stewards whose signatures counted, invalid ones the error code.',
    valid,
    invalid,
  };
}

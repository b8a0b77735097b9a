/**
 * Roster documents: the federation's membership, signed by k of n stewards.
 *
 *   document  = 98([ h'', {}, payload: bstr, [+ COSE_Signature] ])      (RFC 9052 §4.1)
 *   signature = [ h'A10127', {4: kid = steward public key}, sig: bstr .size 64 ]
 *
 * A new version is adopted only when it is signed by the threshold of the stewards
 * of the roster held AND the threshold of its own stewards, and its version is higher
 * (rollback protection, as TUF does for root metadata).
 */
import { defaultEd25519 } from '#default-ed25519';
import { bytesEqual, concatBytes, toHex, utf8Bytes } from './bytes.js';
import { CborTag, type CborValue, decodeCbor, decodeDeterministic, encodeDeterministic } from './cbor.js';
import { LIST_KINDS, type ListKind, ROLES } from './codes/index.js';
import { bstrHead, PROTECTED_EDDSA } from './cose.js';
import { checkPublicKey, checkSignatureShape } from './ed25519/strict.js';
import type { Ed25519Backend } from './ed25519/types.js';
import { ArxProtocolError, fail } from './errors.js';
import type { KeyPair } from './keys.js';
import { checkContacts } from './kinds/index.js';
import {
  arrayOf,
  bytes,
  type Check,
  type Checked,
  code,
  ipPrefix,
  langText,
  optional,
  struct,
  text,
  uint,
} from './validate.js';

const HANDLE = /^[a-z][a-z0-9-]{0,31}$/;

const checkMember = struct({
  key: bytes(32),
  handle: (value: unknown, path: string) => {
    const h = text(32)(value, path);
    if (!HANDLE.test(h)) fail('ARX_PROTO_BAD_ROSTER', `${path}: handle must match ${HANDLE}`);
    return h;
  },
  names: langText(256),
  roles: arrayOf(code(ROLES, 'role'), { min: 1, max: 5 }),
  // A large carrier holds thousands of prefixes; the document's size is bounded as a blob.
  netblocks: arrayOf(ipPrefix, { max: 65_536 }),
  contacts: checkContacts,
  languages: optional(arrayOf(text(35), { max: 16 })),
  endpoint: optional(text(2048)),
});
export type RosterMember = Checked<typeof checkMember>;

/**
 * The widest prefix (the shortest prefix length) a target may have, per address family.
 * Absent lengths take the defaults in DEFAULT_WIDEST.
 */
const checkPrefixFloor = struct({ v4: optional(uint(32)), v6: optional(uint(128)) });
export type PrefixFloor = Checked<typeof checkPrefixFloor>;

/** A map of list kind code → PrefixFloor; kinds it leaves out take the defaults. */
const checkListingFloors: Check<Partial<Record<ListKind, PrefixFloor>>> = (value, path) => {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
    fail('ARX_PROTO_BAD_FIELD', `${path} must be a map of list kind to prefix lengths`);
  }
  const out: Partial<Record<ListKind, PrefixFloor>> = {};
  for (const [kind, floor] of Object.entries(value)) {
    const list = code(LIST_KINDS, 'list kind')(kind, `${path}.${kind}`);
    out[list] = checkPrefixFloor(floor, `${path}.${kind}`);
  }
  return out;
};

/** The roster's width policy: how wide a report's `about` and a listing's `target` (per list kind) may be. */
const checkWidest = struct({ report: optional(checkPrefixFloor), listing: optional(checkListingFloors) });
export type WidestPolicy = Checked<typeof checkWidest>;

/** The width a roster allows when it says nothing: no IPv4 target wider than /16, no IPv6 wider than /32. */
export const DEFAULT_WIDEST = { v4: 16, v6: 32 } as const;

const checkRosterPayload = struct({
  v: uint(1, 1),
  version: uint(Number.MAX_SAFE_INTEGER, 1),
  issued: uint(),
  threshold: uint(255, 1),
  stewards: arrayOf(bytes(32), { min: 1, max: 64 }),
  members: arrayOf(checkMember, { max: 4096 }),
  name: optional(langText(256)),
  widest: optional(checkWidest),
});
export type Roster = Checked<typeof checkRosterPayload>;

/** A roster together with the exact document bytes it was verified from. */
export interface VerifiedRoster {
  readonly roster: Roster;
  readonly document: Uint8Array;
  /** Hex keys of the stewards whose signatures verified. */
  readonly signers: readonly string[];
}

function wrap<T>(detail: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ArxProtocolError && error.code.startsWith('ARX_PROTO_ROSTER')) throw error;
    fail('ARX_PROTO_BAD_ROSTER', `${detail}: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}

/** Validates a roster value's structure and internal consistency. */
export function checkRoster(value: unknown): Roster {
  const roster = wrap('roster', () => checkRosterPayload(value, 'roster'));
  const keys = new Set<string>();
  const handles = new Set<string>();
  for (const m of roster.members) {
    const k = toHex(m.key);
    if (keys.has(k)) fail('ARX_PROTO_BAD_ROSTER', `key of ${m.handle} appears twice`);
    if (handles.has(m.handle)) fail('ARX_PROTO_BAD_ROSTER', `handle ${m.handle} appears twice`);
    keys.add(k);
    handles.add(m.handle);
  }
  // A steward listed twice would count once, making a threshold unreachable by surprise.
  if (new Set(roster.stewards.map(toHex)).size !== roster.stewards.length) {
    fail('ARX_PROTO_BAD_ROSTER', 'a steward key appears twice');
  }
  if (roster.threshold > roster.stewards.length) {
    fail('ARX_PROTO_BAD_ROSTER', `threshold ${roster.threshold} exceeds ${roster.stewards.length} stewards`);
  }
  return roster;
}

const SIGN_CONTEXT = concatBytes(Uint8Array.of(0x85, 0x69), utf8Bytes('Signature'));

/** Sig_structure for COSE_Sign (RFC 9052 §4.4) with empty body-protected and external_aad. */
function signMessage(payload: Uint8Array): Uint8Array {
  return concatBytes(
    SIGN_CONTEXT,
    Uint8Array.of(0x40),
    bstrHead(3),
    PROTECTED_EDDSA,
    Uint8Array.of(0x40),
    bstrHead(payload.length),
    payload,
  );
}

interface RosterSignature {
  kid: Uint8Array;
  signature: Uint8Array;
}

function encodeDocument(payload: Uint8Array, signatures: RosterSignature[]): Uint8Array {
  const sigs: CborValue[] = signatures.map((s) => [PROTECTED_EDDSA, new Map([[4, s.kid]]), s.signature]);
  return encodeDeterministic(new CborTag(98, [new Uint8Array(0), {}, payload, sigs]));
}

/** Splits a document into its payload and signatures, byte-exact. */
function parseDocument(document: Uint8Array): { payload: Uint8Array; signatures: RosterSignature[] } {
  const decoded = wrap('document', () => decodeCbor(document)) as { tag?: number; value?: unknown };
  if (decoded?.tag !== 98 || !Array.isArray(decoded.value) || decoded.value.length !== 4) {
    fail('ARX_PROTO_BAD_ROSTER', 'expected a COSE_Sign (tag 98) array of 4');
  }
  const [prot, unprot, payload, sigs] = decoded.value as unknown[];
  if (!(prot instanceof Uint8Array) || prot.length !== 0)
    fail('ARX_PROTO_BAD_ROSTER', 'body protected header must be empty');
  if (!(payload instanceof Uint8Array)) fail('ARX_PROTO_BAD_ROSTER', 'payload must be a byte string');
  if (unprot === null || typeof unprot !== 'object' || Object.keys(unprot).length !== 0) {
    fail('ARX_PROTO_BAD_ROSTER', 'body unprotected header must be empty');
  }
  if (!Array.isArray(sigs) || sigs.length === 0 || sigs.length > 64)
    fail('ARX_PROTO_BAD_ROSTER', 'needs 1..64 signatures');
  const signatures = sigs.map((s: unknown, i) => {
    const kid = Array.isArray(s) ? (s[1] as Record<string, unknown> | undefined)?.['4'] : undefined;
    if (!Array.isArray(s) || s.length !== 3 || !(kid instanceof Uint8Array) || kid.length !== 32) {
      fail('ARX_PROTO_BAD_ROSTER', `signature ${i} must be [h'A10127', {4: kid}, sig]`);
    }
    if (!(s[2] instanceof Uint8Array)) fail('ARX_PROTO_BAD_ROSTER', `signature ${i} is not a byte string`);
    return { kid, signature: s[2] };
  });
  // Byte-exact: the document must be the deterministic encoding of what we parsed.
  if (!bytesEqual(encodeDocument(payload, signatures), document)) {
    fail('ARX_PROTO_BAD_ROSTER', 'document is not in the exact deterministic layout');
  }
  return { payload, signatures };
}

/** Creates a roster document signed by the given stewards. */
export function createRosterDocument(
  roster: Roster,
  stewards: KeyPair[],
  backend: Ed25519Backend = defaultEd25519,
): Uint8Array {
  const checked = checkRoster(roster);
  const payload = encodeDeterministic(checked as unknown as CborValue);
  const message = signMessage(payload);
  return encodeDocument(
    payload,
    stewards.map((k) => ({ kid: k.publicKey, signature: backend.sign(message, k.secretKey) })),
  );
}

/** Adds one more steward signature to an existing document (for k-of-n signing rounds). */
export function addRosterSignature(
  document: Uint8Array,
  steward: KeyPair,
  backend: Ed25519Backend = defaultEd25519,
): Uint8Array {
  const { payload, signatures } = parseDocument(document);
  const others = signatures.filter((s) => !bytesEqual(s.kid, steward.publicKey));
  const signature = backend.sign(signMessage(payload), steward.secretKey);
  return encodeDocument(payload, [...others, { kid: steward.publicKey, signature }]);
}

/** Reads the roster inside a document without checking signatures (for display). */
export function readRosterDocument(document: Uint8Array): { roster: Roster; signedBy: string[] } {
  const { payload, signatures } = parseDocument(document);
  const decoded = wrap('payload', () => decodeCbor(payload));
  return { roster: checkRoster(decoded), signedBy: signatures.map((s) => toHex(s.kid)) };
}

function countValid(
  stewards: readonly Uint8Array[],
  signatures: RosterSignature[],
  message: Uint8Array,
  backend: Ed25519Backend,
): string[] {
  const allowed = new Set(stewards.map(toHex));
  const valid = new Set<string>();
  for (const s of signatures) {
    const kid = toHex(s.kid);
    if (!allowed.has(kid) || valid.has(kid)) continue;
    if (checkPublicKey(s.kid) || checkSignatureShape(s.signature)) continue;
    if (backend.verify(s.signature, message, s.kid)) valid.add(kid);
  }
  return [...valid];
}

/**
 * Verifies a roster document. With `held`, the new version must be higher and signed
 * by `held.threshold` of the held stewards as well as by its own threshold.
 */
export function verifyRosterDocument(
  document: Uint8Array,
  held?: Roster,
  backend: Ed25519Backend = defaultEd25519,
): VerifiedRoster {
  const { payload, signatures } = parseDocument(document);
  const decoded = wrap('payload is not deterministic CBOR', () => decodeDeterministic(payload));
  const roster = checkRoster(decoded);
  if (held && roster.version <= held.version) {
    fail('ARX_PROTO_ROSTER_ROLLBACK', `version ${roster.version} is not above ${held.version}`);
  }
  const message = signMessage(payload);
  const own = countValid(roster.stewards, signatures, message, backend);
  if (own.length < roster.threshold) {
    fail('ARX_PROTO_ROSTER_THRESHOLD', `${own.length} of ${roster.threshold} required signatures of its own stewards`);
  }
  if (held) {
    const previous = countValid(held.stewards, signatures, message, backend);
    if (previous.length < held.threshold) {
      fail('ARX_PROTO_ROSTER_THRESHOLD', `${previous.length} of ${held.threshold} signatures of the current stewards`);
    }
  }
  return { roster, document, signers: own };
}

/**
 * The shortest prefix length the roster allows for a report (`list` undefined) or a
 * listing on `list`, for IPv4 (`family` 4) or IPv6 (6).
 */
export function widestAllowed(roster: Roster, family: 4 | 6, list?: ListKind): number {
  const floor = list === undefined ? roster.widest?.report : roster.widest?.listing?.[list];
  const key = family === 4 ? 'v4' : 'v6';
  return floor?.[key] ?? DEFAULT_WIDEST[key];
}

/** The member with this key, if any. */
export function findMember(roster: Roster, key: Uint8Array): RosterMember | undefined {
  return roster.members.find((m) => bytesEqual(m.key, key));
}

/**
 * Entries: build and sign, parse, and verify. `verifyEntry` is the one door through
 * which received bytes become a `VerifiedEntry`; storage, relay and fan-out accept
 * only that type, so unverified data cannot reach them by accident.
 */
import { defaultEd25519 } from '#default-ed25519';
import { sha256 } from '#default-sha256';
import { toHex } from './bytes.js';
import {
  type CborValue,
  decodeCbor,
  decodeDeterministic,
  encodeDeterministic,
  isWellFormed,
  NotDeterministic,
} from './cbor.js';
import { encodeSign1, MAX_PAYLOAD_BYTES, parseSign1, sign1Message } from './cose.js';
import { checkPublicKey, checkSignatureShape } from './ed25519/strict.js';
import type { Ed25519Backend } from './ed25519/types.js';
import { ArxProtocolError, fail } from './errors.js';
import type { KeyPair } from './keys.js';
import { type BodyByKind, type EntryKind, isEntryKind, KINDS } from './kinds/index.js';
import { bytes, struct, uint } from './validate.js';

/** The signed payload of every entry (DESIGN "Entries"). */
export interface EntryPayload<K extends EntryKind = EntryKind> {
  readonly v: 1;
  readonly origin: Uint8Array;
  readonly seq: number;
  readonly prev: Uint8Array | null;
  readonly ts: number;
  readonly kind: K;
  readonly body: BodyByKind[K];
}

/** An entry parsed and validated, whose signature has not been checked yet. */
export interface ParsedEntry<K extends EntryKind = EntryKind> {
  /** The envelope bytes exactly as received. */
  readonly bytes: Uint8Array;
  readonly payloadBytes: Uint8Array;
  readonly signature: Uint8Array;
  readonly payload: EntryPayload<K>;
  /** SHA-256 of the payload bytes. */
  readonly id: Uint8Array;
  readonly idHex: string;
  readonly originHex: string;
  /**
   * A report's detached evidence received with the entry, already checked against the
   * payload's `evidenceDigest` (set only by `attachEvidence` or when signing).
   */
  readonly evidence?: Uint8Array;
}

declare const verifiedBrand: unique symbol;

/** An entry whose bytes, structure and signature have all been verified. */
export type VerifiedEntry<K extends EntryKind = EntryKind> = ParsedEntry<K> & { readonly [verifiedBrand]: true };

const TOP_LEVEL = struct({
  v: uint(255),
  origin: bytes(32),
  seq: uint(Number.MAX_SAFE_INTEGER, 1),
  prev: (value: unknown, path: string) => (value === null ? null : bytes(32)(value, path)),
  ts: uint(),
  kind: (value: unknown) => value,
  body: (value: unknown) => value,
});

/** Validates a decoded payload value: top-level fields, chain link shape, kind and body. */
export function checkPayload(value: unknown): EntryPayload {
  const top = TOP_LEVEL(value, 'payload');
  if (top.v !== 1) fail('ARX_PROTO_BAD_VERSION', `v = ${top.v}`);
  if (!isEntryKind(top.kind)) fail('ARX_PROTO_UNKNOWN_KIND', JSON.stringify(top.kind));
  // The first entry of an origin has no predecessor; every later one names it.
  if ((top.seq === 1) !== (top.prev === null)) {
    fail('ARX_PROTO_BAD_CHAIN_LINK', top.seq === 1 ? 'seq 1 must have prev = null' : 'prev is required after seq 1');
  }
  const body = (KINDS[top.kind].check as (v: unknown, p: string) => unknown)(top.body, 'body');
  return { v: 1, origin: top.origin, seq: top.seq, prev: top.prev, ts: top.ts, kind: top.kind, body } as EntryPayload;
}

/** Parses and validates received bytes without checking the signature. */
export function parseEntry(bytes: Uint8Array): ParsedEntry {
  const { payload: payloadBytes, signature } = parseSign1(bytes);
  let decoded: unknown;
  try {
    // The payload must be exactly the deterministic encoding of a value of the data model.
    decoded = decodeDeterministic(payloadBytes);
  } catch (cause) {
    if (!(cause instanceof NotDeterministic)) throw cause;
    // Which refusal follows RFC 8949 well-formedness, not the decoder's reason.
    if (isWellFormed(payloadBytes)) fail('ARX_PROTO_NOT_DETERMINISTIC', cause.message, cause);
    fail('ARX_PROTO_BAD_CBOR', cause.message, cause);
  }
  const payload = checkPayload(decoded);
  const id = sha256(payloadBytes);
  return { bytes, payloadBytes, signature, payload, id, idHex: toHex(id), originHex: toHex(payload.origin) };
}

/** RFC 8032 strict pre-checks shared by every backend; throws on a key or signature that must be refused. */
export function checkSignatureInputs(parsed: ParsedEntry): void {
  const keyProblem = checkPublicKey(parsed.payload.origin);
  if (keyProblem) fail(keyProblem, 'origin');
  const sigProblem = checkSignatureShape(parsed.signature);
  if (sigProblem) fail(sigProblem);
}

/**
 * How far ahead of a receiver's clock an entry's `ts` may be: clocks of honest nodes
 * differ by seconds, so an entry dated minutes ahead was either signed on a broken
 * clock or dated ahead on purpose (to stay "recent" for ever). See docs/protocol.md
 * "Clock skew".
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Refuses an entry dated more than `maxSkewMs` after `now` (the receiver's clock, ms
 * since the epoch) with ARX_PROTO_FUTURE_TIMESTAMP. Entries in the past are not bounded:
 * a log is replayed long after it was written.
 */
export function checkClockSkew(payload: { readonly ts: number }, now: number, maxSkewMs = MAX_CLOCK_SKEW_MS): void {
  if (payload.ts > now + maxSkewMs) {
    fail(
      'ARX_PROTO_FUTURE_TIMESTAMP',
      `ts ${payload.ts} is ${payload.ts - now} ms ahead of ${now} (bound ${maxSkewMs} ms)`,
    );
  }
}

/** Checks the signature of a parsed entry. */
export function verifyParsedEntry(parsed: ParsedEntry, backend: Ed25519Backend = defaultEd25519): VerifiedEntry {
  checkSignatureInputs(parsed);
  if (!backend.verify(parsed.signature, sign1Message(parsed.payloadBytes), parsed.payload.origin)) {
    fail('ARX_PROTO_BAD_SIGNATURE');
  }
  return parsed as VerifiedEntry;
}

/**
 * Checks the signature with an asynchronous verifier (e.g. a worker pool running the
 * same backend); the strict pre-checks still run here.
 */
export async function verifyParsedEntryWith(
  parsed: ParsedEntry,
  verify: (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => Promise<boolean>,
): Promise<VerifiedEntry> {
  checkSignatureInputs(parsed);
  if (!(await verify(parsed.signature, sign1Message(parsed.payloadBytes), parsed.payload.origin))) {
    fail('ARX_PROTO_BAD_SIGNATURE');
  }
  return parsed as VerifiedEntry;
}

/** Decodes and verifies received bytes; throws ArxProtocolError with a stable code. */
export function verifyEntry(bytes: Uint8Array, backend: Ed25519Backend = defaultEd25519): VerifiedEntry {
  return verifyParsedEntry(parseEntry(bytes), backend);
}

/** Like verifyEntry, but returns the typed error instead of throwing it. */
export function tryVerifyEntry(
  bytes: Uint8Array,
  backend: Ed25519Backend = defaultEd25519,
): { ok: true; entry: VerifiedEntry } | { ok: false; error: ArxProtocolError } {
  try {
    return { ok: true, entry: verifyEntry(bytes, backend) };
  } catch (error) {
    if (error instanceof ArxProtocolError) return { ok: false, error };
    return { ok: false, error: new ArxProtocolError('ARX_PROTO_BAD_CBOR', String(error), { cause: error }) };
  }
}

/** What a publisher supplies to create an entry. */
export interface EntryDraft<K extends EntryKind = EntryKind> {
  readonly seq: number;
  readonly prev: Uint8Array | null;
  readonly ts: number;
  readonly kind: K;
  readonly body: BodyByKind[K];
}

/** Validates, encodes and signs an entry; the result is verified by construction. */
export function signEntry<K extends EntryKind>(
  draft: EntryDraft<K>,
  keys: KeyPair,
  backend: Ed25519Backend = defaultEd25519,
): VerifiedEntry<K> {
  // Named fields only: a draft object carrying extra properties (an `origin`, a `v`) must
  // not leak into what is signed.
  const { seq, prev, ts, kind, body } = draft;
  const value = { v: 1, origin: keys.publicKey, seq, prev, ts, kind, body } as unknown as CborValue;
  const payloadBytes = encodeDeterministic(value);
  if (payloadBytes.length > MAX_PAYLOAD_BYTES) fail('ARX_PROTO_TOO_LARGE', `payload of ${payloadBytes.length} bytes`);
  // Validate exactly what a receiver will see, so nothing we sign is refused elsewhere.
  const payload = checkPayload(decodeCbor(payloadBytes));
  const signature = backend.sign(sign1Message(payloadBytes), keys.secretKey);
  const id = sha256(payloadBytes);
  return {
    bytes: encodeSign1(payloadBytes, signature),
    payloadBytes,
    signature,
    payload,
    id,
    idHex: toHex(id),
    originHex: toHex(keys.publicKey),
  } as unknown as VerifiedEntry<K>;
}

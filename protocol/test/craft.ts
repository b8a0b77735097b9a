/**
 * Hand-made bytes for negative tests and vectors: CBOR that the protocol's encoder
 * would never produce (non-shortest heads, indefinite lengths, unsorted keys, floats),
 * envelopes signed over such payloads, and Ed25519 signatures that exercise the edge
 * cases where verifiers differ (RFC 8032 §5.1.7; "Taming the many EdDSAs", SSR 2020).
 */

import {
  type CborValue,
  concatBytes,
  type EntryKind,
  type EntryPayload,
  encodeDeterministic,
  encodeSign1,
  type KeyPair,
  nobleEd25519,
  sign1Message,
} from '@arx/protocol';
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';

ed.hashes.sha512 = sha512;

// ---------------------------------------------------------------- CBOR by hand

/** A CBOR head (RFC 8949 §3) with the argument in `width` bytes (0 = in the initial byte). */
export function head(major: number, value: number, width: 0 | 1 | 2 | 4 | 8 = shortestWidth(value)): Uint8Array {
  const first = major << 5;
  if (width === 0) return Uint8Array.of(first | value);
  const info = { 1: 24, 2: 25, 4: 26, 8: 27 }[width];
  const out = new Uint8Array(1 + width);
  out[0] = first | info;
  let v = BigInt(value);
  for (let i = width; i >= 1; i--) {
    out[i] = Number(v & 255n);
    v >>= 8n;
  }
  return out;
}

function shortestWidth(value: number): 0 | 1 | 2 | 4 | 8 {
  return value < 24 ? 0 : value < 0x100 ? 1 : value < 0x10000 ? 2 : value < 0x100000000 ? 4 : 8;
}

/** IEEE 754 double (major 7, additional info 27). */
export function float64(value: number): Uint8Array {
  const out = new Uint8Array(9);
  out[0] = 0xfb;
  new DataView(out.buffer).setFloat64(1, value);
  return out;
}

/** One encoded map entry: [key bytes, value bytes]. */
export type Pair = [key: Uint8Array, value: Uint8Array];

/** The entries of a map in deterministic order, each key and value encoded on its own. */
export function pairsOf(map: Record<string, CborValue | undefined>): Pair[] {
  const pairs: Pair[] = [];
  for (const [k, v] of Object.entries(map))
    if (v !== undefined) pairs.push([encodeDeterministic(k), encodeDeterministic(v)]);
  // Same order the deterministic encoder uses: bytewise on the encoded key.
  return pairs.sort((a, b) => Buffer.compare(a[0], b[0]));
}

/** A map from already-encoded pairs, in the order given; `indefinite` uses 0xbf … 0xff. */
export function mapFromPairs(pairs: Pair[], indefinite = false): Uint8Array {
  const start = indefinite ? Uint8Array.of(0xbf) : head(5, pairs.length);
  return concatBytes(start, ...pairs.flat(), indefinite ? Uint8Array.of(0xff) : new Uint8Array(0));
}

/** Replaces the encoded value of `key` in a pair list. */
export function replaceValue(pairs: Pair[], key: string, value: Uint8Array): Pair[] {
  const k = encodeDeterministic(key);
  let found = false;
  const out = pairs.map(([pk, pv]): Pair => {
    if (Buffer.compare(pk, k) !== 0) return [pk, pv];
    found = true;
    return [pk, value];
  });
  if (!found) throw new Error(`no key ${key}`);
  return out;
}

// ---------------------------------------------------------------- payloads and envelopes

/** The payload map of an entry signed by `keys` (v, origin filled in). */
export function payloadValue<K extends EntryKind>(
  keys: { publicKey: Uint8Array },
  draft: Omit<EntryPayload<K>, 'v' | 'origin'>,
): Record<string, CborValue> {
  return { v: 1, origin: keys.publicKey, ...(draft as unknown as Record<string, CborValue>) };
}

/** A COSE_Sign1 envelope over exactly these payload bytes, with a correct signature. */
export function envelopeOver(payload: Uint8Array, keys: KeyPair): Uint8Array {
  return encodeSign1(payload, nobleEd25519.sign(sign1Message(payload), keys.secretKey));
}

// ---------------------------------------------------------------- Ed25519 edge cases

const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const P = 2n ** 255n - 19n;

export function numberToLE(n: bigint, length = 32): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    out[i] = Number(n & 255n);
    n >>= 8n;
  }
  return out;
}

export function numberFromLE(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

export const GROUP_ORDER = L;
export const FIELD_PRIME = P;

/** A point of order 8 (RFC 7748 §4.1 lists the curve; this is a generator of its 8-torsion). */
export const TORSION_8 = ed.Point.fromBytes(
  Uint8Array.from(Buffer.from('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', 'hex')),
);

/** Encodings of all eight points of small order, i·T for i = 0..7. */
export function smallOrderPoints(): Uint8Array[] {
  const out: Uint8Array[] = [ed.Point.ZERO.toBytes()];
  for (let i = 1n; i < 8n; i++) out.push(TORSION_8.multiply(i, false).toBytes());
  return out;
}

/** y = p + small: a non-canonical encoding of the point whose y is `small` (§5.1.3 requires y < p). */
export function nonCanonicalY(small: bigint, signBit = false): Uint8Array {
  const out = numberToLE(P + small);
  if (signBit) out[31]! |= 0x80;
  return out;
}

/** The identity point (x = 0, y = 1) encoded with the sign bit set, which §5.1.3 forbids. */
export const IDENTITY_WITH_SIGN_BIT = Uint8Array.from([1, ...new Array<number>(30).fill(0), 0x80]);

/** The secret scalar a of a key (RFC 8032 §5.1.5). */
export function secretScalar(keys: KeyPair): bigint {
  return ed.utils.getExtendedPublicKey(keys.secretKey).scalar;
}

function challenge(r: Uint8Array, publicKey: Uint8Array, message: Uint8Array): bigint {
  return numberFromLE(sha512(concatBytes(r, publicKey, message))) % L;
}

/** A nonce scalar derived from a label, so crafted signatures are reproducible. */
export function nonce(label: string): bigint {
  return numberFromLE(sha512(new TextEncoder().encode(`arx-test-nonce/${label}`))) % L;
}

/**
 * S = r + k·a for given R bytes: the signature a key holder makes when the nonce point
 * is rB but the bytes sent as R are `rBytes` (which may add torsion or be non-canonical).
 */
export function signWithR(
  rBytes: Uint8Array,
  r: bigint,
  a: bigint,
  publicKey: Uint8Array,
  message: Uint8Array,
): Uint8Array {
  const k = challenge(rBytes, publicKey, message);
  return concatBytes(rBytes, numberToLE((r + k * a) % L));
}

/**
 * A signature valid only under the cofactored equation: R' = rB + T (T of order 8).
 * [S]B - [k]A = rB ≠ R', but [8]([S]B - [k]A - R') = 0.
 */
export function torsionedRSignature(keys: KeyPair, message: Uint8Array, label: string): Uint8Array {
  const r = nonce(label);
  const rBytes = ed.Point.BASE.multiply(r).add(TORSION_8).toBytes();
  return signWithR(rBytes, r, secretScalar(keys), keys.publicKey, message);
}

/** A mixed-order public key aB + T: not small order, not in the prime-order subgroup. */
export function mixedOrderKey(keys: KeyPair): Uint8Array {
  return ed.Point.BASE.multiply(secretScalar(keys)).add(TORSION_8).toBytes();
}

/**
 * A signature by the holder of a mixed-order key A' = aB + T. The cofactorless equation
 * holds exactly when 8 divides k (then kT = 0); the nonce is ground for either outcome.
 */
export function mixedOrderSignature(
  keys: KeyPair,
  message: Uint8Array,
  wantCofactorlessValid: boolean,
  label: string,
): Uint8Array {
  const a = secretScalar(keys);
  const publicKey = mixedOrderKey(keys);
  for (let attempt = 0; attempt < 256; attempt++) {
    const r = nonce(`${label}/${attempt}`);
    const rBytes = ed.Point.BASE.multiply(r).toBytes();
    const k = challenge(rBytes, publicKey, message);
    if ((k % 8n === 0n) === wantCofactorlessValid) return signWithR(rBytes, r, a, publicKey, message);
  }
  throw new Error('no nonce found');
}

/**
 * For a small-order key A: a signature the cofactorless equation accepts. With S = s and
 * R = sB, [S]B - [k]A = sB - kA, which is R whenever kA = 0 — always for the identity,
 * one time in `order` otherwise; the nonce is ground until it holds.
 */
export function smallOrderKeySignature(publicKey: Uint8Array, message: Uint8Array, label: string): Uint8Array {
  // Lax decoding (ZIP-215 rules) so non-canonical aliases of small-order points work too.
  const A = ed.Point.fromBytes(publicKey, true);
  for (let attempt = 0; attempt < 256; attempt++) {
    const s = nonce(`${label}/${attempt}`);
    const rBytes = ed.Point.BASE.multiply(s).toBytes();
    const k = challenge(rBytes, publicKey, message);
    if (A.multiply(k, false).is0()) return concatBytes(rBytes, numberToLE(s));
  }
  throw new Error('no nonce found');
}

/** Adds L to S: the same signature under a verifier that reduces S mod L (§5.1.7 forbids it). */
export function withNonCanonicalS(signature: Uint8Array): Uint8Array {
  const s = numberFromLE(signature.subarray(32));
  return concatBytes(signature.subarray(0, 32), numberToLE(s + L));
}

/** A 32-byte string with y < p that is not the encoding of any curve point (no square root). */
export function notOnCurve(): Uint8Array {
  for (let y = 2n; ; y++) {
    const bytes = numberToLE(y);
    try {
      ed.Point.fromBytes(bytes);
    } catch {
      return bytes;
    }
  }
}

/**
 * RFC 8032 strict checks applied before either backend verifies, so that OpenSSL and
 * noble give the same verdict on every input (the edge cases where implementations
 * differ are decided here, once). The verification equation itself is the cofactorless
 * one in both backends (see noble.ts); these checks decide everything before it:
 *
 *   1. the key is a canonical encoding (§5.1.3) that decodes to a point, not of small order;
 *   2. S < L (§5.1.7), then R is a canonical encoding, not of small order.
 *
 * With these, libsodium's crypto_sign_verify_detached and ed25519-dalek's verify_strict
 * give the same verdicts as OpenSSL and noble, so other implementations can use them.
 */
import * as ed from '@noble/ed25519';
import { toHex } from '../bytes.js';
import type { ProtocolErrorCode } from '../errors.js';

/** Order L of the prime-order subgroup (RFC 8032 §5.1). */
export const GROUP_ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;
const L = GROUP_ORDER;
const P = 2n ** 255n - 19n;

/** An unsigned little-endian integer (RFC 8032 encodes scalars and y this way). */
export function scalarFromBytes(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

/**
 * RFC 8032 §5.1.3: a point encoding is canonical when y < p, and x = 0 is never
 * encoded with the sign bit set (y = 1 or y = p - 1).
 */
export function isCanonicalPointEncoding(encoded: Uint8Array): boolean {
  if (encoded.length !== 32) return false;
  // Fast path: y < 2^255 - 2^8 and y > 1 leave nothing to decide.
  if ((encoded[31]! & 0x7f) !== 0x7f && (encoded[31]! & 0x7f) !== 0 && encoded[0] !== 1) return true;
  const sign = encoded[31]! >> 7;
  const y = scalarFromBytes(encoded) & ((1n << 255n) - 1n);
  if (y >= P) return false;
  if (sign === 1 && (y === 1n || y === P - 1n)) return false;
  return true;
}

const keyVerdicts = new Map<string, ProtocolErrorCode | null>();

/** Checks a public key once (cached): canonical, on the curve, not of small order. */
export function checkPublicKey(publicKey: Uint8Array): ProtocolErrorCode | null {
  if (publicKey.length !== 32) return 'ARX_PROTO_BAD_KEY';
  const cacheKey = String.fromCharCode(...publicKey);
  const cached = keyVerdicts.get(cacheKey);
  if (cached !== undefined) return cached;
  let verdict: ProtocolErrorCode | null = null;
  if (!isCanonicalPointEncoding(publicKey)) verdict = 'ARX_PROTO_NON_CANONICAL_KEY';
  else {
    try {
      // OpenSSL accepts small-order keys; RFC 8032 strict verifiers must not.
      if (ed.Point.fromBytes(publicKey, false).isSmallOrder()) verdict = 'ARX_PROTO_SMALL_ORDER_KEY';
    } catch {
      verdict = 'ARX_PROTO_BAD_KEY';
    }
  }
  if (keyVerdicts.size > 10_000) keyVerdicts.clear();
  keyVerdicts.set(cacheKey, verdict);
  return verdict;
}

/** Canonical encodings of the eight points of small order (the torsion subgroup). */
const SMALL_ORDER_ENCODINGS = new Set([
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0000000000000000000000000000000000000000000000000000000000000080',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
]);
const SMALL_ORDER_FIRST_BYTES = new Set([0x01, 0xec, 0x00, 0xc7, 0x26]);

/**
 * Checks the signature's shape: S < L (RFC 8032 §5.1.7 step 1), R canonical and not of
 * small order. RFC 8032 allows a small-order R, but an honest signer never makes one
 * (R = rB has order L), and refusing it keeps libsodium-based verifiers in agreement.
 */
export function checkSignatureShape(signature: Uint8Array): ProtocolErrorCode | null {
  if (signature.length !== 64) return 'ARX_PROTO_BAD_SIGNATURE';
  const top = signature[63]!;
  // L = 2^252 + ..., so S < L whenever its top byte is below 0x10.
  if (top >= 0x10 && scalarFromBytes(signature.subarray(32)) >= L) return 'ARX_PROTO_NON_CANONICAL_SIGNATURE';
  const r = signature.subarray(0, 32);
  if (!isCanonicalPointEncoding(r)) return 'ARX_PROTO_NON_CANONICAL_KEY';
  if (SMALL_ORDER_FIRST_BYTES.has(r[0]!) && SMALL_ORDER_ENCODINGS.has(toHex(r))) return 'ARX_PROTO_BAD_SIGNATURE';
  return null;
}

/**
 * Pure-JS Ed25519 from @noble/ed25519: used in browsers and as the cross-check in tests.
 *
 * Verification checks the cofactorless equation [S]B = R + [k]A, which RFC 8032 §5.1.7
 * permits ("it's sufficient, but not required, to instead check [S]B = R + [k]A'") and
 * which is what OpenSSL checks. noble's own `verify` checks the cofactored equation
 * [8][S]B = [8]R + [8][k]A; that also accepts a signature whose R (or whose key A)
 * carries a small-order component, so a browser and a node would disagree on such an
 * entry (Chalkias, Garillot, Nikolaenko: "Taming the many EdDSAs", SSR 2020, §3).
 */
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '../bytes.js';
import { GROUP_ORDER, scalarFromBytes } from './strict.js';
import type { Ed25519Backend } from './types.js';

// @noble/ed25519 v3 needs a synchronous SHA-512 for its sync API.
ed.hashes.sha512 = sha512;

/** RFC 8032 §5.1.7 with the cofactorless check; every failure to decode is a `false`. */
function verifyCofactorless(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  const r = signature.subarray(0, 32);
  const s = scalarFromBytes(signature.subarray(32));
  // Step 1: S must be in 0..L-1; R and A must decode (strictly: y < p, no x = 0 with sign bit).
  if (s >= GROUP_ORDER) return false;
  const R = ed.Point.fromBytes(r, false);
  const A = ed.Point.fromBytes(publicKey, false);
  // Step 2: k = SHA-512(R || A || M) mod L, over the received encodings.
  const k = scalarFromBytes(sha512(concatBytes(r, publicKey, message))) % GROUP_ORDER;
  // Step 3, cofactorless: [S]B - [k]A must be R itself, not R plus a small-order point.
  return ed.Point.BASE.multiply(s, false).subtract(A.multiply(k, false)).equals(R);
}

export const nobleEd25519: Ed25519Backend = {
  name: 'noble',
  sign: (message, secretKey) => ed.sign(message, secretKey),
  verify: (signature, message, publicKey) => {
    try {
      return verifyCofactorless(signature, message, publicKey);
    } catch {
      return false;
    }
  },
  publicKeyOf: (secretKey) => ed.getPublicKey(secretKey),
};

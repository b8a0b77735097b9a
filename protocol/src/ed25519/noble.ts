/** Pure-JS Ed25519 from @noble/ed25519: used in browsers and as the cross-check in tests. */
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import type { Ed25519Backend } from './types.js';

// @noble/ed25519 v3 needs a synchronous SHA-512 for its sync API.
ed.hashes.sha512 = sha512;

export const nobleEd25519: Ed25519Backend = {
  name: 'noble',
  sign: (message, secretKey) => ed.sign(message, secretKey),
  // zip215: false selects RFC 8032 strict verification (noble defaults to ZIP-215).
  verify: (signature, message, publicKey) => {
    try {
      return ed.verify(signature, message, publicKey, { zip215: false });
    } catch {
      return false;
    }
  },
  publicKeyOf: (secretKey) => ed.getPublicKey(secretKey),
};

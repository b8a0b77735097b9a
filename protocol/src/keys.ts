/**
 * Organisation keys and their `arx1…` display form.
 *
 * Display form: "arx1" + base32 (RFC 4648, lowercase, no padding) of
 * publicKey (32 bytes) ‖ first 4 bytes of SHA-256("arx1" ‖ publicKey). The checksum
 * catches a mistyped or truncated identifier before anyone trusts it.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { defaultEd25519 } from '#default-ed25519';
import { base32Decode, base32Encode, bytesEqual, concatBytes, fromHex, toHex, utf8Bytes } from './bytes.js';
import type { Ed25519Backend } from './ed25519/types.js';
import { fail } from './errors.js';

const PREFIX = 'arx1';
const PREFIX_BYTES = utf8Bytes(PREFIX);

/** An Ed25519 key pair; `secretKey` is the 32-byte RFC 8032 seed. */
export interface KeyPair {
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
}

function checksum(publicKey: Uint8Array): Uint8Array {
  return sha256(concatBytes(PREFIX_BYTES, publicKey)).subarray(0, 4);
}

/** Generates a new key pair from the platform's CSPRNG. */
export function generateKeyPair(backend: Ed25519Backend = defaultEd25519): KeyPair {
  const secretKey = crypto.getRandomValues(new Uint8Array(32));
  return { secretKey, publicKey: backend.publicKeyOf(secretKey) };
}

/** Rebuilds a key pair from a 32-byte seed. */
export function keyPairFromSecret(secretKey: Uint8Array, backend: Ed25519Backend = defaultEd25519): KeyPair {
  if (secretKey.length !== 32) fail('ARX_PROTO_BAD_KEY', 'secret key must be 32 bytes');
  return { secretKey, publicKey: backend.publicKeyOf(secretKey) };
}

/** The `arx1…` display form of a public key. */
export function formatKeyId(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new RangeError('public key must be 32 bytes');
  return PREFIX + base32Encode(concatBytes(publicKey, checksum(publicKey)));
}

/** Parses an `arx1…` identifier (or 64 hex digits) back to the 32-byte key. */
export function parseKeyId(text: string): Uint8Array {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return fromHex(trimmed);
  if (!trimmed.startsWith(PREFIX)) fail('ARX_PROTO_BAD_KEY', `"${text}" does not start with arx1`);
  const encoded = trimmed.slice(PREFIX.length).toLowerCase();
  const raw = base32Decode(encoded);
  // 36 bytes are 288 bits: 58 characters, the last carrying 2 padding bits that must be
  // zero (RFC 4648 §3.5), so each key has exactly one display form.
  if (!raw || raw.length !== 36 || base32Encode(raw) !== encoded) {
    fail('ARX_PROTO_BAD_KEY', `"${text}" is not 58 base32 characters after arx1`);
  }
  const publicKey = raw.subarray(0, 32);
  if (!bytesEqual(raw.subarray(32), checksum(publicKey))) {
    fail('ARX_PROTO_BAD_KEY', `"${text}" has a wrong checksum (mistyped?)`);
  }
  return publicKey.slice();
}

/** Exports a key pair as JSON-friendly hex (for a node's key file). */
export function exportKeyPair(pair: KeyPair): { publicKey: string; secretKey: string; id: string } {
  return { publicKey: toHex(pair.publicKey), secretKey: toHex(pair.secretKey), id: formatKeyId(pair.publicKey) };
}

/** Imports what exportKeyPair wrote, checking that the halves belong together. */
export function importKeyPair(
  json: { secretKey: string; publicKey?: string },
  backend: Ed25519Backend = defaultEd25519,
): KeyPair {
  if (typeof json.secretKey !== 'string' || !/^[0-9a-f]{64}$/i.test(json.secretKey)) {
    fail('ARX_PROTO_BAD_KEY', 'secretKey must be 64 hex digits');
  }
  const pair = keyPairFromSecret(fromHex(json.secretKey), backend);
  if (json.publicKey !== undefined && toHex(pair.publicKey) !== json.publicKey.toLowerCase()) {
    fail('ARX_PROTO_BAD_KEY', 'publicKey does not match secretKey');
  }
  return pair;
}

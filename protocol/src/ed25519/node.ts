/**
 * Ed25519 through Node's crypto (OpenSSL): about 12x faster than pure JS.
 * Node 20 cannot import a raw 32-byte key directly; a JWK import is the fast route,
 * and KeyObjects are cached per key because importing costs more than verifying.
 */
import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import type { Ed25519Backend } from './types.js';

const publicKeys = new Map<string, KeyObject>();
const MAX_CACHED_KEYS = 10_000;

function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  const x = b64url(publicKey);
  let key = publicKeys.get(x);
  if (!key) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    if (publicKeys.size >= MAX_CACHED_KEYS) publicKeys.clear();
    publicKeys.set(x, key);
  }
  return key;
}

// PKCS#8 wrapping of a 32-byte Ed25519 seed (RFC 8410 §7).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function privateKeyObject(secretKey: Uint8Array): KeyObject {
  if (secretKey.length !== 32) throw new RangeError('Ed25519 secret key must be 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, secretKey]), format: 'der', type: 'pkcs8' });
}

const privateKeys = new WeakMap<Uint8Array, KeyObject>();

export const nodeEd25519: Ed25519Backend = {
  name: 'node-crypto',
  sign(message, secretKey) {
    let key = privateKeys.get(secretKey);
    if (!key) {
      key = privateKeyObject(secretKey);
      privateKeys.set(secretKey, key);
    }
    return new Uint8Array(sign(null, message, key));
  },
  verify(signature, message, publicKey) {
    try {
      return verify(null, message, publicKeyObject(publicKey), signature);
    } catch {
      return false;
    }
  },
  publicKeyOf(secretKey) {
    const key = privateKeyObject(secretKey);
    const jwk = createPublicKey(key).export({ format: 'jwk' });
    return new Uint8Array(Buffer.from(jwk.x as string, 'base64url'));
  },
};

/**
 * SHA-256 under Node.js: OpenSSL through node:crypto (several times faster than pure JS
 * for entry ids). The one-shot `crypto.hash` (Node 20.12 and later) spares the Hash
 * object of `createHash`, about a quarter of the time for an entry's payload.
 */
import * as crypto from 'node:crypto';

const oneShot: ((algorithm: string, data: Uint8Array, output: 'buffer') => Uint8Array) | undefined =
  typeof crypto.hash === 'function' ? crypto.hash : undefined;

export function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(
    oneShot ? oneShot('sha256', data, 'buffer') : crypto.createHash('sha256').update(data).digest(),
  );
}

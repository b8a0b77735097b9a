/** SHA-256 under Node.js: OpenSSL through node:crypto (several times faster than pure JS for entry ids). */
import { createHash } from 'node:crypto';

export function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

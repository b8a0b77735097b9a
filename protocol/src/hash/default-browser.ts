/** SHA-256 in browsers: @noble/hashes (synchronous, unlike WebCrypto). */
export { sha256 } from '@noble/hashes/sha2.js';

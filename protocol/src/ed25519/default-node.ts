/** The default Ed25519 backend under Node.js: OpenSSL through node:crypto. */
export { nodeEd25519 as defaultEd25519 } from './node.js';

/** The default Ed25519 backend in browsers: @noble/ed25519. */
export { nobleEd25519 as defaultEd25519 } from './noble.js';

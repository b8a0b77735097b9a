/** An Ed25519 implementation. `verify` receives inputs that already passed the strict pre-checks. */
export interface Ed25519Backend {
  readonly name: string;
  sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array;
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
  publicKeyOf(secretKey: Uint8Array): Uint8Array;
}

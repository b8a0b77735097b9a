/**
 * Stable error codes of @arx/protocol. Codes are a contract and never change meaning;
 * messages may be reworded. Each code maps to the wire `ok` reason a node sends back
 * when an entry is refused for that cause (see docs/errors.md).
 */

/** Machine-readable reasons carried in a websocket `ok` frame. */
export const WireReason = {
  accepted: 'accepted',
  duplicate: 'duplicate',
  invalid: 'invalid',
  notMember: 'not-member',
  notAuthorised: 'not-authorised',
  rateLimited: 'rate-limited',
  tooLarge: 'too-large',
  gap: 'gap',
  fork: 'fork',
  error: 'error',
} as const;
export type WireReason = (typeof WireReason)[keyof typeof WireReason];

interface CodeInfo {
  readonly message: string;
  readonly reason: WireReason;
}

export const PROTOCOL_ERRORS = {
  ARX_PROTO_TOO_LARGE: { message: 'entry exceeds the 64 KiB size limit', reason: 'too-large' },
  ARX_PROTO_NOT_COSE_SIGN1: { message: 'bytes are not a tagged COSE_Sign1 structure', reason: 'invalid' },
  ARX_PROTO_BAD_ALG: { message: 'protected header must be exactly {1: -8} (EdDSA)', reason: 'invalid' },
  ARX_PROTO_EXTRA_HEADERS: { message: 'unprotected header must be an empty map', reason: 'invalid' },
  ARX_PROTO_BAD_CBOR: { message: 'payload is not well-formed CBOR', reason: 'invalid' },
  ARX_PROTO_NOT_DETERMINISTIC: {
    message: 'payload is not deterministic CBOR (RFC 8949 §4.2.1)',
    reason: 'invalid',
  },
  ARX_PROTO_UNKNOWN_FIELD: { message: 'payload or body has a field this version does not define', reason: 'invalid' },
  ARX_PROTO_BAD_FIELD: { message: 'a field has the wrong type or an out-of-range value', reason: 'invalid' },
  ARX_PROTO_BAD_VERSION: { message: 'unsupported entry format version', reason: 'invalid' },
  ARX_PROTO_UNKNOWN_KIND: { message: 'unknown entry kind', reason: 'invalid' },
  ARX_PROTO_UNKNOWN_CODE: { message: 'a code is not in the protocol code tables', reason: 'invalid' },
  ARX_PROTO_BAD_ADDRESS: { message: 'malformed address or prefix', reason: 'invalid' },
  ARX_PROTO_HOST_BITS: { message: 'prefix has host bits set beyond its length', reason: 'invalid' },
  ARX_PROTO_RESERVED_TARGET: {
    message: 'target is or covers a DNSBL test or never-listed entry (RFC 5782 §5)',
    reason: 'invalid',
  },
  ARX_PROTO_BAD_CHAIN_LINK: { message: 'seq and prev do not form a valid chain link', reason: 'invalid' },
  ARX_PROTO_BAD_SIGNATURE: { message: 'signature does not verify', reason: 'invalid' },
  ARX_PROTO_NON_CANONICAL_SIGNATURE: {
    message: 'signature scalar S is not canonical (S >= L, RFC 8032 §5.1.7)',
    reason: 'invalid',
  },
  ARX_PROTO_NON_CANONICAL_KEY: {
    message: 'point encoding is not canonical (RFC 8032 §5.1.3)',
    reason: 'invalid',
  },
  ARX_PROTO_SMALL_ORDER_KEY: { message: 'public key is a point of small order', reason: 'invalid' },
  ARX_PROTO_BAD_KEY: { message: 'malformed key or arx1 identifier', reason: 'invalid' },
  ARX_PROTO_BAD_ROSTER: { message: 'roster document is malformed', reason: 'invalid' },
  ARX_PROTO_ROSTER_THRESHOLD: {
    message: 'roster document lacks the steward signature threshold',
    reason: 'not-authorised',
  },
  ARX_PROTO_ROSTER_ROLLBACK: {
    message: 'roster version is not higher than the version held',
    reason: 'invalid',
  },
  ARX_PROTO_BAD_FRAME: { message: 'websocket frame is malformed', reason: 'invalid' },
  ARX_PROTO_BLOB_MISMATCH: {
    message: 'detached blob does not match the digest and size its entry commits to',
    reason: 'invalid',
  },
  ARX_PROTO_EVIDENCE_MISMATCH: {
    message: 'detached evidence does not match the digest its report commits to',
    reason: 'invalid',
  },
  ARX_PROTO_EVIDENCE_UNCOMMITTED: {
    message: 'evidence sent with an entry that commits to none',
    reason: 'invalid',
  },
  ARX_PROTO_BAD_UTF8: { message: 'a text string is not valid UTF-8 (RFC 8949 §3.1)', reason: 'invalid' },
  ARX_PROTO_FUTURE_TIMESTAMP: {
    message: "entry is dated further ahead of the receiver's clock than the skew bound",
    reason: 'invalid',
  },
} as const satisfies Record<string, CodeInfo>;

export type ProtocolErrorCode = keyof typeof PROTOCOL_ERRORS;

/** An error with a stable `code`; `detail` names the offending field where there is one. */
export class ArxProtocolError extends Error {
  readonly code: ProtocolErrorCode;
  readonly reason: WireReason;
  readonly detail: string | undefined;
  constructor(code: ProtocolErrorCode, detail?: string, options?: { cause?: unknown }) {
    const info = PROTOCOL_ERRORS[code];
    super(detail ? `${info.message}: ${detail}` : info.message, options);
    this.name = 'ArxProtocolError';
    this.code = code;
    this.reason = info.reason;
    this.detail = detail;
  }
}

/** Throws an ArxProtocolError; keeps call sites on one line. */
export function fail(code: ProtocolErrorCode, detail?: string, cause?: unknown): never {
  throw new ArxProtocolError(code, detail, cause === undefined ? undefined : { cause });
}

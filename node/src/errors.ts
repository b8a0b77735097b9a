/**
 * Stable error codes of @arx/node. Each maps to an HTTP status, a websocket close
 * code and the wire `ok` reason; protocol codes (ARX_PROTO_*) map through their own
 * table. Documented in docs/errors.md (a test keeps the two in sync).
 */
import { ArxProtocolError, PROTOCOL_ERRORS, type WireReason } from '@arx/protocol';

interface NodeCodeInfo {
  readonly message: string;
  readonly http: number;
  readonly reason: WireReason;
}

export const NODE_ERRORS = {
  ARX_NODE_CONFIG: { message: 'node configuration is invalid', http: 500, reason: 'error' },
  ARX_NODE_NOT_MEMBER: { message: 'origin is not a member of the roster', http: 403, reason: 'not-member' },
  ARX_NODE_ROLE_FORBIDDEN: {
    message: "origin's roles do not allow publishing this kind",
    http: 403,
    reason: 'not-authorised',
  },
  ARX_NODE_NOT_RESPONSIBLE: {
    message: 'only the member responsible for the address may do this',
    http: 403,
    reason: 'not-authorised',
  },
  ARX_NODE_NOT_ORIGIN: { message: 'only the origin of an entry may retract it', http: 403, reason: 'not-authorised' },
  ARX_NODE_TARGET_TOO_WIDE: {
    message: 'report or listing covers a wider prefix than the roster allows',
    http: 403,
    reason: 'not-authorised',
  },
  ARX_NODE_PUBLIC_SUFFIX: { message: 'report or listing names a public suffix', http: 400, reason: 'invalid' },
  ARX_NODE_UNKNOWN_REFERENCE: { message: 'the entry this refers to is not known here', http: 404, reason: 'invalid' },
  ARX_NODE_UNKNOWN_BLOB: {
    message: 'no blob with this digest is held here, and no entry held here commits to it',
    http: 404,
    reason: 'invalid',
  },
  ARX_NODE_BLOB_TOO_LARGE: { message: 'blob exceeds limits.maxBlobBytes', http: 413, reason: 'too-large' },
  ARX_NODE_GAP: {
    message: 'entry is ahead of the held chain; the missing range was requested',
    http: 202,
    reason: 'gap',
  },
  ARX_NODE_FORK: { message: 'entry conflicts with a held entry of the same origin and seq', http: 409, reason: 'fork' },
  ARX_NODE_RATE_LIMITED: { message: 'too many requests; slow down', http: 429, reason: 'rate-limited' },
  ARX_NODE_TOO_LARGE: { message: 'frame or request body is too large', http: 413, reason: 'too-large' },
  ARX_NODE_UNAUTHORISED: { message: 'operator token missing or wrong', http: 401, reason: 'not-authorised' },
  ARX_NODE_NOT_FOUND: { message: 'no such entry', http: 404, reason: 'invalid' },
  ARX_NODE_BAD_REQUEST: { message: 'request is malformed', http: 400, reason: 'invalid' },
  ARX_NODE_HANDSHAKE: { message: 'peer handshake failed', http: 401, reason: 'not-authorised' },
  ARX_NODE_SHUTTING_DOWN: { message: 'node is shutting down', http: 503, reason: 'error' },
  ARX_NODE_STORAGE: { message: 'storage failure', http: 500, reason: 'error' },
  ARX_NODE_STORAGE_UNAVAILABLE: {
    message: 'storage is failing (nothing was stored); the node retries by itself, send again later',
    http: 503,
    reason: 'error',
  },
  ARX_NODE_LOCKED: { message: 'the node directory is in use by another running node', http: 500, reason: 'error' },
  ARX_NODE_LISTEN: { message: 'a configured address cannot be listened on', http: 500, reason: 'error' },
  ARX_NODE_READ_BUDGET: {
    message: "this connection's storage read budget is spent; retry the subscription later",
    http: 429,
    reason: 'rate-limited',
  },
  ARX_NODE_TOO_MANY_CONNECTIONS: {
    message: 'too many open connections (overall or from this address)',
    http: 503,
    reason: 'rate-limited',
  },
  ARX_NODE_OWN_KEY: {
    message: "entries of this node's own key are signed by the node itself: publish through POST /v1/publish",
    http: 409,
    reason: 'not-authorised',
  },
  ARX_NODE_BELOW_HORIZON: {
    message: "the entries asked for are below this node's floor for the origin (past the horizon)",
    http: 410,
    reason: 'invalid',
  },
  ARX_NODE_NOT_PEER: {
    message: 'this frame is for authenticated peer links only (send hello/auth first)',
    http: 400,
    reason: 'invalid',
  },
} as const satisfies Record<string, NodeCodeInfo>;

export type NodeErrorCode = keyof typeof NODE_ERRORS;

/** Websocket close codes (RFC 6455 §7.4: 4000-4999 are for applications). */
export const WS_CLOSE = {
  normal: 1000,
  goingAway: 1001,
  protocolError: 1002,
  tooLarge: 1009,
  handshakeFailed: 4001,
  notMember: 4003,
  idle: 4008,
  tooSlow: 4010,
  rateLimited: 4029,
} as const;

export class ArxNodeError extends Error {
  readonly code: NodeErrorCode;
  readonly http: number;
  readonly reason: WireReason;
  constructor(code: NodeErrorCode, detail?: string, options?: { cause?: unknown }) {
    const info = NODE_ERRORS[code];
    // A refusal of what a client sent (4xx) is an answer, not a fault: its stack says
    // nothing, and capturing one was the largest single cost of refusing a flood of
    // entries. Faults of the node itself (5xx) keep theirs.
    const limit = Error.stackTraceLimit;
    if (info.http < 500) Error.stackTraceLimit = 0;
    super(detail ? `${info.message}: ${detail}` : info.message, options);
    Error.stackTraceLimit = limit;
    this.name = 'ArxNodeError';
    this.code = code;
    this.http = info.http;
    this.reason = info.reason;
  }
}

const LISTEN_FAULTS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the port is in use by another process',
  EACCES: 'this process may not listen on the port (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'the address is not one of this machine’s',
};

/**
 * A listener that could not start, as ARX_NODE_LISTEN naming the config key, the address
 * and why; any other error is returned unchanged.
 */
export function listenError(error: unknown, key: string, host: string, port: number): unknown {
  const why = LISTEN_FAULTS[(error as NodeJS.ErrnoException | null)?.code ?? ''];
  if (!why) return error;
  const at = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return new ArxNodeError('ARX_NODE_LISTEN', `${key} ${at}: ${why}`, { cause: error });
}

const entryIds = new WeakMap<object, Uint8Array>();

/**
 * Records the id of the entry an error is about: every refusal after an entry parsed
 * (not a member, role, signature, …) names it in its `ok` frame (docs/protocol.md).
 */
export function withEntryId<E>(error: E, id: Uint8Array): E {
  if (typeof error === 'object' && error !== null) entryIds.set(error, id);
  return error;
}

/** The entry id recorded by withEntryId, or null when the entry did not parse. */
export function entryIdOf(error: unknown): Uint8Array | null {
  return (typeof error === 'object' && error !== null && entryIds.get(error)) || null;
}

/** The stable code, HTTP status and wire reason of any error (unknown errors → 500). */
export function describeError(error: unknown): { code: string; http: number; reason: WireReason; message: string } {
  if (error instanceof ArxNodeError) {
    return { code: error.code, http: error.http, reason: error.reason, message: error.message };
  }
  if (error instanceof ArxProtocolError) {
    const http = error.reason === 'too-large' ? 413 : error.reason === 'not-authorised' ? 403 : 400;
    return { code: error.code, http, reason: PROTOCOL_ERRORS[error.code].reason, message: error.message };
  }
  return { code: 'ARX_NODE_STORAGE', http: 500, reason: 'error', message: String(error) };
}

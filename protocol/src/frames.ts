/**
 * Websocket frames: one binary frame carries one CBOR array whose first item names
 * the frame type (in the spirit of Nostr NIP-01, with per-origin sequence numbers
 * instead of timestamps). Decoding validates the shape; what a frame means is the
 * node's business. See docs/protocol.md "Websocket protocol".
 */

import { BLOB_CHUNK_BYTES, MAX_BLOB_BYTES } from './blob.js';
import { concatBytes, utf8Bytes } from './bytes.js';
import { type CborValue, decodeCbor, encodeDeterministic, textIsValidUtf8 } from './cbor.js';
import { ArxProtocolError, fail } from './errors.js';
import { MAX_EVIDENCE_BYTES } from './evidence.js';
import { isEntryKind } from './kinds/index.js';
import { arrayOf, bytes, ipPrefix, optional, struct, text, uint } from './validate.js';

/**
 * What a subscriber asks for; every present field must match (kinds, origins and about
 * are any-of). An array field is never empty: to match everything, omit the field.
 */
export interface SubFilter {
  readonly kinds?: string[];
  readonly origins?: Uint8Array[];
  /** Entries whose subject falls in this member's netblocks (reports, acks, listings, delisting). */
  readonly responsible?: Uint8Array;
  readonly about?: { ip: Uint8Array; len: number }[];
  /** Local arrival cursor: deliver entries stored after this one. */
  readonly since?: number;
  /** Also send each report's detached evidence, while the node holds it (link version 3). */
  readonly evidence?: boolean;
}

/** What a stored entry did to the node's state (docs/protocol.md "Entry effects"). */
export interface EntryEffect {
  readonly outcome: 'applied' | 'pending' | 'no-effect';
  /** Why an entry is pending or without effect: one of the documented effect reasons. */
  readonly reason?: string;
}

/**
 * One origin in a `have`: the highest seq held without a gap and the id of the entry
 * held at that seq. The id is what reveals a fork of equal length (two logs of one
 * origin, the same seq, different entries); a receiver that is not sent one can only
 * compare seqs.
 */
export type HaveItem = readonly [origin: Uint8Array, seq: number, head?: Uint8Array];

export type Frame =
  | readonly ['hello', { v: number; key: Uint8Array; challenge: Uint8Array; agent?: string }]
  | readonly ['auth', { sig: Uint8Array }]
  | readonly ['have', HaveItem[]]
  | readonly ['want', Uint8Array, number, number]
  | readonly ['entry', Uint8Array]
  | readonly ['entry', Uint8Array, Uint8Array]
  | readonly ['entry', Uint8Array, string, number]
  | readonly ['entry', Uint8Array, string, number, Uint8Array]
  | readonly ['ok', Uint8Array | null, boolean, string, string]
  | readonly ['ok', Uint8Array | null, boolean, string, string, EntryEffect]
  | readonly ['sub', string, SubFilter]
  | readonly ['eose', string, number]
  | readonly ['unsub', string]
  | readonly ['notice', string, string]
  | readonly ['fetch', Uint8Array]
  | readonly ['blob', Uint8Array, number, number, Uint8Array]
  | readonly ['horizon', Uint8Array, number];

/**
 * The link protocol version a node states in `hello`. 2 added detached blobs (`fetch`
 * and `blob` frames) and the detached `roster` body; a node sends `fetch` only to
 * peers that stated 2 or more. 3 added detached evidence (the `entry` frame's sidecar
 * item) and the `horizon` frame (a log that starts at a floor past the horizon); a node
 * sends either only to peers that stated 3 or more.
 */
export const LINK_PROTOCOL_VERSION = 3;

/** The first link version whose `entry` frames may carry detached evidence. */
export const EVIDENCE_SIDECAR_VERSION = 3;

/** The first link protocol version with the `horizon` frame. */
export const HORIZON_LINK_VERSION = 3;

/** The envelope and, when sent, the detached evidence of an `entry` frame, whichever form it has. */
export function entryFrameParts(frame: Extract<Frame, readonly ['entry', ...unknown[]]>): {
  envelope: Uint8Array;
  evidence?: Uint8Array;
} {
  const evidence = frame.length === 3 ? frame[2] : frame.length === 5 ? frame[4] : undefined;
  return evidence ? { envelope: frame[1], evidence } : { envelope: frame[1] };
}

export type FrameType = Frame[0];

/** Encodes a frame as deterministic CBOR. */
export function encodeFrame(frame: Frame): Uint8Array {
  return encodeDeterministic(frame as unknown as CborValue);
}

const subId = text(64);
const evidenceItem = bytes(undefined, MAX_EVIDENCE_BYTES);
const checkHello = struct({ v: uint(255), key: bytes(32), challenge: bytes(32), agent: optional(text(128)) });
const checkFilter = struct({
  kinds: optional(
    arrayOf(
      (v, p) => {
        if (!isEntryKind(v)) fail('ARX_PROTO_UNKNOWN_KIND', `${p}: ${JSON.stringify(v)}`);
        return v as string;
      },
      { min: 1, max: 16 },
    ),
  ),
  origins: optional(arrayOf(bytes(32), { min: 1, max: 256 })),
  responsible: optional(bytes(32)),
  about: optional(arrayOf(ipPrefix, { min: 1, max: 256 })),
  since: optional(uint()),
  evidence: optional((v: unknown, p: string) => {
    if (typeof v !== 'boolean') fail('ARX_PROTO_BAD_FIELD', `${p} must be a boolean`);
    return v;
  }),
});
const EFFECT_OUTCOMES = new Set(['applied', 'pending', 'no-effect']);
const checkEffect = struct({
  outcome: (v: unknown, p: string) => {
    if (typeof v !== 'string' || !EFFECT_OUTCOMES.has(v))
      fail('ARX_PROTO_BAD_FIELD', `${p} must be one of ${[...EFFECT_OUTCOMES].join(', ')}`);
    return v as EntryEffect['outcome'];
  },
  reason: optional(text(64)),
});

function expectLength(frame: unknown[], min: number, max = min): void {
  if (frame.length < min || frame.length > max)
    fail('ARX_PROTO_BAD_FRAME', `${String(frame[0])} frame has ${frame.length} items`);
}

/**
 * Decodes and validates one frame. Throws ArxProtocolError (ARX_PROTO_BAD_FRAME or a
 * field code) on anything malformed; never throws anything else.
 */
export function decodeFrame(data: Uint8Array): Frame {
  // Checked on the bytes, first: decoders either reject invalid UTF-8 or turn it into U+FFFD.
  if (!textIsValidUtf8(data)) fail('ARX_PROTO_BAD_UTF8', 'a text string in the frame');
  let value: unknown;
  try {
    value = decodeCbor(data);
  } catch (cause) {
    fail('ARX_PROTO_BAD_FRAME', 'not well-formed CBOR', cause);
  }
  if (!Array.isArray(value) || typeof value[0] !== 'string')
    fail('ARX_PROTO_BAD_FRAME', 'expected an array starting with a type');
  try {
    return checkFrame(value);
  } catch (error) {
    if (error instanceof ArxProtocolError) throw error;
    fail('ARX_PROTO_BAD_FRAME', String(error), error);
  }
}

function checkFrame(f: unknown[]): Frame {
  switch (f[0]) {
    case 'hello':
      expectLength(f, 2);
      return ['hello', checkHello(f[1], 'hello')];
    case 'auth':
      expectLength(f, 2);
      return ['auth', struct({ sig: bytes(64) })(f[1], 'auth')];
    case 'have':
      expectLength(f, 2);
      return [
        'have',
        arrayOf(
          (v, p): HaveItem => {
            if (!Array.isArray(v) || (v.length !== 2 && v.length !== 3))
              fail('ARX_PROTO_BAD_FRAME', `${p} must be [origin, seq, head]`);
            const item = [bytes(32)(v[0], `${p}[0]`), uint()(v[1], `${p}[1]`)] as const;
            return v.length === 3 ? [...item, bytes(32)(v[2], `${p}[2]`)] : item;
          },
          { max: 100_000 },
        )(f[1], 'have'),
      ];
    case 'want':
      expectLength(f, 4);
      return [
        'want',
        bytes(32)(f[1], 'want.origin'),
        uint(Number.MAX_SAFE_INTEGER, 1)(f[2], 'want.from'),
        uint()(f[3], 'want.to'),
      ];
    case 'entry': {
      expectLength(f, 2, 5);
      const envelope = bytes(undefined, 70_000)(f[1], 'entry');
      if (f.length === 2) return ['entry', envelope];
      if (f.length === 3) return ['entry', envelope, evidenceItem(f[2], 'entry.evidence')];
      const head = ['entry', envelope, subId(f[2], 'entry.sub'), uint()(f[3], 'entry.cursor')] as const;
      return f.length === 4 ? head : [...head, evidenceItem(f[4], 'entry.evidence')];
    }
    case 'ok': {
      expectLength(f, 5, 6);
      if (typeof f[2] !== 'boolean') fail('ARX_PROTO_BAD_FIELD', 'ok.accepted must be a boolean');
      const head = [
        'ok',
        f[1] === null ? null : bytes(32)(f[1], 'ok.id'),
        f[2],
        text(64)(f[3], 'ok.reason'),
        text(1024)(f[4], 'ok.detail'),
      ] as const;
      if (f.length === 5) return head;
      return [...head, checkEffect(f[5], 'ok.effect') as EntryEffect];
    }
    case 'sub':
      expectLength(f, 3);
      return ['sub', subId(f[1], 'sub.id'), checkFilter(f[2], 'sub.filter') as SubFilter];
    case 'eose':
      expectLength(f, 3);
      return ['eose', subId(f[1], 'eose.id'), uint()(f[2], 'eose.cursor')];
    case 'unsub':
      expectLength(f, 2);
      return ['unsub', subId(f[1], 'unsub.id')];
    case 'notice':
      expectLength(f, 3);
      return ['notice', text(64)(f[1], 'notice.code'), text(4096)(f[2], 'notice.message')];
    case 'fetch':
      expectLength(f, 2);
      return ['fetch', bytes(32)(f[1], 'fetch.digest')];
    case 'blob':
      expectLength(f, 5);
      return [
        'blob',
        bytes(32)(f[1], 'blob.digest'),
        uint(MAX_BLOB_BYTES - 1)(f[2], 'blob.offset'),
        uint(MAX_BLOB_BYTES, 1)(f[3], 'blob.total'),
        bytes(undefined, BLOB_CHUNK_BYTES)(f[4], 'blob.chunk'),
      ];
    case 'horizon':
      expectLength(f, 3);
      return ['horizon', bytes(32)(f[1], 'horizon.origin'), uint(Number.MAX_SAFE_INTEGER, 2)(f[2], 'horizon.floor')];
    default:
      fail('ARX_PROTO_BAD_FRAME', `unknown frame type ${JSON.stringify(f[0]).slice(0, 40)}`);
  }
}

const LINK_CONTEXT = utf8Bytes('ARX-LINK-AUTH-v1');

/**
 * The message a link endpoint signs to prove it holds its key: both fresh challenges
 * and both keys, so a signature is bound to this one connection and cannot be replayed
 * on another link or reflected back.
 */
export function linkAuthMessage(
  signerKey: Uint8Array,
  signerChallenge: Uint8Array,
  peerKey: Uint8Array,
  peerChallenge: Uint8Array,
): Uint8Array {
  return concatBytes(LINK_CONTEXT, signerKey, signerChallenge, peerKey, peerChallenge);
}

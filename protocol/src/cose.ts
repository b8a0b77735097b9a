/**
 * COSE_Sign1 envelopes (RFC 9052 §4.2) exactly as ARX uses them:
 *
 *   18([ h'A10127', {}, payload: bstr, signature: bstr .size 64 ])
 *
 * protected = bstr .cbor {1: -8} (alg: EdDSA), unprotected = empty map. The parser is
 * byte-exact: any other header, tag, length form or trailing byte is refused, which is
 * what lets two implementations agree on the id of every entry.
 */
import { concatBytes, utf8Bytes } from './bytes.js';
import { fail } from './errors.js';

/** Entries larger than this are refused before decoding (DESIGN: 64 KiB). */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
/** Envelope overhead: tag, array head, headers, payload head, signature. */
export const MAX_ENVELOPE_BYTES = MAX_PAYLOAD_BYTES + 96;

const TAG_SIGN1 = 0xd2; // tag 18
const ARRAY4 = 0x84;
export const PROTECTED_EDDSA = Uint8Array.of(0xa1, 0x01, 0x27); // {1: -8}
const EMPTY_MAP = 0xa0;

/** Encodes a CBOR byte-string head in shortest form. */
export function bstrHead(length: number): Uint8Array {
  if (length < 24) return Uint8Array.of(0x40 | length);
  if (length < 0x100) return Uint8Array.of(0x58, length);
  if (length < 0x10000) return Uint8Array.of(0x59, length >> 8, length & 255);
  return Uint8Array.of(0x5a, length >>> 24, (length >> 16) & 255, (length >> 8) & 255, length & 255);
}

const SIG1_CONTEXT = concatBytes(Uint8Array.of(0x84, 0x6a), utf8Bytes('Signature1'));
const SIG1_PROTECTED = concatBytes(bstrHead(3), PROTECTED_EDDSA);

/** Sig_structure (RFC 9052 §4.4) for COSE_Sign1 with our protected header and empty external_aad. */
export function sign1Message(payload: Uint8Array): Uint8Array {
  return concatBytes(SIG1_CONTEXT, SIG1_PROTECTED, Uint8Array.of(0x40), bstrHead(payload.length), payload);
}

/** Assembles the COSE_Sign1 bytes. */
export function encodeSign1(payload: Uint8Array, signature: Uint8Array): Uint8Array {
  return concatBytes(
    Uint8Array.of(TAG_SIGN1, ARRAY4),
    SIG1_PROTECTED,
    Uint8Array.of(EMPTY_MAP),
    bstrHead(payload.length),
    payload,
    bstrHead(signature.length),
    signature,
  );
}

interface Head {
  major: number;
  value: number;
  next: number;
  minimal: boolean;
}

/** Reads one CBOR head at `pos`; undefined when truncated or indefinite. */
export function readHead(bytes: Uint8Array, pos: number): Head | undefined {
  const first = bytes[pos];
  if (first === undefined) return undefined;
  const major = first >> 5;
  const info = first & 31;
  if (info < 24) return { major, value: info, next: pos + 1, minimal: true };
  const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
  if (size === 0 || pos + 1 + size > bytes.length) return undefined;
  let value = 0;
  for (let i = 0; i < size; i++) value = value * 256 + bytes[pos + 1 + i]!;
  const min = size === 1 ? 24 : size === 2 ? 0x100 : size === 4 ? 0x10000 : 0x100000000;
  return { major, value, next: pos + 1 + size, minimal: value >= min };
}

/** The parts of a COSE_Sign1 envelope (views into the received bytes). */
export interface Sign1Parts {
  readonly payload: Uint8Array;
  readonly signature: Uint8Array;
}

/** Splits received bytes into payload and signature, refusing anything but our exact layout. */
export function parseSign1(bytes: Uint8Array): Sign1Parts {
  if (bytes.length > MAX_ENVELOPE_BYTES) fail('ARX_PROTO_TOO_LARGE', `${bytes.length} bytes`);
  if (bytes[0] !== TAG_SIGN1 || bytes[1] !== ARRAY4)
    fail('ARX_PROTO_NOT_COSE_SIGN1', 'expected tag 18 and a 4-item array');
  const prot = readHead(bytes, 2);
  if (!prot || prot.major !== 2) fail('ARX_PROTO_NOT_COSE_SIGN1', 'protected header must be a byte string');
  // Byte-exact layout: a longer-than-needed length head would give one entry two envelopes.
  if (!prot.minimal) fail('ARX_PROTO_NOT_DETERMINISTIC', 'protected header length not in shortest form');
  const protEnd = prot.next + prot.value;
  if (prot.value !== 3 || bytes[prot.next] !== 0xa1 || bytes[prot.next + 1] !== 0x01 || bytes[prot.next + 2] !== 0x27) {
    fail('ARX_PROTO_BAD_ALG');
  }
  const unprot = readHead(bytes, protEnd);
  if (!unprot || unprot.major !== 5) fail('ARX_PROTO_NOT_COSE_SIGN1', 'unprotected header must be a map');
  if (unprot.value !== 0 || !unprot.minimal) fail('ARX_PROTO_EXTRA_HEADERS');
  const pay = readHead(bytes, unprot.next);
  if (!pay || pay.major !== 2) fail('ARX_PROTO_NOT_COSE_SIGN1', 'payload must be a byte string');
  if (pay.value > MAX_PAYLOAD_BYTES) fail('ARX_PROTO_TOO_LARGE', `payload of ${pay.value} bytes`);
  if (!pay.minimal) fail('ARX_PROTO_NOT_DETERMINISTIC', 'payload length not in shortest form');
  const payEnd = pay.next + pay.value;
  if (payEnd > bytes.length) fail('ARX_PROTO_NOT_COSE_SIGN1', 'truncated payload');
  const sig = readHead(bytes, payEnd);
  if (!sig || sig.major !== 2 || sig.value !== 64 || !sig.minimal) {
    fail('ARX_PROTO_NOT_COSE_SIGN1', 'signature must be a 64-byte byte string');
  }
  if (sig.next + 64 !== bytes.length) fail('ARX_PROTO_NOT_COSE_SIGN1', 'truncated or trailing bytes');
  return { payload: bytes.subarray(pay.next, payEnd), signature: bytes.subarray(sig.next, sig.next + 64) };
}

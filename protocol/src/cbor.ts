/**
 * Deterministic CBOR (RFC 8949 §4.2.1) encoding and a strict decoding front end.
 *
 * cbor-x is fast at decoding but does not encode deterministically as configured by
 * default (keys in insertion order, float64 for integers >= 2^32, tag 64 on
 * Uint8Array), so encoding is done here: shortest-form heads, definite lengths only,
 * map keys sorted bytewise by their encoded form, integers only (no floats).
 * Decoding goes through cbor-x; "is this deterministic?" is answered by re-encoding
 * the decoded value and comparing bytes with what was received.
 */
import { Decoder } from 'cbor-x';
import { compareBytes, utf8Bytes } from './bytes.js';
import { readHead } from './cose.js';

/** A CBOR tag (major type 6) around a value. */
export class CborTag<T = unknown> {
  constructor(
    readonly tag: number,
    readonly value: T,
  ) {}
}

/** The data model ARX payloads use: no floats, no undefined inside arrays. */
export type CborValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | CborValue[]
  | { [key: string]: CborValue | undefined }
  | Map<string | number, CborValue>
  | CborTag<CborValue>;

/**
 * A growable output buffer. One instance is reused by every top-level encoding (the
 * encoder is synchronous and never re-entered), so encoding a payload allocates only
 * its result; keys are encoded separately and cached.
 */
class Writer {
  buf: Uint8Array;
  pos = 0;

  constructor(size: number) {
    this.buf = new Uint8Array(size);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** A text string: ASCII is copied directly, anything else goes through UTF-8 encoding. */
  text(s: string): void {
    const n = s.length;
    let ascii = true;
    for (let i = 0; i < n; i++) {
      if (s.charCodeAt(i) > 0x7f) {
        ascii = false;
        break;
      }
    }
    if (!ascii) {
      const b = utf8Bytes(s);
      this.head(3, b.length);
      return this.bytes(b);
    }
    this.head(3, n);
    this.ensure(n);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) buf[pos++] = s.charCodeAt(i);
    this.pos = pos;
  }

  /** RFC 8949 §4.2.1: the argument is encoded in the shortest form. */
  head(major: number, arg: number | bigint): void {
    const m = major << 5;
    if (typeof arg === 'bigint') {
      if (arg < 0n || arg > 0xffffffffffffffffn) throw new RangeError('CBOR argument out of range');
      if (arg <= BigInt(Number.MAX_SAFE_INTEGER)) return this.head(major, Number(arg));
      this.ensure(9);
      this.buf[this.pos++] = m | 27;
      this.uint(Number(arg >> 32n), 4);
      this.uint(Number(arg & 0xffffffffn), 4);
      return;
    }
    this.ensure(9);
    if (arg < 24) this.buf[this.pos++] = m | arg;
    else if (arg < 0x100) {
      this.buf[this.pos++] = m | 24;
      this.buf[this.pos++] = arg;
    } else if (arg < 0x10000) {
      this.buf[this.pos++] = m | 25;
      this.uint(arg, 2);
    } else if (arg < 0x100000000) {
      this.buf[this.pos++] = m | 26;
      this.uint(arg, 4);
    } else {
      this.buf[this.pos++] = m | 27;
      this.uint(Math.floor(arg / 0x100000000), 4);
      this.uint(arg % 0x100000000, 4);
    }
  }

  /** `value` (< 2^32) big-endian in `size` bytes; the caller has ensured the room. */
  private uint(value: number, size: number): void {
    for (let i = size - 1; i >= 0; i--) {
      this.buf[this.pos + i] = value & 255;
      value = Math.floor(value / 256);
    }
    this.pos += size;
  }

  take(): Uint8Array {
    const out = this.buf.slice(0, this.pos);
    this.pos = 0;
    return out;
  }
}

const shared = new Writer(4096);
const keyCache = new Map<string, Uint8Array>();

function encodedKey(key: string | number): Uint8Array {
  let cached = typeof key === 'string' ? keyCache.get(key) : undefined;
  if (!cached) {
    const w = new Writer(typeof key === 'string' ? key.length * 3 + 9 : 9);
    if (typeof key === 'string') w.text(key);
    else writeValue(w, key);
    cached = w.take();
    if (typeof key === 'string' && keyCache.size < 4096) keyCache.set(key, cached);
  }
  return cached;
}

interface MapEntry {
  readonly key: Uint8Array;
  readonly value: CborValue;
}

const byEncodedKey = (a: MapEntry, b: MapEntry) => compareBytes(a.key, b.key);

function writeMap(w: Writer, entries: MapEntry[]): void {
  entries.sort(byEncodedKey);
  for (let i = 1; i < entries.length; i++) {
    if (compareBytes(entries[i - 1]!.key, entries[i]!.key) === 0) throw new TypeError('duplicate map key');
  }
  w.head(5, entries.length);
  for (const { key, value } of entries) {
    w.bytes(key);
    writeValue(w, value);
  }
}

function writeValue(w: Writer, value: CborValue): void {
  if (value === null) return w.byte(0xf6);
  switch (typeof value) {
    case 'boolean':
      return w.byte(value ? 0xf5 : 0xf4);
    case 'number':
      // Integers only: a float where an integer is meant would not be deterministic.
      if (!Number.isSafeInteger(value)) throw new TypeError(`not a safe integer: ${value}`);
      return value >= 0 ? w.head(0, value) : w.head(1, -1 - value);
    case 'bigint':
      return value >= 0n ? w.head(0, value) : w.head(1, -1n - value);
    case 'string':
      return w.text(value);
    case 'object':
      break;
    default:
      throw new TypeError(`cannot encode ${typeof value} as CBOR`);
  }
  if (value instanceof Uint8Array) {
    w.head(2, value.length);
    return w.bytes(value);
  }
  if (Array.isArray(value)) {
    w.head(4, value.length);
    for (const item of value) writeValue(w, item);
    return;
  }
  if (value instanceof CborTag) {
    w.head(6, value.tag);
    return writeValue(w, value.value);
  }
  if (value instanceof Map) {
    const entries: MapEntry[] = [];
    for (const [k, v] of value) entries.push({ key: encodedKey(k), value: v });
    return writeMap(w, entries);
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new TypeError('cannot encode this object as CBOR');
  const entries: MapEntry[] = [];
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, CborValue | undefined>)[key];
    if (v !== undefined) entries.push({ key: encodedKey(key), value: v });
  }
  writeMap(w, entries);
}

/**
 * Encodes a value as deterministic CBOR (RFC 8949 §4.2.1). Object properties whose
 * value is `undefined` are omitted. Throws TypeError on values outside the data model.
 */
export function encodeDeterministic(value: CborValue): Uint8Array {
  shared.pos = 0;
  writeValue(shared, value);
  const out = shared.take();
  // Do not keep a buffer grown by one unusually large value.
  if (shared.buf.length > 1 << 20) shared.buf = new Uint8Array(4096);
  return out;
}

const decoder = new Decoder({
  mapsAsObjects: true,
  useRecords: false,
  // 64-bit integers as numbers: values above 2^53 lose precision and then fail the
  // re-encoding comparison, which is the refusal we want.
  int64AsNumber: true,
} as ConstructorParameters<typeof Decoder>[0]);

// The text string "__proto__" as CBOR: 0x69 (text, length 9) then the ASCII bytes.
const PROTO_KEY = Uint8Array.of(0x69, ...Array.from('__proto__', (c) => c.charCodeAt(0)));
const mapDecoder = new Decoder({
  mapsAsObjects: false,
  useRecords: false,
  int64AsNumber: true,
} as ConstructorParameters<typeof Decoder>[0]);

function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = haystack.indexOf(needle[0]!); i >= 0 && i <= haystack.length - needle.length; ) {
    for (let j = 1; j < needle.length; j++) {
      if (haystack[i + j] !== needle[j]) {
        i = haystack.indexOf(needle[0]!, i + 1);
        continue outer;
      }
    }
    return true;
  }
  return false;
}

function hasProtoKey(value: unknown): boolean {
  if (value instanceof Map) {
    for (const [k, v] of value) if (k === '__proto__' || hasProtoKey(v)) return true;
    return false;
  }
  if (Array.isArray(value)) return value.some(hasProtoKey);
  return false;
}

/**
 * Decodes one CBOR item with cbor-x; throws on malformed input or trailing bytes.
 * A map key "__proto__" is refused: no ARX structure has such a field, and a JavaScript
 * object cannot hold it as an own property, so the decoded value would not be the
 * encoded one. (Checked only when the bytes contain that text string at all.)
 */
export function decodeCbor(bytes: Uint8Array): unknown {
  const value = decoder.decode(bytes);
  if (containsBytes(bytes, PROTO_KEY) && hasProtoKey(mapDecoder.decode(bytes))) {
    throw new TypeError('map key "__proto__" is not allowed');
  }
  return value;
}

interface OpenItem {
  /** Items still expected; -1 for an indefinite-length item, which ends at a break. */
  left: number;
  /** Indefinite-length map: how many of its items so far, modulo 2 (a break must follow a value). */
  parity: number;
  readonly map: boolean;
  /** Indefinite-length byte or text string: the major type its chunks must have; else -1. */
  readonly chunks: number;
}

/**
 * True when `bytes` is exactly one well-formed CBOR data item (RFC 8949 §5.3.1, the
 * algorithm of Appendix C, without recursion). Well-formedness is about structure only:
 * heads, lengths, breaks and nesting. It decides which refusal a payload gets —
 * ARX_PROTO_BAD_CBOR when this is false, ARX_PROTO_NOT_DETERMINISTIC otherwise — so the
 * code does not depend on which inputs the decoding library happens to reject.
 */
export function isWellFormed(bytes: Uint8Array, onText?: (text: Uint8Array) => boolean): boolean {
  let pos = 0;
  const open: OpenItem[] = [{ left: 1, parity: 0, map: false, chunks: -1 }];
  while (open.length > 0) {
    const top = open[open.length - 1]!;
    if (top.left === 0) {
      open.pop();
      continue;
    }
    const ib = bytes[pos++];
    if (ib === undefined) return false;
    const major = ib >> 5;
    const info = ib & 31;
    if (ib === 0xff) {
      // A break closes the innermost indefinite-length item, and only between map pairs.
      if (top.left !== -1 || (top.map && top.parity !== 0)) return false;
      open.pop();
      continue;
    }
    // Appendix C: chunks of an indefinite string are definite strings of the same type.
    if (top.chunks >= 0 && (major !== top.chunks || info === 31)) return false;
    if (top.left > 0) top.left--;
    else top.parity ^= 1;
    if (info === 31) {
      if (major === 2 || major === 3) open.push({ left: -1, parity: 0, map: false, chunks: major });
      else if (major === 4 || major === 5) open.push({ left: -1, parity: 0, map: major === 5, chunks: -1 });
      else return false;
      continue;
    }
    if (info >= 28) return false;
    let value = info;
    if (info >= 24) {
      const size = 1 << (info - 24);
      if (pos + size > bytes.length) return false;
      value = 0;
      for (let i = 0; i < size; i++) value = value * 256 + bytes[pos++]!;
    }
    if (major === 2 || major === 3) {
      if (value > bytes.length - pos) return false;
      if (major === 3 && onText && !onText(bytes.subarray(pos, pos + value))) return false;
      pos += value;
    } else if (major === 4 || major === 5) {
      if (value > 0) open.push({ left: major === 5 ? value * 2 : value, parity: 0, map: false, chunks: -1 });
    } else if (major === 6) {
      open.push({ left: 1, parity: 0, map: false, chunks: -1 });
    } else if (major === 7 && info === 24 && value < 32) {
      return false; // §3.3: simple values below 32 use the one-byte form only
    }
  }
  return pos === bytes.length;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * True when every text string in `bytes` (one well-formed CBOR item) is valid UTF-8
 * (RFC 8949 §3.1; each chunk of an indefinite-length text string on its own, §3.2.3).
 * The decoding library replaces invalid sequences with U+FFFD, which would make the
 * value a receiver sees differ from the bytes that were sent.
 */
export function textIsValidUtf8(bytes: Uint8Array): boolean {
  let valid = true;
  isWellFormed(bytes, (text) => {
    try {
      strictUtf8.decode(text);
      return true;
    } catch {
      valid = false;
      return false;
    }
  });
  return valid;
}

/**
 * True when `bytes` is exactly the deterministic encoding of the value it decodes to.
 * Floats, tags, duplicate or unsorted keys, non-minimal heads and indefinite lengths
 * all fail the comparison.
 */
export function isDeterministicEncoding(bytes: Uint8Array, decoded: unknown): boolean {
  // Re-encode into the shared buffer and compare in place: no copy of the result.
  shared.pos = 0;
  try {
    writeValue(shared, decoded as CborValue);
  } catch {
    return false;
  }
  const length = shared.pos;
  shared.pos = 0;
  if (length !== bytes.length) return false;
  const buf = shared.buf;
  for (let i = 0; i < length; i++) if (buf[i] !== bytes[i]) return false;
  return true;
}

/** Why `decodeDeterministic` refused its input. */
export class NotDeterministic extends Error {}

const utf8Text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * One pass over `bytes` that gives what `decodeCbor` gives, for exactly the inputs that
 * are one deterministic encoding (RFC 8949 §4.2.1) of a value of the ARX data model, as
 * `isDeterministicEncoding` judges it; throws NotDeterministic for every other input.
 * Instead of decoding and then encoding the value again to compare, it checks each head
 * as it reads it: the shortest form of every argument, definite lengths, integers that
 * are safe in JavaScript, text that is valid UTF-8, map keys that are text in strictly
 * increasing bytewise order of their encodings (never "__proto__"), and no tags, floats,
 * undefined or other simple values. Byte strings are views of `bytes`, as cbor-x gives
 * them. `protocol/test/cbor.test.ts` holds the two ways to each other.
 */
export function decodeDeterministic(bytes: Uint8Array): unknown {
  const reader = { bytes, pos: 0 };
  let value: unknown;
  try {
    value = readItem(reader);
  } catch (cause) {
    // Arrays or maps nested past the call stack (a 64 KiB payload holds 65,000 levels).
    if (cause instanceof RangeError) throw new NotDeterministic('nested too deeply');
    throw cause;
  }
  if (reader.pos !== bytes.length) throw new NotDeterministic('bytes after the item');
  return value;
}

interface Reader {
  readonly bytes: Uint8Array;
  pos: number;
}

/** The argument of the head at `r.pos`, checked to be in shortest form and a safe integer; moves past the head. */
function readArgument(r: Reader): number {
  const head = readHead(r.bytes, r.pos);
  if (!head) {
    const info = (r.bytes[r.pos] ?? 0) & 31;
    throw new NotDeterministic(info === 31 ? 'indefinite length' : info >= 28 ? 'reserved head' : 'truncated head');
  }
  if (!head.minimal) throw new NotDeterministic('head not in shortest form');
  // Above 2^53 - 1 a JavaScript number cannot hold the argument exactly.
  if (head.value > Number.MAX_SAFE_INTEGER) throw new NotDeterministic('argument beyond 2^53 - 1');
  r.pos = head.next;
  return head.value;
}

/** Moves past the `length` bytes of a string's content; returns where they start. */
function take(r: Reader, length: number): number {
  const start = r.pos;
  if (length > r.bytes.length - start) throw new NotDeterministic('truncated string');
  r.pos = start + length;
  return start;
}

function readText(r: Reader): string {
  const length = readArgument(r);
  const start = take(r, length);
  const { bytes } = r;
  const end = r.pos;
  if (length <= 32) {
    let out = '';
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      if (b > 0x7f) return decodeUtf8(bytes, start, end);
      out += String.fromCharCode(b);
    }
    return out;
  }
  return decodeUtf8(bytes, start, end);
}

function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  try {
    return utf8Text.decode(bytes.subarray(start, end));
  } catch {
    throw new NotDeterministic('text is not valid UTF-8');
  }
}

function readItem(r: Reader): unknown {
  const { bytes } = r;
  const ib = bytes[r.pos];
  if (ib === undefined) throw new NotDeterministic('truncated item');
  switch (ib >> 5) {
    case 0:
      return readArgument(r);
    case 1: {
      const n = readArgument(r);
      // -1 - n must be a safe integer too.
      if (n > Number.MAX_SAFE_INTEGER - 1) throw new NotDeterministic('integer beyond -2^53');
      return -1 - n;
    }
    case 2: {
      const length = readArgument(r);
      const start = take(r, length);
      return bytes.subarray(start, start + length);
    }
    case 3:
      return readText(r);
    case 4: {
      const length = readArgument(r);
      if (length > bytes.length - r.pos) throw new NotDeterministic('truncated array');
      const out: unknown[] = new Array(length);
      for (let i = 0; i < length; i++) out[i] = readItem(r);
      return out;
    }
    case 5: {
      const length = readArgument(r);
      if (length * 2 > bytes.length - r.pos) throw new NotDeterministic('truncated map');
      const out: Record<string, unknown> = {};
      let lastStart = -1;
      let lastEnd = -1;
      for (let i = 0; i < length; i++) {
        const keyStart = r.pos;
        if ((bytes[keyStart] ?? 0) >> 5 !== 3) throw new NotDeterministic('map key is not text');
        const key = readText(r);
        if (lastStart >= 0 && compareRanges(bytes, lastStart, lastEnd, keyStart, r.pos) >= 0) {
          throw new NotDeterministic('map keys not in order, or repeated');
        }
        if (key === '__proto__') throw new NotDeterministic('map key "__proto__" is not allowed');
        lastStart = keyStart;
        lastEnd = r.pos;
        out[key] = readItem(r);
      }
      return out;
    }
    case 6:
      throw new NotDeterministic('tag');
    default:
      r.pos++;
      if (ib === 0xf4) return false;
      if (ib === 0xf5) return true;
      if (ib === 0xf6) return null;
      throw new NotDeterministic('float, undefined or simple value');
  }
}

/**
 * `compareBytes` of two ranges of one array (a0..a1 against b0..b1), without making a
 * view of each: the decoder compares every map key with the one before it.
 */
function compareRanges(bytes: Uint8Array, a0: number, a1: number, b0: number, b1: number): number {
  const n = Math.min(a1 - a0, b1 - b0);
  for (let i = 0; i < n; i++) {
    const d = bytes[a0 + i]! - bytes[b0 + i]!;
    if (d !== 0) return d;
  }
  return a1 - a0 - (b1 - b0);
}

/**
 * The common DNSBL query answered from its bytes: a QUERY with one question of class IN
 * and type A, TXT, ANY, SOA, NS or AAAA, a name of plain printable labels, and at most
 * an OPT record (EDNS version 0) after it. The name is classified against the zone
 * without building strings (a domain name excepted), answered by the same answerTarget
 * as every other query, and the response is written straight into one buffer: the
 * question copied as asked (so a 0x20-randomised name comes back with its case), owner
 * names as pointers into it, exactly the bytes respondToMessage writes for the same
 * query (a test compares the two name by name). Anything else, and an answer that would
 * need truncation, returns undefined: respondToMessage answers it.
 *
 * Profiled under the DNSBL benchmark, decoding every query and encoding every answer
 * with dns-packet (then compressing owner names) took about 40% of a responder's time.
 */
import { normalisePrefix } from '@arx/protocol';
import { type Answer, encode } from 'dns-packet';
import { answerTarget, type QuestionAnswer, RCODE, type ResponderConfig } from './answer.js';
import { AnswerCache } from './answer-cache.js';
import {
  CLASSIC_UDP_SIZE,
  EDNS_FLAG_DO,
  EDNS_UDP_SIZE,
  FLAG_AA,
  FLAG_QR,
  FLAG_RD,
  type Reply,
  TCP_MAX_BYTES,
  type Transport,
} from './message.js';
import type { QueryTarget } from './names.js';

/** Query types answered here, by number (others take the general path). */
const TYPES = new Map<number, string>([
  [1, 'A'],
  [2, 'NS'],
  [6, 'SOA'],
  [16, 'TXT'],
  [28, 'AAAA'],
  [255, 'ANY'],
]);
const TYPE_A = 1;
const TYPE_TXT = 16;
const TYPE_OPT = 41;
const CLASS_IN = 1;
/** QR and the four opcode bits: a query (QR 0) with opcode QUERY (0) has none set. */
const QR_OR_OPCODE = 0xf800;
/**
 * EDNS options dns-packet decodes field by field (client subnet, keepalive, tag list):
 * left to the general path, which decides about malformed ones.
 */
const DECODED_OPTIONS = new Set([8, 11, 14]);
/** A name of at most 255 bytes has at most 127 labels (RFC 1035 §3.1). */
const MAX_LABELS = 127;
/** The OPT record of a response: root owner, type 41, our UDP size, version 0, no options. */
const OPT_BYTES = 11;

const APEX: QueryTarget = { kind: 'apex' };
const PARTIAL_IP: QueryTarget = { kind: 'partial-ip' };
const OUTSIDE: QueryTarget = { kind: 'outside' };

/** Answers a query from its bytes, or undefined for the general path (respondToMessage). */
export type FastResponder = (message: Buffer, transport: Transport) => Reply | undefined;

/** The 4 bytes of an A record's data (127.0.0.x), parsed once per code. */
const addressBytes = new Map<string, Buffer>();
function aData(code: string): Buffer {
  let bytes = addressBytes.get(code);
  if (!bytes) {
    bytes = Buffer.from(code.split('.').map(Number));
    addressBytes.set(code, bytes);
  }
  return bytes;
}

/** The value of a hexadecimal digit (either case), or -1. */
function nibble(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** The label of `len` bytes at `at` as an octet (names.ts: 0, or 1..255 without a leading zero), or -1. */
function octet(message: Buffer, at: number, len: number): number {
  if (len > 3 || (len > 1 && message[at] === 0x30)) return -1;
  let value = 0;
  for (let i = at; i < at + len; i++) {
    const c = message[i]! - 0x30;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value <= 255 ? value : -1;
}

/** A fast path for `config`'s zone, with its own answer cache (`config.answerCache` entries; 0: none). */
export function fastResponder(config: ResponderConfig): FastResponder {
  const cache = config.answerCache > 0 ? new AnswerCache(config.answerCache) : undefined;
  // The zone in wire form, lower case, without the root label.
  const zoneWire = Buffer.from(encode({ type: 'query', questions: [{ name: config.zone, type: 'A' }] })).subarray(
    12,
    12 + config.zone.length + 1,
  );
  const offsets = new Int32Array(MAX_LABELS);

  /** Type, class, TTL, length and data of the zone's SOA or NS record, as dns-packet writes them. */
  let soa: { serial: number; tail: Buffer } | undefined;
  let ns: Buffer | undefined;
  const apexTail = (record: Answer): Buffer => {
    const bytes = encode({ type: 'response', answers: [record] });
    return bytes.subarray(12 + zoneWire.length + 1);
  };
  const recordTail = (record: Answer): Buffer | undefined => {
    if (record.type === 'SOA') {
      const serial = record.data.serial ?? 0;
      if (soa?.serial !== serial) soa = { serial, tail: apexTail(record) };
      return soa.tail;
    }
    if (record.type === 'NS') {
      ns ??= apexTail(record);
      return ns;
    }
    return undefined;
  };

  /** The labels before the zone (offsets[0..count-1]) as a query target (names.ts parseQueryName). */
  const classify = (message: Buffer, count: number): QueryTarget => {
    if (count === 0) return APEX;
    let octets = true;
    let nibbles = true;
    for (let i = 0; i < count && (octets || nibbles); i++) {
      const at = offsets[i]!;
      const len = message[at]!;
      if (octets && octet(message, at + 1, len) < 0) octets = false;
      if (nibbles && (len !== 1 || nibble(message[at + 1]!) < 0)) nibbles = false;
    }
    if (octets) {
      // RFC 5782 §2.1: d.c.b.a.ZONE for a.b.c.d.
      if (count === 4) {
        const ip = new Uint8Array(4);
        for (let i = 0; i < 4; i++) ip[3 - i] = octet(message, offsets[i]! + 1, message[offsets[i]!]!);
        return { kind: 'ip', ip };
      }
      if (count < 4) return PARTIAL_IP;
    }
    if (nibbles) {
      if (count === 32) {
        // RFC 5782 §2.4: 32 nibbles, least significant first; ::ffff:a.b.c.d is a.b.c.d.
        const ip = new Uint8Array(16);
        for (let i = 0; i < 16; i++) {
          ip[i] = (nibble(message[offsets[31 - 2 * i]! + 1]!) << 4) | nibble(message[offsets[30 - 2 * i]! + 1]!);
        }
        return { kind: 'ip', ip: normalisePrefix(ip, 128).ip };
      }
      if (count < 32) return PARTIAL_IP;
    }
    let name = '';
    for (let i = 0; i < count; i++) {
      const at = offsets[i]!;
      name += (i ? '.' : '') + message.toString('latin1', at + 1, at + 1 + message[at]!);
    }
    return { kind: 'domain', name: name.toLowerCase() };
  };

  return (message, transport) => {
    const length = message.length;
    if (length < 17) return undefined;
    const flags = message.readUInt16BE(2);
    if (flags & QR_OR_OPCODE) return undefined;
    if (message.readUInt16BE(4) !== 1 || message.readUInt16BE(6) !== 0 || message.readUInt16BE(8) !== 0) {
      return undefined;
    }
    const additionals = message.readUInt16BE(10);
    if (additionals > 1) return undefined;

    // The question name: plain labels of printable ASCII other than '.', as respondToMessage echoes.
    let at = 12;
    let labels = 0;
    for (;;) {
      const len = message[at];
      if (len === undefined) return undefined;
      if (len === 0) break;
      if (len > 63 || labels === MAX_LABELS || at + 1 + len > length) return undefined;
      for (let i = at + 1; i <= at + len; i++) {
        const c = message[i]!;
        if (c < 0x21 || c > 0x7e || c === 0x2e) return undefined;
      }
      offsets[labels++] = at;
      at += 1 + len;
    }
    const nameEnd = at + 1;
    const questionEnd = nameEnd + 4;
    if (labels === 0 || nameEnd - 12 > 255 || questionEnd > length) return undefined;
    const qtype = message.readUInt16BE(nameEnd);
    const type = TYPES.get(qtype);
    if (type === undefined || message.readUInt16BE(nameEnd + 2) !== CLASS_IN) return undefined;

    let maxBytes = transport === 'tcp' ? TCP_MAX_BYTES : CLASSIC_UDP_SIZE;
    let edns = false;
    let doBit = false;
    if (additionals === 1) {
      // OPT (RFC 6891 §6.1.2) and nothing after it: root owner, version 0, options framed exactly.
      const o = questionEnd;
      if (o + OPT_BYTES > length || message[o] !== 0 || message.readUInt16BE(o + 1) !== TYPE_OPT) return undefined;
      if (message[o + 6] !== 0 || o + OPT_BYTES + message.readUInt16BE(o + 9) !== length) return undefined;
      for (let p = o + OPT_BYTES; p < length; ) {
        if (p + 4 > length || DECODED_OPTIONS.has(message.readUInt16BE(p))) return undefined;
        p += 4 + message.readUInt16BE(p + 2);
        if (p > length) return undefined;
      }
      edns = true;
      doBit = (message.readUInt16BE(o + 7) & EDNS_FLAG_DO) !== 0;
      if (transport === 'udp') {
        maxBytes = Math.min(Math.max(message.readUInt16BE(o + 3), CLASSIC_UDP_SIZE), EDNS_UDP_SIZE);
      }
    } else if (questionEnd !== length) return undefined;

    // A hot question: the answer as first sent, with this query's id, RD and name case.
    const version = cache ? config.index.version : undefined;
    let key: string | undefined;
    if (cache && version !== undefined) {
      key =
        message.toString('latin1', 12, nameEnd).toLowerCase() + String.fromCharCode(qtype, edns ? (doBit ? 2 : 1) : 0);
      const hit = cache.get(key, version, config.serial(), config.now());
      if (hit && hit.bytes.length <= maxBytes) {
        const out = Buffer.allocUnsafe(hit.bytes.length);
        hit.bytes.copy(out);
        out.writeUInt16BE(message.readUInt16BE(0), 0);
        out[2] = (out[2]! & ~(FLAG_RD >> 8)) | ((flags & FLAG_RD) >> 8);
        message.copy(out, 12, 12, nameEnd);
        return { bytes: out, rcode: hit.rcode, truncated: false };
      }
    }

    // The zone: the last labels of the name, compared in lower case (RFC 4343).
    const zoneStart = nameEnd - 1 - zoneWire.length;
    let relative = -1;
    if (zoneStart >= 12) {
      for (let i = labels - 1; i >= 0 && offsets[i]! >= zoneStart; i--) if (offsets[i] === zoneStart) relative = i;
      for (let i = 0; relative >= 0 && i < zoneWire.length; i++) {
        let c = message[zoneStart + i]!;
        if (c >= 0x41 && c <= 0x5a) c |= 0x20;
        if (c !== zoneWire[i]) relative = -1;
      }
    }
    const target = relative < 0 ? OUTSIDE : classify(message, relative);

    let result: QuestionAnswer;
    try {
      // Owner names are written as pointers below, never from the record: no name string is needed.
      result = answerTarget(target, '', type, config);
    } catch (error) {
      config.onError?.(error);
      result = { rcode: RCODE.SERVFAIL, authoritative: false, answers: [], authorities: [] };
    }

    // Sizes first: one allocation, and an answer that does not fit goes the general way (TC).
    const records = result.answers.length + result.authorities.length;
    const tails: (Buffer | string | undefined)[] = [];
    let size = questionEnd + (edns ? OPT_BYTES : 0);
    for (let i = 0; i < records; i++) {
      const r = i < result.answers.length ? result.answers[i]! : result.authorities[i - result.answers.length]!;
      if (r.type === 'A') size += 2 + 10 + 4;
      else if (r.type === 'TXT') {
        const text = r.data;
        if (typeof text !== 'string' || Buffer.byteLength(text) > 255) return undefined;
        tails.push(text);
        size += 2 + 10 + 1 + Buffer.byteLength(text);
        continue;
      } else {
        const tail = recordTail(r);
        if (!tail) return undefined;
        tails.push(tail);
        size += 2 + tail.length;
        continue;
      }
      tails.push(undefined);
    }
    if (size > maxBytes) return undefined;

    const out = Buffer.allocUnsafe(size);
    message.copy(out, 0, 0, questionEnd);
    out.writeUInt16BE(FLAG_QR | (flags & FLAG_RD) | (result.authoritative ? FLAG_AA : 0) | (result.rcode & 0xf), 2);
    out.writeUInt16BE(result.answers.length, 6);
    out.writeUInt16BE(result.authorities.length, 8);
    out.writeUInt16BE(edns ? 1 : 0, 10);
    let pos = questionEnd;
    for (let i = 0; i < records; i++) {
      const r = i < result.answers.length ? result.answers[i]! : result.authorities[i - result.answers.length]!;
      // Listed records belong to the name asked (offset 12); SOA and NS to the apex, a suffix of it.
      pos = out.writeUInt16BE(0xc000 | (r.type === 'SOA' || r.type === 'NS' ? zoneStart : 12), pos);
      const tail = tails[i];
      if (tail instanceof Buffer) {
        pos += tail.copy(out, pos);
        continue;
      }
      const typeCode = r.type === 'A' ? TYPE_A : TYPE_TXT;
      pos = out.writeUInt16BE(typeCode, pos);
      pos = out.writeUInt16BE(CLASS_IN, pos);
      pos = out.writeUInt32BE((r as { ttl?: number }).ttl ?? 0, pos);
      if (typeof tail === 'string') {
        const n = Buffer.byteLength(tail);
        pos = out.writeUInt16BE(n + 1, pos);
        out[pos++] = n;
        pos += out.write(tail, pos);
      } else {
        pos = out.writeUInt16BE(4, pos);
        pos += aData((r as { data: string }).data).copy(out, pos);
      }
    }
    if (edns) {
      out[pos++] = 0;
      pos = out.writeUInt16BE(TYPE_OPT, pos);
      pos = out.writeUInt16BE(EDNS_UDP_SIZE, pos);
      out[pos++] = 0; // extended rcode
      out[pos++] = 0; // version
      pos = out.writeUInt16BE(doBit ? EDNS_FLAG_DO : 0, pos);
      pos = out.writeUInt16BE(0, pos);
    }
    // SERVFAIL (the index failed) is never kept; answers too big for UDP are rare enough not to be.
    if (key !== undefined && result.rcode !== RCODE.SERVFAIL && size <= EDNS_UDP_SIZE) {
      cache!.set(key, {
        bytes: Buffer.from(out),
        rcode: result.rcode,
        stableUntil: result.stableUntil ?? Number.POSITIVE_INFINITY,
      });
    }
    return { bytes: out, rcode: result.rcode, truncated: false };
  };
}

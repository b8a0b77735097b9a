/**
 * One DNS message in, one out (or none): header checks, EDNS (RFC 6891), UDP size
 * limits and truncation (RFC 1035 §4.2.1, RFC 7766 §8). Bytes from the network are
 * never trusted: anything that fails to decode gets FORMERR or silence, never a throw.
 */
import { type Answer, type DecodedPacket, decode, encode, type OptAnswer, type Packet } from 'dns-packet';
import { answerQuestion, type QuestionAnswer, RCODE, type ResponderConfig } from './answer.js';
import { compressOwnerNames } from './compress.js';

export const FLAG_QR = 0x8000;
export const FLAG_AA = 0x0400;
const FLAG_TC = 0x0200;
export const FLAG_RD = 0x0100;
/** RFC 3225 §3: the DO bit of the query is copied into the response. */
export const EDNS_FLAG_DO = 0x8000;

/** RFC 1035 §4.2.1: UDP messages without EDNS are limited to 512 bytes. */
export const CLASSIC_UDP_SIZE = 512;
/** The EDNS buffer size advertised and honoured at most (DNS Flag Day 2020: no IP fragmentation). */
export const EDNS_UDP_SIZE = 1232;
/** RFC 1035 §4.2.2: the 2-byte length prefix bounds a message over TCP. */
export const TCP_MAX_BYTES = 65535;
/** Error responses carry at most a question and an OPT record: they always fit. */
const NO_LIMIT = Number.POSITIVE_INFINITY;
/** RFC 6891 §6.1.3: a query with an EDNS version above ours gets BADVERS (16). */
const BADVERS = 16;

export type Transport = 'udp' | 'tcp';

/** The encoded response and what it said, for counters. */
export interface Reply {
  readonly bytes: Buffer;
  readonly rcode: number;
  readonly truncated: boolean;
}

/** Printable ASCII labels of 1..63 characters (the root is '.'): names we can echo faithfully. */
const PRINTABLE_NAME = /^(?:\.|(?:[\x21-\x2d\x2f-\x7e]{1,63}\.)*[\x21-\x2d\x2f-\x7e]{1,63})$/;
function isPrintableName(name: string): boolean {
  return PRINTABLE_NAME.test(name);
}

function opt(payloadSize: number, doBit: boolean, extendedRcode = 0): OptAnswer {
  return {
    name: '.',
    type: 'OPT',
    udpPayloadSize: payloadSize,
    extendedRcode,
    ednsVersion: 0,
    flags: doBit ? EDNS_FLAG_DO : 0,
    flag_do: doBit,
    options: [],
  };
}

function finish(packet: Packet, rcode: number, maxBytes: number): Reply {
  let bytes = compressOwnerNames(encode(packet));
  let truncated = false;
  if (bytes.length > maxBytes) {
    // RFC 2181 §9: set TC and send what fits; an empty answer makes the client retry over
    // TCP. Over TCP this only happens past 65535 bytes (some hundred listings of one
    // address), where TC tells the client that the answer is incomplete.
    truncated = true;
    bytes = encode({ ...packet, flags: (packet.flags ?? 0) | FLAG_TC, answers: [], authorities: [] });
  }
  return { bytes, rcode, truncated };
}

/**
 * Answers one DNS message. Returns null when nothing should be sent: fewer than 12
 * bytes (no header to answer to) or a response rather than a query (answering those
 * would let two servers bounce packets forever).
 */
export function respondToMessage(message: Buffer, transport: Transport, config: ResponderConfig): Reply | null {
  if (message.length < 12) return null;
  const id = message.readUInt16BE(0);
  const flags = message.readUInt16BE(2);
  if (flags & FLAG_QR) return null;
  const opcode = (flags >> 11) & 0xf;
  const header = (rcode: number, extra = 0) => (opcode << 11) | (flags & FLAG_RD) | extra | (rcode & 0xf);
  const bare = (rcode: number): Reply => finish({ type: 'response', id, flags: header(rcode) }, rcode, NO_LIMIT);

  let query: DecodedPacket;
  try {
    query = decode(message);
  } catch {
    return bare(RCODE.FORMERR);
  }
  const questions = query.questions ?? [];
  const question = questions[0];
  // RFC 1035 §4.1.2 allows several questions, but no server answers more than one (RFC 9619).
  if (questions.length !== 1 || !question || !isPrintableName(question.name)) return bare(RCODE.FORMERR);
  const echoed = { name: question.name, type: question.type, class: question.class ?? 'IN' };
  if (opcode !== 0) {
    return finish({ type: 'response', id, flags: header(RCODE.NOTIMP), questions: [echoed] }, RCODE.NOTIMP, NO_LIMIT);
  }

  const opts = (query.additionals ?? []).filter((a): a is OptAnswer => a.type === 'OPT');
  // RFC 6891 §6.1.1: more than one OPT record is a format error.
  if (opts.length > 1) return bare(RCODE.FORMERR);
  const edns = opts[0];
  const additionals: Answer[] = [];
  let maxBytes = transport === 'tcp' ? TCP_MAX_BYTES : CLASSIC_UDP_SIZE;
  if (edns) {
    const doBit = edns.flag_do === true || ((edns.flags ?? 0) & EDNS_FLAG_DO) !== 0;
    if (edns.ednsVersion > 0) {
      // The upper 8 bits of the 12-bit code travel in the OPT record (RFC 6891 §6.1.3).
      return finish(
        {
          type: 'response',
          id,
          flags: header(BADVERS),
          questions: [echoed],
          additionals: [opt(EDNS_UDP_SIZE, doBit, BADVERS >> 4)],
        },
        BADVERS,
        NO_LIMIT,
      );
    }
    additionals.push(opt(EDNS_UDP_SIZE, doBit));
    if (transport === 'udp') maxBytes = Math.min(Math.max(edns.udpPayloadSize, CLASSIC_UDP_SIZE), EDNS_UDP_SIZE);
  }

  let result: QuestionAnswer;
  if (question.class !== 'IN' && question.class !== undefined) {
    // Only class IN is served; CHAOS (version.bind and friends) included.
    result = { rcode: RCODE.REFUSED, authoritative: false, answers: [], authorities: [] };
  } else {
    try {
      result = answerQuestion(question, config);
    } catch (error) {
      config.onError?.(error);
      // The index failed (storage error): say so rather than claim the name is unlisted.
      result = { rcode: RCODE.SERVFAIL, authoritative: false, answers: [], authorities: [] };
    }
  }
  return finish(
    {
      type: 'response',
      id,
      flags: header(result.rcode, result.authoritative ? FLAG_AA : 0),
      questions: [echoed],
      answers: result.answers,
      authorities: result.authorities,
      additionals,
    },
    result.rcode,
    maxBytes,
  );
}

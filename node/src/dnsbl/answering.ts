/**
 * Answering DNS messages with the responder's counters, TSIG on signed queries and
 * response rate limiting on UDP: what the node's own sockets and each UDP worker
 * process (udp-worker.ts) run for every datagram, so all answer alike.
 */
import type { RemoteInfo } from 'node:dgram';
import { decode } from 'dns-packet';
import { RCODE, type ResponderConfig } from './answer.js';
import { fastResponder } from './fast.js';

export { RCODE };

import { type Reply, respondToMessage, type Transport } from './message.js';
import type { ResponseRateLimiter } from './rrl.js';
import { ixfrOverUdp, transferError } from './transfer.js';
import { RCODE_NOTAUTH, type TsigKey, verifyRequest } from './tsig.js';

export const TYPE_AXFR = 252;
export const TYPE_IXFR = 251;
const TYPE_NAMES: Record<number, string> = {
  1: 'A',
  2: 'NS',
  6: 'SOA',
  16: 'TXT',
  28: 'AAAA',
  251: 'IXFR',
  252: 'AXFR',
  255: 'ANY',
};

/** Counters since start; read them for metrics. */
export interface DnsblStats {
  udpQueries: number;
  tcpQueries: number;
  /** NOERROR responses with at least one answer record. */
  listed: number;
  nxdomain: number;
  /** NOERROR without answers (NODATA). */
  nodata: number;
  refused: number;
  /** FORMERR, NOTIMP, SERVFAIL and BADVERS responses. */
  errors: number;
  truncated: number;
  /** Messages too short to answer, responses sent to us, TCP connections refused. */
  dropped: number;
  /** Responses by query type and result (`A listed`, `TXT nxdomain`, ...). */
  readonly byTypeAndResult: Map<string, number>;
  /** Zone transfers served, by kind (axfr, ixfr, ixfr-axfr, ixfr-current, refused). */
  readonly transfers: Map<string, number>;
  notifySent: number;
  notifyAnswered: number;
  /** UDP responses dropped / sent truncated by rate limiting. */
  rrlDropped: number;
  rrlSlipped: number;
  /** TCP connections refused (per-client cap) and closed to make room (global cap). */
  tcpRefused: number;
  tcpEvicted: number;
}

/** A fresh set of counters. */
export function newStats(): DnsblStats {
  return {
    udpQueries: 0,
    tcpQueries: 0,
    listed: 0,
    nxdomain: 0,
    nodata: 0,
    refused: 0,
    errors: 0,
    truncated: 0,
    dropped: 0,
    byTypeAndResult: new Map(),
    transfers: new Map(),
    notifySent: 0,
    notifyAnswered: 0,
    rrlDropped: 0,
    rrlSlipped: 0,
    tcpRefused: 0,
    tcpEvicted: 0,
  };
}

/** Adds `b`'s counters to `a` (the node's own and its workers' for one exposition). */
export function addStats(a: DnsblStats, b: Readonly<DnsblStats>): DnsblStats {
  for (const [key, value] of Object.entries(b)) {
    const k = key as keyof DnsblStats;
    if (value instanceof Map) {
      const into = a[k] as Map<string, number>;
      for (const [name, n] of value as Map<string, number>) into.set(name, (into.get(name) ?? 0) + n);
    } else (a as unknown as Record<string, number>)[k] = ((a[k] as number) ?? 0) + (value as number);
  }
  return a;
}

export const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/**
 * The end of the question section (offset after QTYPE/QCLASS) and QTYPE of a query,
 * read from the bytes without decoding; null when the message has no whole question.
 */
export function questionOf(message: Buffer): { end: number; type: number } | null {
  if (message.length < 12 || message.readUInt16BE(4) < 1) return null;
  let at = 12;
  for (let hops = 0; hops < 128; hops++) {
    const len = message[at];
    if (len === undefined || len > 63) return null;
    at += 1 + len;
    if (len === 0) return at + 4 <= message.length ? { end: at + 4, type: message.readUInt16BE(at) } : null;
  }
  return null;
}

/** The header and question of a reply with TC set and no records: RRL's "slip". */
function slipReply(reply: Buffer, questionEnd: number): Buffer {
  const out = Buffer.from(reply.subarray(0, Math.min(questionEnd, reply.length)));
  out.writeUInt16BE(out.readUInt16BE(2) | 0x0200, 2);
  out.writeUInt16BE(0, 6);
  out.writeUInt16BE(0, 8);
  out.writeUInt16BE(0, 10);
  return out;
}

export interface AnsweringOptions {
  readonly config: ResponderConfig;
  /** TSIG keys: a signed query is answered signed (or NOTAUTH); none configured, none checked. */
  readonly keys: readonly TsigKey[];
  readonly rrl: ResponseRateLimiter;
  readonly stats: DnsblStats;
  /** The zone's current SOA serial (an IXFR over UDP is answered with the SOA alone). */
  readonly serial: () => number;
  readonly onError?: ((error: unknown) => void) | undefined;
}

export interface Answering {
  /** Answers one message (UDP or TCP), counting it; null when nothing should be sent. */
  respond(message: Buffer, transport: Transport): Reply | null;
  /** Answers one UDP datagram through `send`, rate limited per client prefix. */
  datagram(message: Buffer, peer: RemoteInfo, send: (bytes: Buffer) => void): void;
}

export function createAnswering(options: AnsweringOptions): Answering {
  const { config, keys, rrl, stats, onError } = options;
  const fast = fastResponder(config);
  /**
   * A query signed with TSIG (a secondary's SOA check before a transfer) gets a signed
   * answer, or NOTAUTH when the signature fails (RFC 8945 §5.2); unsigned ones are answered as they are.
   */
  const signReply = (message: Buffer, reply: Reply): Reply => {
    const verdict = verifyRequest(message, keys, Date.now());
    if (verdict.kind === 'unsigned') return reply;
    if (verdict.kind === 'signed') return { ...reply, bytes: verdict.signer.sign(reply.bytes) };
    const query = decode(message);
    return {
      bytes: verdict.reply(transferError(query.id ?? 0, query, RCODE_NOTAUTH)),
      rcode: RCODE_NOTAUTH,
      truncated: false,
    };
  };

  const respond = (message: Buffer, transport: Transport): Reply | null => {
    if (transport === 'udp') stats.udpQueries++;
    else stats.tcpQueries++;
    let reply: Reply | null;
    try {
      // The common query is answered from its bytes (fast.ts); everything else, decoded.
      reply = fast(message, transport) ?? respondToMessage(message, transport, config);
      if (reply && keys.length > 0) reply = signReply(message, reply);
    } catch (error) {
      // respondToMessage handles bad input itself; this is a bug, not the client's fault.
      onError?.(error);
      reply = null;
    }
    let result: string;
    if (!reply) result = 'dropped';
    else if (reply.rcode === RCODE.NXDOMAIN) result = 'nxdomain';
    else if (reply.rcode === RCODE.REFUSED) result = 'refused';
    else if (reply.rcode !== RCODE.NOERROR) result = 'error';
    else if (reply.bytes.readUInt16BE(6) > 0) result = 'listed';
    else result = 'nodata';
    if (result === 'dropped') stats.dropped++;
    else if (result === 'error') stats.errors++;
    else stats[result as 'nxdomain' | 'refused' | 'listed' | 'nodata']++;
    if (reply?.truncated) stats.truncated++;
    const q = questionOf(message);
    count(stats.byTypeAndResult, `${(q && TYPE_NAMES[q.type]) ?? 'other'} ${result}`);
    return reply;
  };

  const datagram = (message: Buffer, peer: RemoteInfo, send: (bytes: Buffer) => void): void => {
    const q = questionOf(message);
    let bytes: Buffer | undefined;
    if (q?.type === TYPE_IXFR && !(message.readUInt16BE(2) & 0x8000)) {
      stats.udpQueries++;
      try {
        bytes = ixfrOverUdp(decode(message), options.serial(), config);
        count(stats.transfers, 'ixfr-udp');
      } catch {
        bytes = undefined;
      }
    } else {
      const reply = respond(message, 'udp');
      bytes = reply?.bytes;
    }
    if (!bytes) return;
    if (rrl.enabled && q) {
      // The response's identity: the question as asked (case folded) and the rcode.
      const identity = `${message.toString('latin1', 12, q.end).toLowerCase()}|${bytes[3]! & 0xf}`;
      const verdict = rrl.check(peer.address, identity, Date.now());
      if (verdict === 'drop') {
        stats.rrlDropped++;
        return;
      }
      if (verdict === 'slip') {
        stats.rrlSlipped++;
        bytes = slipReply(bytes, q.end);
      }
    }
    send(bytes);
  };

  return { respond, datagram };
}

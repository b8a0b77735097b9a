/**
 * Zone transfer out of the node: AXFR (RFC 5936) and IXFR (RFC 1995) responses as a
 * sequence of DNS messages, and the transfer access list. The records are the zone's
 * (zone.ts); the SOA and NS are the responder's.
 */
import { isIP } from 'node:net';
import { formatPrefix, type IpPrefix, parsePrefix, prefixContains } from '@arx/protocol';
import { type Answer, type DecodedPacket, encode, type SoaAnswer } from 'dns-packet';
import { type ResponderConfig, soaRecord } from './answer.js';
import type { DnsblZone } from './zone.js';
import type { ZoneRecord } from './zone-records.js';

const FLAG_QR = 0x8000;
const FLAG_AA = 0x0400;
/** Records are packed into messages of about this many bytes (TCP messages may hold 65535). */
const MESSAGE_BUDGET = 16_000;

/** Parses `dnsbl.allowTransfer` entries (addresses or prefixes) once. */
export function transferAcl(entries: readonly string[]): IpPrefix[] {
  return entries.map((e) => {
    try {
      return parsePrefix(e.includes('/') ? e : `${e}/${isIP(e) === 6 ? 128 : 32}`);
    } catch (cause) {
      throw new RangeError(`allowTransfer: "${e}" is not an address or prefix`, { cause });
    }
  });
}

/** True when `address` (as a socket reports it) falls in one of the prefixes. */
export function transferAllowed(acl: readonly IpPrefix[], address: string): boolean {
  const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  let ip: IpPrefix;
  try {
    ip = parsePrefix(`${plain}/${isIP(plain) === 6 ? 128 : 32}`);
  } catch {
    return false;
  }
  return acl.some((p) => p.ip.length === ip.ip.length && prefixContains(p, ip));
}

/** Formats the access list for logs and docs. */
export const formatAcl = (acl: readonly IpPrefix[]): string[] => acl.map(formatPrefix);

function answerOf(r: ZoneRecord, config: ResponderConfig): Answer {
  const name = r.name === '' ? config.zone : `${r.name}.${config.zone}`;
  return { name, type: r.type, ttl: config.ttl, class: 'IN', data: r.data } as Answer;
}

const soaAt = (config: ResponderConfig, serial: number): SoaAnswer => {
  const soa = soaRecord(config);
  return { ...soa, data: { ...soa.data, serial } };
};

/** The encoded messages of one transfer response, with records packed into each. */
function* pack(id: number, question: DecodedPacket['questions'], answers: Iterable<Answer>): Generator<Buffer> {
  let batch: Answer[] = [];
  let size = 0;
  let first = true;
  const flush = () => {
    // RFC 5936 §2.2: the question goes in the first message; later ones may leave it out.
    const bytes = encode({
      type: 'response',
      id,
      flags: FLAG_QR | FLAG_AA,
      questions: first ? question : [],
      answers: batch,
    });
    first = false;
    batch = [];
    size = 0;
    return bytes;
  };
  for (const a of answers) {
    batch.push(a);
    const data = (a as { data?: unknown }).data;
    size += 32 + a.name.length + (typeof data === 'string' ? data.length : 32);
    if (size >= MESSAGE_BUDGET) yield flush();
  }
  if (batch.length > 0 || first) yield flush();
}

/** What kind of transfer a response was, for counters. */
export type TransferKind = 'axfr' | 'ixfr' | 'ixfr-axfr' | 'ixfr-current' | 'refused';

/** A transfer response: the messages and what they were. */
export interface TransferResponse {
  readonly kind: TransferKind;
  readonly messages: Iterable<Buffer>;
}

/** A REFUSED (or other error) answer to a transfer query, one message. */
export function transferError(id: number, query: DecodedPacket, rcode: number): Buffer {
  return encode({ type: 'response', id, flags: FLAG_QR | (rcode & 0xf), questions: query.questions ?? [] });
}

/**
 * Answers an AXFR or IXFR query over TCP. The zone is sealed first, so the transfer is
 * a consistent version: its records are built from the index at that moment.
 */
export function transferResponse(query: DecodedPacket, zone: DnsblZone, config: ResponderConfig): TransferResponse {
  const id = query.id ?? 0;
  const question = query.questions ?? [];
  const type = question[0]?.type;
  const serial = zone.seal();
  const soa = soaAt(config, serial);
  const ns: Answer = { name: config.zone, type: 'NS', ttl: config.ttl, class: 'IN', data: config.nsName };
  const whole = function* (): Generator<Answer> {
    // RFC 5936 §2.2: the SOA first and last, everything else in between.
    yield soa;
    yield ns;
    for (const r of zone.records()) yield answerOf(r, config);
    yield soa;
  };
  if (type === 'AXFR') return { kind: 'axfr', messages: pack(id, question, whole()) };
  const theirs = (query.authorities ?? []).find((a) => a.type === 'SOA') as SoaAnswer | undefined;
  // RFC 1995 §2: an IXFR query carries the client's SOA; without one it gets the whole zone.
  const changes = theirs ? zone.changesSince((theirs.data.serial ?? 0) >>> 0) : null;
  if (changes === null) return { kind: 'ixfr-axfr', messages: pack(id, question, whole()) };
  if (changes.length === 0) return { kind: 'ixfr-current', messages: pack(id, question, [soa]) };
  const incremental = function* (): Generator<Answer> {
    // RFC 1995 §4: the new SOA, then per version the old SOA, deletions, the new SOA, additions.
    yield soa;
    for (const c of changes) {
      yield soaAt(config, c.from);
      for (const r of c.deleted) yield answerOf(r, config);
      yield soaAt(config, c.to);
      for (const r of c.added) yield answerOf(r, config);
    }
    yield soa;
  };
  return { kind: 'ixfr', messages: pack(id, question, incremental()) };
}

/** RFC 1995 §2: an IXFR over UDP is answered with the current SOA only (the client then uses TCP). */
export function ixfrOverUdp(query: DecodedPacket, serial: number, config: ResponderConfig): Buffer {
  return [...pack(query.id ?? 0, query.questions ?? [], [soaAt(config, serial)])][0]!;
}

/**
 * The responder without sockets: DNS messages in, DNS messages out, decoded with
 * dns-packet. Covers the answers of RFC 5782 and the protocol edge cases a server must
 * survive (RFC 1035, RFC 6891 EDNS, truncation).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAddress } from '@arx/protocol';
import { decode, encode, type Packet } from 'dns-packet';
import {
  type DnsblOptions,
  queryName,
  RCODE,
  responderConfig,
  respondToMessage,
  type Transport,
} from '../../src/dnsbl/index.js';
import type { ListingIndex } from '../../src/state/types.js';
import { DAY, listing, NOW, ZONE } from './fixtures.js';
import { TestListingIndex } from './memory-index.js';

const spam = listing('192.0.2.0/24', 'spam-source');
const dynamicHost = listing('192.0.2.7', 'dynamic');
const proxy6 = listing('2001:db8:1:2::/64', 'open-proxy');
const expiring = listing('198.51.100.9', 'open-relay', { expires: NOW + 90_000 });
const expired = listing('198.51.100.10', 'spam-source', { expires: NOW - DAY });
const removed = listing('198.51.100.11', 'spam-source', { removedAt: NOW - DAY });
const site = listing('spam.example', 'spamvertised-site');
const wide = listing('127.0.0.0/8', 'spam-source');
const index = new TestListingIndex([spam, dynamicHost, proxy6, expiring, expired, removed, site, wide]);

function config(overrides: Partial<DnsblOptions> = {}) {
  return responderConfig({ zone: ZONE, index, now: () => NOW, ...overrides });
}

let nextId = 1;
function query(name: string, type = 'A', extra: Partial<Packet> = {}): Buffer {
  return encode({ type: 'query', id: nextId++, flags: 0x0100, questions: [{ name, type: type as 'A' }], ...extra });
}

/** A decoded response, typed loosely enough to read every record kind in assertions. */
interface Record {
  readonly name: string;
  readonly type: string;
  readonly ttl?: number;
  readonly data?: unknown;
  readonly [field: string]: unknown;
}
interface Response {
  readonly id: number;
  readonly rcode: string;
  readonly opcode: string;
  readonly flag_qr: boolean;
  readonly flag_aa: boolean;
  readonly flag_tc: boolean;
  readonly flag_rd: boolean;
  readonly flag_ra: boolean;
  readonly questions: readonly { name: string; type: string }[];
  readonly answers: readonly Record[];
  readonly authorities: readonly Record[];
  readonly additionals: readonly Record[];
  /** The 4-bit header rcode as a number, and the encoded size. */
  readonly rcodeNumber: number;
  readonly bytes: number;
}

function ask(message: Buffer, cfg = config(), transport: Transport = 'udp'): Response {
  const reply = respondToMessage(message, transport, cfg);
  assert.ok(reply, 'a reply was expected');
  const packet = decode(reply.bytes) as unknown as Response;
  return { ...packet, rcodeNumber: reply.bytes.readUInt16BE(2) & 0xf, bytes: reply.bytes.length };
}

const ip = (text: string, type = 'A', cfg = config()) => ask(query(queryName(parseAddress(text), ZONE), type), cfg);
const data = (p: Response, type: string) =>
  p.answers
    .filter((a) => a.type === type)
    .map((a) => (type === 'TXT' ? Buffer.concat(a.data as Buffer[]).toString() : String(a.data)));

test('a listed IPv4 address gets one A record per list kind and one TXT per listing', () => {
  const a = ip('192.0.2.7');
  assert.equal(a.rcode, 'NOERROR');
  assert.equal(a.flag_aa, true);
  assert.deepEqual(data(a, 'A'), ['127.0.0.2', '127.0.0.10']);
  // Two full TXT strings exceed 512 bytes: asked over TCP, as a client does after TC.
  const txt = ask(query(queryName(parseAddress('192.0.2.7'), ZONE), 'TXT'), config(), 'tcp');
  assert.equal(data(txt, 'TXT').length, 2);
  assert.match(data(txt, 'TXT')[0]!, new RegExp(`Spam source - Host sending spam.*arx delist request ${spam.id}`));
  assert.match(data(txt, 'TXT')[1]!, new RegExp(`Dynamic address space.*arx delist request ${dynamicHost.id}`));
});

test('ANY gives one RRset, the A records, and never the TXT text (RFC 8482)', () => {
  const a = ip('192.0.2.9', 'ANY');
  assert.deepEqual(data(a, 'A'), ['127.0.0.2']);
  assert.equal(data(a, 'TXT').length, 0);
});

test('an address in a listed IPv6 /64 is listed; the next /64 is not', () => {
  assert.deepEqual(data(ip('2001:db8:1:2::abcd'), 'A'), ['127.0.0.4']);
  const other = ip('2001:db8:1:3::abcd');
  assert.equal(other.rcode, 'NXDOMAIN');
});

test('an unlisted address is NXDOMAIN with the SOA in the authority section', () => {
  const a = ip('203.0.113.5');
  assert.equal(a.rcode, 'NXDOMAIN');
  assert.equal(a.flag_aa, true);
  assert.equal(a.answers?.length, 0);
  const soa = a.authorities?.[0];
  assert.equal(soa?.type, 'SOA');
  assert.equal(soa?.name, ZONE);
  // RFC 2308 §5: negative TTL = min(SOA TTL, MINIMUM); both are the configured 60 s.
  assert.equal(soa?.ttl, 60);
  assert.equal((soa?.data as { minimum: number } | undefined)?.minimum, 60);
});

/** ::ffff:127.0.0.x as 16 bytes (parseAddress would normalise it to IPv4). */
const mapped = (last: number) => new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 127, 0, 0, last]);

test('RFC 5782 §5: 127.0.0.2 and ::FFFF:7F00:2 are listed, 127.0.0.1 and ::FFFF:7F00:1 are not', () => {
  for (const name of [queryName(parseAddress('127.0.0.2'), ZONE), queryName(mapped(2), ZONE)]) {
    const a = ask(query(name));
    assert.equal(a.rcode, 'NOERROR', name);
    assert.deepEqual(data(a, 'A'), ['127.0.0.2'], name);
    assert.deepEqual(data(ask(query(name, 'TXT')), 'TXT'), [`RFC 5782 test entry: always listed in ${ZONE}`], name);
  }
  // 127.0.0.0/8 is listed in this index, yet 127.0.0.1 must never be.
  assert.equal(ip('127.0.0.1').rcode, 'NXDOMAIN');
  assert.equal(ask(query(queryName(mapped(1), ZONE))).rcode, 'NXDOMAIN');
  assert.deepEqual(data(ip('127.0.0.3'), 'A'), ['127.0.0.2'], 'the rest of 127/8 is as listed');
});

test('the domain TEST is listed and INVALID is not (RFC 5782 §5)', () => {
  assert.deepEqual(data(ask(query(`test.${ZONE}`)), 'A'), ['127.0.0.2']);
  assert.equal(ask(query(`invalid.${ZONE}`)).rcode, 'NXDOMAIN');
});

test('the test entry answers with the code of the first served kind', () => {
  const dulOnly = config({ lists: ['dynamic'] });
  assert.deepEqual(data(ip('127.0.0.2', 'A', dulOnly), 'A'), ['127.0.0.10']);
  // A zone of domain lists only is not IPv4-based: no IPv4 test entry.
  assert.equal(ip('127.0.0.2', 'A', config({ lists: ['spamvertised-site'] })).rcode, 'NXDOMAIN');
});

test('domain lists answer RHSBL style for the domain and names below it', () => {
  for (const name of ['spam.example', 'www.spam.example', 'SPAM.Example']) {
    const a = ask(query(`${name}.${ZONE}`));
    assert.deepEqual(data(a, 'A'), ['127.0.0.2'], name);
    assert.equal(a.answers?.[0]?.name, `${name}.${ZONE}`, 'the name is echoed as asked');
  }
  assert.equal(ask(query(`example.${ZONE}`)).rcode, 'NXDOMAIN');
});

test('lists restricts which kinds a zone answers for', () => {
  const relays = config({ lists: ['open-relay'] });
  assert.equal(ip('192.0.2.7', 'A', relays).rcode, 'NXDOMAIN');
  assert.deepEqual(data(ip('198.51.100.9', 'A', relays), 'A'), ['127.0.0.3']);
  assert.equal(ask(query(`spam.example.${ZONE}`), relays).rcode, 'NXDOMAIN');
});

test('expired and removed listings vanish; the clock decides', () => {
  assert.equal(ip('198.51.100.10').rcode, 'NXDOMAIN');
  assert.equal(ip('198.51.100.11').rcode, 'NXDOMAIN');
  assert.deepEqual(data(ip('198.51.100.9'), 'A'), ['127.0.0.3']);
  assert.equal(ip('198.51.100.9', 'A', config({ now: () => NOW + 90_000 })).rcode, 'NXDOMAIN');
});

test('a listing that expires soon is cached no longer than it lasts', () => {
  assert.equal(ip('198.51.100.9').answers?.[0]?.ttl, 90);
  assert.equal(ip('192.0.2.9').answers?.[0]?.ttl, 300);
  assert.equal(ip('192.0.2.9', 'A', config({ ttl: 900 })).answers?.[0]?.ttl, 900);
});

test('other types at a listed name are NODATA; a partial reverse name is NODATA too', () => {
  const aaaa = ip('192.0.2.7', 'AAAA');
  assert.equal(aaaa.rcode, 'NOERROR');
  assert.equal(aaaa.answers?.length, 0);
  assert.equal(aaaa.authorities?.[0]?.type, 'SOA');
  const partial = ask(query(`2.0.192.${ZONE}`));
  assert.equal(partial.rcode, 'NOERROR');
  assert.equal(partial.answers?.length, 0);
});

test('the apex has SOA and NS; other types there are NODATA', () => {
  const cfg = config({ nsName: 'ns1.isc.example', contact: 'dnsbl@isc.example', now: () => NOW });
  const soa = ask(query(ZONE, 'SOA'), cfg);
  assert.equal(soa.rcode, 'NOERROR');
  assert.deepEqual(soa.answers?.[0]?.data, {
    mname: 'ns1.isc.example',
    rname: 'dnsbl.isc.example',
    serial: NOW / 1000,
    refresh: 3600,
    retry: 600,
    expire: 604800,
    minimum: 60,
  });
  const ns = ask(query(ZONE, 'NS'), cfg);
  assert.deepEqual(data(ns, 'NS'), ['ns1.isc.example']);
  assert.deepEqual(
    ask(query(ZONE, 'ANY'), cfg).answers?.map((a) => a.type),
    ['SOA'],
    'RFC 8482: one RRset for ANY',
  );
  const a = ask(query(ZONE, 'A'), cfg);
  assert.equal(a.rcode, 'NOERROR');
  assert.equal(a.answers?.length, 0);
  assert.equal(a.authorities?.[0]?.type, 'SOA');
});

test('names outside the zone and classes other than IN are REFUSED', () => {
  const out = ask(query('7.2.0.192.other.example'));
  assert.equal(out.rcode, 'REFUSED');
  assert.equal(out.flag_aa, false);
  const chaos = ask(encode({ type: 'query', id: 9, questions: [{ name: 'version.bind', type: 'TXT', class: 'CH' }] }));
  assert.equal(chaos.rcode, 'REFUSED');
});

test('the response echoes id, question and RD; it is never recursive', () => {
  const message = query('7.2.0.192.Bl.Arx.Test');
  const a = ask(message);
  assert.equal(a.id, message.readUInt16BE(0));
  assert.equal(a.questions?.[0]?.name, '7.2.0.192.Bl.Arx.Test');
  assert.equal(a.flag_rd, true);
  assert.equal(a.flag_ra, false);
  assert.equal(a.flag_qr, true);
});

test('garbage gets FORMERR or silence, never an exception', () => {
  assert.equal(respondToMessage(Buffer.alloc(0), 'udp', config()), null);
  assert.equal(respondToMessage(Buffer.from('0102030405', 'hex'), 'udp', config()), null);
  // A response (QR set) is never answered, so two servers cannot bounce packets forever.
  const response = encode({ type: 'response', id: 7, questions: [{ name: `2.0.0.127.${ZONE}`, type: 'A' }] });
  assert.equal(respondToMessage(response, 'udp', config()), null);
  // Header with one question but no bytes for it.
  const truncated = Buffer.from('abcd0100000100000000000003', 'hex');
  const formerr = ask(truncated);
  assert.equal(formerr.id, 0xabcd);
  assert.equal(formerr.rcodeNumber, RCODE.FORMERR);
  // Two questions.
  const two = encode({
    type: 'query',
    id: 3,
    questions: [
      { name: `2.0.0.127.${ZONE}`, type: 'A' },
      { name: `1.0.0.127.${ZONE}`, type: 'A' },
    ],
  });
  assert.equal(ask(two).rcodeNumber, RCODE.FORMERR);
  // Random bytes: whatever they decode to, the responder answers or stays silent.
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed >> 16;
  };
  for (let i = 0; i < 2000; i++) {
    const bytes = Buffer.from(Array.from({ length: random() % 300 }, () => random() & 0xff));
    bytes[2] = (bytes[2] ?? 0) & 0x7f;
    respondToMessage(bytes, i % 2 ? 'udp' : 'tcp', config());
  }
});

test('opcodes other than QUERY get NOTIMP', () => {
  const notify = query(ZONE, 'SOA');
  notify.writeUInt16BE((4 << 11) | 0x0100, 2);
  const a = ask(notify);
  assert.equal(a.rcodeNumber, RCODE.NOTIMP);
  assert.equal(a.opcode, 'NOTIFY');
});

test('EDNS: an OPT record is answered with ours; a version above 0 gets BADVERS', () => {
  const opt = (ednsVersion: number, flags = 0) => ({
    additionals: [
      {
        name: '.',
        type: 'OPT' as const,
        udpPayloadSize: 4096,
        extendedRcode: 0,
        ednsVersion,
        flags,
        flag_do: false,
        options: [],
      },
    ],
  });
  const a = ask(query(`2.0.0.127.${ZONE}`, 'A', opt(0, 0x8000)));
  const ours = a.additionals.find((r) => r.type === 'OPT');
  assert.equal(ours?.udpPayloadSize, 1232);
  assert.equal(ours?.flags, 0x8000, 'RFC 3225: DO is copied');
  const bad = ask(query(`2.0.0.127.${ZONE}`, 'A', opt(1)));
  const badOpt = bad.additionals.find((r) => r.type === 'OPT');
  // BADVERS = 16: header rcode 0, upper bits 1 in the OPT record.
  assert.equal(bad.rcodeNumber, 0);
  assert.equal(badOpt?.extendedRcode, 1);
  assert.equal(bad.answers?.length, 0);
});

test('a UDP answer larger than the client allows is truncated (TC) and whole over TCP', () => {
  const many = new TestListingIndex(
    Array.from({ length: 12 }, (_, i) => listing('203.0.113.0/24', 'spam-source', { originHandle: `operator-${i}` })),
  );
  const cfg = config({ index: many });
  const name = queryName(parseAddress('203.0.113.1'), ZONE);
  const udp = ask(query(name, 'TXT'), cfg, 'udp');
  assert.equal(udp.flag_tc, true);
  assert.equal(udp.answers?.length, 0);
  assert.ok(udp.bytes <= 512);
  const tcp = ask(query(name, 'TXT'), cfg, 'tcp');
  assert.equal(tcp.flag_tc, false);
  assert.equal(tcp.answers?.length, 12);
  // With EDNS the client may allow more, up to our 1232 bytes: still too small for 12 TXT.
  const edns = ask(
    query(name, 'TXT', {
      additionals: [
        {
          name: '.',
          type: 'OPT',
          udpPayloadSize: 4096,
          extendedRcode: 0,
          ednsVersion: 0,
          flags: 0,
          flag_do: false,
          options: [],
        },
      ],
    }),
    cfg,
  );
  assert.equal(edns.flag_tc, true);
});

test('an index that fails gives SERVFAIL and reports the error, not NXDOMAIN', () => {
  const errors: unknown[] = [];
  const broken: ListingIndex = {
    forAddress() {
      throw new Error('storage is gone');
    },
    forDomain() {
      return [];
    },
    active() {
      return [];
    },
  };
  const a = ask(
    query(queryName(parseAddress('192.0.2.1'), ZONE)),
    config({ index: broken, onError: (e) => errors.push(e) }),
  );
  assert.equal(a.rcode, 'SERVFAIL');
  assert.equal(errors.length, 1);
});

test('options are checked', () => {
  assert.throws(() => config({ lists: [] }), TypeError);
  assert.throws(() => config({ lists: ['nope' as 'dynamic'] }), TypeError);
  assert.throws(() => config({ ttl: -1 }), RangeError);
  assert.throws(() => config({ zone: 'bad zone' }), RangeError);
  assert.throws(() => config({ index: {} as ListingIndex }), TypeError);
});

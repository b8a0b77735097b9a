/**
 * The fast path (fast.ts) against the general path (respondToMessage): for every query
 * it takes, the same bytes; for every query it leaves, nothing, so the general path
 * answers. Queries are written byte by byte where dns-packet would normalise them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAddress } from '@arx/protocol';
import { encode, type Packet } from 'dns-packet';
import { fastResponder } from '../../src/dnsbl/fast.js';
import { queryName, responderConfig, respondToMessage, type Transport } from '../../src/dnsbl/index.js';
import { signRequest, tsigKeys } from '../../src/dnsbl/tsig.js';
import { DAY, listing, NOW, ZONE } from './fixtures.js';
import { TestListingIndex } from './memory-index.js';

const index = new TestListingIndex([
  listing('192.0.2.0/24', 'spam-source'),
  listing('192.0.2.7', 'dynamic'),
  listing('192.0.2.7', 'open-relay', { expires: NOW + 90_000 }),
  listing('198.51.100.9', 'open-proxy', { expires: NOW + 3 * DAY }),
  listing('198.51.100.10', 'spam-source', { expires: NOW - DAY }),
  listing('2001:db8:1:2::/64', 'open-proxy'),
  listing('::ffff:0:0/96', 'non-conforming-list'),
  listing('spam.example', 'spamvertised-site'),
  listing('deep.sub.spam.example', 'spamvertised-site'),
]);
const configs = {
  default: responderConfig({ zone: ZONE, index, now: () => NOW, serial: () => 2024050101 }),
  shaped: responderConfig({
    zone: 'Bl.Example.Org.',
    index,
    now: () => NOW,
    nsName: 'ns1.example.org',
    contact: 'dnsbl.admin@example.org',
    ttl: 900,
    negativeTtl: 30,
    lists: ['dynamic', 'open-proxy', 'spamvertised-site'],
    removalUrl: (l) => `https://example.org/delist?id=${l.id}`,
  }),
};

const v4 = (text: string, zone: string) => queryName(parseAddress(text), zone);
const v6 = (bytes: number[], zone: string) => queryName(Uint8Array.from(bytes), zone);
/** Upper-cases every other letter, as a resolver's 0x20 randomisation might. */
const mixed = (name: string) => [...name].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('');

function names(zone: string): string[] {
  const out = [
    v4('192.0.2.7', zone), // several lists, one expiring soon
    v4('192.0.2.99', zone), // inside a listed /24
    v4('198.51.100.9', zone), // expires in days: the TTL is capped at nothing
    v4('198.51.100.10', zone), // expired
    v4('203.0.113.5', zone), // unlisted
    v4('127.0.0.2', zone), // RFC 5782 §5 test entries
    v4('127.0.0.1', zone),
    v6([0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0xab, 0xcd], zone), // in a listed /64
    v6([0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 1], zone), // the next /64
    v6([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 127, 0, 0, 2], zone), // ::ffff:127.0.0.2
    v6([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 192, 0, 2, 7], zone), // ::ffff:192.0.2.7 is 192.0.2.7
    `spam.example.${zone}`,
    `www.spam.example.${zone}`,
    `deep.sub.spam.example.${zone}`,
    `clean.example.${zone}`,
    `test.${zone}`,
    `invalid.${zone}`,
    `example.${zone}`,
    zone, // the apex: SOA, NS, NODATA, ANY
    `2.0.192.${zone}`, // empty non-terminals above addresses
    `d.c.b.a.${zone}`,
    `1.2.3.4.5.${zone}`, // five octets: a domain
    `01.2.0.192.${zone}`, // a leading zero: not an octet
    `256.2.0.192.${zone}`,
    `192.0.2.7.example.net`, // outside the zone
    `x${zone}`, // a suffix of the zone that is no label boundary
  ];
  return [...out, ...out.map((n) => n.toUpperCase()), ...out.map(mixed)];
}

const TYPES = ['A', 'TXT', 'ANY', 'SOA', 'NS', 'AAAA'] as const;
const EDNS: Packet['additionals'][] = [
  undefined,
  [{ name: '.', type: 'OPT', udpPayloadSize: 4096, flags: 0, options: [] } as never],
  [{ name: '.', type: 'OPT', udpPayloadSize: 1232, flags: 0x8000, options: [] } as never],
  [
    {
      name: '.',
      type: 'OPT',
      udpPayloadSize: 100,
      flags: 0,
      options: [{ code: 10, data: Buffer.alloc(8, 7) }],
    } as never,
  ],
];

let nextId = 0x1234;
function query(name: string, type: string, additionals?: Packet['additionals'], flags = 0x0100): Buffer {
  return encode({ type: 'query', id: nextId++, flags, questions: [{ name, type: type as 'A' }], additionals });
}

test('the fast path answers the common queries with exactly the bytes of the general path', () => {
  let compared = 0;
  for (const [label, config] of Object.entries(configs)) {
    const fast = fastResponder(config);
    for (const name of names(config.zone)) {
      for (const type of TYPES) {
        for (const additionals of EDNS) {
          for (const transport of ['udp', 'tcp'] as Transport[]) {
            const message = query(name, type, additionals);
            const expected = respondToMessage(message, transport, config);
            const got = fast(message, transport);
            const what = `${label} ${name} ${type} ${transport} edns=${additionals?.length ?? 0}`;
            assert.ok(expected, what);
            if (got === undefined) {
              // Only answers that need truncation are left to the general path here.
              assert.equal(expected.truncated, true, `${what}: not taken by the fast path`);
              continue;
            }
            assert.equal(got.bytes.toString('hex'), expected.bytes.toString('hex'), what);
            assert.equal(got.rcode, expected.rcode, what);
            assert.equal(got.truncated, false, what);
            compared++;
          }
        }
      }
    }
  }
  assert.ok(compared > 3000, `${compared} answers compared`);
});

test('the echoed question keeps the case it was asked in (0x20), the header its id and RD', () => {
  const fast = fastResponder(configs.default);
  const message = query(mixed(v4('192.0.2.7', ZONE)), 'A', undefined, 0);
  const reply = fast(message, 'udp')!;
  assert.equal(reply.bytes.readUInt16BE(0), message.readUInt16BE(0));
  assert.equal(reply.bytes.subarray(12, message.length).toString('latin1'), message.subarray(12).toString('latin1'));
  assert.equal(reply.bytes.readUInt16BE(2) & 0x0100, 0, 'RD is copied, not set');
  assert.equal(reply.bytes.readUInt16BE(2) & 0x8400, 0x8400, 'QR and AA');
});

test('queries outside the common shape are left to the general path', () => {
  const fast = fastResponder(configs.default);
  const name = v4('192.0.2.7', ZONE);
  const plain = query(name, 'A');
  const withFlags = (flags: number) => {
    const m = Buffer.from(plain);
    m.writeUInt16BE(flags, 2);
    return m;
  };
  const withCount = (at: number, n: number) => {
    const m = Buffer.from(plain);
    m.writeUInt16BE(n, at);
    return m;
  };
  /** The query with one more label, written as raw bytes, in front of its name. */
  const withLabel = (label: Buffer) => Buffer.concat([plain.subarray(0, 12), label, plain.subarray(12)]);
  const [key] = tsigKeys([{ name: 'arx-xfr', secret: Buffer.alloc(32, 1).toString('base64') }]);
  assert.ok(key);
  const cases: [string, Buffer][] = [
    ['a response', withFlags(0x8000)],
    ['opcode NOTIFY', withFlags(4 << 11)],
    ['two questions', withCount(4, 2)],
    ['an answer record in the query', withCount(6, 1)],
    ['class CH', Buffer.concat([plain.subarray(0, plain.length - 2), Buffer.from([0, 3])])],
    ['type MX', query(name, 'MX')],
    ['type AXFR', query(ZONE, 'AXFR')],
    ['EDNS version 1', query(name, 'A', [{ name: '.', type: 'OPT', udpPayloadSize: 1232, ednsVersion: 1 } as never])],
    [
      'client subnet option',
      query(name, 'A', [
        {
          name: '.',
          type: 'OPT',
          udpPayloadSize: 1232,
          options: [{ code: 8, family: 1, sourcePrefixLength: 24, ip: '192.0.2.0' }],
        } as never,
      ]),
    ],
    ['a TSIG-signed query', signRequest(plain, key, NOW)],
    [
      'a signed query with EDNS',
      signRequest(query(name, 'A', [{ name: '.', type: 'OPT', udpPayloadSize: 1232 } as never]), key, NOW),
    ],
    ['an additional record other than OPT', query(name, 'A', [{ name: 'x', type: 'TXT', data: 'x' } as never])],
    ['trailing bytes', Buffer.concat([plain, Buffer.from([0])])],
    ['a truncated question', plain.subarray(0, plain.length - 1)],
    ['a label with a dot in it', withLabel(Buffer.from([3, 0x61, 0x2e, 0x62]))],
    ['a label with a space in it', withLabel(Buffer.from([1, 0x20]))],
    ['a compression pointer', Buffer.concat([plain.subarray(0, 12), Buffer.from([1, 0x61, 0xc0, 12, 0, 1, 0, 1])])],
    ['the root name', Buffer.concat([plain.subarray(0, 12), Buffer.from([0, 0, 1, 0, 1])])],
  ];
  for (const [what, message] of cases) {
    assert.equal(fast(message, 'udp'), undefined, what);
  }
});

test('an index failure is SERVFAIL on the fast path as on the general path', () => {
  const failing = new TestListingIndex();
  failing.forAddress = () => {
    throw new Error('disk');
  };
  const errors: unknown[] = [];
  const config = responderConfig({ zone: ZONE, index: failing, now: () => NOW, onError: (e) => errors.push(e) });
  const message = query(v4('192.0.2.7', ZONE), 'A');
  const got = fastResponder(config)(message, 'udp')!;
  assert.equal(got.bytes.toString('hex'), respondToMessage(message, 'udp', config)!.bytes.toString('hex'));
  assert.equal(got.rcode, 2);
  assert.equal(errors.length, 2);
});

test('a hot question is answered from the cache until the index changes', () => {
  const own = new TestListingIndex([listing('192.0.2.0/24', 'spam-source')]);
  const config = responderConfig({ zone: ZONE, index: own, now: () => NOW });
  const fast = fastResponder(config);
  const name = v4('198.51.100.1', ZONE);
  const first = fast(query(name, 'A'), 'udp')!;
  const calls = own.calls;
  // Another id, no RD, another case: a copy of the cached answer with those patched in.
  const again = query(name.toUpperCase(), 'A', undefined, 0);
  assert.equal(
    fast(again, 'udp')!.bytes.toString('hex'),
    respondToMessage(again, 'udp', config)!.bytes.toString('hex'),
  );
  assert.equal(own.calls, calls + 1, 'the general path asked the index; the fast path did not');
  assert.equal(first.rcode, 3);
  own.add(listing('198.51.100.0/24', 'open-relay'));
  const after = fast(query(name, 'A'), 'udp')!;
  assert.equal(after.rcode, 0, 'a listing added empties the cache');
});

test('a cached negative answer follows the SOA serial', () => {
  let serial = 1;
  const config = responderConfig({ zone: ZONE, index, now: () => NOW, serial: () => serial });
  const fast = fastResponder(config);
  const message = query(v4('203.0.113.5', ZONE), 'A');
  fast(message, 'udp');
  serial = 2;
  assert.equal(
    fast(message, 'udp')!.bytes.toString('hex'),
    respondToMessage(message, 'udp', config)!.bytes.toString('hex'),
  );
});

test('a cached answer with an expiring listing ends one TTL before the expiry', () => {
  let now = NOW;
  const expires = NOW + 3_600_000;
  const own = new TestListingIndex([listing('192.0.2.1', 'spam-source', { expires })]);
  const config = responderConfig({ zone: ZONE, index: own, now: () => now, ttl: 300 });
  const fast = fastResponder(config);
  const message = query(v4('192.0.2.1', ZONE), 'A');
  for (const at of [NOW, expires - 300_000 - 1, expires - 300_000, expires - 299_500, expires - 1, expires]) {
    now = at;
    assert.equal(
      fast(message, 'udp')!.bytes.toString('hex'),
      respondToMessage(message, 'udp', config)!.bytes.toString('hex'),
      `at expiry ${at - expires} ms`,
    );
  }
});

test('answerCache 0 keeps no answers', () => {
  const own = new TestListingIndex([listing('192.0.2.1', 'spam-source')]);
  const fast = fastResponder(responderConfig({ zone: ZONE, index: own, now: () => NOW, answerCache: 0 }));
  const message = query(v4('192.0.2.1', ZONE), 'A');
  fast(message, 'udp');
  fast(message, 'udp');
  assert.equal(own.calls, 2);
});

test('a full cache makes room by dropping its oldest answer', () => {
  const own = new TestListingIndex([listing('192.0.2.0/24', 'spam-source')]);
  const fast = fastResponder(responderConfig({ zone: ZONE, index: own, now: () => NOW, answerCache: 2 }));
  const ask = (last: number) => fast(query(v4(`192.0.2.${last}`, ZONE), 'A'), 'udp');
  ask(1);
  ask(2);
  ask(3); // 1 is dropped
  const calls = own.calls;
  ask(3);
  ask(2);
  assert.equal(own.calls, calls, '2 and 3 are cached');
  ask(1);
  assert.equal(own.calls, calls + 1, '1 was dropped');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatAddress, parseAddress } from '@arx/protocol';
import { contactToRname, normaliseZone, parseQueryName, queryName } from '../../src/dnsbl/index.js';

const ZONE = 'bl.arx.test';

// Each case: query name → what it asks about (ip as text, or the kind).
const CASES: { name: string; expect: string; why: string }[] = [
  { name: '2.0.0.127.bl.arx.test', expect: 'ip 127.0.0.2', why: 'RFC 5782 §2.1: d.c.b.a.ZONE' },
  { name: '7.2.0.192.BL.ARX.TEST.', expect: 'ip 192.0.2.7', why: 'case-insensitive, trailing dot' },
  { name: 'bl.arx.test', expect: 'apex', why: 'the zone itself' },
  { name: 'BL.Arx.Test', expect: 'apex', why: 'apex in mixed case' },
  { name: 'example.org', expect: 'outside', why: 'not below the zone' },
  { name: 'xbl.arx.test', expect: 'outside', why: 'a suffix match that is not a label boundary' },
  { name: '2.0.192.bl.arx.test', expect: 'partial-ip', why: 'three octets: an empty non-terminal' },
  { name: '256.2.0.192.bl.arx.test', expect: 'domain 256.2.0.192', why: 'not an octet' },
  { name: '07.2.0.192.bl.arx.test', expect: 'domain 07.2.0.192', why: 'leading zero is not an octet' },
  { name: '1.7.2.0.192.bl.arx.test', expect: 'domain 1.7.2.0.192', why: 'five octets: not an address (NXDOMAIN)' },
  { name: '5.4.3.2.1.bl.arx.test', expect: 'partial-ip', why: 'five single digits read as IPv6 nibbles' },
  {
    name: `${'b.a.9.8.7.6.5.4.3.2.1.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2'}.bl.arx.test`,
    expect: 'ip 2001:db8::123:4567:89ab',
    why: 'RFC 5782 §2.4: 32 reversed nibbles',
  },
  {
    name: '2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.bl.arx.test',
    expect: 'ip 127.0.0.2',
    why: 'RFC 5782 §5 IPv6 test entry ::FFFF:7F00:2 is the IPv4-mapped 127.0.0.2',
  },
  { name: '8.b.d.0.1.0.0.2.bl.arx.test', expect: 'partial-ip', why: 'a /32 worth of nibbles' },
  { name: 'spam.example.bl.arx.test', expect: 'domain spam.example', why: 'RHSBL: the domain itself' },
  { name: 'test.bl.arx.test', expect: 'domain test', why: 'RFC 5782 §5 domain test entry' },
];

function describe(name: string): string {
  const t = parseQueryName(name, ZONE);
  if (t.kind === 'ip') return `ip ${formatAddress(t.ip)}`;
  if (t.kind === 'domain') return `domain ${t.name}`;
  return t.kind;
}

test('query names parse to the address, domain or zone part they ask about', () => {
  for (const c of CASES) assert.equal(describe(c.name), c.expect, `${c.name}: ${c.why}`);
});

test('queryName builds the names that parse back to the same address', () => {
  for (const text of ['192.0.2.7', '2001:db8::123:4567:89ab', '::1', 'ffff::']) {
    const ip = parseAddress(text);
    const back = parseQueryName(queryName(ip, ZONE), ZONE);
    assert.equal(back.kind, 'ip', text);
    assert.equal(formatAddress((back as { ip: Uint8Array }).ip), formatAddress(ip), text);
  }
  assert.equal(queryName(parseAddress('192.0.2.7'), ZONE), '7.2.0.192.bl.arx.test');
  assert.equal(queryName('Spam.Example.', ZONE), 'spam.example.bl.arx.test');
});

test('zones are normalised and invalid or too long zones are rejected', () => {
  assert.equal(normaliseZone('BL.Example.ORG.'), 'bl.example.org');
  assert.throws(() => normaliseZone(''), RangeError);
  assert.throws(() => normaliseZone('bad..zone'), RangeError);
  assert.throws(() => normaliseZone('sp ace.example'), RangeError);
  // 64 characters of IPv6 nibbles plus the zone must fit in 253.
  assert.throws(() => normaliseZone(`${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.example`), RangeError);
});

test('a contact mailbox becomes an SOA RNAME with dots in the local part escaped', () => {
  assert.equal(contactToRname(undefined, ZONE), 'hostmaster.bl.arx.test');
  assert.equal(contactToRname('abuse@isc.example', ZONE), 'abuse.isc.example');
  assert.equal(contactToRname('mailto:first.last@isc.example', ZONE), 'first\\.last.isc.example');
  assert.equal(contactToRname('hostmaster.isc.example.', ZONE), 'hostmaster.isc.example');
  assert.throws(() => contactToRname('a b@isc.example', ZONE), RangeError);
});

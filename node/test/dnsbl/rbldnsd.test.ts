/**
 * The same listings served by the node and, exported as rbldnsd datasets, by rbldnsd:
 * dig must get the same answers from both. Skipped (with the reason) when rbldnsd is
 * not installed; CI installs the Debian package rbldnsd.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseAddress } from '@arx/protocol';
import { type DnsblServer, exportRbldnsd, queryName, startDnsbl } from '../../src/dnsbl/index.js';
import { type DigResult, dig, requireDig } from './dig.js';
import { listing, NOW, ZONE } from './fixtures.js';
import { TestListingIndex } from './memory-index.js';
import { findRbldnsd, type RbldnsdProcess, startRbldnsd, writeZoneDir } from './rbldnsd.js';

const listings = [
  listing('192.0.2.0/24', 'spam-source'),
  listing('192.0.2.7', 'dynamic'),
  listing('192.0.2.7', 'open-proxy'),
  listing('198.51.100.0/22', 'open-relay'),
  listing('2001:db8:1:2::/64', 'open-proxy'),
  listing('2001:db8:ff::/48', 'non-conforming-list', { originHandle: 'price$list' }),
  listing('spam.example', 'spamvertised-site'),
  listing('shop.spam.example', 'spamvertised-site', { reason: 'phishing' }),
];
const removalUrl = (l: { id: string }) => `https://isc.example/d/${l.id.slice(0, 8)}`;
const mapped = (last: number) => new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 127, 0, 0, last]);

const QUESTIONS: { label: string; name: string }[] = [
  { label: 'listed IPv4 in a /24 and as a /32 on two more lists', name: queryName(parseAddress('192.0.2.7'), ZONE) },
  { label: 'listed IPv4 in the /24 only', name: queryName(parseAddress('192.0.2.200'), ZONE) },
  { label: 'listed IPv4 in a /22', name: queryName(parseAddress('198.51.103.1'), ZONE) },
  { label: 'listed IPv6 /64', name: queryName(parseAddress('2001:db8:1:2:dead:beef::1'), ZONE) },
  { label: 'listed IPv6 /48 with a $ in the TXT', name: queryName(parseAddress('2001:db8:ff:9::1'), ZONE) },
  { label: 'unlisted IPv4', name: queryName(parseAddress('192.0.3.7'), ZONE) },
  { label: 'unlisted IPv6 (next /64)', name: queryName(parseAddress('2001:db8:1:3::1'), ZONE) },
  { label: 'RFC 5782 test entry 127.0.0.2', name: `2.0.0.127.${ZONE}` },
  { label: 'RFC 5782 never-listed 127.0.0.1', name: `1.0.0.127.${ZONE}` },
  { label: 'RFC 5782 IPv6 test entry ::FFFF:7F00:2', name: queryName(mapped(2), ZONE) },
  { label: 'RFC 5782 IPv6 never-listed ::FFFF:7F00:1', name: queryName(mapped(1), ZONE) },
  { label: 'listed domain', name: `spam.example.${ZONE}` },
  { label: 'name below a listed domain and below a listed subdomain', name: `www.shop.spam.example.${ZONE}` },
  { label: 'RFC 5782 domain test entry TEST', name: `test.${ZONE}` },
  { label: 'RFC 5782 domain INVALID', name: `invalid.${ZONE}` },
];

const rbldnsdPath = findRbldnsd();
let node: DnsblServer | undefined;
let rbldnsd: RbldnsdProcess | undefined;

before(async () => {
  if (!rbldnsdPath) return;
  requireDig();
  const common = { nsName: 'ns1.isc.example', contact: 'dnsbl@isc.example', removalUrl };
  node = await startDnsbl({
    host: '127.0.0.1',
    port: 0,
    zone: ZONE,
    index: new TestListingIndex(listings),
    now: () => NOW,
    ...common,
  });
  const dir = writeZoneDir({ ...exportRbldnsd(listings, { zone: ZONE, now: NOW, ...common }) });
  rbldnsd = await startRbldnsd(rbldnsdPath, ZONE, dir, [
    ['ip4set', 'ip4set'],
    ['ip6trie', 'ip6trie'],
    ['dnset', 'dnset'],
  ]);
});

after(async () => {
  await node?.close();
  await rbldnsd?.stop();
});

/** What must be equal: status, answer records (sorted) and authority records. */
function comparable(r: DigResult) {
  const records = (list: DigResult['answer']) => list.map((x) => `${x.name} ${x.ttl} ${x.type} ${x.data}`).sort();
  return { status: r.status, answer: records(r.answer), authority: records(r.authority) };
}

test('rbldnsd serving the exported zone answers exactly as the node does', async (t) => {
  if (!rbldnsdPath) {
    t.skip('rbldnsd not installed');
    return;
  }
  for (const q of QUESTIONS) {
    for (const type of ['A', 'TXT']) {
      // With EDNS (dig's default): without it rbldnsd silently leaves out records beyond
      // 512 bytes, where the node sets TC and dig retries over TCP.
      const fromNode = await dig(node!.udp.port, q.name, type);
      const fromRbldnsd = await dig(rbldnsd!.port, q.name, type);
      assert.deepEqual(comparable(fromNode), comparable(fromRbldnsd), `${q.label} (${type}) ${q.name}`);
    }
  }
});

test('the comparison is not vacuous: listed names have answers, unlisted ones NXDOMAIN', async (t) => {
  if (!rbldnsdPath) {
    t.skip('rbldnsd not installed');
    return;
  }
  const listed = await dig(rbldnsd!.port, QUESTIONS[0]!.name, 'A', {});
  assert.deepEqual(listed.answer.map((r) => r.data).sort(), ['127.0.0.10', '127.0.0.2', '127.0.0.4']);
  const unlisted = await dig(rbldnsd!.port, QUESTIONS[5]!.name, 'A', {});
  assert.equal(unlisted.status, 'NXDOMAIN');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CSV_COLUMNS,
  csvField,
  type ExportOptions,
  exportList,
  exportRbldnsd,
  listingText,
} from '../../src/dnsbl/index.js';
import { DAY, listing, NOW, ZONE } from './fixtures.js';

const spam = listing('192.0.2.0/24', 'spam-source');
const dynamicHost = listing('192.0.2.7', 'dynamic');
const relay = listing('198.51.100.9', 'open-relay', { originHandle: 'maps, "the" operator' });
const proxy6 = listing('2001:db8:1:2::/64', 'open-proxy');
const proxy6b = listing('2001:db8:1:2::/64', 'spam-source');
const site = listing('spam.example', 'spamvertised-site');
const subSite = listing('shop.spam.example', 'spamvertised-site', { reason: 'phishing' });
const expired = listing('203.0.113.1', 'spam-source', { expires: NOW - DAY });
const removed = listing('203.0.113.2', 'spam-source', { removedAt: NOW - DAY });
const dollar = listing('203.0.113.3', 'spam-source', { originHandle: 'pay$$me' });
const all = [site, proxy6, relay, dynamicHost, spam, expired, removed, subSite, proxy6b, dollar, spam];

const opts: ExportOptions = { zone: ZONE, now: NOW };

/** A small RFC 4180 reader, to check that what we write reads back field for field. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

test('cidr: canonical prefixes of the active listings, IPv4 then IPv6, each once', () => {
  assert.equal(
    exportList(all, 'cidr', opts),
    '192.0.2.0/24\n192.0.2.7/32\n198.51.100.9/32\n203.0.113.3/32\n2001:db8:1:2::/64\n',
  );
  assert.equal(exportList(all, 'cidr', { ...opts, list: 'dynamic' }), '192.0.2.7/32\n');
  assert.equal(exportList(all, 'cidr', { ...opts, list: 'spamvertised-site' }), '');
});

test('csv: a header row, CRLF line ends and RFC 4180 quoting that reads back', () => {
  const text = exportList(all, 'csv', { ...opts, removalUrl: (l) => `https://isc.example/d?id=${l.id},x` });
  assert.ok(text.startsWith(`${CSV_COLUMNS.join(',')}\r\n`));
  assert.ok(text.endsWith('\r\n'));
  const rows = readCsv(text);
  assert.deepEqual(rows[0], [...CSV_COLUMNS]);
  assert.equal(rows.length, 1 + 8, 'eight active listings');
  const relayRow = rows.find((r) => r[0] === relay.id)!;
  assert.deepEqual(relayRow, [
    relay.id,
    'open-relay',
    '127.0.0.3',
    '198.51.100.9/32',
    'relay.open',
    'Open mail relay',
    relay.origin,
    'maps, "the" operator',
    '2024-04-21T00:00:00.000Z',
    '',
    `arx delist request ${relay.id} --remediation relay-closed`,
    `https://isc.example/d?id=${relay.id},x`,
  ]);
  assert.equal(csvField('a"b'), '"a""b"');
  assert.equal(csvField('line\nbreak'), '"line\nbreak"');
  assert.equal(csvField(null), '');
});

test('json: zone, time, count and one object per listing with its removal and TXT', () => {
  const doc = JSON.parse(exportList(all, 'json', { ...opts, list: ['spam-source', 'dynamic'] }));
  assert.equal(doc.zone, ZONE);
  assert.equal(doc.generated, '2024-05-01T00:00:00.000Z');
  assert.equal(doc.count, 4);
  assert.deepEqual(
    doc.listings.map((l: { target: string }) => l.target),
    ['192.0.2.0/24', '192.0.2.7/32', '203.0.113.3/32', '2001:db8:1:2::/64'],
  );
  const first = doc.listings[0];
  assert.equal(first.returnCode, '127.0.0.2');
  assert.deepEqual(first.reasonText, { en: 'Host sending spam', 'zh-CN': '发送垃圾邮件的主机' });
  assert.deepEqual(first.removal, { command: `arx delist request ${spam.id} --remediation host-cleaned`, url: null });
  assert.equal(first.txt, listingText(spam));
  assert.equal(first.expires, null);
});

test('rbldnsd: ip4set with SOA, NS, TTL, the RFC 5782 test entries and one A:TXT per listing', () => {
  const { ip4set } = exportRbldnsd(all, { ...opts, nsName: 'ns1.isc.example', contact: 'dnsbl@isc.example' });
  const lines = ip4set.split('\n');
  assert.ok(lines.includes(`$SOA 60 ns1.isc.example dnsbl.isc.example ${NOW / 1000} 3600 600 604800 60`));
  assert.ok(lines.includes('$NS 300 ns1.isc.example'));
  assert.ok(lines.includes('$TTL 300'));
  assert.ok(lines.includes(`127.0.0.2/32 :127.0.0.2:RFC 5782 test entry: always listed in ${ZONE}`));
  assert.ok(lines.includes('!127.0.0.1/32'));
  assert.ok(lines.includes(`192.0.2.0/24 :127.0.0.2:${listingText(spam)}`));
  // rbldnsd answers from the most specific entries only: the /32 repeats the /24's value.
  assert.ok(lines.includes(`192.0.2.7/32 :127.0.0.10:${listingText(dynamicHost)}`));
  assert.ok(lines.includes(`192.0.2.7/32 :127.0.0.2:${listingText(spam)}`));
  // `$` would be replaced by the queried address; `$$` is a literal dollar.
  assert.ok(lines.includes(`203.0.113.3/32 :127.0.0.2:${listingText(dollar).replace(/\$/g, '$$$$')}`));
  assert.ok(!ip4set.includes('203.0.113.1/'), 'expired listings are left out');
  assert.ok(!ip4set.includes('2001:db8'), 'IPv6 goes to ip6trie');
  assert.equal(exportList(all, 'rbldnsd', opts), exportRbldnsd(all, opts).ip4set);
});

test('rbldnsd: ip6trie holds IPv6 prefixes and its test entries; dnset holds domains', () => {
  const { ip6trie, dnset } = exportRbldnsd(all, opts);
  const v6 = ip6trie.split('\n');
  assert.ok(v6.includes(`::ffff:7f00:2/128 :127.0.0.2:RFC 5782 test entry: always listed in ${ZONE}`));
  assert.ok(v6.includes('!::ffff:7f00:1/128'));
  assert.ok(v6.includes(`2001:db8:1:2::/64 :127.0.0.2:${listingText(proxy6b)}`));
  assert.ok(v6.includes(`# also open-proxy ${proxy6.id}: ip6trie holds one value per prefix`));
  const dn = dnset.split('\n');
  assert.ok(dn.includes(`test :127.0.0.2:RFC 5782 test entry: always listed in ${ZONE}`));
  assert.ok(dn.includes('!invalid'));
  assert.ok(dn.includes(`.spam.example :127.0.0.2:${listingText(site)}`));
  assert.ok(dn.includes(`.shop.spam.example :127.0.0.2:${listingText(subSite)}`));
  assert.ok(dn.includes(`.shop.spam.example :127.0.0.2:${listingText(site)}`), 'the parent listing is repeated');
});

test('exports are deterministic whatever the input order', () => {
  const reversed = [...all].reverse();
  for (const format of ['cidr', 'csv', 'json', 'rbldnsd'] as const) {
    assert.equal(exportList(reversed, format, opts), exportList(all, format, opts), format);
  }
  assert.throws(() => exportList(all, 'xml' as 'csv', opts), TypeError);
  assert.throws(() => exportList(all, 'csv', { ...opts, list: 'nope' as 'dynamic' }), TypeError);
});

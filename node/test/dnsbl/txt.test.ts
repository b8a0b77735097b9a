import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listingText, MAX_TXT_BYTES, removalCommand, testEntryText } from '../../src/dnsbl/index.js';
import { DAY, listing, NOW } from './fixtures.js';

test('the TXT text gives the reason in English, the target, dates and how to request removal', () => {
  assert.match(
    listingText(listing('192.0.2.0/24', 'spam-source', { expires: NOW + 20 * DAY })),
    /, expires 2024-05-21\. Request removal: /,
  );
  const l = listing('192.0.2.0/24', 'spam-source', { expires: NOW + 20 * DAY });
  const text = listingText(l, (v) => `https://arx.example/delist/${v.id.slice(0, 8)}`);
  assert.equal(
    text,
    // The expiry is the first part to go when the text would pass 255 bytes.
    `Listed by isc: Spam source - Host sending spam; 192.0.2.0/24 since 2024-04-21. ` +
      `Request removal: arx delist request ${l.id} --remediation host-cleaned or https://arx.example/delist/${l.id.slice(0, 8)}`,
  );
  assert.equal(removalCommand(l), `arx delist request ${l.id} --remediation host-cleaned`);
});

test('without a handle the origin key is named, without a URL only the command is given', () => {
  const l = listing('2001:db8::/32', 'open-proxy', { originHandle: null });
  assert.match(listingText(l), /^Listed by a1a1a1a1a1a1a1a1: Open proxy - Open proxy; 2001:db8::\/32 since /);
  assert.match(listingText(l), new RegExp(`Request removal: arx delist request ${l.id} --remediation proxy-closed$`));
});

test('TXT text never exceeds 255 bytes and keeps the removal command when parts must go', () => {
  const longDomain = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.example`;
  const l = listing(longDomain, 'spamvertised-site', { expires: NOW + DAY });
  const url = () => `https://arx.example/${'x'.repeat(100)}`;
  const text = listingText(l, url);
  assert.ok(Buffer.byteLength(text) <= MAX_TXT_BYTES, `${Buffer.byteLength(text)} bytes`);
  assert.ok(text.includes(`arx delist request ${l.id}`));
  assert.ok(!text.includes(longDomain), 'the long target is the first part dropped');
});

test('non-ASCII in handles and URLs is replaced so the text is printable ASCII', () => {
  const l = listing('192.0.2.1', 'spam-source', { originHandle: '中国互联网' });
  const text = listingText(l, () => 'https://例子.example/\n');
  assert.match(text, /^[\x20-\x7e]+$/);
  assert.ok(text.startsWith('Listed by ?????:'));
  assert.equal(testEntryText('bl.arx.test'), 'RFC 5782 test entry: always listed in bl.arx.test');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAddress, parsePrefix } from '@arx/protocol';
import {
  addressScope,
  formatMailDate,
  isBlameable,
  isBlameablePrefix,
  parseMailDate,
} from '../../src/interop/index.js';

const SCOPES: Record<string, string> = {
  '8.8.8.8': 'global',
  '1.1.1.1': 'global',
  '0.1.2.3': 'unspecified',
  '10.20.30.40': 'private',
  '100.64.0.1': 'shared',
  '100.128.0.1': 'global',
  '127.0.0.53': 'loopback',
  '169.254.10.1': 'link-local',
  '172.15.255.255': 'global',
  '172.16.0.1': 'private',
  '172.31.255.255': 'private',
  '172.32.0.0': 'global',
  '192.0.0.8': 'reserved',
  '192.0.2.1': 'documentation',
  '192.88.99.1': 'reserved',
  '192.168.1.1': 'private',
  '198.18.0.1': 'reserved',
  '198.51.100.1': 'documentation',
  '203.0.113.1': 'documentation',
  '224.0.0.251': 'multicast',
  '240.0.0.1': 'reserved',
  '255.255.255.255': 'reserved',
  '::': 'unspecified',
  '::1': 'loopback',
  '2001:4860:4860::8888': 'global',
  '2001:db8::1': 'documentation',
  '2001::1': 'reserved',
  '3fff::1': 'documentation',
  'fc00::1': 'private',
  'fe80::1': 'link-local',
  'ff02::1': 'multicast',
  '64:ff9b::808:808': 'reserved',
  '100::1': 'reserved',
};

test('address scopes follow the IANA special-purpose registries', () => {
  for (const [text, scope] of Object.entries(SCOPES)) assert.equal(addressScope(parseAddress(text)), scope, text);
});

test('only global addresses are blameable; documentation ones when allowed', () => {
  for (const [text, scope] of Object.entries(SCOPES)) {
    const ip = parseAddress(text);
    assert.equal(isBlameable(ip), scope === 'global', text);
    assert.equal(
      isBlameable(ip, { allowDocumentationAddresses: true }),
      scope === 'global' || scope === 'documentation',
      text,
    );
  }
});

test('a prefix is blameable only when it contains no non-public range', () => {
  const docs = { allowDocumentationAddresses: true };
  assert.equal(isBlameablePrefix(parsePrefix('8.8.8.0/24')), true);
  assert.equal(isBlameablePrefix(parsePrefix('64.0.0.0/2')), false); // spans 100.64.0.0/10 and 127.0.0.0/8
  assert.equal(isBlameablePrefix(parsePrefix('192.0.0.0/16')), false); // spans 192.0.0.0/24
  assert.equal(isBlameablePrefix(parsePrefix('198.51.0.0/16')), false);
  assert.equal(isBlameablePrefix(parsePrefix('198.51.0.0/16'), docs), true);
  assert.equal(isBlameablePrefix(parsePrefix('2001:4860::/32')), true);
  assert.equal(isBlameablePrefix(parsePrefix('2000::/3')), false); // contains 2001:db8::/32 and more
});

const DATES: Record<string, string | undefined> = {
  'Thu, 8 Mar 2005 14:00:00 EDT': '2005-03-08T18:00:00Z',
  'Wed, 14 Apr 2010 12:15:31 -0700 (PDT)': '2010-04-14T19:15:31Z',
  'Thu, 29 Apr 2009 00:00:00 -0000 (EST)': '2009-04-29T00:00:00Z',
  'Thu, 29 Apr 2013 23:45:50 PST': '2013-04-30T07:45:50Z',
  '29 Apr 2013 04:00:00 -0000': '2013-04-29T04:00:00Z',
  'Thu, 9 Apr 2006 23:34:45 JST': '2006-04-09T23:34:45Z', // unknown zone: -0000 (RFC 5322 §4.3)
  'Mon, 1 Jan 01 00:00 +0100': '2000-12-31T23:00:00Z', // two-digit year, no seconds
  'Sun, 29 Apr 2015 23:34:45 +0000': '2015-04-29T23:34:45Z', // wrong weekday is ignored
  '2025-01-11T15:00:52Z': '2025-01-11T15:00:52Z',
  'Thu, 31 Feb 2009 00:00:00 +0000': undefined,
  'Thu, 29 Apr 2009 24:00:00 +0000': undefined,
  yesterday: undefined,
  '': undefined,
};

test('mail dates: RFC 5322 with the obsolete zones of §4.3', () => {
  for (const [text, iso] of Object.entries(DATES)) {
    assert.equal(parseMailDate(text), iso === undefined ? undefined : Date.parse(iso), text);
  }
  assert.equal(formatMailDate(Date.parse('2005-03-08T18:00:00Z')), 'Tue, 08 Mar 2005 18:00:00 +0000');
  assert.equal(parseMailDate(formatMailDate(1_700_000_000_000)), 1_700_000_000_000);
});

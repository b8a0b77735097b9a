import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatAddress } from '@arx/protocol';
import {
  isRefusal,
  organisationDomain,
  parseHeaderBlock,
  parseReceived,
  sourceFromReceived,
} from '../../src/interop/index.js';

/** Received fields as common servers write them, and what each records. */
const FORMATS: Array<{ label: string; value: string; address?: string; reverse?: string; by?: string }> = [
  {
    label: 'Postfix',
    value:
      'from mail.example.net (mail.example.net [192.0.2.1]) by mx.example.com (Postfix) with ESMTP id 4Q for <u@example.com>; Thu, 29 Apr 2015 23:34:45 +0000 (UTC)',
    address: '192.0.2.1',
    reverse: 'mail.example.net',
    by: 'mx.example.com',
  },
  {
    label: 'Postfix without reverse DNS',
    value: 'from helo.example (unknown [192.0.2.7]) by mx.example.com (Postfix) with ESMTP id 1',
    address: '192.0.2.7',
    by: 'mx.example.com',
  },
  {
    label: 'qmail, HELO with an address literal',
    value: 'from unknown (HELO [10.0.0.1]) (192.0.2.8) by mx.example.com with SMTP; 29 Apr 2013 04:00:00 -0000',
    address: '192.0.2.8',
  },
  {
    label: 'Yahoo (qmail style)',
    value:
      'from 127.0.0.1 (EHLO mx8.example.com) (192.0.2.8) by mta34.mail.g9.yahoo.com with SMTP; Thu, 29 Apr 2013 23:45:06 -0800',
    address: '192.0.2.8',
    by: 'mta34.mail.g9.yahoo.com',
  },
  {
    label: 'Microsoft Exchange',
    value: 'from smtp.example.com ([203.0.113.245]) by R7038-AA.example.com over TLS secured channel',
    address: '203.0.113.245',
  },
  {
    label: 'Exim without reverse DNS (the address is the from-name)',
    value: 'from [192.0.2.3] (helo=mail.example.org) by mx.example.net with esmtp (Exim 4.96)',
    address: '192.0.2.3',
  },
  {
    label: 'Exim with reverse DNS',
    value: 'from mail.example.org ([192.0.2.3] helo=smtp.example.org) by mx.example.net with esmtps',
    address: '192.0.2.3',
  },
  {
    label: 'Momentum, port inside the brackets',
    value:
      'from [192.0.2.222] ([192.0.2.222:222] helo=mta-2.example.org) by example.org (envelope-from <a@example.org>)',
    address: '192.0.2.222',
  },
  {
    label: 'IPv6 literal',
    value: 'from mail.example.net (mail.example.net [IPv6:2001:db8::25]) by mx.example.com',
    address: '2001:db8::25',
    reverse: 'mail.example.net',
  },
  {
    label: 'Gmail (trailing dot on the reverse name)',
    value: 'from host.example (rdns.example.net. [203.0.113.25]) by mx.google.example with ESMTPS id x',
    address: '203.0.113.25',
    reverse: 'rdns.example.net',
  },
];

for (const { label, value, address, reverse, by } of FORMATS) {
  test(`Received, ${label}: the recorded sending address is read`, () => {
    const hop = parseReceived(value);
    assert.equal(hop.hasFrom, true);
    assert.equal(hop.conflicting, false);
    assert.equal(hop.address, address);
    if (reverse) assert.equal(hop.reverseName, reverse);
    if (by) assert.equal(hop.by, by);
  });
}

test('Received: HELO names are recorded separately and never taken as the address', () => {
  const hop = parseReceived('from unknown (HELO [10.0.0.1]) (192.0.2.8) by mx.example.com');
  assert.deepEqual(hop.heloNames, ['[10.0.0.1]']);
  assert.equal(hop.address, '192.0.2.8');
  assert.deepEqual(parseReceived('from a ([192.0.2.3] helo=b.example) by c').heloNames, ['b.example']);
});

test('Received: local stamps have no from clause; two different addresses are a conflict', () => {
  assert.equal(
    parseReceived('by fbl-02.example.net (Postfix, from userid 333333) id AA; Thu, 29 Apr 2015').hasFrom,
    false,
  );
  assert.equal(parseReceived('(qmail 00000 invoked by uid 910); 29 Apr 2013 04:00:00 -0000').hasFrom, false);
  assert.equal(parseReceived('from x (y [192.0.2.1]) (192.0.2.2) by z.example').conflicting, true);
  assert.equal(
    parseReceived('from x (y [192.0.2.1]) by z; Thu, 08 Mar 2005 14:00:00 -0400').date,
    Date.parse('2005-03-08T18:00:00Z'),
  );
});

test('Received: unbalanced parentheses end the parse instead of looping', () => {
  // Found by the hostile-input test: a stray ")" once stopped the tokenizer from advancing.
  const hop = parseReceived('from mailserver.example.lserver.example.net [192.0.2.1]) by example.com; x');
  assert.equal(hop.by, 'example.com');
  assert.equal(parseReceived('from a ((( by b').hasFrom, true);
  assert.equal(parseReceived(')))))').hasFrom, false);
});

test('organisation domains: two labels, three under a ccTLD with a generic second level', () => {
  assert.equal(organisationDomain('mta34.mail.g9.yahoo.com'), 'yahoo.com');
  assert.equal(organisationDomain('mx.example.co.jp'), 'example.co.jp');
  assert.equal(organisationDomain('a.b.example.ac.uk'), 'example.ac.uk');
  assert.equal(organisationDomain('mail.example.de'), 'example.de');
  assert.equal(organisationDomain('example.com.'), 'example.com');
});

function headers(...received: string[]) {
  return parseHeaderBlock(`${received.map((r) => `Received: ${r}`).join('\n')}\nSubject: x\n`);
}
const PUBLIC = { allowDocumentationAddresses: true };

function chosen(...received: string[]): string {
  const result = sourceFromReceived(headers(...received), PUBLIC);
  if (isRefusal(result)) assert.fail(`refused: ${result.code} ${result.detail ?? ''}`);
  return formatAddress(result.ip);
}

function refusedCode(...received: string[]): string {
  const result = sourceFromReceived(headers(...received), PUBLIC);
  assert.ok(isRefusal(result), 'expected a refusal');
  return result.code;
}

test('first external hop: internal hops (private, loopback, local stamps) are skipped', () => {
  assert.equal(
    chosen(
      'by mx.provider.example (Postfix, from userid 1) id 1',
      'from neko (localhost [127.0.0.1]) by mx.provider.example (Postfix)',
      'from filter.provider.example (filter.provider.example [10.1.2.3]) by store.provider.example',
      'from spam.sender.example (spam.sender.example [198.51.100.9]) by mx.provider.example',
      // Below the inbound hop, the sender writes what it likes: never read.
      'from forged.example (forged.example [203.0.113.66]) by spam.sender.example',
    ),
    '198.51.100.9',
  );
});

test("first external hop: a hop between one organisation's own hosts is refused, not skipped", () => {
  // The first public hop is provider-internal, so the real inbound hop is somewhere below:
  // guessing which one could blame a forged address.
  assert.equal(
    refusedCode(
      'from mx1.provider.example (mx1.provider.example [192.0.2.41]) by store.provider.example',
      'from spam.sender.example (spam.sender.example [198.51.100.9]) by mx1.provider.example',
    ),
    'ambiguous-source-ip',
  );
  // The same check applies to the HELO name when no reverse name is recorded.
  assert.equal(
    refusedCode('from smtp.provider.example ([203.0.113.245]) by R7038.provider.example'),
    'ambiguous-source-ip',
  );
});

test('first external hop: unclear hops are refused', () => {
  // A from clause with no recorded address (other than localhost).
  assert.equal(refusedCode('from relay.example by mx.provider.example'), 'ambiguous-source-ip');
  // No receiving host.
  assert.equal(refusedCode('from a.example (a.example [198.51.100.9])'), 'ambiguous-source-ip');
  // Two addresses in one hop.
  assert.equal(refusedCode('from a (b [198.51.100.9]) (198.51.100.10) by mx.provider.example'), 'ambiguous-source-ip');
  // Nothing public at all.
  assert.equal(refusedCode('from a (a [10.0.0.1]) by b.example'), 'no-source-ip');
  assert.equal(refusedCode(), 'no-source-ip');
});

test('first external hop: documentation addresses count as public only when allowed', () => {
  const hop = headers('from a.example (a.example [192.0.2.9]) by mx.provider.example');
  const strict = sourceFromReceived(hop);
  assert.ok(isRefusal(strict));
  assert.equal(strict.code, 'no-source-ip');
  assert.ok(!isRefusal(sourceFromReceived(hop, PUBLIC)));
});

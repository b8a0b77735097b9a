import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkPrefix,
  formatAddress,
  formatPrefix,
  fromHex,
  normalisePrefix,
  parseAddress,
  parsePrefix,
  prefixContains,
  toHex,
} from '@arx/protocol';
import fc from 'fast-check';

test('IPv4 and IPv6 addresses parse to 4 and 16 bytes', () => {
  const cases: [string, string][] = [
    ['192.0.2.1', 'c0000201'],
    ['0.0.0.0', '00000000'],
    ['255.255.255.255', 'ffffffff'],
    ['2001:db8::1', '20010db8000000000000000000000001'],
    ['::', '00000000000000000000000000000000'],
    ['::1', '00000000000000000000000000000001'],
    ['1::', '00010000000000000000000000000000'],
    ['2001:DB8:0:0:8:800:200C:417A', '20010db80000000000080800200c417a'],
    ['1:2:3:4:5:6:7::', '00010002000300040005000600070000'],
    ['64:ff9b::192.0.2.33', '0064ff9b0000000000000000c0000221'],
    [' 192.0.2.1 ', 'c0000201'],
  ];
  for (const [text, hex] of cases) assert.equal(toHex(parseAddress(text)), hex, text);
});

test('IPv4-mapped IPv6 addresses and prefixes become IPv4, so one address has one form', () => {
  assert.equal(toHex(parseAddress('::ffff:192.0.2.1')), 'c0000201');
  assert.equal(toHex(parseAddress('::ffff:c000:201')), 'c0000201');
  assert.deepEqual(parsePrefix('::ffff:192.0.2.0/120'), { ip: fromHex('c0000200'), len: 24 });
  assert.deepEqual(normalisePrefix(fromHex('00000000000000000000ffff00000000'), 96), {
    ip: fromHex('00000000'),
    len: 0,
  });
  assert.throws(() => checkPrefix({ ip: fromHex('00000000000000000000ffffc0000201'), len: 128 }), {
    code: 'ARX_PROTO_BAD_ADDRESS',
  });
});

test('malformed address text is refused', () => {
  for (const text of [
    '',
    '192.0.2',
    '192.0.2.1.5',
    '192.0.2.256',
    '010.0.0.1',
    '192.0.2.-1',
    '1.2.3.4x',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    ':::',
    '12345::',
    'g::1',
    '::ffff:1.2.3',
    'example.com',
  ]) {
    assert.throws(() => parseAddress(text), { code: 'ARX_PROTO_BAD_ADDRESS' }, JSON.stringify(text));
  }
});

test('prefixes parse with their length; an address alone is a full-length prefix', () => {
  assert.deepEqual(parsePrefix('198.51.100.0/24'), { ip: fromHex('c6336400'), len: 24 });
  assert.deepEqual(parsePrefix('192.0.2.7'), { ip: fromHex('c0000207'), len: 32 });
  assert.deepEqual(parsePrefix('2001:db8::/32'), { ip: fromHex('20010db8000000000000000000000000'), len: 32 });
  assert.deepEqual(parsePrefix('0.0.0.0/0'), { ip: fromHex('00000000'), len: 0 });
  for (const text of ['192.0.2.0/33', '192.0.2.0/', '192.0.2.0/024', '2001:db8::/129', '/24', '192.0.2.0/-1']) {
    assert.throws(() => parsePrefix(text), { code: 'ARX_PROTO_BAD_ADDRESS' }, text);
  }
});

test('a prefix with bits set beyond its length is refused as ARX_PROTO_HOST_BITS', () => {
  for (const text of ['192.0.2.1/24', '192.0.2.129/25', '11.0.0.0/7', '2001:db8::1/64', '::1/127']) {
    assert.throws(() => parsePrefix(text), { code: 'ARX_PROTO_HOST_BITS' }, text);
  }
  assert.doesNotThrow(() => parsePrefix('192.0.2.128/25'));
  assert.throws(() => checkPrefix({ ip: fromHex('c000020100'), len: 8 }), { code: 'ARX_PROTO_BAD_ADDRESS' });
  assert.throws(() => checkPrefix({ ip: fromHex('c0000200'), len: 1.5 }), { code: 'ARX_PROTO_BAD_ADDRESS' });
});

test('IPv6 text follows RFC 5952: lowercase, longest zero run compressed, first on a tie, never one group', () => {
  const cases: [string, string][] = [
    ['20010db8000000000000000000000001', '2001:db8::1'],
    ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'],
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'],
    ['20010db8000000000000000100000000', '2001:db8::1:0:0'],
    ['00000000000000000000000000000000', '::'],
    ['00000000000000000000000000000001', '::1'],
    ['20010db8aaaabbbbccccddddeeeeffff', '2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff'],
  ];
  for (const [hex, text] of cases) assert.equal(formatAddress(fromHex(hex)), text, text);
  assert.equal(formatPrefix(parsePrefix('2001:DB8::/32')), '2001:db8::/32');
  assert.equal(formatPrefix(parsePrefix('192.0.2.7')), '192.0.2.7/32');
});

test('formatting then parsing gives back the same address, for any address', () => {
  const address = fc.oneof(
    fc.uint8Array({ minLength: 4, maxLength: 4 }),
    fc.uint8Array({ minLength: 16, maxLength: 16 }),
  );
  fc.assert(
    fc.property(address, (ip) => {
      const back = parseAddress(formatAddress(ip));
      // IPv4-mapped IPv6 is the one form that comes back as IPv4 by design.
      assert.deepEqual(back, normalisePrefix(ip, ip.length * 8).ip);
    }),
    { numRuns: 500 },
  );
});

test('a prefix contains exactly the addresses that share its leading bits', () => {
  const p = (text: string) => parsePrefix(text);
  assert.ok(prefixContains(p('192.0.2.0/24'), p('192.0.2.77')));
  assert.ok(prefixContains(p('192.0.2.0/24'), p('192.0.2.128/25')));
  assert.ok(prefixContains(p('0.0.0.0/0'), p('203.0.113.9')));
  assert.ok(prefixContains(p('10.0.0.0/7'), p('11.255.0.1')));
  assert.ok(!prefixContains(p('10.0.0.0/8'), p('11.0.0.1')));
  assert.ok(!prefixContains(p('192.0.2.128/25'), p('192.0.2.0/24')));
  assert.ok(!prefixContains(p('192.0.2.0/24'), p('2001:db8::1')));
  assert.ok(prefixContains(p('2001:db8::/32'), p('2001:db8:ffff::1')));
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.nat(32), (ip, len) => {
      const addr = Array.from(ip).reduce((n, b) => n * 256 + b, 0);
      const net = len === 0 ? 0 : addr - (addr % 2 ** (32 - len));
      const outer = { ip: fromHex(net.toString(16).padStart(8, '0')), len };
      assert.ok(prefixContains(outer, { ip, len: 32 }));
      if (len > 0) {
        const flipped = Uint8Array.from(ip);
        flipped[(len - 1) >> 3]! ^= 0x80 >> ((len - 1) & 7);
        assert.ok(!prefixContains(outer, { ip: flipped, len: 32 }));
      }
    }),
  );
});

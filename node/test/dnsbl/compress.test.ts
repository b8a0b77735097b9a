/** Owner-name compression of responses: same records, fewer bytes, garbage left alone. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decode, encode } from 'dns-packet';
import { compressOwnerNames } from '../../src/dnsbl/compress.js';

const NAME = '7.2.0.192.BL.arx.test';

test('owner names equal to the question, or to a suffix of it in any case, become pointers', () => {
  const packet = encode({
    type: 'response',
    id: 7,
    flags: 0x8400,
    questions: [{ name: NAME, type: 'A' }],
    answers: [
      { name: NAME, type: 'A', ttl: 300, data: '127.0.0.2' },
      { name: NAME, type: 'A', ttl: 300, data: '127.0.0.3' },
    ],
    authorities: [
      {
        name: 'bl.arx.test',
        type: 'SOA',
        ttl: 60,
        data: {
          mname: 'ns.bl.arx.test',
          rname: 'h.bl.arx.test',
          serial: 1,
          refresh: 2,
          retry: 3,
          expire: 4,
          minimum: 5,
        },
      },
    ],
    additionals: [{ name: 'other.example', type: 'A', ttl: 1, data: '192.0.2.1' }],
  });
  const small = compressOwnerNames(packet);
  assert.ok(small.length < packet.length - 40, `${small.length} < ${packet.length}`);
  const a = decode(packet);
  const b = decode(small);
  assert.deepEqual(
    b.answers!.map((r) => [r.type, (r as { data: unknown }).data]),
    a.answers!.map((r) => [r.type, (r as { data: unknown }).data]),
  );
  assert.equal(b.answers![0]!.name, NAME);
  assert.equal(b.authorities![0]!.name.toLowerCase(), 'bl.arx.test');
  assert.equal(b.additionals![0]!.name, 'other.example', 'names that are no suffix are copied');
});

test('a message that does not parse is returned unchanged', () => {
  const bytes = Buffer.from('000184000001000100000000ff', 'hex');
  assert.equal(compressOwnerNames(bytes), bytes);
});

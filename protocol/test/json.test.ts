import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  bodyFromJson,
  ENTRY_KINDS,
  entryToJson,
  formatKeyId,
  formatTarget,
  parsePrefix,
  parseTarget,
  signEntry,
  toHex,
  toJsonValue,
} from '@arx/protocol';
import { bodies, keys, TS } from './fixtures.ts';

test('an entry in JSON form shows bytes as hex, targets as text and the origin in both forms', () => {
  const entry = signEntry({ seq: 1, prev: null, ts: TS, kind: 'report', body: bodies.report }, keys.reporter);
  const json = entryToJson(entry, true);
  assert.equal(json.id, entry.idHex);
  assert.equal(json.origin, toHex(keys.reporter.publicKey));
  assert.equal(json.originId, formatKeyId(keys.reporter.publicKey));
  assert.equal(json.prev, null);
  assert.equal(json.envelope, toHex(entry.bytes));
  const body = json.body as Record<string, unknown>;
  assert.equal(body['about'], '192.0.2.25/32');
  assert.equal((body['evidence'] as Record<string, unknown>)['digest'], toHex(bodies.report.evidence!.digest!));
  assert.equal(entryToJson(entry).envelope, undefined);
});

test('the JSON form of every kind converts back to a body that signs to the same bytes', () => {
  for (const kind of ENTRY_KINDS) {
    const draft = { seq: 1, prev: null, ts: TS, kind, body: bodies[kind] };
    const entry = signEntry(draft, keys.provider);
    const back = bodyFromJson(kind, JSON.parse(JSON.stringify(entryToJson(entry).body)));
    assert.deepEqual(signEntry({ ...draft, body: back }, keys.provider).bytes, entry.bytes, kind);
  }
});

test('a target is written and read as CIDR, domain or URL text', () => {
  assert.deepEqual(parseTarget('198.51.100.0/24'), parsePrefix('198.51.100.0/24'));
  assert.deepEqual(parseTarget('2001:db8::/32'), parsePrefix('2001:db8::/32'));
  assert.deepEqual(parseTarget('spam-shop.example'), { domain: 'spam-shop.example' });
  assert.deepEqual(parseTarget('https://x.example/a'), { url: 'https://x.example/a' });
  assert.equal(formatTarget(parsePrefix('192.0.2.0/24')), '192.0.2.0/24');
  assert.equal(formatTarget({ domain: 'x.example' }), 'x.example');
  assert.throws(() => parseTarget('192.0.2.1/24'), { code: 'ARX_PROTO_HOST_BITS' });
});

test('a domain in JSON form is taken as written, so upper case is refused as in CBOR', () => {
  const listing = { ...(toJsonValue(bodies.listing) as Record<string, unknown>), list: 'spamvertised-site' };
  for (const target of ['Spam-Shop.Example', 'spam-shop.example.']) {
    const body = bodyFromJson('listing', { ...listing, target });
    assert.deepEqual((body as { target: unknown }).target, { domain: target });
    assert.throws(() => signEntry({ seq: 1, prev: null, ts: TS, kind: 'listing', body }, keys.listOperator), {
      code: 'ARX_PROTO_BAD_FIELD',
    });
  }
  const body = bodyFromJson('listing', { ...listing, target: 'spam-shop.example' });
  assert.equal(signEntry({ seq: 1, prev: null, ts: TS, kind: 'listing', body }, keys.listOperator).payload.seq, 1);
});

test('a JSON body with malformed hex is refused as a bad field', () => {
  assert.throws(() => bodyFromJson('ack', { report: 'xyz', status: 'received' }), { code: 'ARX_PROTO_BAD_FIELD' });
  assert.throws(() => bodyFromJson('listing', { ...bodies.listing, target: 5 }), { code: 'ARX_PROTO_BAD_FIELD' });
  assert.throws(() => bodyFromJson('nonsense' as 'ack', {}), { code: 'ARX_PROTO_UNKNOWN_KIND' });
});

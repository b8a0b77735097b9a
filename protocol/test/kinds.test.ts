import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArxProtocolError, ENTRY_KINDS, type EntryKind, isEntryKind, KINDS, parsePrefix } from '@arx/protocol';
import { bodies, fakeId, TS } from './fixtures.ts';

function check(kind: EntryKind, body: unknown): string {
  try {
    (KINDS[kind].check as (v: unknown, p: string) => unknown)(body, 'body');
    return 'accepted';
  } catch (error) {
    assert.ok(error instanceof ArxProtocolError, String(error));
    return error.code;
  }
}

test('there are exactly the ten kinds of the design', () => {
  assert.deepEqual([...ENTRY_KINDS].sort(), [
    'ack',
    'delist-decision',
    'delist-request',
    'listing',
    'notice',
    'profile',
    'receipt',
    'report',
    'retract',
    'roster',
  ]);
  assert.ok(isEntryKind('report'));
  for (const notKind of ['Report', 'toString', '__proto__', 'constructor', '', 1, null])
    assert.ok(!isEntryKind(notKind));
});

test('the typical body of every kind is accepted', () => {
  for (const kind of ENTRY_KINDS) assert.equal(check(kind, bodies[kind]), 'accepted', kind);
});

test('an unknown field in any body is refused, at the top of the body and nested', () => {
  for (const kind of ENTRY_KINDS) {
    assert.equal(check(kind, { ...(bodies[kind] as object), comment: 'x' }), 'ARX_PROTO_UNKNOWN_FIELD', kind);
  }
  assert.equal(
    check('profile', { ...bodies.profile, contacts: { abuse: ['a@b.example'], phone: '1' } }),
    'ARX_PROTO_UNKNOWN_FIELD',
  );
  assert.equal(
    check('receipt', { holdings: [{ ...bodies.receipt.holdings[0]!, extra: 1 }] }),
    'ARX_PROTO_UNKNOWN_FIELD',
  );
});

test('a body that is not a map is refused for every kind', () => {
  for (const kind of ENTRY_KINDS) {
    for (const notMap of [null, [], 'text', 1, new Uint8Array(1)]) {
      assert.equal(check(kind, notMap), 'ARX_PROTO_BAD_FIELD', `${kind} ${JSON.stringify(notMap)}`);
    }
  }
});

test('who may publish each kind follows the roles of the design', () => {
  const roles = Object.fromEntries(ENTRY_KINDS.map((k) => [k, [...KINDS[k].roles].sort()]));
  assert.deepEqual(roles['report'], ['list-operator', 'reporter']);
  assert.deepEqual(roles['ack'], ['provider']);
  assert.deepEqual(roles['listing'], ['list-operator']);
  assert.deepEqual(roles['delist-request'], ['provider']);
  assert.deepEqual(roles['delist-decision'], ['list-operator']);
  for (const anyone of ['profile', 'notice', 'retract', 'receipt', 'roster'])
    assert.equal(roles[anyone]!.length, 5, anyone);
});

test('report: a target, a category, an observation window and a source are required and checked', () => {
  const r = bodies.report;
  assert.equal(check('report', { ...r, about: { domain: 'shop.example' } }), 'accepted');
  assert.equal(check('report', { ...r, about: { url: 'http://shop.example/x' } }), 'accepted');
  assert.equal(check('report', { ...r, about: { url: 'ftp://shop.example/x' } }), 'ARX_PROTO_BAD_FIELD');
  assert.equal(check('report', { ...r, about: { domain: 'shop..example' } }), 'ARX_PROTO_BAD_FIELD');
  assert.equal(check('report', { ...r, about: parsePrefix('2001:db8::/32') }), 'accepted');
  assert.equal(check('report', { ...r, observed: { first: TS, last: TS, count: 0 } }), 'ARX_PROTO_BAD_FIELD');
  assert.equal(check('report', { ...r, observed: { first: TS, last: TS - 1, count: 1 } }), 'ARX_PROTO_BAD_FIELD');
  assert.equal(check('report', { ...r, source: 'rumour' }), 'ARX_PROTO_UNKNOWN_CODE');
  assert.equal(check('report', { ...r, confidence: 100 }), 'accepted');
  assert.equal(check('report', { ...r, confidence: 101 }), 'ARX_PROTO_BAD_FIELD');
  assert.equal(check('report', { ...r, evidence: { arf: { 'Feedback-Type': 'abuse' } } }), 'ARX_PROTO_BAD_FIELD');
  assert.equal(check('report', { ...r, evidence: { digest: new Uint8Array(31) } }), 'ARX_PROTO_BAD_FIELD');
  assert.equal(check('report', { ...r, note: {} }), 'ARX_PROTO_BAD_FIELD');
  assert.equal(check('report', { ...r, note: { 'zh-Hans-CN': '垃圾邮件' } }), 'accepted');
});

test('ack: a reason is required for a rejection and refused otherwise', () => {
  const report = fakeId('report');
  assert.equal(check('ack', { report, status: 'rejected', reason: 'false-positive' }), 'accepted');
  assert.equal(check('ack', { report, status: 'rejected' }), 'ARX_PROTO_BAD_FIELD');
  assert.equal(check('ack', { report, status: 'received', reason: 'duplicate' }), 'ARX_PROTO_BAD_FIELD');
  assert.equal(check('ack', { report, status: 'investigating', action: 'customer-notified' }), 'accepted');
  assert.equal(check('ack', { report, status: 'resolved', action: 'rebooted' }), 'ARX_PROTO_UNKNOWN_CODE');
  assert.equal(check('ack', { report: new Uint8Array(16), status: 'received' }), 'ARX_PROTO_BAD_FIELD');
});

test('listing: IP lists hold prefixes and the spamvertised-site list holds domains', () => {
  const base = { op: 'add', reason: 'spam.source' };
  for (const list of ['spam-source', 'open-relay', 'open-proxy', 'non-conforming-list', 'dynamic']) {
    assert.equal(check('listing', { ...base, list, target: parsePrefix('198.51.100.0/24') }), 'accepted', list);
    assert.equal(check('listing', { ...base, list, target: { domain: 'x.example' } }), 'ARX_PROTO_BAD_FIELD', list);
  }
  assert.equal(check('listing', { ...base, list: 'spamvertised-site', target: { domain: 'x.example' } }), 'accepted');
  assert.equal(
    check('listing', { ...base, list: 'spamvertised-site', target: parsePrefix('192.0.2.1') }),
    'ARX_PROTO_BAD_FIELD',
  );
  assert.equal(check('listing', { ...bodies.listing, op: 'suspend' }), 'ARX_PROTO_UNKNOWN_CODE');
  assert.equal(check('listing', { ...bodies.listing, reason: 'spam' }), 'ARX_PROTO_UNKNOWN_CODE');
});

test('delisting: a request names at least one remediation, a decision is granted or denied', () => {
  assert.equal(check('delist-request', { listing: fakeId('l'), remediation: [] }), 'ARX_PROTO_BAD_FIELD');
  assert.equal(check('delist-request', { listing: fakeId('l'), remediation: ['prayed'] }), 'ARX_PROTO_UNKNOWN_CODE');
  assert.equal(check('delist-decision', { request: fakeId('r'), decision: 'maybe' }), 'ARX_PROTO_UNKNOWN_CODE');
  assert.equal(
    check('delist-decision', { request: fakeId('r'), decision: 'denied', reason: 'insufficient-evidence' }),
    'accepted',
  );
});

test('profile, notice, retract, receipt and roster bodies are checked field by field', () => {
  assert.equal(check('profile', { contacts: { abuse: [] } }), 'ARX_PROTO_BAD_FIELD');
  assert.equal(check('profile', { contacts: { abuse: ['abuse@isp.example'] } }), 'accepted');
  assert.equal(
    check('profile', { ...bodies.profile, dynamic: [{ ip: Uint8Array.of(203, 0, 113, 1), len: 24 }] }),
    'ARX_PROTO_HOST_BITS',
  );
  assert.equal(check('notice', { ...bodies.notice, topic: 'gossip' }), 'ARX_PROTO_UNKNOWN_CODE');
  assert.equal(check('notice', { ...bodies.notice, urgency: 'whenever' }), 'ARX_PROTO_UNKNOWN_CODE');
  assert.equal(check('notice', { topic: 'help', urgency: 'high' }), 'ARX_PROTO_BAD_FIELD');
  assert.equal(check('retract', { entry: fakeId('e'), reason: 'regret' }), 'ARX_PROTO_UNKNOWN_CODE');
  assert.equal(check('receipt', { holdings: [] }), 'ARX_PROTO_BAD_FIELD');
  assert.equal(
    check('receipt', { holdings: [{ origin: fakeId('o'), seq: 0, head: fakeId('h') }] }),
    'ARX_PROTO_BAD_FIELD',
  );
  assert.equal(check('roster', { document: new Uint8Array(60 * 1024) }), 'accepted');
  assert.equal(check('roster', { document: new Uint8Array(60 * 1024 + 1) }), 'ARX_PROTO_BAD_FIELD');
});

test('RFC 5782 §5: no report or listing may be about 127.0.0.1, 127.0.0.2, TEST or INVALID, or cover them', () => {
  const report = bodies.report as unknown as Record<string, unknown>;
  const ipListing = { list: 'spam-source', op: 'add', reason: 'spam.source' };
  const siteListing = { list: 'spamvertised-site', op: 'add', reason: 'site.spamvertised' };
  for (const text of ['127.0.0.1', '127.0.0.2', '127.0.0.0/24', '127.0.0.0/8', '0.0.0.0/0', '::ffff:127.0.0.1']) {
    const target = parsePrefix(text);
    assert.equal(check('report', { ...report, about: target }), 'ARX_PROTO_RESERVED_TARGET', `report ${text}`);
    assert.equal(check('listing', { ...ipListing, target }), 'ARX_PROTO_RESERVED_TARGET', `listing ${text}`);
  }
  for (const domain of ['test', 'invalid']) {
    assert.equal(check('report', { ...report, about: { domain } }), 'ARX_PROTO_RESERVED_TARGET', domain);
    assert.equal(check('listing', { ...siteListing, target: { domain } }), 'ARX_PROTO_RESERVED_TARGET', domain);
  }
  // Neighbours are ordinary addresses and names.
  for (const text of ['127.0.0.3', '127.0.1.0/24', '::1', '128.0.0.0/1']) {
    assert.equal(check('listing', { ...ipListing, target: parsePrefix(text) }), 'accepted', text);
  }
  assert.equal(check('listing', { ...siteListing, target: { domain: 'shop.test' } }), 'accepted');
  // Removing lists nothing, so it stays possible.
  assert.equal(check('listing', { ...ipListing, op: 'remove', target: parsePrefix('127.0.0.1') }), 'accepted');
});

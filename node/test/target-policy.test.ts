import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRoster, parsePrefix } from '@arx/protocol';
import { checkTargetPolicy, isPublicSuffix } from '../src/ingest/target-policy.js';
import { makeRoster } from './helpers/fixture.js';

function verdict(roster: ReturnType<typeof makeRoster>, kind: string, body: unknown): string {
  try {
    checkTargetPolicy(kind, body, roster);
    return 'accepted';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

const listing = (list: string, target: unknown, op = 'add') => ({ list, op, target, reason: 'spam.source' });
const report = (about: unknown) => ({
  about,
  category: 'spam.source',
  observed: { first: 1, last: 1, count: 1 },
  source: 'trap',
});

test('by default no IPv4 target is wider than /16 and no IPv6 target wider than /32', () => {
  const roster = makeRoster();
  for (const [text, expected] of [
    ['198.51.0.0/16', 'accepted'],
    ['198.50.0.0/15', 'ARX_NODE_TARGET_TOO_WIDE'],
    ['::/0', 'ARX_NODE_TARGET_TOO_WIDE'],
    ['2001:db8::/32', 'accepted'],
    ['2001:db8::/31', 'ARX_NODE_TARGET_TOO_WIDE'],
    ['192.0.2.7', 'accepted'],
  ] as const) {
    assert.equal(verdict(roster, 'listing', listing('spam-source', parsePrefix(text))), expected, `listing ${text}`);
    assert.equal(verdict(roster, 'report', report(parsePrefix(text))), expected, `report ${text}`);
  }
});

test('the roster widens or narrows the limit per list kind and for reports', () => {
  const roster = checkRoster({
    ...makeRoster(),
    widest: { report: { v4: 24 }, listing: { dynamic: { v4: 8, v6: 20 } } },
  });
  assert.equal(verdict(roster, 'listing', listing('dynamic', parsePrefix('10.0.0.0/8'))), 'accepted');
  assert.equal(verdict(roster, 'listing', listing('dynamic', parsePrefix('2000::/20'))), 'accepted');
  assert.equal(
    verdict(roster, 'listing', listing('spam-source', parsePrefix('10.0.0.0/8'))),
    'ARX_NODE_TARGET_TOO_WIDE',
    'other list kinds keep the default',
  );
  assert.equal(verdict(roster, 'report', report(parsePrefix('198.51.100.0/24'))), 'accepted');
  assert.equal(verdict(roster, 'report', report(parsePrefix('198.51.0.0/16'))), 'ARX_NODE_TARGET_TOO_WIDE');
});

test('removing a listing is never refused for its width, so old wide listings can still end', () => {
  assert.equal(verdict(makeRoster(), 'listing', listing('spam-source', parsePrefix('::/0'), 'remove')), 'accepted');
});

test('public suffixes of the ICANN and private sections are refused; names below them are not', () => {
  for (const suffix of ['co.uk', 'com', 'uk', 'github.io', 'foo.ck', 'example']) {
    assert.ok(isPublicSuffix(suffix), suffix);
    assert.equal(
      verdict(makeRoster(), 'listing', listing('spamvertised-site', { domain: suffix })),
      'ARX_NODE_PUBLIC_SUFFIX',
    );
    assert.equal(verdict(makeRoster(), 'report', report({ domain: suffix })), 'ARX_NODE_PUBLIC_SUFFIX');
  }
  for (const name of ['example.co.uk', 'shop.example.co.uk', 'user.github.io', 'www.ck', 'spam-shop.example']) {
    assert.ok(!isPublicSuffix(name), name);
    assert.equal(verdict(makeRoster(), 'listing', listing('spamvertised-site', { domain: name })), 'accepted', name);
  }
  assert.equal(verdict(makeRoster(), 'report', report({ url: 'https://co.uk/' })), 'accepted', 'a URL names one page');
});

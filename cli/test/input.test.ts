import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CliError, EXIT } from '../src/errors.js';
import {
  parseCode,
  parseDuration,
  parseEntryId,
  parseLookupArg,
  parsePrefixArg,
  parseTargetArg,
  parseTime,
} from '../src/input.js';
import { testCtx } from './helpers.js';

const ctx = testCtx();

function usage(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof CliError);
    assert.equal(error.exitCode, EXIT.usage);
    assert.match(error.message, pattern);
    return true;
  });
}

test('an unknown code is a usage error that lists the valid codes', () => {
  assert.equal(parseCode(ctx, 'report-category', 'spam.source', '--category'), 'spam.source');
  usage(
    () => parseCode(ctx, 'report-category', 'spam', '--category'),
    /'spam' is not a report category code.*spam\.source, /,
  );
  const zh = testCtx('zh-CN');
  usage(() => parseCode(zh, 'ack-status', 'done', '--status'), /不是有效的确认状态代码.*received/);
});

test('addresses and prefixes: malformed ones say so, host bits suggest the network', () => {
  assert.equal(parsePrefixArg(ctx, '192.0.2.25', '--about').len, 32);
  usage(() => parsePrefixArg(ctx, '192.0.2.256', '--about'), /not an IP address or CIDR prefix \(--about\)/);
  usage(() => parsePrefixArg(ctx, '192.0.2.7/24', '--netblock'), /did you mean 192\.0\.2\.0\/24\?/);
  usage(() => parsePrefixArg(ctx, '2001:db8::1/32', '--netblock'), /did you mean 2001:db8::\/32\?/);
});

test('report targets: address, CIDR, domain or URL; digits that are not an address are refused', () => {
  assert.equal(parseTargetArg(ctx, '192.0.2.25', '--about').text, '192.0.2.25/32');
  assert.equal(parseTargetArg(ctx, 'Spam.Example.', '--about').text, 'spam.example');
  assert.equal(parseTargetArg(ctx, 'https://spam.example/buy', '--about').text, 'https://spam.example/buy');
  usage(() => parseTargetArg(ctx, '300.1.2.3', '--about'), /not an IP address/);
  usage(
    () => parseTargetArg(ctx, 'not an address', '--about'),
    /not an IP address, CIDR prefix, domain or http\(s\) URL/,
  );
  assert.equal(parseLookupArg(ctx, '2001:db8::25'), '2001:db8::25');
  usage(() => parseLookupArg(ctx, '1.2.3'), /not an IPv4 or IPv6 address/);
});

test('ids, durations and times', () => {
  assert.equal(parseEntryId(ctx, 'AB'.repeat(32), 'ID'), 'ab'.repeat(32));
  usage(() => parseEntryId(ctx, 'abc', 'ID'), /64 hex digits/);
  assert.equal(parseDuration(ctx, '7d', '--expires'), 7 * 86_400_000);
  assert.equal(parseDuration(ctx, '90m', '--expires'), 90 * 60_000);
  usage(() => parseDuration(ctx, '7 days', '--expires'), /not a duration/);
  usage(() => parseDuration(ctx, '0d', '--expires'), /not a duration/);
  const now = 1_700_000_000_000;
  assert.equal(parseTime(ctx, 'now', '--last', now), now);
  assert.equal(parseTime(ctx, '2h', '--first', now), now - 7_200_000);
  assert.equal(parseTime(ctx, '2024-05-01T08:00:00Z', '--first', now), Date.UTC(2024, 4, 1, 8));
  assert.equal(parseTime(ctx, '1714550400000', '--first', now), 1714550400000);
  usage(() => parseTime(ctx, 'yesterday', '--first', now), /not a time/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArxNodeError, parseConfig } from '@arx/node';
import { clientKey as smtpClientKey } from '../../src/http/client-key.js';
import { DEFAULT_SMTP_LIMITS } from '../../src/interop/smtp-limits.js';

test('an SMTP client is an IPv4 address or an IPv6 /64', () => {
  assert.equal(smtpClientKey('192.0.2.7'), '192.0.2.7');
  assert.equal(smtpClientKey('::ffff:192.0.2.7'), '192.0.2.7', 'a mapped address is its IPv4 client');
  assert.equal(smtpClientKey('2001:db8:1:2::1'), smtpClientKey('2001:db8:1:2:ffff::9'), 'one /64, one client');
  assert.notEqual(smtpClientKey('2001:db8:1:2::1'), smtpClientKey('2001:db8:1:3::1'));
});

test('the smtp.* limit keys have defaults and refuse values out of range', () => {
  const { smtp } = parseConfig({ handle: 'aol' }, '/tmp');
  assert.equal(smtp.maxConnections, DEFAULT_SMTP_LIMITS.maxConnections);
  assert.equal(smtp.maxConnectionsPerClient, DEFAULT_SMTP_LIMITS.maxConnectionsPerClient);
  assert.equal(smtp.maxRecipients, 100);
  assert.equal(smtp.commandTimeoutSeconds * 1000, DEFAULT_SMTP_LIMITS.commandTimeoutMs);
  assert.equal(smtp.dataTimeoutSeconds * 1000, DEFAULT_SMTP_LIMITS.dataTimeoutMs);
  assert.equal(smtp.messagesPerMinutePerClient, DEFAULT_SMTP_LIMITS.messagesPerMinutePerClient);
  const set = parseConfig({ handle: 'aol', smtp: { maxConnectionsPerClient: 3, commandTimeoutSeconds: 30 } }, '/tmp');
  assert.equal(set.smtp.maxConnectionsPerClient, 3);
  assert.equal(set.smtp.commandTimeoutSeconds, 30);
  for (const smtp of [
    { maxRecipients: 99 },
    { maxConnections: 0 },
    { dataTimeoutSeconds: 1.5 },
    { messagesPerMinutePerClient: '5' },
  ]) {
    assert.throws(
      () => parseConfig({ handle: 'aol', smtp }, '/tmp'),
      (e: unknown) => e instanceof ArxNodeError && e.code === 'ARX_NODE_CONFIG',
      JSON.stringify(smtp),
    );
  }
});

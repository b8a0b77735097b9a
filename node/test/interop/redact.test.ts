import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRedactor } from '../../src/interop/index.js';

test('a recipient field is rebuilt from its addresses alone, each redacted', () => {
  const r = createRedactor();
  assert.equal(
    r.recipientField('"Kijitora Neko" <Kijitora@Example.COM>, other@example.org (home)'),
    '<redacted@example.com>, <redacted@example.org>',
  );
  assert.equal(r.recipientField('<Undisclosed Recipients>'), 'redacted');
  assert.equal(r.recipientField('Jane Doe'), 'redacted');
  assert.equal(r.recipientField('"user name"@example.com'), '<redacted@example.com>');
});

test('remembered recipients are replaced wherever they appear, and only they', () => {
  const r = createRedactor();
  r.addRecipients('<User@Example.com>');
  assert.equal(r.text('mailto:user@example.com'), 'mailto:redacted@example.com');
  assert.equal(r.text('smtp.rcptto=USER@example.com; dkim=pass'), 'smtp.rcptto=redacted@example.com; dkim=pass');
  assert.equal(
    r.text('https://list.example/unsub?u=user%40example.com'),
    'https://list.example/unsub?u=redacted%40example.com',
  );
  assert.equal(r.text('for <user@example.com>;'), 'for <redacted@example.com>;');
  // Different addresses that merely contain the recipient are left alone.
  assert.equal(r.text('xuser@example.com'), 'xuser@example.com');
  assert.equal(r.text('user@example.com.evil.example'), 'user@example.com.evil.example');
  assert.equal(r.text('user@example.community'), 'user@example.community');
  // Senders are not recipients.
  assert.equal(r.text('From: spammer@example.net'), 'From: spammer@example.net');
  assert.deepEqual([...r.recipients], ['user@example.com']);
});

test('a keyed redactor gives each mailbox one stable 32-hex pseudonym (RFC 6590)', () => {
  const key = new TextEncoder().encode('node secret');
  const r = createRedactor({ key });
  const a = r.recipientField('Kijitora@example.com');
  assert.match(a, /^<[0-9a-f]{32}@example\.com>$/);
  assert.equal(r.recipientField('kijitora@EXAMPLE.com'), a, 'case does not change the pseudonym');
  assert.notEqual(r.recipientField('sironeko@example.com'), a);
  assert.notEqual(createRedactor({ key: new Uint8Array(1) }).recipientField('kijitora@example.com'), a);
  // HMAC-SHA-256("node secret", "kijitora"), first 32 hex digits: another implementation can check this.
  assert.equal(a, '<4e2493e4069d989daf1bbce2c546c9fa@example.com>');
});

test('redacting twice changes nothing', () => {
  const key = new Uint8Array(32).fill(1);
  for (const r of [createRedactor(), createRedactor({ key })]) {
    const once = r.recipientField('kijitora@example.com');
    assert.equal(r.recipientField(once), once);
  }
});

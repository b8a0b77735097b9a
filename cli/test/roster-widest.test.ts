import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { verifyRosterDocument, widestAllowed } from '@arx/protocol';
import { arx, tempDir } from './helpers.js';

test('roster widest: a steward sets the width policy per list kind and for reports, and it is signed in', async () => {
  const dir = tempDir();
  const key = join(dir, 's1.key.json');
  await arx('keygen', '--out', key);
  const draft = join(dir, 'roster.draft.json');
  assert.equal((await arx('roster', 'create', '--out', draft, '--steward-key', key)).code, 0);

  let r = await arx('roster', 'widest', '--roster', draft, '--list', 'dynamic', '--ipv4', '12');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Widest prefixes for Dynamic address space: IPv4 \/12, IPv6 \/32/);
  r = await arx('roster', 'widest', '--roster', draft, '--report', '--ipv4', '24', '--ipv6', '48', '--lang', 'zh-CN');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /报告的最大网段：IPv4 \/24，IPv6 \/48/);

  assert.equal((await arx('roster', 'sign', '--roster', draft, '--steward-key', key)).code, 0);
  const { roster } = verifyRosterDocument(new Uint8Array(readFileSync(join(dir, 'roster.cbor'))));
  assert.equal(widestAllowed(roster, 4, 'dynamic'), 12);
  assert.equal(widestAllowed(roster, 4, 'spam-source'), 16);
  assert.equal(widestAllowed(roster, 6), 48);

  const shown = JSON.parse((await arx('roster', 'show', '--roster', dir, '--json')).stdout);
  assert.deepEqual(shown.widest.report, { v4: 24, v6: 48 });
  assert.deepEqual(shown.widest.listing['open-relay'], { v4: 16, v6: 32 });
  assert.match((await arx('roster', 'show', '--roster', dir)).stdout, /widest prefixes +reports \/24, \/48/);

  r = await arx('roster', 'widest', '--roster', draft, '--report', '--default');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /reports: IPv4 \/16, IPv6 \/32/);
  const edited = JSON.parse(readFileSync(draft, 'utf8'));
  assert.deepEqual(edited.widest, { listing: { dynamic: { v4: 12 } } });

  assert.equal((await arx('roster', 'widest', '--roster', draft, '--ipv4', '8')).code, 2, 'needs --report or --list');
  assert.equal((await arx('roster', 'widest', '--roster', draft, '--report', '--ipv4', '33')).code, 2);
  assert.equal((await arx('roster', 'widest', '--roster', draft, '--list', 'rbl', '--ipv4', '8')).code, 2);
});

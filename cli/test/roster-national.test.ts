/**
 * Stewards' tools for a large roster: claims replaced from a file (comments allowed,
 * changes shown before anything is written), overlaps listed by `verify`, and `show`
 * summarising a roster too large to print claim by claim.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatKeyId, generateKeyPair } from '@arx/protocol';
import { arx, tempDir } from './helpers.ts';

const newId = () => formatKeyId(generateKeyPair().publicKey);

async function draftWith(dir: string): Promise<{ draft: string; steward: string }> {
  const steward = join(dir, 's1.key.json');
  await arx('keygen', '--out', steward);
  const draft = join(dir, 'roster.draft.json');
  assert.equal((await arx('roster', 'create', '--out', draft, '--steward-key', steward)).code, 0);
  return { draft, steward };
}

test('claims come from a file, the change is shown first, and overlaps are warned about', async () => {
  const dir = tempDir();
  const { draft, steward } = await draftWith(dir);
  const carrier = ['--key', newId(), '--handle', 'carrier', '--abuse-email', 'abuse@carrier.example'];
  assert.equal((await arx('roster', 'add', '--roster', draft, ...carrier, '--netblock', '10.112.0.0/12')).code, 0);
  const file = join(dir, 'isp.txt');
  writeFileSync(file, '# isp allocations\n10.0.0.0/24\n\n10.112.28.0/24   # delegated by carrier\n10.0.0.0/24\n');
  const isp = ['--key', newId(), '--handle', 'isp', '--abuse-email', 'abuse@isp.example'];
  let r = await arx('roster', 'add', '--roster', draft, ...isp, '--netblocks-file', file);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /carrier 10\.112\.0\.0\/12 ⊇ isp 10\.112\.28\.0\/24/);
  const members = () => JSON.parse(readFileSync(draft, 'utf8')).members as { handle: string; netblocks: string[] }[];
  assert.deepEqual(members().find((m) => m.handle === 'isp')?.netblocks, ['10.0.0.0/24', '10.112.28.0/24']);

  writeFileSync(file, '10.0.1.0/24\n10.112.28.0/24\n');
  r = await arx('roster', 'update', '--roster', draft, '--handle', 'isp', '--netblocks-file', file, '--dry-run');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /isp: 1 claim\(s\) added, 1 removed\n {2}\+ 10\.0\.1\.0\/24\n {2}- 10\.0\.0\.0\/24\n/);
  assert.match(r.stdout, /Dry run/);
  assert.deepEqual(members().find((m) => m.handle === 'isp')?.netblocks, ['10.0.0.0/24', '10.112.28.0/24']);

  r = await arx('roster', 'update', '--roster', draft, '--handle', 'isp', '--netblocks-file', file, '--json');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).added, ['10.0.1.0/24']);
  assert.deepEqual(members().find((m) => m.handle === 'isp')?.netblocks, ['10.0.1.0/24', '10.112.28.0/24']);

  writeFileSync(file, '10.0.1.0/24\n10.0.2.1/24\n');
  r = await arx('roster', 'update', '--roster', draft, '--handle', 'isp', '--netblocks-file', file);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /isp\.txt:2/);

  assert.equal((await arx('roster', 'sign', '--roster', draft, '--steward-key', steward)).code, 0);
  const signed = join(dir, 'roster.cbor');
  r = await arx('roster', 'verify', '--roster', signed);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /1 overlapping claim\(s\)[^\n]*\n {2}carrier 10\.112\.0\.0\/12 ⊇ isp 10\.112\.28\.0\/24\n/);
  r = await arx('roster', 'verify', '--roster', signed, '--json');
  assert.deepEqual(JSON.parse(r.stdout).overlaps, [
    { outer: '10.112.0.0/12', outerHolder: 'carrier', inner: '10.112.28.0/24', innerHolder: 'isp', same: false },
  ]);
  r = await arx('--lang', 'zh-CN', 'roster', 'verify', '--roster', signed);
  assert.match(r.stdout, /1 处网段声明重叠/);
});

test('a roster of many members is summarised by show, and listed in full with --full', async () => {
  const dir = tempDir();
  const { draft } = await draftWith(dir);
  const text = JSON.parse(readFileSync(draft, 'utf8'));
  text.members = Array.from({ length: 40 }, (_, i) => ({
    handle: `m${i}`,
    key: newId(),
    names: { en: `Member ${i}` },
    roles: ['provider'],
    netblocks: Array.from({ length: i + 1 }, (_, j) => `10.${i}.${j}.0/24`),
    contacts: { abuse: [`abuse@m${i}.example`] },
  }));
  text.members[1].netblocks.push('10.0.0.0/24');
  writeFileSync(draft, JSON.stringify(text));
  let r = await arx('roster', 'show', '--roster', draft);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /40 members, 821 netblock claims, 1 overlapping claim\(s\)/);
  assert.match(r.stdout, /\n {2}m0 10\.0\.0\.0\/24 = m1 10\.0\.0\.0\/24\n/);
  assert.doesNotMatch(r.stdout, /10\.39\.38\.0\/24/);
  r = await arx('roster', 'show', '--roster', draft, '--full');
  assert.match(r.stdout, /10\.39\.38\.0\/24/);
  r = await arx('--lang', 'zh-CN', 'roster', 'show', '--roster', draft);
  assert.match(r.stdout, /40 个成员，821 条网段声明/);
});

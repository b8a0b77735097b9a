import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { LIST_KINDS } from '@arx/protocol';
import { CSV_COLUMNS } from '../../src/dnsbl/index.js';

const doc = readFileSync(new URL('../../../docs/dnsbl.md', import.meta.url), 'utf8');

test('docs/dnsbl.md lists every list kind with its return code, MAPS name and query form', () => {
  const rows = [
    ...doc.matchAll(/^\| `(127\.0\.0\.\d+)` \| `([a-z-]+)` \| ([A-Z]+|—) \| (reversed IP|domain \(RHSBL\)) \|$/gm),
  ];
  const documented = Object.fromEntries(rows.map((m) => [m[2], { dnsbl: m[1], maps: m[3], form: m[4] }]));
  const expected = Object.fromEntries(
    Object.entries(LIST_KINDS).map(([kind, info]) => [
      kind,
      { dnsbl: info.dnsbl, maps: info.maps ?? '—', form: info.targets === 'ip' ? 'reversed IP' : 'domain (RHSBL)' },
    ]),
  );
  assert.deepEqual(documented, expected);
});

test('docs/dnsbl.md names the CSV columns in the order they are written', () => {
  assert.ok(doc.includes(`columns \`${CSV_COLUMNS.join(', ')}\``), 'CSV column list');
});

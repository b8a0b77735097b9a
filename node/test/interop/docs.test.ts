import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ARF_FEEDBACK_TYPES } from '@arx/protocol';
import {
  ARF_EVIDENCE_FIELDS,
  RECIPIENT_FIELDS,
  REFUSALS,
  XARF_BLOCKLIST_THREATS,
  XARF_EVIDENCE_SOURCES,
} from '../../src/interop/index.js';

const doc = readFileSync(new URL('../../../docs/interop.md', import.meta.url), 'utf8');

/** Rows of the markdown table that follows `heading` (a line containing it). */
function tableAfter(heading: string): string[][] {
  const lines = doc.split('\n');
  let i = lines.findIndex((line) => line.includes(heading));
  assert.ok(i >= 0, `docs/interop.md: "${heading}" not found`);
  while (i < lines.length && !lines[i]!.startsWith('|')) i++;
  const rows: string[][] = [];
  for (i += 2; i < lines.length && lines[i]!.startsWith('|'); i++) {
    rows.push(
      lines[i]!.slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

const codes = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

test('docs/interop.md lists every refusal code with its English and Chinese text, and no other', () => {
  const rows = tableAfter('## Refusal codes');
  const documented = Object.fromEntries(rows.map(([code, en, zh]) => [codes(code!)[0], { en, zh }]));
  assert.deepEqual(documented, REFUSALS);
});

test('docs/interop.md shows the Feedback-Type table as the code has it', () => {
  const rows = tableAfter('**Feedback-Type → category**').filter(([type]) => type !== 'anything else');
  assert.deepEqual(Object.fromEntries(rows.map(([type, category]) => [codes(type!)[0], codes(category!)[0]])), {
    ...ARF_FEEDBACK_TYPES,
  });
});

test('docs/interop.md shows the blocklist threat_type table as the code has it', () => {
  const documented: Record<string, string> = {};
  for (const [threats, category] of tableAfter('| `threat_type` | category |')) {
    for (const threat of codes(threats!)) documented[threat] = codes(category!)[0]!;
  }
  assert.deepEqual(documented, { ...XARF_BLOCKLIST_THREATS });
});

test('docs/interop.md names the same evidence fields, recipient fields and evidence sources as the code', () => {
  const evidenceParagraph = doc.slice(
    doc.indexOf('**ARF fields kept as evidence**'),
    doc.indexOf('Unregistered extension'),
  );
  assert.deepEqual(codes(evidenceParagraph), [...ARF_EVIDENCE_FIELDS]);
  const collect = doc.slice(doc.indexOf('1. **Collect**'), doc.indexOf('2. **Rebuild**'));
  const documentedRecipients = codes(collect)
    .map((name) => name.toLowerCase())
    .filter((name) => /^[a-z-]+$/.test(name));
  const headerFields = [...RECIPIENT_FIELDS].filter((f) => f !== 'original-rcpt-to' && f !== 'removal-recipient');
  assert.deepEqual(
    documentedRecipients.filter((f) => f !== 'original-rcpt-to' && f !== 'removal-recipient').sort(),
    headerFields.sort(),
  );
  const sources = doc.slice(doc.indexOf('- `source` — by `evidence_source`'), doc.indexOf('- `confidence` — X-ARF'));
  for (const [xarf, arx] of Object.entries(XARF_EVIDENCE_SOURCES)) {
    assert.match(sources, new RegExp(`\`${xarf}\`[^→]*→ \`${arx}\``), xarf);
  }
});

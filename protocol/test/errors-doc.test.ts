import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ArxProtocolError, PROTOCOL_ERRORS, type ProtocolErrorCode } from '@arx/protocol';
import { describeError, NODE_ERRORS } from '../../node/src/errors.ts';

interface DocumentedCode {
  readonly code: string;
  /** Cells by lowercased column header. */
  readonly cells: Readonly<Record<string, string>>;
  readonly line: number;
}

/** Every table row of docs/errors.md whose first cell is a code in backticks. */
function documentedCodes(): DocumentedCode[] {
  const lines = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8').split('\n');
  const out: DocumentedCode[] = [];
  let header: string[] = [];
  const cellsOf = (line: string) =>
    line
      .trim()
      .replace(/^\||\|$/g, '')
      .split(/(?<!\\)\|/)
      .map((c) => c.trim());
  for (const [i, line] of lines.entries()) {
    if (!line.trim().startsWith('|')) {
      header = [];
      continue;
    }
    const cells = cellsOf(line);
    if (header.length === 0) {
      header = cells.map((c) => c.toLowerCase());
      continue;
    }
    const code = /^`([A-Z0-9_]+)`$/.exec(cells[0] ?? '')?.[1];
    if (!code) continue;
    out.push({ code, cells: Object.fromEntries(header.map((h, j) => [h, cells[j] ?? ''])), line: i + 1 });
  }
  return out;
}

const documented = documentedCodes();
const known = new Set([...Object.keys(PROTOCOL_ERRORS), ...Object.keys(NODE_ERRORS)]);

test('every protocol and node error code is documented in docs/errors.md', () => {
  const names = new Set(documented.map((d) => d.code));
  for (const code of known) assert.ok(names.has(code), `${code} is missing from docs/errors.md`);
});

test('docs/errors.md documents no code that does not exist, and none twice', () => {
  const seen = new Set<string>();
  for (const d of documented) {
    assert.ok(known.has(d.code), `docs/errors.md:${d.line} documents ${d.code}, which no package defines`);
    assert.ok(!seen.has(d.code), `docs/errors.md:${d.line} documents ${d.code} twice`);
    seen.add(d.code);
  }
});

test('the documented wire reason and HTTP status of each code are the ones the code table gives', () => {
  for (const d of documented) {
    const reasonColumn = Object.keys(d.cells).find((h) => h.includes('reason'));
    const httpColumn = Object.keys(d.cells).find((h) => h.includes('http'));
    let expected: { reason: string; http: number } | undefined;
    if (d.code in PROTOCOL_ERRORS) {
      const { http, reason } = describeError(new ArxProtocolError(d.code as ProtocolErrorCode));
      expected = { reason, http };
    } else if (d.code in NODE_ERRORS) {
      expected = NODE_ERRORS[d.code as keyof typeof NODE_ERRORS];
    }
    if (!expected) continue;
    if (reasonColumn) assert.equal(d.cells[reasonColumn], `\`${expected.reason}\``, `${d.code} wire reason`);
    if (httpColumn) assert.equal(d.cells[httpColumn], String(expected.http), `${d.code} HTTP status`);
  }
});

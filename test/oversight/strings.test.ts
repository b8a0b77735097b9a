/** The dashboard's string table: every label exists in English and Simplified Chinese, with the same placeholders. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STRING_TABLE } from '../../node/static/dashboard/src/i18n.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
// Strings that are symbols in both languages.
const SAME_IN_BOTH = new Set(['none']);

test('every dashboard string has English and Chinese text with the same placeholders', () => {
  const entries = Object.entries(STRING_TABLE);
  assert.ok(entries.length > 100, `${entries.length} strings`);
  for (const [key, { en, zh }] of entries) {
    assert.ok(en.trim(), `${key}: English text`);
    assert.ok(zh.trim(), `${key}: Chinese text`);
    assert.deepEqual(placeholders(zh), placeholders(en), `${key}: placeholders`);
    if (!SAME_IN_BOTH.has(key)) assert.match(zh, /[\u4e00-\u9fff]/, `${key}: Chinese text is in Chinese`);
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LANGS, MESSAGES, MESSAGES_NODE_ERRORS, resolveLang, translate } from '../src/i18n.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every message has non-empty text in every language', () => {
  for (const [key, text] of Object.entries({ ...MESSAGES, ...MESSAGES_NODE_ERRORS })) {
    for (const lang of LANGS) {
      const value = (text as Record<string, string | undefined>)[lang];
      assert.equal(typeof value, 'string', `${key} has no ${lang} text`);
      assert.ok(value!.trim().length > 0, `${key} has empty ${lang} text`);
    }
  }
});

test('both languages of a message use the same placeholders', () => {
  for (const [key, text] of Object.entries(MESSAGES)) {
    assert.deepEqual(placeholders(text['zh-CN']), placeholders(text.en), `${key}: placeholders differ`);
  }
});

test('Chinese text is Chinese: every zh-CN message that reads as prose contains CJK characters', () => {
  // Column headings like "HTTP" and pure command lines are exempt; prose is not.
  for (const [key, text] of Object.entries(MESSAGES)) {
    if (/[a-z]{4,} [a-z]{3,} [a-z]{3,}/i.test(text.en.replace(/'[^']*'|\{\w+\}|--[\w-]+|arx [\w -]+/g, ''))) {
      assert.match(text['zh-CN'], /[\u4e00-\u9fff]/, `${key} looks untranslated`);
    }
  }
});

test('translate fills placeholders and leaves unknown ones visible', () => {
  assert.equal(translate('en', 'file.missing', { path: '/x' }), '/x does not exist');
  assert.equal(translate('zh-CN', 'file.missing', { path: '/x' }), '/x 不存在');
  assert.equal(translate('en', 'file.missing'), '{path} does not exist');
});

test('language tags resolve to en or zh-CN, anything else is refused', () => {
  for (const tag of ['zh', 'zh-CN', 'zh-Hans', 'zh_CN.UTF-8', 'ZH-cn']) assert.equal(resolveLang(tag), 'zh-CN', tag);
  for (const tag of ['en', 'en-US', 'en_GB.UTF-8', 'C', 'POSIX']) assert.equal(resolveLang(tag), 'en', tag);
  for (const tag of ['fr', 'de-DE', '', 'english']) assert.equal(resolveLang(tag), undefined, tag);
});

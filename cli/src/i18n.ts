/**
 * Every human-facing string of the CLI, in English and Simplified Chinese. Code labels
 * (categories, statuses, actions…) are not here: they come from the protocol's code
 * tables through describeCode, so the CLI and every other tool say the same thing.
 * Placeholders are `{name}`; a test checks that both languages exist for every key
 * and use the same placeholders.
 */
import { MESSAGES_COMMANDS } from './i18n/commands.js';
import { MESSAGES_DEMO } from './i18n/demo.js';
import { MESSAGES_LABELS } from './i18n/labels.js';
import { MESSAGES_MESSAGES } from './i18n/messages.js';
import { MESSAGES_NODE_ERRORS } from './i18n/node-errors.js';

export const LANGS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGS)[number];
export type Text = { readonly [L in Lang]: string };
export type Vars = Record<string, string | number>;

export const MESSAGES = { ...MESSAGES_COMMANDS, ...MESSAGES_MESSAGES, ...MESSAGES_LABELS, ...MESSAGES_DEMO } as const;
export type MessageKey = keyof typeof MESSAGES;

/** Resolves `--lang` / ARX_LANG (en, en-US, zh, zh-CN, zh_CN.UTF-8, zh-Hans …) or undefined. */
export function resolveLang(value: string): Lang | undefined {
  const v = value.trim();
  if (/^zh([-_]|$)/i.test(v)) return 'zh-CN';
  if (/^(en([-_]|$)|C$|C\.|POSIX$)/i.test(v)) return 'en';
  return undefined;
}

/** Fills `{name}` placeholders. */
function fill(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(vars, name) ? String(vars[name]) : whole,
  );
}

/** A message in a language. */
export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  return fill((MESSAGES[key] as Text)[lang], vars);
}

/**
 * The text of an error code from the node in the reader's language: the node's own
 * (English) message in English; in Chinese, the code's Chinese description followed
 * by the node's detail.
 */
export function errorText(lang: Lang, code: string, message: string): string {
  if (lang === 'en') return message;
  const text = (MESSAGES_NODE_ERRORS as Record<string, Text | undefined>)[code];
  return text ? `${text['zh-CN']}（${message}）` : message;
}

/**
 * A node error in the reader's language, like errorText; a refused config
 * (ARX_NODE_CONFIG with the node's list of problems) names each wrong field on a line
 * of its own: `smtp.prot is not a known field (known here: …)`.
 */
export function nodeErrorText(lang: Lang, error: unknown): string {
  const { code, message } =
    error instanceof Error
      ? { code: (error as { code?: string }).code, message: error.message }
      : { code: undefined, message: String(error) };
  const problems = (error as { problems?: readonly { text?: Text }[] } | null)?.problems;
  if (code === 'ARX_NODE_CONFIG' && Array.isArray(problems) && problems.length > 0) {
    const lines = problems.map((p) => `  ${p.text?.[lang] ?? ''}`);
    return `${MESSAGES_NODE_ERRORS.ARX_NODE_CONFIG[lang]}${lang === 'zh-CN' ? '：' : ':'}\n${lines.join('\n')}`;
  }
  return errorText(lang, code ?? '', message);
}

export { MESSAGES_NODE_ERRORS };

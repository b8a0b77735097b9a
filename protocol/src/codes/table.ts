/** Code tables: stable identifiers with English and Simplified Chinese display text. */

/** Languages every code has display text for. */
export const DISPLAY_LANGUAGES = ['en', 'zh-CN'] as const;
export type DisplayLanguage = (typeof DISPLAY_LANGUAGES)[number];

export interface CodeInfo {
  readonly en: string;
  readonly zh: string;
}

export type CodeTable<C extends string = string, I extends CodeInfo = CodeInfo> = Readonly<Record<C, I>>;

/** Normalises a BCP 47 tag to one of the display languages (zh, zh-Hans, zh-CN → zh-CN). */
export function displayLanguage(tag: string | undefined): DisplayLanguage {
  return tag && /^zh(\b|-|_)/i.test(tag) ? 'zh-CN' : 'en';
}

/** Display text of a code in a language; unknown codes are shown as themselves. */
export function describeCode(table: CodeTable, code: string, lang?: string): string {
  const info = (table as Record<string, CodeInfo | undefined>)[code];
  if (!info) return code;
  return displayLanguage(lang) === 'zh-CN' ? info.zh : info.en;
}

/** True when `code` is defined in `table` (own property, not inherited). */
export function isCode<C extends string>(table: CodeTable<C>, code: unknown): code is C {
  return typeof code === 'string' && Object.hasOwn(table, code);
}

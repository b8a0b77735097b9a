/** Number, duration and time formatting in the current language. */
import { lang, t } from './i18n.js';

const round = (n: number) => (n >= 10 ? Math.round(n) : Math.round(n * 10) / 10);

/** A duration in seconds as the largest sensible unit: "45 min", "3.5 h", "2.1 d". */
export function duration(seconds: number | null): string {
  if (seconds === null) return t('none');
  if (seconds < 60) return t('seconds', { n: Math.round(seconds) });
  if (seconds < 3600) return t('minutes', { n: Math.round(seconds / 60) });
  if (seconds < 48 * 3600) return t('hours', { n: round(seconds / 3600) });
  return t('days', { n: round(seconds / 86400) });
}

export function share(value: number | null): string {
  return value === null ? t('none') : `${Math.round(value * 1000) / 10}%`;
}

export function count(value: number | null): string {
  return value === null ? t('none') : value.toLocaleString(lang());
}

export function time(ms: number | null): string {
  if (ms === null) return t('none');
  return new Date(ms).toLocaleString(lang() === 'zh-CN' ? 'zh-CN' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

export function shortDate(ms: number): string {
  return new Date(ms).toLocaleDateString(lang() === 'zh-CN' ? 'zh-CN' : 'en-GB', { month: 'short', day: 'numeric' });
}

/** First characters of an id, enough to tell entries apart on screen. */
export function shortId(id: string): string {
  return `${id.slice(0, 12)}…`;
}

/** The `window` parameter: a span such as `24h`, `30d` or `12w`, ending at `until` (default now). */
import { ArxNodeError } from '../errors.js';
import type { Window } from './resolution.js';

const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;
/** Ten years: longer spans are a typo, not a question anyone asks. */
const MAX_SPAN_MS = 3650 * UNIT_MS.d;

export const WINDOW_PATTERN = '^[1-9][0-9]{0,4}[hdw]$';
export const DEFAULT_WINDOW = '30d';

/** Length of a window spec in ms; throws ARX_NODE_BAD_REQUEST for anything else. */
export function windowSpan(spec: string): number {
  const match = /^([1-9][0-9]{0,4})([hdw])$/.exec(spec);
  if (!match) throw new ArxNodeError('ARX_NODE_BAD_REQUEST', `window "${spec}" is not like 24h, 30d or 12w`);
  const span = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  if (span > MAX_SPAN_MS) throw new ArxNodeError('ARX_NODE_BAD_REQUEST', `window "${spec}" is longer than 3650d`);
  return span;
}

/** The window [until − span, until). */
export function windowOf(spec: string, until: number): Window {
  return { from: until - windowSpan(spec), to: until };
}

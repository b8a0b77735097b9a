/**
 * Checks what a person typed before anything is sent, so a mistake is reported
 * locally in one line that says what was wrong and what would be right (exit 2).
 */
import {
  ArxProtocolError,
  CODE_TABLES,
  type CodeTable,
  type CodeTableName,
  formatPrefix,
  type IpPrefix,
  isCode,
  parseAddress,
  parseKeyId,
  parsePrefix,
  type Target,
} from '@arx/protocol';
import type { Ctx } from './context.js';
import { usageError } from './errors.js';

/** A code from one of the protocol tables; an unknown one lists the valid codes. */
export function parseCode<N extends CodeTableName>(
  ctx: Ctx,
  table: N,
  value: string,
  option: string,
): keyof (typeof CODE_TABLES)[N] & string {
  const codes: CodeTable = CODE_TABLES[table];
  if (isCode(codes, value)) return value as keyof (typeof CODE_TABLES)[N] & string;
  throw usageError(
    ctx.t('input.unknownCode', {
      value,
      option,
      what: ctx.t(`table.${table}`),
      valid: Object.keys(codes).join(', '),
    }),
    'ARX_PROTO_UNKNOWN_CODE',
  );
}

/** Host bits cleared: 192.0.2.77/24 → 192.0.2.0/24 (offered as the likely intent). */
function maskedPrefix(text: string): string | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  try {
    const ip = parseAddress(text.slice(0, slash));
    const len = Number(text.slice(slash + 1));
    const out = ip.slice();
    for (let bit = len; bit < out.length * 8; bit++) out[bit >> 3]! &= ~(1 << (7 - (bit & 7)));
    return formatPrefix({ ip: out, len });
  } catch {
    return undefined;
  }
}

/** An IP address or CIDR prefix. */
export function parsePrefixArg(ctx: Ctx, value: string, option: string): IpPrefix {
  try {
    return parsePrefix(value);
  } catch (error) {
    if (error instanceof ArxProtocolError && error.code === 'ARX_PROTO_HOST_BITS') {
      const masked = maskedPrefix(value.trim());
      throw usageError(ctx.t('input.hostBits', { value, option, masked: masked ?? '' }), error.code);
    }
    throw usageError(ctx.t('input.badPrefix', { value, option }), 'ARX_PROTO_BAD_ADDRESS');
  }
}

/** One IP address (no prefix length). */
export function parseAddressArg(ctx: Ctx, value: string, option: string): Uint8Array {
  try {
    return parseAddress(value);
  } catch {
    throw usageError(ctx.t('input.badAddress', { value, option }), 'ARX_PROTO_BAD_ADDRESS');
  }
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** True when the text is meant as an IP address or prefix (digits and dots, or a colon). */
export function looksLikeIp(value: string): boolean {
  const t = value.trim();
  return /^[0-9.]+(\/\d*)?$/.test(t) || (t.includes(':') && !/^https?:\/\//i.test(t));
}

/** What a report or listing is about: an address or CIDR, a domain, or an http(s) URL. */
export function parseTargetArg(ctx: Ctx, value: string, option: string): { target: Target; text: string } {
  const t = value.trim();
  if (looksLikeIp(t)) {
    const prefix = parsePrefixArg(ctx, t, option);
    return { target: prefix, text: formatPrefix(prefix) };
  }
  if (/^https?:\/\/[^\s]+$/i.test(t)) return { target: { url: t }, text: t };
  const domain = t.toLowerCase().replace(/\.$/, '');
  if (DOMAIN.test(domain)) return { target: { domain }, text: domain };
  throw usageError(ctx.t('input.badTarget', { value, option }), 'ARX_PROTO_BAD_ADDRESS');
}

/** An IP address or a domain name (what `lookup` and `contacts` accept). */
export function parseLookupArg(ctx: Ctx, value: string): string {
  const t = value.trim();
  if (looksLikeIp(t)) {
    parseAddressArg(ctx, t, 'ADDRESS');
    return t;
  }
  const domain = t.toLowerCase().replace(/\.$/, '');
  if (DOMAIN.test(domain)) return domain;
  throw usageError(ctx.t('input.badLookup', { value }), 'ARX_PROTO_BAD_ADDRESS');
}

/** An entry id: 64 hex digits. */
export function parseEntryId(ctx: Ctx, value: string, what: string): string {
  const t = value.trim().toLowerCase();
  if (/^[0-9a-f]{64}$/.test(t)) return t;
  throw usageError(ctx.t('input.badId', { value, what }));
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** A duration like 90s, 30m, 12h, 7d or 2w, in milliseconds. */
export function parseDuration(ctx: Ctx, value: string, option: string): number {
  const m = /^(\d{1,9})([smhdw])$/.exec(value.trim());
  if (!m || Number(m[1]) === 0) throw usageError(ctx.t('input.badDuration', { value, option }));
  return Number(m[1]) * UNITS[m[2]!]!;
}

/**
 * A point in time: `now`, an ISO 8601 date/time, milliseconds since the epoch, or a
 * duration meaning "that long ago" (2h, 3d).
 */
export function parseTime(ctx: Ctx, value: string, option: string, now: number): number {
  const t = value.trim();
  if (t === 'now') return now;
  if (/^\d{10,15}$/.test(t)) return Number(t);
  const ago = /^-?(\d{1,9})([smhdw])$/.exec(t);
  if (ago) return now - Number(ago[1]) * UNITS[ago[2]!]!;
  if (/^\d{4}-\d{2}-\d{2}/.test(t)) {
    const ms = Date.parse(t);
    if (Number.isFinite(ms) && ms >= 0) return ms;
  }
  throw usageError(ctx.t('input.badTime', { value, option }));
}

/** A whole number in [min, max]. */
export function parseInteger(ctx: Ctx, value: string, option: string, min: number, max: number): number {
  const t = value.trim();
  if (/^\d{1,16}$/.test(t)) {
    const n = Number(t);
    if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
  }
  throw usageError(ctx.t('input.badInteger', { value, option, min, max }));
}

/** A member handle: lowercase letters, digits and "-", starting with a letter. */
export function parseHandle(ctx: Ctx, value: string, option: string): string {
  if (/^[a-z][a-z0-9-]{0,31}$/.test(value)) return value;
  throw usageError(ctx.t('input.badHandle', { value, option }));
}

/** An e-mail address (a light check: something@domain). */
export function parseEmail(ctx: Ctx, value: string, option: string): string {
  const t = value.trim();
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t) && t.length <= 320) return t;
  throw usageError(ctx.t('input.badEmail', { value, option }));
}

/** A ws:// or wss:// URL. */
export function parseWsUrl(ctx: Ctx, value: string, option: string): string {
  const t = value.trim();
  if (/^wss?:\/\/[^\s/]+(\/\S*)?$/.test(t)) return t;
  throw usageError(ctx.t('input.badWsUrl', { value, option }));
}

/** An organisation key in arx1… form (or 64 hex digits). */
export function parseKeyArg(ctx: Ctx, value: string, option: string): Uint8Array {
  try {
    return parseKeyId(value);
  } catch (error) {
    const detail = error instanceof ArxProtocolError ? (error.detail ?? error.message) : String(error);
    throw usageError(ctx.t('input.badKey', { value, option, detail }), 'ARX_PROTO_BAD_KEY');
  }
}

/** Collects a repeated option into an array (commander's accumulator). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Splits comma-separated values of a repeatable option (`--role a,b --role c`). */
export function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

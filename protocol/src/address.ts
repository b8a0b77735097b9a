/**
 * IP addresses and prefixes as ARX carries them: address bytes (4 or 16) plus a
 * prefix length. IPv4-mapped IPv6 (::ffff:a.b.c.d) is normalised to IPv4 so one
 * address has one representation; host bits beyond the prefix are an error.
 */
import { fail } from './errors.js';

/** An IP prefix: `ip` has 4 or 16 bytes, `len` is 0..32 or 0..128. */
export interface IpPrefix {
  readonly ip: Uint8Array;
  readonly len: number;
}

function parseIPv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    // No leading zeros: "010" is octal in some parsers and decimal in others.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

function parseIPv6(text: string): Uint8Array | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  let head = text;
  let tail4: Uint8Array | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    tail4 = parseIPv4(text.slice(lastColon + 1));
    if (!tail4) return undefined;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  const total = left.length + right.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return undefined;
  const words = [...left, ...new Array<string>(8 - total).fill('0'), ...right];
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const w = words[i]!;
    if (!/^[0-9a-fA-F]{1,4}$/.test(w)) return undefined;
    const n = Number.parseInt(w, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 255;
  }
  if (tail4) out.set(tail4, 12);
  return out;
}

function isV4Mapped(b: Uint8Array): boolean {
  if (b.length !== 16) return false;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

/** Normalises raw address bytes: IPv4-mapped IPv6 becomes IPv4 (prefix length adjusted). */
export function normalisePrefix(ip: Uint8Array, len: number): IpPrefix {
  if (isV4Mapped(ip) && len >= 96) return { ip: ip.slice(12), len: len - 96 };
  return { ip, len };
}

/** Parses one address (no prefix length) to bytes. */
export function parseAddress(text: string): Uint8Array {
  const trimmed = text.trim();
  const bytes = trimmed.includes(':') ? parseIPv6(trimmed) : parseIPv4(trimmed);
  if (!bytes) fail('ARX_PROTO_BAD_ADDRESS', `"${text}" is not an IPv4 or IPv6 address`);
  return normalisePrefix(bytes, bytes.length * 8).ip;
}

/** Parses "a.b.c.d", "a.b.c.d/len", "v6", or "v6/len"; rejects host bits beyond len. */
export function parsePrefix(text: string): IpPrefix {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const addrText = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const raw = addrText.includes(':') ? parseIPv6(addrText) : parseIPv4(addrText);
  if (!raw) fail('ARX_PROTO_BAD_ADDRESS', `"${text}" is not an IPv4 or IPv6 address or prefix`);
  let len = raw.length * 8;
  if (slash >= 0) {
    const lenText = trimmed.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(lenText) || Number(lenText) > raw.length * 8) {
      fail('ARX_PROTO_BAD_ADDRESS', `"${text}" has an invalid prefix length (0..${raw.length * 8})`);
    }
    len = Number(lenText);
  }
  const prefix = normalisePrefix(raw, len);
  checkPrefix(prefix);
  return prefix;
}

/** Validates an IpPrefix value received from elsewhere. */
export function checkPrefix(prefix: IpPrefix, field = 'prefix'): void {
  const { ip, len } = prefix;
  if (!(ip instanceof Uint8Array) || (ip.length !== 4 && ip.length !== 16)) {
    fail('ARX_PROTO_BAD_ADDRESS', `${field}: address must be 4 or 16 bytes`);
  }
  if (!Number.isInteger(len) || len < 0 || len > ip.length * 8) {
    fail('ARX_PROTO_BAD_ADDRESS', `${field}: prefix length out of range`);
  }
  if (isV4Mapped(ip)) fail('ARX_PROTO_BAD_ADDRESS', `${field}: IPv4-mapped IPv6 must be sent as IPv4`);
  for (let bit = len; bit < ip.length * 8; bit++) {
    if ((ip[bit >> 3]! >> (7 - (bit & 7))) & 1) {
      fail('ARX_PROTO_HOST_BITS', `${field}: ${formatPrefix(prefix)} has bits set beyond /${len}`);
    }
  }
}

/** Formats address bytes: dotted quad or RFC 5952 IPv6 text. */
export function formatAddress(ip: Uint8Array): string {
  if (ip.length === 4) return ip.join('.');
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((ip[i]! << 8) | ip[i + 1]!);
  // RFC 5952 §4.2: compress the longest run of two or more zero words, the first on a tie.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** Formats a prefix as CIDR text; a full-length prefix is written with its length too. */
export function formatPrefix(prefix: IpPrefix): string {
  return `${formatAddress(prefix.ip)}/${prefix.len}`;
}

/** True when `inner` (an address or prefix) lies within `outer`. */
export function prefixContains(outer: IpPrefix, inner: IpPrefix): boolean {
  if (outer.ip.length !== inner.ip.length || inner.len < outer.len) return false;
  const full = outer.len >> 3;
  for (let i = 0; i < full; i++) if (outer.ip[i] !== inner.ip[i]) return false;
  const rem = outer.len & 7;
  if (rem === 0) return true;
  const mask = (0xff << (8 - rem)) & 0xff;
  return (outer.ip[full]! & mask) === (inner.ip[full]! & mask);
}

/**
 * DNSBL query names (RFC 5782 §2.1, §2.4, §3): IPv4 as four reversed decimal labels,
 * IPv6 as 32 reversed nibbles, domains (RHSBL) as themselves, each followed by the
 * zone. Comparison is case-insensitive (RFC 4343); the answer echoes the name as asked.
 */
import { normalisePrefix } from '@arx/protocol';

/** What a query name asks about, relative to the zone. */
export type QueryTarget =
  | { readonly kind: 'apex' }
  | { readonly kind: 'ip'; readonly ip: Uint8Array }
  /** A name above complete reversed addresses, e.g. `2.0.192.ZONE`. */
  | { readonly kind: 'partial-ip' }
  | { readonly kind: 'domain'; readonly name: string }
  | { readonly kind: 'outside' };

const MAX_ZONE_LENGTH = 253 - 65;
const LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;
const OCTET = /^(0|[1-9][0-9]{0,2})$/;
const NIBBLE = /^[0-9a-f]$/;

/** Normalises a host or zone name (lowercase, no trailing dot) and checks its syntax. */
export function normaliseDomainName(name: string, what = 'name', maxLength = 253): string {
  if (typeof name !== 'string') throw new TypeError(`${what} must be a string`);
  const out = name.trim().toLowerCase().replace(/\.$/, '');
  if (out.length === 0 || out.length > maxLength) {
    throw new RangeError(`${what} "${name}" must have 1..${maxLength} characters`);
  }
  for (const label of out.split('.')) {
    if (!LABEL.test(label)) throw new RangeError(`${what} "${name}" has an invalid label "${label}"`);
  }
  return out;
}

/**
 * Normalises a zone name. A reversed IPv6 address takes 64 of the 253 characters a
 * name may have (RFC 1035 §2.3.4), which bounds the zone's length.
 */
export function normaliseZone(zone: string): string {
  return normaliseDomainName(zone, 'zone', MAX_ZONE_LENGTH);
}

function isOctet(label: string): boolean {
  return OCTET.test(label) && Number(label) <= 255;
}

/** Classifies `name` (as decoded from a question) against a normalised zone. */
export function parseQueryName(name: string, zone: string): QueryTarget {
  const lower = name.toLowerCase().replace(/\.$/, '');
  if (lower === zone) return { kind: 'apex' };
  if (!lower.endsWith(`.${zone}`)) return { kind: 'outside' };
  const relative = lower.slice(0, lower.length - zone.length - 1);
  const labels = relative.split('.');
  if (labels.every(isOctet)) {
    // RFC 5782 §2.1: d.c.b.a.ZONE for a.b.c.d.
    if (labels.length === 4) return { kind: 'ip', ip: Uint8Array.from(labels.map(Number).reverse()) };
    if (labels.length < 4) return { kind: 'partial-ip' };
  }
  if (labels.every((l) => NIBBLE.test(l))) {
    if (labels.length === 32) {
      // RFC 5782 §2.4: 32 nibbles, least significant first, as in ip6.arpa.
      const ip = new Uint8Array(16);
      for (let i = 0; i < 16; i++) {
        ip[i] = (Number.parseInt(labels[31 - 2 * i]!, 16) << 4) | Number.parseInt(labels[30 - 2 * i]!, 16);
      }
      // One address, one representation: ::ffff:a.b.c.d is asked about as a.b.c.d,
      // which also makes RFC 5782 §5's ::FFFF:7F00:2 the IPv4 test entry.
      return { kind: 'ip', ip: normalisePrefix(ip, 128).ip };
    }
    if (labels.length < 32) return { kind: 'partial-ip' };
  }
  return { kind: 'domain', name: relative };
}

/** The name to query for an address (4 or 16 bytes) or a domain in `zone`. */
export function queryName(target: Uint8Array | string, zone: string): string {
  if (typeof target === 'string') return `${target.toLowerCase().replace(/\.$/, '')}.${zone}`;
  if (target.length === 4) return `${[...target].reverse().join('.')}.${zone}`;
  if (target.length !== 16) throw new RangeError('address must be 4 or 16 bytes');
  const nibbles: string[] = [];
  for (let i = 15; i >= 0; i--) {
    const byte = target[i]!;
    nibbles.push((byte & 15).toString(16), (byte >> 4).toString(16));
  }
  return `${nibbles.join('.')}.${zone}`;
}

/** SOA RNAME from a contact mailbox: dots in the local part are escaped (RFC 1035 §8). */
export function contactToRname(contact: string | undefined, zone: string): string {
  if (contact === undefined) return `hostmaster.${zone}`;
  const text = contact.trim().replace(/^mailto:/i, '');
  const at = text.lastIndexOf('@');
  if (at < 0) return normaliseDomainName(text, 'contact');
  const local = text.slice(0, at);
  if (!/^[\x21-\x7e]{1,63}$/.test(local) || local.includes('\\'))
    throw new RangeError(`contact "${contact}" is not a mailbox`);
  return `${local.replace(/\./g, '\\.')}.${normaliseDomainName(text.slice(at + 1), 'contact domain')}`;
}

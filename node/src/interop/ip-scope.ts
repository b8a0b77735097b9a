/**
 * Which addresses may be blamed. A report's subject must be a host on the public
 * Internet: a private, loopback, link-local, shared (CGNAT), multicast or reserved
 * address in a report is a parsing mistake or a forgery, never the abuser. Ranges from
 * the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and successors).
 */
import { parsePrefix, prefixContains } from '@arx/protocol';

export type AddressScope =
  | 'global'
  | 'documentation'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'shared'
  | 'multicast'
  | 'unspecified'
  | 'reserved';

const RANGES: ReadonlyArray<readonly [string, AddressScope]> = [
  ['0.0.0.0/8', 'unspecified'], // RFC 791 "this network"
  ['10.0.0.0/8', 'private'], // RFC 1918
  ['100.64.0.0/10', 'shared'], // RFC 6598 carrier-grade NAT
  ['127.0.0.0/8', 'loopback'], // RFC 1122
  ['169.254.0.0/16', 'link-local'], // RFC 3927
  ['172.16.0.0/12', 'private'], // RFC 1918
  ['192.0.0.0/24', 'reserved'], // RFC 6890 IETF protocol assignments
  ['192.0.2.0/24', 'documentation'], // RFC 5737 TEST-NET-1
  ['192.88.99.0/24', 'reserved'], // RFC 7526 deprecated 6to4 relay anycast
  ['192.168.0.0/16', 'private'], // RFC 1918
  ['198.18.0.0/15', 'reserved'], // RFC 2544 benchmarking
  ['198.51.100.0/24', 'documentation'], // RFC 5737 TEST-NET-2
  ['203.0.113.0/24', 'documentation'], // RFC 5737 TEST-NET-3
  ['224.0.0.0/4', 'multicast'], // RFC 5771
  ['240.0.0.0/4', 'reserved'], // RFC 1112, includes 255.255.255.255
  ['::/128', 'unspecified'], // RFC 4291
  ['::1/128', 'loopback'], // RFC 4291
  ['2001::/23', 'reserved'], // RFC 2928 IETF protocol assignments (Teredo, ORCHID, ...)
  ['2001:db8::/32', 'documentation'], // RFC 3849
  ['3fff::/20', 'documentation'], // RFC 9637
  ['fc00::/7', 'private'], // RFC 4193 unique local
  ['fe80::/10', 'link-local'], // RFC 4291
  ['ff00::/8', 'multicast'], // RFC 4291
];

const PARSED = RANGES.map(([text, scope]) => ({ prefix: parsePrefix(text), scope }));
// Global unicast IPv6 is allocated from 2000::/3 only (RFC 4291 §2.4); the rest is reserved.
const GLOBAL_UNICAST_V6 = parsePrefix('2000::/3');

/** The scope of one address (4 or 16 bytes, IPv4-mapped already normalised to IPv4). */
export function addressScope(ip: Uint8Array): AddressScope {
  const host = { ip, len: ip.length * 8 };
  // The most specific range wins: 2001:db8::/32 is documentation inside reserved 2001::/23.
  let best: { scope: AddressScope; len: number } | undefined;
  for (const { prefix, scope } of PARSED) {
    if (prefixContains(prefix, host) && (!best || prefix.len > best.len)) best = { scope, len: prefix.len };
  }
  if (best) return best.scope;
  if (ip.length === 16 && !prefixContains(GLOBAL_UNICAST_V6, host)) return 'reserved';
  return 'global';
}

/** True when the address may be named as a report's source. */
export function isBlameable(ip: Uint8Array, opts: { allowDocumentationAddresses?: boolean } = {}): boolean {
  const scope = addressScope(ip);
  return scope === 'global' || (scope === 'documentation' && opts.allowDocumentationAddresses === true);
}

/**
 * True when a whole prefix may be named as a report's subject: its first address is
 * blameable and it contains no range that is not (64.0.0.0/2, spanning 127.0.0.0/8, is refused).
 */
export function isBlameablePrefix(
  prefix: { readonly ip: Uint8Array; readonly len: number },
  opts: { allowDocumentationAddresses?: boolean } = {},
): boolean {
  if (!isBlameable(prefix.ip, opts)) return false;
  if (prefix.ip.length === 16 && prefix.len < GLOBAL_UNICAST_V6.len) return false;
  return PARSED.every(
    ({ prefix: range, scope }) =>
      !prefixContains(prefix, range) || (scope === 'documentation' && opts.allowDocumentationAddresses === true),
  );
}

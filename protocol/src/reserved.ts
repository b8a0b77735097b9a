/**
 * Targets no report or listing may be about: the names RFC 5782 §5 reserves in every
 * DNSBL. 127.0.0.1 and INVALID must never be listed (a mail server that sees them
 * answered takes the list for broken); 127.0.0.2 and TEST are the test entries every
 * DNSBL answers by itself. IPv6 lists use ::FFFF:7F00:1 and ::FFFF:7F00:2 (§2.4), which
 * ARX carries as the IPv4 addresses (address.ts normalises IPv4-mapped IPv6).
 *
 * This is pure policy fixed by the RFC, the same for every node and every roster, so it
 * is part of entry validation: every implementation refuses exactly the same entries.
 * Width limits (which need the roster) and public suffixes (which need the Public
 * Suffix List, whose data changes between releases) are checked by the node instead.
 */
import { formatPrefix, type IpPrefix, prefixContains } from './address.js';
import { fail } from './errors.js';
import { isIpTarget, type Target } from './validate.js';

/** RFC 5782 §5: the addresses a DNSBL answers by itself (test entry) or never. */
export const DNSBL_RESERVED_ADDRESSES: readonly IpPrefix[] = [
  { ip: Uint8Array.of(127, 0, 0, 1), len: 32 },
  { ip: Uint8Array.of(127, 0, 0, 2), len: 32 },
];

/** RFC 5782 §5: the domain names a domain-based DNSBL answers by itself (TEST) or never (INVALID). */
export const DNSBL_RESERVED_DOMAINS: readonly string[] = ['invalid', 'test'];

/** The reserved address (as CIDR) or name that `target` is or covers, if any. */
export function reservedIn(target: Target): string | undefined {
  if (isIpTarget(target)) {
    const hit = DNSBL_RESERVED_ADDRESSES.find((reserved) => prefixContains(target, reserved));
    return hit && formatPrefix(hit);
  }
  if ('domain' in target) return DNSBL_RESERVED_DOMAINS.find((d) => d === target.domain);
  return undefined;
}

/** Refuses a target that is or covers an RFC 5782 §5 reserved entry. */
export function checkNotReserved(target: Target, path: string): void {
  const reserved = reservedIn(target);
  if (reserved === undefined) return;
  const shown = isIpTarget(target) ? formatPrefix(target) : (target as { domain: string }).domain;
  const covers = shown === reserved ? '' : ` covers ${reserved}, which`;
  fail('ARX_PROTO_RESERVED_TARGET', `${path}: ${shown}${covers} is reserved by RFC 5782 §5`);
}

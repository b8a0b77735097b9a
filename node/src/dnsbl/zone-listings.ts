/**
 * What the DNSBL zone needs from a listing index, and nothing more: the listings in
 * force that cover a target, those that lie inside it, and all of them. Any index can
 * sit behind it (the node's in-memory index today, a compact typed-array index later);
 * `zoneListingsFrom` adapts a plain ListingIndex.
 */
import { type IpPrefix, prefixContains } from '@arx/protocol';
import type { ListingIndex, ListingView } from '../state/types.js';

/** Read access to the active listings a zone is built from; `now` decides expiry. */
export interface ZoneListings {
  /** Listings whose IP prefix contains `prefix` (or equals it). */
  covering(prefix: IpPrefix, now: number): ListingView[];
  /** Listings whose IP prefix lies inside `prefix` (or equals it). */
  inside(prefix: IpPrefix, now: number): ListingView[];
  /** Domain listings of `name` or of a parent of it. */
  coveringDomain(name: string, now: number): ListingView[];
  /** Domain listings of `name` or of a name below it. */
  insideDomain(name: string, now: number): ListingView[];
  /** Every active listing, in no particular order. */
  all(now: number): ListingView[];
  /** Active listings for an address (4 or 16 bytes): what a query about it is answered from. */
  forAddress(ip: Uint8Array, now: number): ListingView[];
  forDomain(name: string, now: number): ListingView[];
}

/** Regions this small are enumerated address by address; wider ones scan every listing. */
const ENUMERATE_ADDRESSES = 4096;

const ipOf = (l: ListingView): IpPrefix | null => ('ip' in l.target ? l.target : null);
const domainOf = (l: ListingView): string | null => ('domain' in l.target ? l.target.domain : null);

/**
 * A ZoneListings over a ListingIndex. `inside` for a region of more than 4096
 * addresses (or a domain) scans every active listing: an index kept in address order
 * answers it in O(log n + k) instead, and should implement ZoneListings itself.
 */
export function zoneListingsFrom(index: ListingIndex): ZoneListings {
  const covering = (prefix: IpPrefix, now: number) =>
    index.forAddress(prefix.ip, now).filter((l) => {
      const p = ipOf(l);
      return p !== null && p.len <= prefix.len && prefixContains(p, prefix);
    });
  const within = (prefix: IpPrefix) => (l: ListingView) => {
    const p = ipOf(l);
    return p !== null && p.ip.length === prefix.ip.length && p.len >= prefix.len && prefixContains(prefix, p);
  };
  return {
    covering,
    inside(prefix, now) {
      const bits = prefix.ip.length * 8 - prefix.len;
      if (bits === 0) return covering(prefix, now).filter((l) => ipOf(l)!.len === prefix.len);
      if (2 ** bits > ENUMERATE_ADDRESSES) return index.active({}, now).filter(within(prefix));
      const seen = new Map<string, ListingView>();
      const ip = Uint8Array.from(prefix.ip);
      const isInside = within(prefix);
      for (let n = 0; n < 2 ** bits; n++) {
        // The low `bits` bits of the address count through the region (at most 12 bits).
        for (let b = 0; b < bits; b++) {
          const bit = prefix.ip.length * 8 - 1 - b;
          const byte = bit >> 3;
          const mask = 0x80 >> (bit & 7);
          ip[byte] = (n >> b) & 1 ? ip[byte]! | mask : ip[byte]! & ~mask;
        }
        for (const l of index.forAddress(ip, now)) if (!seen.has(l.id) && isInside(l)) seen.set(l.id, l);
      }
      return [...seen.values()];
    },
    coveringDomain: (name, now) => index.forDomain(name, now).filter((l) => domainOf(l) !== null),
    insideDomain(name, now) {
      const suffix = `.${name}`;
      return index.active({}, now).filter((l) => {
        const d = domainOf(l);
        return d !== null && (d === name || d.endsWith(suffix));
      });
    },
    all: (now) => index.active({}, now),
    forAddress: (ip, now) => index.forAddress(ip, now),
    forDomain: (name, now) => index.forDomain(name, now),
  };
}

/**
 * The DNSBL as an ordinary DNS zone, so that standard secondaries (BIND, NSD, Knot)
 * can serve it after a zone transfer: the records a listing puts into the zone, as a
 * pure function of listings. Names are relative to the zone (`*.2.0.192`, `7.2.0.192`,
 * `example.com`, `*.example.com`).
 *
 * A prefix becomes a wildcard (RFC 4592) at the aligned node above its addresses:
 * `192.0.2.0/24` is `*.2.0.192`; a prefix not on a label boundary is expanded to the
 * nodes it covers (`/20` to sixteen `/24` wildcards, at most 128 nodes). A full-length
 * prefix is an ordinary name. A wildcard does not apply below a name that exists
 * (RFC 4592 §2.2.1), so a name inside a wider listing carries the wider listing's
 * records too, and so does a wildcard at every empty non-terminal in between: the zone
 * answers each address exactly as the node does. Domains get their own name and a
 * wildcard below it.
 */
import type { IpPrefix } from '@arx/protocol';
import type { ListingView } from '../state/types.js';
import { ALL_LIST_KINDS, returnCode, sortedReturnCodes } from './codes.js';
import { parseQueryName, queryName } from './names.js';
import { listingText, type RemovalUrl, testEntryText } from './txt.js';

/** One resource record of the zone; `name` is relative to the zone ('' is the apex). */
export interface ZoneRecord {
  readonly name: string;
  readonly type: 'A' | 'TXT';
  readonly data: string;
}

/** What shapes records beyond the listings themselves. */
export interface ZoneShape {
  readonly zone: string;
  readonly removalUrl?: RemovalUrl | undefined;
}

/** A key that identifies a record in diffs (names are lowercase). */
export function recordKey(r: ZoneRecord): string {
  return `${r.name}\t${r.type}\t${r.data}`;
}

const kindOrder = new Map(ALL_LIST_KINDS.map((k, i) => [k, i]));
/** The order the node answers TXT records in. */
export const byKindThenAge = (a: ListingView, b: ListingView): number =>
  kindOrder.get(a.list)! - kindOrder.get(b.list)! || a.since - b.since || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

// Text is derived from immutable views; the same view is written into many names.
const textCache = new WeakMap<ListingView, WeakMap<RemovalUrl | typeof noUrl, string>>();
const noUrl = {};
/** listingText, cached per view and removal URL. */
export function cachedText(listing: ListingView, removalUrl: RemovalUrl | undefined): string {
  const key = removalUrl ?? noUrl;
  let byUrl = textCache.get(listing);
  if (!byUrl) {
    byUrl = new WeakMap();
    textCache.set(listing, byUrl);
  }
  let text = byUrl.get(key);
  if (text === undefined) {
    text = listingText(listing, removalUrl);
    byUrl.set(key, text);
  }
  return text;
}

/** The A and TXT records of a name answered from `listings` (deduplicated A values). */
function recordsAt(name: string, listings: readonly ListingView[], shape: ZoneShape, out: ZoneRecord[]): void {
  const seen = new Set<string>();
  const unique = listings.filter((l) => !seen.has(l.id) && seen.add(l.id));
  for (const data of sortedReturnCodes(unique.map((l) => returnCode(l.list)))) out.push({ name, type: 'A', data });
  for (const l of [...unique].sort(byKindThenAge)) {
    out.push({ name, type: 'TXT', data: cachedText(l, shape.removalUrl) });
  }
}

interface Node {
  readonly labels: string[];
  readonly own: ListingView[];
  readonly children: Map<string, Node>;
}

const newNode = (labels: string[]): Node => ({ labels, own: [], children: new Map() });

function insert(root: Node, labels: readonly string[], listing: ListingView): void {
  let node = root;
  for (const label of labels) {
    let child = node.children.get(label);
    if (!child) {
      child = newNode([...node.labels, label]);
      node.children.set(label, child);
    }
    node = child;
  }
  node.own.push(listing);
}

/** Labels from the zone down (most significant first): octets of IPv4, nibbles of IPv6. */
function prefixNodes(prefix: IpPrefix): string[][] {
  const v4 = prefix.ip.length === 4;
  const unit = v4 ? 8 : 4;
  const depth = Math.max(1, Math.ceil(prefix.len / unit));
  const spare = depth * unit - prefix.len;
  const labelAt = (ip: Uint8Array, i: number) =>
    v4 ? String(ip[i]!) : ((i & 1 ? ip[i >> 1]! & 15 : ip[i >> 1]! >> 4) as number).toString(16);
  const out: string[][] = [];
  for (let n = 0; n < 1 << spare; n++) {
    const ip = Uint8Array.from(prefix.ip);
    // Fill the spare bits below the prefix with n: each value is one node of the expansion.
    for (let b = 0; b < spare; b++) {
      const bit = depth * unit - 1 - b;
      const mask = 0x80 >> (bit & 7);
      const byte = bit >> 3;
      ip[byte] = (n >> b) & 1 ? ip[byte]! | mask : ip[byte]! & ~mask;
    }
    out.push(Array.from({ length: depth }, (_, i) => labelAt(ip, i)));
  }
  return out;
}

/**
 * Records of IP listings of one family (all listings of one region, or the whole
 * zone's): names, wildcards and the wildcards of empty non-terminals under listed
 * prefixes.
 */
export function ipRecords(listings: readonly ListingView[], shape: ZoneShape): ZoneRecord[] {
  const root = newNode([]);
  let full = 0;
  for (const l of listings) {
    if (!('ip' in l.target)) continue;
    full = l.target.ip.length === 4 ? 4 : 32;
    for (const labels of prefixNodes(l.target)) insert(root, labels, l);
  }
  const out: ZoneRecord[] = [];
  const walk = (node: Node, inherited: readonly ListingView[]) => {
    const here = node.own.length ? [...inherited, ...node.own] : inherited;
    const depth = node.labels.length;
    if (depth > 0 && here.length > 0) {
      const name = [...node.labels].reverse().join('.');
      recordsAt(depth === full ? name : `*.${name}`, here, shape, out);
    }
    for (const child of node.children.values()) walk(child, here);
  };
  walk(root, []);
  return out;
}

/** True for a domain the node answers as itself (not an address, not outside the zone). */
export function isZoneDomain(domain: string, zone: string): boolean {
  if (!domain.includes('.')) return false;
  const target = parseQueryName(`${domain}.${zone}`, zone);
  return target.kind === 'domain' && target.name === domain;
}

/** Records of domain listings: each listed domain, and every name between it and names listed below it. */
export function domainRecords(listings: readonly ListingView[], shape: ZoneShape): ZoneRecord[] {
  const root = newNode([]);
  for (const l of listings) {
    if (!('domain' in l.target) || !isZoneDomain(l.target.domain, shape.zone)) continue;
    insert(root, l.target.domain.split('.').reverse(), l);
  }
  const out: ZoneRecord[] = [];
  const walk = (node: Node, inherited: readonly ListingView[]) => {
    const here = node.own.length ? [...inherited, ...node.own] : inherited;
    // The node answers a name when the name or a parent of it (two labels at least) is listed.
    if (here.length > 0 && node.labels.length >= 2) {
      const name = [...node.labels].reverse().join('.');
      recordsAt(name, here, shape, out);
      recordsAt(`*.${name}`, here, shape, out);
    }
    for (const child of node.children.values()) walk(child, here);
  };
  walk(root, []);
  return out;
}

/** The RFC 5782 §5 test entries the zone always holds, for the families it serves. */
export function testRecords(
  shape: ZoneShape,
  codes: { readonly ip: string | null; readonly domain: string | null },
): ZoneRecord[] {
  const text = testEntryText(shape.zone);
  const out: ZoneRecord[] = [];
  const relative = (name: string) => name.slice(0, name.length - shape.zone.length - 1);
  if (codes.ip) {
    for (const ip of [
      Uint8Array.of(127, 0, 0, 2),
      Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 127, 0, 0, 2),
    ]) {
      const name = relative(queryName(ip, shape.zone));
      out.push({ name, type: 'A', data: codes.ip }, { name, type: 'TXT', data: text });
    }
  }
  if (codes.domain)
    out.push({ name: 'test', type: 'A', data: codes.domain }, { name: 'test', type: 'TXT', data: text });
  return out;
}

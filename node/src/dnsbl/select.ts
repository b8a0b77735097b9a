/** Which listings an export holds, in which order: shared by every export format. */
import { compareBytes, LIST_KINDS, type ListKind } from '@arx/protocol';
import type { ListingView } from '../state/types.js';
import { ALL_LIST_KINDS } from './codes.js';
import { isActiveAt, type RemovalUrl } from './txt.js';

/** The `list` option of exports: one kind, several, or (omitted) all. */
export type ListSelection = ListKind | readonly ListKind[] | undefined;

/** Options of every export format; the last four only shape rbldnsd zone files. */
export interface ExportOptions {
  /** The DNSBL zone the export belongs to (named in JSON and rbldnsd output). */
  readonly zone: string;
  /** One list kind, several, or all when omitted. */
  readonly list?: ListSelection;
  /** Listings not in force at this time (ms since the epoch) are left out. */
  readonly now: number;
  /** Removal URL shown next to the `arx delist request` command. */
  readonly removalUrl?: RemovalUrl | undefined;
  /** rbldnsd: name server for $SOA and $NS (default ns.ZONE). */
  readonly nsName?: string | undefined;
  /** rbldnsd: zone contact mailbox or SOA RNAME (default hostmaster.ZONE). */
  readonly contact?: string | undefined;
  /** rbldnsd: $TTL of answers in seconds (default 300). */
  readonly ttl?: number | undefined;
  /** rbldnsd: SOA TTL and MINIMUM, the negative-caching TTL (default 60). */
  readonly negativeTtl?: number | undefined;
  /**
   * rbldnsd: the SOA serial (the node's zone serial). When given, the files hold no
   * export time, so the same zone always gives the same bytes (default: export time).
   */
  readonly serial?: number | undefined;
}

export function selectedKinds(list: ListSelection): ReadonlySet<ListKind> {
  const kinds = list === undefined ? ALL_LIST_KINDS : typeof list === 'string' ? [list] : list;
  for (const kind of kinds) {
    if (!Object.hasOwn(LIST_KINDS, kind)) throw new TypeError(`unknown list kind: ${String(kind)}`);
  }
  return new Set(kinds);
}

const kindOrder = new Map(ALL_LIST_KINDS.map((k, i) => [k, i]));

/** IPv4 before IPv6 before domains and URLs; by address, then prefix length, kind, id. */
export function compareListings(a: ListingView, b: ListingView): number {
  const ta = a.target;
  const tb = b.target;
  const rank = (t: ListingView['target']) => ('ip' in t ? (t.ip.length === 4 ? 0 : 1) : 2);
  const byRank = rank(ta) - rank(tb);
  if (byRank !== 0) return byRank;
  if ('ip' in ta && 'ip' in tb) {
    const byAddress = compareBytes(ta.ip, tb.ip) || ta.len - tb.len;
    if (byAddress !== 0) return byAddress;
  } else if (a.targetText !== b.targetText) {
    return a.targetText < b.targetText ? -1 : 1;
  }
  return kindOrder.get(a.list)! - kindOrder.get(b.list)! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The listings in force at `now` on the selected lists, once each, in a stable order,
 * so that the same state always exports to the same bytes.
 */
export function selectListings(listings: readonly ListingView[], list: ListSelection, now: number): ListingView[] {
  if (!Number.isFinite(now)) throw new TypeError('now must be a number (ms since the epoch)');
  const kinds = selectedKinds(list);
  const seen = new Set<string>();
  const out: ListingView[] = [];
  for (const l of listings) {
    if (!kinds.has(l.list) || !isActiveAt(l, now) || seen.has(l.id)) continue;
    seen.add(l.id);
    out.push(l);
  }
  return out.sort(compareListings);
}

/**
 * The DNSBL zone as versions for zone transfer: an SOA serial that advances on every
 * change of the zone's records, the whole zone at the current serial (AXFR, RFC 5936)
 * and a bounded journal of record changes between serials (IXFR, RFC 1995).
 *
 * Listing changes are collected as they are committed and sealed into a version by
 * `seal()` (called debounced by the server, and before every transfer). Only the
 * regions of the zone the changed listings touch are recomputed: a region is the
 * widest listing covering a changed one (or the changed one itself) with everything
 * inside it, before and after, and the difference of their records is the version's
 * change. Expiry is a change too: a timer seals when a listing runs out.
 */
import { compareBytes, type IpPrefix, type ListKind, prefixContains } from '@arx/protocol';
import type { ListingView } from '../state/types.js';
import { isIpListKind, testEntryCode } from './codes.js';
import { compareListings } from './select.js';
import type { ZoneListings } from './zone-listings.js';
import {
  domainRecords,
  ipRecords,
  isZoneDomain,
  recordKey,
  testRecords,
  type ZoneRecord,
  type ZoneShape,
} from './zone-records.js';

/** One sealed change: the records deleted and added going from `from` to `to`. */
export interface ZoneChange {
  readonly from: number;
  readonly to: number;
  readonly deleted: readonly ZoneRecord[];
  readonly added: readonly ZoneRecord[];
}

export interface ZoneOptions extends ZoneShape {
  readonly listings: ZoneListings;
  readonly lists: readonly ListKind[];
  /** Records kept in the journal (deleted plus added); older changes are dropped. */
  readonly journalRecords: number;
  readonly now: () => number;
}

/** RFC 1982 serial arithmetic: is `a` before `b`? */
export function serialBefore(a: number, b: number): boolean {
  return a !== b && (b - a) >>> 0 < 0x80000000;
}

const LOOPBACK_V4: IpPrefix = { ip: Uint8Array.of(127, 0, 0, 0), len: 8 };

type Region = { readonly kind: 'ip'; readonly prefix: IpPrefix } | { readonly kind: 'domain'; readonly name: string };

/** A min-heap of listings by expiry. */
class ExpiryHeap {
  private readonly items: ListingView[] = [];
  get size(): number {
    return this.items.length;
  }
  push(view: ListingView): void {
    const a = this.items;
    a.push(view);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]!.expires! <= a[i]!.expires!) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }
  peek(): ListingView | undefined {
    return this.items[0];
  }
  pop(): ListingView | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]!.expires! < a[m]!.expires!) m = l;
        if (r < a.length && a[r]!.expires! < a[m]!.expires!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

export class DnsblZone {
  private currentSerial: number;
  private readonly journal: ZoneChange[] = [];
  private journalSize = 0;
  private readonly added = new Map<string, ListingView>();
  private readonly removed = new Map<string, ListingView>();
  /** Views replaced or removed: their expiry no longer changes the zone. */
  private readonly gone = new WeakSet<ListingView>();
  private readonly expiries = new ExpiryHeap();
  private readonly ipKinds: ReadonlySet<ListKind>;
  private readonly domainKinds: ReadonlySet<ListKind>;
  /** Told when there are changes to seal. */
  onDirty: (() => void) | undefined;

  constructor(private readonly options: ZoneOptions) {
    this.ipKinds = new Set(options.lists.filter(isIpListKind));
    this.domainKinds = new Set(options.lists.filter((k) => !isIpListKind(k)));
    this.currentSerial = Math.floor(options.now() / 1000) >>> 0;
    for (const l of options.listings.all(options.now())) if (l.expires !== null) this.expiries.push(l);
  }

  /** The serial of the sealed version (what SOA queries and transfers show). */
  get serial(): number {
    return this.currentSerial;
  }

  /** True when changes are waiting for `seal()`. */
  get dirty(): boolean {
    return this.added.size > 0 || this.removed.size > 0 || this.nextExpiry() <= this.options.now();
  }

  /** The time (ms) of the next expiry in force, or Infinity. */
  nextExpiry(): number {
    for (;;) {
      const top = this.expiries.peek();
      if (!top) return Number.POSITIVE_INFINITY;
      if (this.gone.has(top)) this.expiries.pop();
      else return top.expires!;
    }
  }

  /** The zone's changes since the last seal: journaled changes (oldest first), bounded. */
  get changes(): readonly ZoneChange[] {
    return this.journal;
  }

  /** Records a committed listing change (`before` and `after` are the views of one id). */
  listingChanged(before: ListingView | undefined, after: ListingView | undefined): void {
    const now = this.options.now();
    if (before) {
      this.gone.add(before);
      if (this.added.get(before.id) === before) this.added.delete(before.id);
      else if (this.inZone(before, now) && !this.removed.has(before.id)) this.removed.set(before.id, before);
    }
    if (after && after.removedAt === null && this.inZone(after, now)) {
      this.added.set(after.id, after);
      if (after.expires !== null) this.expiries.push(after);
    }
    this.onDirty?.();
  }

  private served(l: ListingView): boolean {
    return 'ip' in l.target ? this.ipKinds.has(l.list) : this.domainKinds.has(l.list);
  }

  /** Whether a listing has records in the transferred zone at `now`. */
  inZone(l: ListingView, now: number): boolean {
    if (l.removedAt !== null || (l.expires !== null && l.expires <= now) || !this.served(l)) return false;
    const t = l.target;
    // Listings inside 127/8 would cover the RFC 5782 test entries: see docs/dnsbl.md.
    if ('ip' in t) return !(t.ip.length === 4 && prefixContains(LOOPBACK_V4, t));
    return 'domain' in t && isZoneDomain(t.domain, this.options.zone);
  }

  /**
   * Seals the collected changes into a new version when the zone's records changed;
   * returns the current serial.
   */
  seal(): number {
    const now = this.options.now();
    for (let next = this.nextExpiry(); next <= now; next = this.nextExpiry()) {
      const view = this.expiries.pop()!;
      this.gone.add(view);
      if (this.added.get(view.id) === view) this.added.delete(view.id);
      else if (!this.removed.has(view.id)) this.removed.set(view.id, view);
    }
    if (this.added.size === 0 && this.removed.size === 0) return this.currentSerial;
    const added = [...this.added.values()];
    const removed = [...this.removed.values()];
    this.added.clear();
    this.removed.clear();
    const deleted: ZoneRecord[] = [];
    const addedRecords: ZoneRecord[] = [];
    const addedIds = new Set(added.map((l) => l.id));
    const removedByRegion = new Map<Region, ListingView[]>();
    const regions = this.regions([...added, ...removed], removed, now);
    const lookup = new CoverLookup<Region>();
    for (const r of regions) lookup.add(r.kind === 'ip' ? r.prefix : r.name, r);
    for (const l of removed) {
      const t = targetOf(l);
      const region = t === null ? undefined : lookup.covering(t)[0];
      if (region) removedByRegion.set(region, [...(removedByRegion.get(region) ?? []), l]);
    }
    const inside = this.regionListings(regions, lookup, now);
    for (const region of regions) {
      const after = inside.get(region) ?? [];
      const before = after.filter((l) => !addedIds.has(l.id));
      before.push(...(removedByRegion.get(region) ?? []));
      const was = new Map([...this.records(before)].map((r) => [recordKey(r), r]));
      const is = new Map([...this.records(after)].map((r) => [recordKey(r), r]));
      for (const [key, r] of was) if (!is.has(key)) deleted.push(r);
      for (const [key, r] of is) if (!was.has(key)) addedRecords.push(r);
    }
    if (deleted.length === 0 && addedRecords.length === 0) return this.currentSerial;
    // Serials follow the clock (seconds) and always advance, also within one second.
    const next = Math.max((this.currentSerial + 1) >>> 0, Math.floor(now / 1000) >>> 0) >>> 0;
    this.journal.push({ from: this.currentSerial, to: next, deleted, added: addedRecords });
    this.journalSize += deleted.length + addedRecords.length;
    while (this.journal.length > 0 && this.journalSize > this.options.journalRecords) {
      const old = this.journal.shift()!;
      this.journalSize -= old.deleted.length + old.added.length;
    }
    this.currentSerial = next;
    return next;
  }

  /**
   * The changes from `serial` to the current one, oldest first; null when the journal
   * does not reach back that far (the client needs the whole zone).
   */
  changesSince(serial: number): readonly ZoneChange[] | null {
    if (serial === this.currentSerial) return [];
    const start = this.journal.findIndex((c) => c.from === serial);
    return start < 0 ? null : this.journal.slice(start);
  }

  /** Every record of the zone at the current serial (call seal() first), test entries first. */
  *records(listings?: readonly ListingView[]): Generator<ZoneRecord> {
    const now = this.options.now();
    if (listings === undefined) {
      const kinds = this.options.lists;
      const ipCode = this.ipKinds.size ? testEntryCode(kinds, 'ip') : null;
      const domainCode = this.domainKinds.size ? testEntryCode(kinds, 'domain') : null;
      yield* testRecords(this.options, { ip: ipCode, domain: domainCode });
      listings = this.options.listings.all(now).filter((l) => this.inZone(l, now));
    }
    // Region by region (a listing with everything inside it), so that the whole zone is
    // never held as records at once: memory follows the largest region, not the zone.
    for (const region of regionsOf(listings)) {
      const first = region[0]!;
      yield* 'ip' in first.target ? ipRecords(region, this.options) : domainRecords(region, this.options);
    }
  }

  /** The widest regions (no one inside another) that the changed listings touch. */
  private regions(changed: readonly ListingView[], removed: readonly ListingView[], now: number): Region[] {
    const { listings } = this.options;
    const gone = new CoverLookup<ListingView>();
    for (const l of removed) {
      const t = targetOf(l);
      if (t !== null) gone.add(t, l);
    }
    const ips: IpPrefix[] = [];
    const names: string[] = [];
    for (const l of changed) {
      const t = l.target;
      if ('ip' in t) {
        let widest: IpPrefix = t;
        for (const c of [...listings.covering(t, now), ...gone.covering(t)]) {
          const p = c.target as IpPrefix;
          if (p.len < widest.len && this.served(c) && this.inZone({ ...c, removedAt: null, expires: null }, now))
            widest = p;
        }
        ips.push(widest);
      } else if ('domain' in t) {
        let widest = t.domain;
        for (const c of [...listings.coveringDomain(t.domain, now), ...gone.covering(t.domain)]) {
          const d = (c.target as { domain: string }).domain;
          if (d.length < widest.length && this.served(c)) widest = d;
        }
        names.push(widest);
      }
    }
    // Sorted, a region's root comes before everything inside it: one sweep drops those.
    const out: Region[] = [];
    ips.sort((a, b) => a.ip.length - b.ip.length || compareBytes(a.ip, b.ip) || a.len - b.len);
    let root: IpPrefix | undefined;
    for (const p of ips) {
      if (root && root.ip.length === p.ip.length && prefixContains(root, p)) continue;
      root = p;
      out.push({ kind: 'ip', prefix: p });
    }
    const keyed = names.map((n) => [domainKey(n), n] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    let rootKey: string | undefined;
    for (const [key, name] of keyed) {
      if (rootKey !== undefined && (key === rootKey || key.startsWith(`${rootKey}\0`))) continue;
      rootKey = key;
      out.push({ kind: 'domain', name });
    }
    return out;
  }

  /**
   * The zone's listings inside each region now. Few wide regions are asked of the index
   * one by one; many are filled from one pass over every listing, so that a burst of
   * changes costs one pass, not one per change.
   */
  private regionListings(
    regions: readonly Region[],
    lookup: CoverLookup<Region>,
    now: number,
  ): Map<Region, ListingView[]> {
    const { listings } = this.options;
    const out = new Map<Region, ListingView[]>();
    const wide = regions.filter((r) => r.kind === 'domain' || r.prefix.ip.length * 8 - r.prefix.len > 12);
    const onePass = wide.length > WIDE_REGIONS_ONE_BY_ONE;
    for (const region of regions) {
      if (onePass && wide.includes(region)) continue;
      const found =
        region.kind === 'ip' ? listings.inside(region.prefix, now) : listings.insideDomain(region.name, now);
      out.set(
        region,
        found.filter((l) => this.inZone(l, now)),
      );
    }
    if (onePass) {
      const wideSet = new Set(wide);
      for (const region of wide) out.set(region, []);
      for (const l of listings.all(now)) {
        const t = targetOf(l);
        const region = t === null ? undefined : lookup.covering(t)[0];
        if (region && wideSet.has(region) && this.inZone(l, now)) out.get(region)!.push(l);
      }
    }
    return out;
  }
}

/** Regions recomputed by asking the index one by one; more are filled in one pass. */
const WIDE_REGIONS_ONE_BY_ONE = 8;

/** An IP prefix or domain as CoverLookup keys it. */
function targetOf(l: ListingView): IpPrefix | string | null {
  const t = l.target;
  return 'ip' in t ? t : 'domain' in t ? t.domain : null;
}

/** The network bytes of a prefix (masked to its length) as a map key. */
function networkKey(p: IpPrefix): string {
  let key = String.fromCharCode(p.ip.length, p.len);
  const full = p.len >> 3;
  for (let i = 0; i < full; i++) key += String.fromCharCode(p.ip[i]!);
  if (p.len & 7) key += String.fromCharCode(p.ip[full]! & (0xff << (8 - (p.len & 7))) & 0xff);
  return key;
}

/**
 * Values under IP prefixes and domains, asked for what covers a target: one hash
 * probe per prefix length present, or per parent domain, whatever the number of values.
 */
class CoverLookup<T> {
  private readonly prefixes = new Map<string, T[]>();
  private readonly lengths = new Set<number>();
  private readonly domains = new Map<string, T[]>();

  add(target: IpPrefix | string, value: T): void {
    const key = typeof target === 'string' ? target : networkKey(target);
    const map = typeof target === 'string' ? this.domains : this.prefixes;
    if (typeof target !== 'string') this.lengths.add(target.ip.length * 256 + target.len);
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  }

  /** Values whose prefix contains `target` (or whose domain is it or a parent of it). */
  covering(target: IpPrefix | string): T[] {
    const out: T[] = [];
    if (typeof target === 'string') {
      const labels = target.split('.');
      for (let i = 0; i < labels.length; i++) out.push(...(this.domains.get(labels.slice(i).join('.')) ?? []));
      return out;
    }
    for (const code of this.lengths) {
      const family = code >> 8;
      const len = code & 255;
      if (family !== target.ip.length || len > target.len) continue;
      out.push(...(this.prefixes.get(networkKey({ ip: target.ip, len })) ?? []));
    }
    return out;
  }
}

const domainKey = (domain: string) => domain.split('.').reverse().join('\0');

/**
 * Listings grouped into independent regions: sorted so that a covering prefix (or
 * parent domain) comes before what it covers, then cut wherever a listing is not inside
 * the current region's first listing.
 */
export function* regionsOf(listings: readonly ListingView[]): Generator<ListingView[]> {
  const ips = listings.filter((l) => 'ip' in l.target).sort(compareListings);
  let region: ListingView[] = [];
  for (const l of ips) {
    const root = region[0]?.target as IpPrefix | undefined;
    const t = l.target as IpPrefix;
    if (root && root.ip.length === t.ip.length && prefixContains(root, t)) region.push(l);
    else {
      if (region.length) yield region;
      region = [l];
    }
  }
  if (region.length) yield region;
  const domains = listings
    .filter((l) => 'domain' in l.target)
    .map((l) => [domainKey((l.target as { domain: string }).domain), l] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  region = [];
  let rootKey = '';
  for (const [key, l] of domains) {
    if (region.length && (key === rootKey || key.startsWith(`${rootKey}\0`))) region.push(l);
    else {
      if (region.length) yield region;
      region = [l];
      rootKey = key;
    }
  }
  if (region.length) yield region;
}

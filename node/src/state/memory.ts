/**
 * In-memory indexes rebuilt from storage at start and kept current after every
 * commit: active listings (for lookups, exports and the DNSBL) and report subjects
 * (for "recent reports about this address").
 */
import { fromHex, type IpPrefix, type ListKind, parseTarget } from '@arx/protocol';
import { PrefixMap } from './prefix-map.js';
import type { ListingRecord } from './records.js';
import type { ListingIndex, ListingView } from './types.js';

function prefixOf(ipHex: string, len: number): IpPrefix {
  return { ip: fromHex(ipHex), len };
}

/**
 * A node holds every active listing in memory (a million is ordinary for a list
 * operator), so a view shares what it can: the few origin keys are interned rather
 * than held once per listing as parsed from storage, and listings without delisting
 * requests share one empty list.
 */
const origins = new Map<string, string>();
const NO_REQUESTS: readonly string[] = Object.freeze([]);

function intern(origin: string): string {
  const held = origins.get(origin);
  if (held !== undefined) return held;
  if (origins.size < 10_000) origins.set(origin, origin);
  return origin;
}

export function listingView(r: ListingRecord, handleOf: (key: string) => string | null): ListingView {
  return {
    id: r.id,
    list: r.list,
    target: parseTarget(r.target),
    targetText: r.target,
    reason: r.reason,
    origin: intern(r.origin),
    originHandle: handleOf(r.origin),
    since: r.since,
    expires: r.expires,
    removedAt: r.removedAt,
    requests: r.requests.length === 0 ? NO_REQUESTS : r.requests,
  };
}

const isActive = (v: ListingView, now: number) => v.removedAt === null && (v.expires === null || v.expires > now);

/** Active (not removed) listings; expiry is decided at query time so nobody has to delete expired ones. */
export class MemoryListingIndex implements ListingIndex {
  private readonly byId = new Map<string, ListingView>();
  private readonly prefixes = new PrefixMap<ListingView>();
  private readonly domains = new Map<string, ListingView[]>();

  get size(): number {
    return this.byId.size;
  }

  get(id: string): ListingView | undefined {
    return this.byId.get(id);
  }

  put(view: ListingView): void {
    this.remove(view.id);
    if (view.removedAt !== null) return;
    this.byId.set(view.id, view);
    const t = view.target;
    if ('ip' in t) this.prefixes.add(t, view);
    else {
      const name = 'domain' in t ? t.domain : t.url;
      const bucket = this.domains.get(name);
      if (bucket) bucket.push(view);
      else this.domains.set(name, [view]);
    }
  }

  remove(id: string): void {
    const view = this.byId.get(id);
    if (!view) return;
    this.byId.delete(id);
    const t = view.target;
    if ('ip' in t) this.prefixes.remove(t, (v) => v.id === id);
    else {
      const name = 'domain' in t ? t.domain : t.url;
      const kept = (this.domains.get(name) ?? []).filter((v) => v.id !== id);
      if (kept.length) this.domains.set(name, kept);
      else this.domains.delete(name);
    }
  }

  forAddress(ip: Uint8Array, now = Date.now()): ListingView[] {
    return this.prefixes.covering({ ip, len: ip.length * 8 }).filter((v) => isActive(v, now));
  }

  forPrefix(prefix: IpPrefix, now = Date.now()): ListingView[] {
    return this.prefixes.covering(prefix).filter((v) => isActive(v, now));
  }

  forDomain(name: string, now = Date.now()): ListingView[] {
    const out: ListingView[] = [];
    const labels = name.toLowerCase().replace(/\.$/, '').split('.');
    for (let i = 0; i < labels.length - 1; i++) {
      for (const v of this.domains.get(labels.slice(i).join('.')) ?? []) if (isActive(v, now)) out.push(v);
    }
    return out;
  }

  /** How many listings are active at `now` (without building the list). */
  countActive(now = Date.now()): number {
    let n = 0;
    for (const v of this.byId.values()) if (isActive(v, now)) n++;
    return n;
  }

  active(filter: { list?: ListKind; origin?: string } = {}, now = Date.now()): ListingView[] {
    const out: ListingView[] = [];
    for (const v of this.byId.values()) {
      if (filter.list && v.list !== filter.list) continue;
      if (filter.origin && v.origin !== filter.origin) continue;
      if (isActive(v, now)) out.push(v);
    }
    return out;
  }
}

/**
 * Report ids by subject prefix, for lookups, in arrival order per subject. Adding is
 * idempotent, so the many changes of one report (each ack) cost a set lookup, not a
 * pass over every report about the same address.
 */
export class ReportSubjects {
  private readonly prefixes = new PrefixMap<string>();
  private readonly present = new Set<string>();

  add(id: string, ipHex: string, len: number): void {
    if (this.present.has(id)) return;
    this.present.add(id);
    this.prefixes.add(prefixOf(ipHex, len), id);
  }

  remove(id: string, ipHex: string, len: number): void {
    if (!this.present.delete(id)) return;
    this.prefixes.remove(prefixOf(ipHex, len), (v) => v === id);
  }

  /** Report ids whose subject contains or equals the address/prefix. */
  about(prefix: IpPrefix): string[] {
    return this.prefixes.covering(prefix);
  }

  /** The latest `limit` report ids of each subject containing the address/prefix, most specific first. */
  recent(prefix: IpPrefix, limit: number): string[] {
    const out: string[] = [];
    for (const bucket of this.prefixes.coveringBuckets(prefix)) {
      for (let i = Math.max(0, bucket.length - limit); i < bucket.length; i++) out.push(bucket[i]!);
    }
    return out;
  }

  get size(): number {
    return this.present.size;
  }
}

/**
 * A small in-memory ListingIndex for the DNSBL tests and benchmark: the node's PrefixMap
 * (one hash map per prefix length present), domains by exact name with
 * parent-domain matching. Activeness is decided at query time from `now`, as the
 * ListingIndex contract asks.
 */
import type { ListKind } from '@arx/protocol';
import { PrefixMap } from '../../src/state/prefix-map.js';
import type { ListingIndex, ListingView } from '../../src/state/types.js';

const isActive = (v: ListingView, now: number) => v.removedAt === null && (v.expires === null || v.expires > now);

export class TestListingIndex implements ListingIndex {
  private readonly all: ListingView[] = [];
  private readonly prefixes = new PrefixMap<ListingView>();
  private readonly domains = new Map<string, ListingView[]>();
  /** Calls made, so tests can see that the index (not the server) decided. */
  calls = 0;

  constructor(listings: Iterable<ListingView> = []) {
    for (const l of listings) this.add(l);
  }

  get size(): number {
    return this.all.length;
  }

  /** Listings added so far (ListingIndex.version: the responder's answer cache follows it). */
  get version(): number {
    return this.all.length;
  }

  add(view: ListingView): void {
    this.all.push(view);
    const t = view.target;
    if ('ip' in t) this.prefixes.add(t, view);
    else if ('domain' in t) {
      const bucket = this.domains.get(t.domain);
      if (bucket) bucket.push(view);
      else this.domains.set(t.domain, [view]);
    }
  }

  forAddress(ip: Uint8Array, now = Date.now()): ListingView[] {
    this.calls++;
    return this.prefixes.covering({ ip, len: ip.length * 8 }).filter((v) => isActive(v, now));
  }

  forDomain(name: string, now = Date.now()): ListingView[] {
    this.calls++;
    const labels = name.toLowerCase().replace(/\.$/, '').split('.');
    const out: ListingView[] = [];
    for (let i = 0; i < labels.length; i++) {
      for (const v of this.domains.get(labels.slice(i).join('.')) ?? []) if (isActive(v, now)) out.push(v);
    }
    return out;
  }

  active(filter: { list?: ListKind; origin?: string } = {}, now = Date.now()): ListingView[] {
    return this.all.filter(
      (v) =>
        (!filter.list || v.list === filter.list) && (!filter.origin || v.origin === filter.origin) && isActive(v, now),
    );
  }
}

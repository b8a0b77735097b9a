/**
 * A small in-memory ListingIndex for the DNSBL tests and benchmark: one hash map per
 * prefix length present (a lookup probes each length), domains by exact name with
 * parent-domain matching. Activeness is decided at query time from `now`, as the
 * ListingIndex contract asks.
 */
import type { ListKind } from '@arx/protocol';
import type { ListingIndex, ListingView } from '../../src/state/types.js';

const isActive = (v: ListingView, now: number) => v.removedAt === null && (v.expires === null || v.expires > now);

function networkKey(ip: Uint8Array, len: number): string {
  let key = '';
  const full = len >> 3;
  for (let i = 0; i < full; i++) key += String.fromCharCode(ip[i]!);
  const rem = len & 7;
  if (rem) key += String.fromCharCode(ip[full]! & ((0xff << (8 - rem)) & 0xff));
  return key;
}

class PrefixTable {
  private readonly byLength = new Map<number, Map<string, ListingView[]>>();
  private lengths: number[] = [];

  add(ip: Uint8Array, len: number, view: ListingView): void {
    let table = this.byLength.get(len);
    if (!table) {
      table = new Map();
      this.byLength.set(len, table);
      this.lengths = [...this.byLength.keys()].sort((a, b) => b - a);
    }
    const key = networkKey(ip, len);
    const bucket = table.get(key);
    if (bucket) bucket.push(view);
    else table.set(key, [view]);
  }

  covering(ip: Uint8Array): ListingView[] {
    const out: ListingView[] = [];
    for (const len of this.lengths) {
      const bucket = this.byLength.get(len)!.get(networkKey(ip, len));
      if (bucket) out.push(...bucket);
    }
    return out;
  }
}

export class TestListingIndex implements ListingIndex {
  private readonly all: ListingView[] = [];
  private readonly v4 = new PrefixTable();
  private readonly v6 = new PrefixTable();
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
    if ('ip' in t) (t.ip.length === 4 ? this.v4 : this.v6).add(t.ip, t.len, view);
    else if ('domain' in t) {
      const bucket = this.domains.get(t.domain);
      if (bucket) bucket.push(view);
      else this.domains.set(t.domain, [view]);
    }
  }

  forAddress(ip: Uint8Array, now = Date.now()): ListingView[] {
    this.calls++;
    return (ip.length === 4 ? this.v4 : this.v6).covering(ip).filter((v) => isActive(v, now));
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

/**
 * Longest-prefix lookups for IPv4 and IPv6: one hash map per prefix length present,
 * keyed by the masked network. A lookup probes each present length from the longest
 * down, so it costs (number of distinct lengths) hash probes — a handful in practice —
 * and memory stays proportional to the number of prefixes (a bit trie of a million /32s
 * would hold tens of millions of nodes).
 */
import type { IpPrefix } from '@arx/protocol';

function networkKey(ip: Uint8Array, len: number): string {
  const full = len >> 3;
  let key = '';
  for (let i = 0; i < full; i++) key += String.fromCharCode(ip[i]!);
  const rem = len & 7;
  if (rem) key += String.fromCharCode(ip[full]! & ((0xff << (8 - rem)) & 0xff));
  return key;
}

class Family<T> {
  readonly byLength = new Map<number, Map<string, T[]>>();
  lengths: number[] = [];

  add(ip: Uint8Array, len: number, value: T): void {
    let table = this.byLength.get(len);
    if (!table) {
      table = new Map();
      this.byLength.set(len, table);
      this.lengths = [...this.byLength.keys()].sort((a, b) => b - a);
    }
    const key = networkKey(ip, len);
    const bucket = table.get(key);
    if (bucket) bucket.push(value);
    else table.set(key, [value]);
  }

  remove(ip: Uint8Array, len: number, match: (value: T) => boolean): void {
    const table = this.byLength.get(len);
    const key = networkKey(ip, len);
    const bucket = table?.get(key);
    if (!table || !bucket) return;
    const kept = bucket.filter((v) => !match(v));
    if (kept.length) table.set(key, kept);
    else table.delete(key);
  }
}

/** A multimap from IP prefixes to values with containment queries. */
export class PrefixMap<T> {
  private readonly v4 = new Family<T>();
  private readonly v6 = new Family<T>();
  private count = 0;

  private family(ip: Uint8Array): Family<T> {
    return ip.length === 4 ? this.v4 : this.v6;
  }

  get size(): number {
    return this.count;
  }

  add(prefix: IpPrefix, value: T): void {
    this.family(prefix.ip).add(prefix.ip, prefix.len, value);
    this.count++;
  }

  /** Removes the values under exactly this prefix for which `match` is true. */
  remove(prefix: IpPrefix, match: (value: T) => boolean): void {
    this.family(prefix.ip).remove(prefix.ip, prefix.len, match);
  }

  /** Values of every prefix containing `prefix` (an address is a full-length prefix), most specific first. */
  covering(prefix: IpPrefix): T[] {
    const out: T[] = [];
    // A loop, not push(...bucket): a bucket of a few hundred thousand values (reports
    // about one busy address) would overflow the call stack as spread arguments.
    for (const bucket of this.coveringBuckets(prefix)) for (const value of bucket) out.push(value);
    return out;
  }

  /** The value lists of every prefix containing `prefix`, most specific first, without copying them. */
  coveringBuckets(prefix: IpPrefix): readonly (readonly T[])[] {
    const fam = this.family(prefix.ip);
    const out: T[][] = [];
    for (const len of fam.lengths) {
      if (len > prefix.len) continue;
      const bucket = fam.byLength.get(len)!.get(networkKey(prefix.ip, len));
      if (bucket) out.push(bucket);
    }
    return out;
  }

  /** Values of the most specific prefix containing `prefix`. */
  longest(prefix: IpPrefix): T[] {
    const fam = this.family(prefix.ip);
    for (const len of fam.lengths) {
      if (len > prefix.len) continue;
      const bucket = fam.byLength.get(len)!.get(networkKey(prefix.ip, len));
      if (bucket) return bucket;
    }
    return [];
  }
}

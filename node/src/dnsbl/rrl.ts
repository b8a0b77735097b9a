/**
 * Response rate limiting, in the manner of BIND's RRL (the "DNS Response Rate
 * Limiting" technical note by Vixie and Schryver): identical responses to one client
 * prefix (/24 for IPv4, /56 for IPv6) are limited to a rate per second, so that the
 * node cannot be used to flood a forged source address. Past the limit a response is
 * dropped, except every `slip`-th, which is sent empty with TC set: a real client
 * behind the prefix retries over TCP, which cannot be forged, and is answered there.
 *
 * The check is synchronous and allocation-light because it runs on every UDP query;
 * the table of buckets is bounded (the oldest bucket is forgotten first).
 */
import { isIPv4 } from 'node:net';

export interface RrlOptions {
  /** Identical responses per second per client prefix; 0 turns limiting off. */
  readonly responsesPerSecond: number;
  /** Every slip-th limited response is sent truncated (0: drop all). */
  readonly slip: number;
  /** Buckets kept at most. */
  readonly maxBuckets: number;
  readonly ipv4PrefixLength?: number;
  readonly ipv6PrefixLength?: number;
}

/** What to do with a response. */
export type RrlVerdict = 'send' | 'drop' | 'slip';

interface Bucket {
  tokens: number;
  last: number;
  limited: number;
}

/** The client prefix of an address as a short key (/24 IPv4, /56 IPv6 by default). */
export function clientPrefix(address: string, v4Len = 24, v6Len = 56): string {
  const plain = address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
  if (isIPv4(plain)) {
    const parts = plain.split('.').map(Number);
    const n = ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
    const mask = v4Len === 0 ? 0 : (0xffffffff << (32 - v4Len)) >>> 0;
    return `4:${(n & mask) >>> 0}`;
  }
  // Expand "::" and keep the first v6Len bits (in whole 16-bit groups, then a masked one).
  const [head = '', tail = ''] = plain.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = plain.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  const out: string[] = [];
  for (let i = 0; i < 8 && i * 16 < v6Len; i++) {
    const g = Number.parseInt(groups[i] ?? '0', 16) || 0;
    const keep = Math.min(16, v6Len - i * 16);
    out.push(((g >> (16 - keep)) << (16 - keep)).toString(16));
  }
  return `6:${out.join(':')}`;
}

export class ResponseRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  /** Responses dropped and slipped since start. */
  dropped = 0;
  slipped = 0;

  constructor(private readonly options: RrlOptions) {}

  get enabled(): boolean {
    return this.options.responsesPerSecond > 0;
  }

  get size(): number {
    return this.buckets.size;
  }

  /**
   * Charges one response to (client prefix, response identity) and says whether it may
   * be sent. `identity` names the response: the query name and type, and the rcode.
   */
  check(address: string, identity: string, nowMs: number): RrlVerdict {
    const rate = this.options.responsesPerSecond;
    if (rate <= 0) return 'send';
    const key = `${clientPrefix(address, this.options.ipv4PrefixLength, this.options.ipv6PrefixLength)}|${identity}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.options.maxBuckets) {
        // Maps iterate in insertion order: the first key is the oldest bucket.
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
      bucket = { tokens: rate, last: nowMs, limited: 0 };
      this.buckets.set(key, bucket);
    } else {
      // A burst of up to one second's worth, refilled continuously.
      bucket.tokens = Math.min(rate, bucket.tokens + ((nowMs - bucket.last) * rate) / 1000);
      bucket.last = nowMs;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 'send';
    }
    bucket.limited++;
    if (this.options.slip > 0 && bucket.limited % this.options.slip === 0) {
      this.slipped++;
      return 'slip';
    }
    this.dropped++;
    return 'drop';
  }
}

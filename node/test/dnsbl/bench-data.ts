/**
 * Deterministic listings for the DNSBL benchmark: the same `count` gives the same
 * listings in every process (the node's server runs in a child process), and query
 * names that are listed or not by construction.
 */
import { createHash } from 'node:crypto';
import { ALL_LIST_KINDS, isIpListKind, queryName } from '../../src/dnsbl/index.js';
import type { ListingView } from '../../src/state/types.js';

const IP_KINDS = ALL_LIST_KINDS.filter(isIpListKind);
const REASONS = {
  'spam-source': 'spam.source',
  'open-relay': 'relay.open',
  'open-proxy': 'proxy.open',
  'non-conforming-list': 'spam.bulk-unconfirmed',
  dynamic: 'policy.dynamic',
  'spamvertised-site': 'site.spamvertised',
} as const;
const SINCE = Date.UTC(2024, 3, 1);

/** Shares of the listings: IPv4 hosts, IPv4 /24s, the rest IPv6 /64s. */
const HOSTS = 0.9;
const NETS = 0.05;

const BASE_HOSTS = 10 << 24; // 10.0.0.0, every third address listed
const BASE_NETS = 20 << 24; // 20.0.0.0/24, 20.0.1.0/24, ...

function v4(n: number): Uint8Array {
  return Uint8Array.of((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
}

function v6net(j: number): Uint8Array {
  const ip = new Uint8Array(16);
  ip.set([0x20, 0x01, 0x0d, 0xb8, (j >>> 24) & 255, (j >>> 16) & 255, (j >>> 8) & 255, j & 255]);
  return ip;
}

function hexAddress(ip: Uint8Array): string {
  if (ip.length === 4) return ip.join('.');
  const words: string[] = [];
  for (let i = 0; i < 8; i += 2) words.push(((ip[i]! << 8) | ip[i + 1]!).toString(16));
  return `${words.join(':')}::`;
}

export interface BenchLayout {
  readonly hosts: number;
  readonly nets: number;
  readonly v6: number;
}

export function layout(count: number): BenchLayout {
  const hosts = Math.floor(count * HOSTS);
  const nets = Math.floor(count * NETS);
  return { hosts, nets, v6: count - hosts - nets };
}

/** The i-th of `count` benchmark listings. */
export function benchListing(i: number, count: number): ListingView {
  const { hosts, nets } = layout(count);
  let ip: Uint8Array;
  let len: number;
  if (i < hosts) {
    ip = v4(BASE_HOSTS + i * 3);
    len = 32;
  } else if (i < hosts + nets) {
    ip = v4(BASE_NETS + (i - hosts) * 256);
    len = 24;
  } else {
    ip = v6net(i - hosts - nets);
    len = 64;
  }
  const list = IP_KINDS[i % IP_KINDS.length]!;
  return {
    // Entry ids are SHA-256 digests: uniform, as the index's hash tables expect.
    id: createHash('sha256').update(`bench-listing-${i}`).digest('hex'),
    list,
    target: { ip, len },
    targetText: `${hexAddress(ip)}/${len}`,
    reason: REASONS[list],
    origin: 'b0'.repeat(32),
    originHandle: 'bench',
    since: SINCE,
    expires: null,
    removedAt: null,
    requests: [],
  };
}

export function benchListings(count: number): ListingView[] {
  return Array.from({ length: count }, (_, i) => benchListing(i, count));
}

/**
 * `n` query names for A lookups: 50% listed hosts, 20% addresses in listed /24s, 15% in
 * listed IPv6 /64s, 15% unlisted (the address after a listed host).
 */
export function benchQueryNames(count: number, n: number, zone: string, seed = 1): string[] {
  const { hosts, nets, v6 } = layout(count);
  let state = seed;
  const random = (below: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return Math.floor((state / 2 ** 32) * below);
  };
  const names: string[] = [];
  for (let k = 0; k < n; k++) {
    const pick = k % 20;
    let ip: Uint8Array;
    if (pick < 10) ip = v4(BASE_HOSTS + random(hosts) * 3);
    else if (pick < 14) ip = v4(BASE_NETS + random(nets) * 256 + 1 + random(254));
    else if (pick < 17) {
      ip = v6net(random(v6));
      ip[15] = 1 + random(254);
    } else ip = v4(BASE_HOSTS + random(hosts) * 3 + 1);
    names.push(queryName(ip, zone));
  }
  return names;
}

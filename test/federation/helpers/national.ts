/**
 * A national roster for tests and benchmarks: 150 members and 30,000 netblock claims
 * in all — one carrier-sized member with 5,000 /24s, a wide block whose /24s are
 * delegated to other members (the most specific claim decides), and the rest spread
 * over the other providers. Steward keys sign k of n (2 of 3).
 */
import { createRosterDocument, type KeyPair, parsePrefix, type Roster, type RosterMember } from '@arx/protocol';
import { keyFor } from '../../../node/test/helpers/fixture.js';

export const STEWARDS: KeyPair[] = [keyFor('steward1'), keyFor('steward2'), keyFor('steward3')];
export const THRESHOLD = 2;

/** The federation's node members (they run nodes in the tests). */
export const NODE_MEMBERS = [
  { handle: 'isc', roles: ['steward', 'observer', 'reporter'] as const },
  { handle: 'cnisp1', roles: ['provider'] as const },
  { handle: 'aol', roles: ['reporter'] as const },
];

export interface NationalOptions {
  members?: number;
  claims?: number;
  /** Claims of `cnisp1`, the largest member. */
  largest?: number;
  /** Members left out (by handle), e.g. to remove one in a later version. */
  without?: string[];
}

/** The /24 with index i inside 10.0.0.0/8 (the tests' national address space). */
export function block24(i: number): string {
  return `10.${(i >> 8) & 255}.${i & 255}.0/24`;
}

/**
 * A carrier's wide block: the providers' /24s from 10.112.0.0 to 10.117.47.0 lie inside
 * it (delegated), the rest of it is answered by the carrier.
 */
export const WIDE_BLOCK = '10.112.0.0/12';
export const WIDE_HOLDER = 'carrier';

function member(handle: string, roles: readonly string[], netblocks: string[]): RosterMember {
  return {
    key: keyFor(handle).publicKey,
    handle,
    names: { en: `${handle.toUpperCase()} Networks`, 'zh-CN': `${handle} 网络` },
    roles: [...roles] as RosterMember['roles'],
    netblocks: netblocks.map(parsePrefix),
    contacts: { abuse: [`abuse@${handle}.example`], escalation: [`noc@${handle}.example`] },
    languages: ['zh-CN', 'en'],
    endpoint: `wss://arx.${handle}.example/v1/ws`,
  };
}

/**
 * The roster: the node members (cnisp1 with the first `largest` /24s of 10.0.0.0/8),
 * `carrier` (holding WIDE_BLOCK), and providers p001… sharing the remaining claims as
 * the consecutive /24s after cnisp1's.
 */
export function nationalRoster(version: number, opts: NationalOptions = {}): Roster {
  const total = opts.claims ?? 30_000;
  const largest = opts.largest ?? 5_000;
  const count = opts.members ?? 150;
  const providers = count - NODE_MEMBERS.length - 1;
  const members: RosterMember[] = [];
  for (const m of NODE_MEMBERS) {
    members.push(member(m.handle, m.roles, m.handle === 'cnisp1' ? range(0, largest) : []));
  }
  members.push(member(WIDE_HOLDER, ['provider'], [WIDE_BLOCK]));
  const rest = total - largest - 1;
  let next = largest;
  for (let p = 0; p < providers; p++) {
    const n = Math.floor(rest / providers) + (p < rest % providers ? 1 : 0);
    members.push(member(providerHandle(p), ['provider'], range(next, n)));
    next += n;
  }
  const without = new Set(opts.without ?? []);
  return {
    v: 1,
    version,
    issued: 1_764_000_000_000 + version,
    threshold: THRESHOLD,
    stewards: STEWARDS.map((k) => k.publicKey),
    members: members.filter((m) => !without.has(m.handle)),
    name: { en: 'National federation', 'zh-CN': '全国联盟' },
  };
}

export function providerHandle(p: number): string {
  return `p${String(p + 1).padStart(3, '0')}`;
}

function range(first: number, n: number): string[] {
  return Array.from({ length: n }, (_, i) => block24(first + i));
}

/** The small roster a federation starts from: just the node members, same stewards. */
export function smallRoster(version = 1): Roster {
  return nationalRoster(version, { members: NODE_MEMBERS.length + 1, claims: 41, largest: 40 });
}

/** Signs a roster with the first k stewards. */
export function signRoster(roster: Roster, k = THRESHOLD): Uint8Array {
  return createRosterDocument(roster, STEWARDS.slice(0, k));
}

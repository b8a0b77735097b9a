/**
 * The roster a node currently trusts, with the lookups built from it: members by key,
 * handle and arx1 id, and the netblock claims that decide who is responsible for an
 * address (the most specific claim wins). A national roster holds tens of thousands of
 * claims; they go into one hash table per prefix length present (IPv4 keyed by the
 * network as an integer), so an answer costs a handful of hash probes however many
 * claims the roster has, and a
 * member's JSON view is built once per roster, not once per answer.
 */
import { createHash } from 'node:crypto';
import {
  formatKeyId,
  formatPrefix,
  type IpPrefix,
  type Roster,
  type RosterMember,
  toHex,
  type VerifiedRoster,
} from '@arx/protocol';
import { PrefixMap } from './prefix-map.js';
import type { MemberView } from './types.js';

/** A member's claim that contains an address: who, and which netblock. */
export interface ResponsibleClaim {
  readonly member: RosterMember;
  readonly claim: IpPrefix;
}

/**
 * IPv4 claims by prefix length, keyed by the masked network as a 32-bit integer: a
 * lookup is one integer-keyed hash probe per distinct claim length present (two or
 * three in a national roster), however many claims there are. IPv6 claims use the
 * general PrefixMap.
 */
class V4Claims {
  /** [length, network mask, table], longest first. */
  private levels: [number, number, Map<number, ResponsibleClaim>][] = [];

  add(ip: Uint8Array, len: number, claim: ResponsibleClaim): void {
    let level = this.levels.find((l) => l[0] === len);
    if (!level) {
      level = [len, len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0, new Map()];
      this.levels.push(level);
      this.levels.sort((a, b) => b[0] - a[0]);
    }
    const key = (toUint32(ip) & level[1]) >>> 0;
    // Two members claiming the same block is a roster error; the first listed wins.
    if (!level[2].has(key)) level[2].set(key, claim);
  }

  longest(ip: Uint8Array, len: number): ResponsibleClaim | undefined {
    const address = toUint32(ip);
    for (const [length, mask, table] of this.levels) {
      if (length > len) continue;
      const found = table.get((address & mask) >>> 0);
      if (found) return found;
    }
    return undefined;
  }
}

function toUint32(ip: Uint8Array): number {
  return ((ip[0]! << 24) | (ip[1]! << 16) | (ip[2]! << 8) | ip[3]!) >>> 0;
}

export class RosterState {
  readonly roster: Roster;
  readonly document: Uint8Array;
  /** SHA-256 (hex) of the signed document, computed once per roster version. */
  readonly documentDigest: string;
  private readonly byKey = new Map<string, RosterMember>();
  private readonly byHandle = new Map<string, RosterMember>();
  private readonly byId = new Map<string, RosterMember>();
  private readonly v4 = new V4Claims();
  private readonly v6 = new PrefixMap<ResponsibleClaim>();
  private claimCount = 0;
  private readonly views = new WeakMap<RosterMember, MemberView>();

  constructor(verified: VerifiedRoster) {
    this.roster = verified.roster;
    this.document = verified.document;
    this.documentDigest = createHash('sha256').update(verified.document).digest('hex');
    for (const m of verified.roster.members) {
      this.byKey.set(toHex(m.key), m);
      this.byHandle.set(m.handle, m);
      this.byId.set(formatKeyId(m.key), m);
      for (const block of m.netblocks) {
        const claim = { member: m, claim: block };
        if (block.ip.length === 4) this.v4.add(block.ip, block.len, claim);
        else this.v6.add(block, claim);
        this.claimCount++;
      }
    }
  }

  get version(): number {
    return this.roster.version;
  }

  /** Netblock claims in all. */
  get claims(): number {
    return this.claimCount;
  }

  member(keyHex: string): RosterMember | undefined {
    return this.byKey.get(keyHex);
  }

  memberByHandle(handle: string): RosterMember | undefined {
    return this.byHandle.get(handle);
  }

  handleOf(keyHex: string): string | null {
    return this.byKey.get(keyHex)?.handle ?? null;
  }

  members(): RosterMember[] {
    return [...this.byKey.values()];
  }

  /** The member whose most specific netblock claim contains `prefix`. */
  responsibleFor(prefix: IpPrefix): RosterMember | undefined {
    return this.claimFor(prefix)?.member;
  }

  /** The most specific claim containing `prefix`, and its member. */
  claimFor(prefix: IpPrefix): ResponsibleClaim | undefined {
    if (prefix.ip.length === 4) return this.v4.longest(prefix.ip, prefix.len);
    // Two members claiming the same most-specific block is a roster error; the first listed wins.
    return this.v6.longest(prefix)[0];
  }

  /** Resolves a handle, hex key or arx1 id to a member's hex key. */
  resolve(ref: string): string | undefined {
    const m = this.byHandle.get(ref) ?? this.byKey.get(ref.toLowerCase()) ?? this.byId.get(ref);
    return m ? toHex(m.key) : undefined;
  }

  /** The JSON view of a member, built once per roster. */
  view(m: RosterMember): MemberView {
    let view = this.views.get(m);
    if (!view) {
      view = memberView(m);
      this.views.set(m, view);
    }
    return view;
  }
}

/** The JSON view of a member for lookups and APIs. */
export function memberView(m: RosterMember): MemberView {
  return {
    key: toHex(m.key),
    id: formatKeyId(m.key),
    handle: m.handle,
    names: m.names,
    roles: m.roles,
    netblocks: m.netblocks.map(formatPrefix),
    contacts: { abuse: m.contacts.abuse, escalation: m.contacts.escalation ?? [] },
    languages: m.languages ?? [],
    endpoint: m.endpoint ?? null,
  };
}

/** A member as an answer about one address presents it: the claim that matched instead of every claim. */
export type ResponsibleView = Omit<MemberView, 'netblocks'> & { claim: string; netblockCount: number };

export function responsibleView(state: RosterState, found: ResponsibleClaim): ResponsibleView {
  const { netblocks, ...rest } = state.view(found.member);
  return { ...rest, claim: formatPrefix(found.claim), netblockCount: netblocks.length };
}

/**
 * The roster a node currently trusts, with the lookups built from it: members by key,
 * handle and arx1 id, and the netblock claims that decide who is responsible for an
 * address (the most specific claim wins). A national roster holds tens of thousands of
 * claims; they go into a PrefixMap (one hash table per prefix length present), so an
 * answer costs a handful of hash probes however many claims the roster has, and a
 * member's JSON view is built once per roster, not once per answer.
 */
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

export class RosterState {
  readonly roster: Roster;
  readonly document: Uint8Array;
  private readonly byKey = new Map<string, RosterMember>();
  private readonly byHandle = new Map<string, RosterMember>();
  private readonly byId = new Map<string, RosterMember>();
  private readonly netblocks = new PrefixMap<ResponsibleClaim>();
  private readonly views = new WeakMap<RosterMember, MemberView>();

  constructor(verified: VerifiedRoster) {
    this.roster = verified.roster;
    this.document = verified.document;
    for (const m of verified.roster.members) {
      this.byKey.set(toHex(m.key), m);
      this.byHandle.set(m.handle, m);
      this.byId.set(formatKeyId(m.key), m);
      for (const block of m.netblocks) this.netblocks.add(block, { member: m, claim: block });
    }
  }

  get version(): number {
    return this.roster.version;
  }

  /** Netblock claims in all. */
  get claims(): number {
    return this.netblocks.size;
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
    // Two members claiming the same most-specific block is a roster error; the first listed wins.
    return this.netblocks.longest(prefix)[0];
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

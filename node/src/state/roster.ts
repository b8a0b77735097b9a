/**
 * The roster a node currently trusts, with the lookups built from it: members by key
 * and handle, and the netblock claims that decide who is responsible for an address
 * (the most specific claim wins).
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

export class RosterState {
  readonly roster: Roster;
  readonly document: Uint8Array;
  private readonly byKey = new Map<string, RosterMember>();
  private readonly byHandle = new Map<string, RosterMember>();
  private readonly netblocks = new PrefixMap<RosterMember>();

  constructor(verified: VerifiedRoster) {
    this.roster = verified.roster;
    this.document = verified.document;
    for (const m of verified.roster.members) {
      this.byKey.set(toHex(m.key), m);
      this.byHandle.set(m.handle, m);
      for (const block of m.netblocks) this.netblocks.add(block, m);
    }
  }

  get version(): number {
    return this.roster.version;
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
    // Two members claiming the same most-specific block is a roster error; the first listed wins.
    return this.netblocks.longest(prefix)[0];
  }

  /** Resolves a handle, hex key or arx1 id to a member's hex key. */
  resolve(ref: string): string | undefined {
    const m = this.byHandle.get(ref) ?? this.byKey.get(ref.toLowerCase());
    if (m) return toHex(m.key);
    for (const member of this.byKey.values()) if (formatKeyId(member.key) === ref) return toHex(member.key);
    return undefined;
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

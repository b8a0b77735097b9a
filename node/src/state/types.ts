/**
 * Views of materialised state that the node's subsystems share (HTTP lookups, DNSBL,
 * exports, metrics). Ids and keys are lowercase hex in views; bytes stay in storage.
 */
import type { IpPrefix, ListKind, ReportCategory, Target } from '@arx/protocol';

/** One listing as lookups, exports and the DNSBL see it. */
export interface ListingView {
  /** Id of the `listing` entry that added it. */
  readonly id: string;
  readonly list: ListKind;
  readonly target: Target;
  /** CIDR text for IP targets, the domain or URL otherwise. */
  readonly targetText: string;
  readonly reason: ReportCategory;
  /** Hex key and handle of the list operator. */
  readonly origin: string;
  readonly originHandle: string | null;
  /** When it was listed (entry ts, ms). */
  readonly since: number;
  /** Expiry (ms) or null for none. */
  readonly expires: number | null;
  /** Set when a removal (op remove, granted delisting or retraction) ended it. */
  readonly removedAt: number | null;
  /** Delisting requests filed against it (ids), newest last. */
  readonly requests: readonly string[];
}

/**
 * Read access to listings; `now` decides expiry (expired listings are not active).
 * This is what the DNSBL responder, exports and lookups query: the node's
 * CompactListingIndex implements it (and `scoped(origin)` gives one operator's
 * listings); a call costs what its answer holds, never the number of listings.
 */
export interface ListingIndex {
  /** Active listings whose IP prefix contains `ip` (4 or 16 bytes). */
  forAddress(ip: Uint8Array, now?: number): ListingView[];
  /** Active listings of a domain (exact or parent-domain match). */
  forDomain(name: string, now?: number): ListingView[];
  /** All active listings, optionally of one list and/or one origin (hex key): an export or zone transfer. */
  active(filter?: { list?: ListKind; origin?: string }, now?: number): ListingView[];
  /**
   * Counts changes (every put and remove): a reader that keeps what it derived from the
   * index (the DNSBL's answer cache) knows it is stale when this moves. Optional: an
   * index without it is never cached from.
   */
  readonly version?: number;
}

/** Roster member as lookups present it. */
export interface MemberView {
  readonly key: string;
  readonly id: string;
  readonly handle: string;
  readonly names: Record<string, string>;
  readonly roles: readonly string[];
  readonly netblocks: readonly string[];
  readonly contacts: { abuse: readonly string[]; escalation: readonly string[] };
  readonly languages: readonly string[];
  readonly endpoint: string | null;
}

export type { IpPrefix };

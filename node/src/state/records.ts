/** Materialised state records as stored in the `s` sublevel (JSON). Ids and keys are hex. */
import type { AckStatus, ListKind, ReportCategory, ReportStatus } from '@arx/protocol';

/** One step of a report's lifecycle, or a comment by a member who is not responsible. */
export interface ReportStep {
  readonly entry: string;
  readonly by: string;
  readonly status: AckStatus;
  readonly ts: number;
  readonly action: string | null;
  readonly reason: string | null;
}

export interface ReportRecord {
  readonly id: string;
  readonly origin: string;
  readonly ts: number;
  readonly about: string;
  readonly ip: string | null;
  readonly len: number | null;
  readonly category: ReportCategory;
  readonly observed: { first: number; last: number; count: number };
  readonly source: string;
  readonly note: Record<string, string> | null;
  /** Evidence signed inline (version-2 publishers), as JSON; null when detached or absent. */
  readonly evidence: unknown;
  /** SHA-256 (hex) of the detached evidence the report commits to; its bytes are in the `v` sublevel. */
  readonly evidenceDigest?: string;
  /** Responsible member (hex key) when the report arrived; null if no member claims the address. */
  readonly responsible: string | null;
  steps: ReportStep[];
  comments: ReportStep[];
  retracted: string | null;
  /** Set when retention pruned the evidence. */
  pruned?: number;
}

/** Status from the lifecycle steps: the latest responsible ack, or `published`. */
export function reportStatus(record: ReportRecord): ReportStatus {
  return record.steps.at(-1)?.status ?? 'published';
}

export interface ListingRecord {
  readonly id: string;
  readonly list: ListKind;
  readonly target: string;
  readonly ip: string | null;
  readonly len: number | null;
  readonly domain: string | null;
  readonly reason: ReportCategory;
  readonly origin: string;
  readonly since: number;
  readonly expires: number | null;
  readonly responsible: string | null;
  removedAt: number | null;
  removedBy: string | null;
  requests: string[];
}

export interface DelistRecord {
  readonly id: string;
  readonly listing: string;
  readonly by: string;
  readonly ts: number;
  readonly remediation: string[];
  decision: { decision: 'granted' | 'denied'; reason: string | null; ts: number; entry: string } | null;
  retracted: string | null;
}

/** State keys in the `s` sublevel. */
export const K = {
  report: (id: string) => `rep!${id}`,
  listing: (id: string) => `lst!${id}`,
  /** A listing in force, in the compact form start-up loads (see ActiveListing). */
  active: (id: string) => `act!${id}`,
  listingKey: (origin: string, list: string, target: string) => `lkey!${origin}!${list}!${target}`,
  delist: (id: string) => `dr!${id}`,
  pending: (ref: string, id: string) => `pend!${ref}!${id}`,
  pendingPrefix: (ref: string) => `pend!${ref}!`,
  retracted: (id: string) => `ret!${id}`,
  profile: (origin: string) => `prof!${origin}`,
  receipt: (holder: string, origin: string) => `rcpt!${origin}!${holder}`,
  /** The roster version a member's node last said (in a receipt) it holds. */
  rosterHeld: (holder: string) => `rver!${holder}`,
  fork: (origin: string) => `fork!${origin}`,
} as const;

/**
 * What the listing index needs of a listing in force, stored beside its record
 * (`act!<id>`) so that start-up reads the listings in force, not every listing ever
 * made: [list, target, reason, origin, since, expires, delisting request ids].
 */
export type ActiveListing = readonly [ListKind, string, ReportCategory, string, number, number | null, string[]];

export function activeListing(r: ListingRecord): ActiveListing {
  return [r.list, r.target, r.reason, r.origin, r.since, r.expires, r.requests];
}

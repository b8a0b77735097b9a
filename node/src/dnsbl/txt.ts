/**
 * TXT answers (RFC 5782 §2.1: "the TXT record ... typically contains a reason for the
 * listing and a URL"): why an entry is listed and how to ask for removal. One string
 * of at most 255 bytes of printable ASCII (RFC 1035 §3.3.14), so that every client
 * shows it whole and rbldnsd serves exactly the same text from an exported zone.
 */
import { type Action, LIST_KINDS, type ListKind, REPORT_CATEGORIES } from '@arx/protocol';
import type { ListingView } from '../state/types.js';

/** RFC 1035 §3.3: one character-string holds at most 255 bytes. */
export const MAX_TXT_BYTES = 255;

/** Builds the removal URL shown for a listing (for example a web form with the id). */
export type RemovalUrl = (listing: ListingView) => string;

/**
 * The remediation a delisting request for each list kind names in the removal hint:
 * the action that ends the listed behaviour, so that the command works as printed
 * (a request needs at least one action code); the requester may name others.
 */
export const REMEDIATION_BY_LIST: Readonly<Record<ListKind, Action>> = {
  'spam-source': 'host-cleaned',
  'open-relay': 'relay-closed',
  'open-proxy': 'proxy-closed',
  'non-conforming-list': 'customer-notified',
  dynamic: 'port25-blocked',
  'spamvertised-site': 'site-removed',
};

/** The CLI command that files a delisting request for a listing, ready to run as printed. */
export function removalCommand(listing: Pick<ListingView, 'id' | 'list'>): string {
  const action = REMEDIATION_BY_LIST[listing.list] ?? 'host-cleaned';
  return `arx delist request ${listing.id} --remediation ${action}`;
}

/** `dnsbl.removalUrl` as a function: `{id}` and `{list}` replaced by the listing's (undefined for none). */
export function removalUrlFrom(template: string | null | undefined): RemovalUrl | undefined {
  if (!template) return undefined;
  return (listing) => template.replaceAll('{id}', listing.id).replaceAll('{list}', listing.list);
}

/** True when a listing is in force at `now` (not removed, not expired). */
export function isActiveAt(listing: ListingView, now: number): boolean {
  return listing.removedAt === null && (listing.expires === null || listing.expires > now);
}

/** Replaces anything outside printable ASCII, so text is safe in DNS and zone files. */
export function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}

// Exports format a million dates; most listings share a handful of days.
const days = new Map<number, string>();
function day(ms: number): string {
  const key = Math.floor(ms / 86_400_000);
  let text = days.get(key);
  if (text === undefined) {
    if (days.size > 4096) days.clear();
    text = new Date(ms).toISOString().slice(0, 10);
    days.set(key, text);
  }
  return text;
}

/**
 * The TXT text of one listing, e.g.
 * `Listed by isc: Spam source - Host sending spam; 192.0.2.0/24 since 2024-05-01, expires 2024-06-01.
 * Request removal: arx delist request <id> --remediation host-cleaned or https://...`.
 * Optional parts are dropped, least useful first, while the text exceeds 255 bytes.
 */
export function listingText(listing: ListingView, removalUrl?: RemovalUrl): string {
  const who = printable(listing.originHandle ?? listing.origin.slice(0, 16));
  const kind = LIST_KINDS[listing.list]?.en ?? printable(listing.list);
  const reason = REPORT_CATEGORIES[listing.reason]?.en ?? printable(listing.reason);
  const url = removalUrl?.(listing);
  const head = `Listed by ${who}: ${kind} - ${reason}`;
  const target = `; ${printable(listing.targetText)} since ${day(listing.since)}`;
  const expires = listing.expires === null ? '' : `, expires ${day(listing.expires)}`;
  const removal = `. Request removal: ${printable(removalCommand(listing))}`;
  const link = url ? ` or ${printable(url)}` : '';
  // Printable ASCII: one character is one byte.
  const fits = (text: string) => text.length <= MAX_TXT_BYTES;
  const full = head + target + expires + removal + link;
  if (fits(full)) return full;
  for (const text of [head + target + removal + link, head + removal + link, head + target + expires + removal]) {
    if (fits(text)) return text;
  }
  return (head + removal).slice(0, MAX_TXT_BYTES);
}

/** TXT text of the RFC 5782 §5 test entries (127.0.0.2, ::FFFF:7F00:2, TEST). */
export function testEntryText(zone: string): string {
  return printable(`RFC 5782 test entry: always listed in ${zone}`).slice(0, MAX_TXT_BYTES);
}

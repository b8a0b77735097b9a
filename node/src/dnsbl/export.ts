/**
 * List exports as pure functions of a set of listings: plain CIDR, CSV (RFC 4180),
 * JSON and rbldnsd. The HTTP API and the CLI call these with the index's listings.
 */
import { describeCode, formatPrefix, REPORT_CATEGORIES } from '@arx/protocol';
import type { ListingView } from '../state/types.js';
import { returnCode } from './codes.js';
import { exportRbldnsd } from './rbldnsd.js';
import { type ExportOptions, selectListings } from './select.js';
import { listingText, removalCommand } from './txt.js';

export type ExportFormat = 'cidr' | 'csv' | 'json' | 'rbldnsd';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['cidr', 'csv', 'json', 'rbldnsd'];

/** Media types for serving each export over HTTP. */
export const EXPORT_MEDIA_TYPES: Readonly<Record<ExportFormat, string>> = {
  cidr: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json',
  rbldnsd: 'text/plain; charset=utf-8',
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** One IP prefix per line (canonical CIDR, duplicates merged); domain lists have no lines. */
function exportCidr(listings: readonly ListingView[]): string {
  const lines: string[] = [];
  let last = '';
  for (const l of listings) {
    if (!('ip' in l.target)) continue;
    const cidr = formatPrefix(l.target);
    if (cidr !== last) lines.push(cidr);
    last = cidr;
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** RFC 4180 §2: quote fields holding commas, quotes or line breaks; double inner quotes. */
export function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_COLUMNS = [
  'id',
  'list',
  'return_code',
  'target',
  'reason',
  'reason_text',
  'origin',
  'origin_handle',
  'since',
  'expires',
  'removal_command',
  'removal_url',
] as const;

function exportCsv(listings: readonly ListingView[], opts: ExportOptions): string {
  // RFC 4180 §2: CRLF between records, a header row first.
  const rows = [CSV_COLUMNS.join(',')];
  for (const l of listings) {
    const fields = [
      l.id,
      l.list,
      returnCode(l.list),
      l.targetText,
      l.reason,
      describeCode(REPORT_CATEGORIES, l.reason, 'en'),
      l.origin,
      l.originHandle,
      iso(l.since),
      iso(l.expires),
      removalCommand(l),
      opts.removalUrl?.(l) ?? null,
    ];
    rows.push(fields.map(csvField).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}

function exportJson(listings: readonly ListingView[], opts: ExportOptions): string {
  const doc = {
    zone: opts.zone,
    generated: iso(opts.now),
    count: listings.length,
    listings: listings.map((l) => ({
      id: l.id,
      list: l.list,
      returnCode: returnCode(l.list),
      target: l.targetText,
      reason: l.reason,
      reasonText: {
        en: describeCode(REPORT_CATEGORIES, l.reason, 'en'),
        'zh-CN': describeCode(REPORT_CATEGORIES, l.reason, 'zh-CN'),
      },
      origin: l.origin,
      originHandle: l.originHandle,
      since: iso(l.since),
      expires: iso(l.expires),
      removal: { command: removalCommand(l), url: opts.removalUrl?.(l) ?? null },
      txt: listingText(l, opts.removalUrl),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * Exports the listings in force at `opts.now` on the selected lists.
 * - `cidr`: one IP prefix per line, nothing else (for firewalls and ipset).
 * - `csv`: header row then one row per listing (columns in CSV_COLUMNS), CRLF, RFC 4180 quoting.
 * - `json`: `{ zone, generated, count, listings: [...] }`.
 * - `rbldnsd`: the ip4set dataset only (IPv4 listings); use exportRbldnsd for the
 *   ip6trie and dnset datasets that IPv6 and domain listings need.
 */
export function exportList(listings: readonly ListingView[], format: ExportFormat, opts: ExportOptions): string {
  switch (format) {
    case 'cidr':
      return exportCidr(selectListings(listings, opts.list, opts.now));
    case 'csv':
      return exportCsv(selectListings(listings, opts.list, opts.now), opts);
    case 'json':
      return exportJson(selectListings(listings, opts.list, opts.now), opts);
    case 'rbldnsd':
      return exportRbldnsd(listings, opts).ip4set;
    default:
      throw new TypeError(`unknown export format: ${String(format)}`);
  }
}

/**
 * rbldnsd datasets from listings, so that an operator can serve the lists with
 * rbldnsd instead of (or next to) the node. One dataset file has one type: ip4set for
 * IPv4 prefixes, ip6trie for IPv6 prefixes, dnset for domains; one zone combines them:
 *
 *   rbldnsd -b 0.0.0.0/53 ZONE:ip4set:ip4set.zone ZONE:ip6trie:ip6trie.zone ZONE:dnset:dnset.zone
 *
 * Each entry is `target :127.0.0.x:TXT` (rbldnsd(8), "Resulting A values and TXT
 * templates") with the same A value and TXT text the node answers. rbldnsd answers an
 * address from the most specific matching entries of a dataset only, while the node
 * answers every listing that covers it; so an entry inside a wider listing also carries
 * the wider listing's A and TXT (ip4set and dnset accept several values per entry).
 * ip6trie holds one value per prefix: for nested or repeated IPv6 listings rbldnsd
 * answers the most specific one only (the others are written as comments).
 */
import { formatPrefix, type IpPrefix, prefixContains } from '@arx/protocol';
import type { ListingView } from '../state/types.js';
import { isIpListKind, returnCode, testEntryCode } from './codes.js';
import { contactToRname, normaliseDomainName, normaliseZone } from './names.js';
import { type ExportOptions, selectedKinds, selectListings } from './select.js';
import { listingText, testEntryText } from './txt.js';

export type RbldnsdDataset = 'ip4set' | 'ip6trie' | 'dnset';
export const RBLDNSD_DATASETS: readonly RbldnsdDataset[] = ['ip4set', 'ip6trie', 'dnset'];

/** The three dataset files of one zone. */
export interface RbldnsdZone {
  readonly ip4set: string;
  readonly ip6trie: string;
  readonly dnset: string;
}

const SOA_TIMERS = '3600 600 604800';
const DOMAIN = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;

/** rbldnsd replaces `$` in TXT templates with the queried name; `$$` is a literal dollar. */
function escapeTxt(text: string): string {
  return text.replace(/\$/g, () => '$$');
}

function template(code: string, text: string): string {
  return `:${code}:${escapeTxt(text)}`;
}

function entry(target: string, listing: ListingView, opts: ExportOptions): string {
  return `${target} ${template(returnCode(listing.list), listingText(listing, opts.removalUrl))}\n`;
}

interface Group<T> {
  readonly key: T;
  readonly listings: ListingView[];
}

/** Consecutive listings with equal targets (the input is sorted), grouped. */
function groupByTarget(listings: readonly ListingView[]): Group<ListingView['target']>[] {
  const groups: Group<ListingView['target']>[] = [];
  for (const l of listings) {
    const last = groups[groups.length - 1];
    if (last && last.listings[0]!.targetText === l.targetText) last.listings.push(l);
    else groups.push({ key: l.target, listings: [l] });
  }
  return groups;
}

/**
 * Sorted prefixes (address, then shorter first) with every listing of a containing
 * prefix: a sweep with a stack of the prefixes that contain the current one.
 */
function* withCoveringListings(listings: readonly ListingView[]): Generator<[IpPrefix, ListingView[]]> {
  const stack: Group<IpPrefix>[] = [];
  for (const group of groupByTarget(listings) as Group<IpPrefix>[]) {
    while (stack.length && !prefixContains(stack[stack.length - 1]!.key, group.key)) stack.pop();
    yield [group.key, [...group.listings, ...stack.flatMap((g) => g.listings)]];
    stack.push(group);
  }
}

function* header(dataset: RbldnsdDataset, count: number, opts: ExportOptions): Generator<string> {
  const zone = normaliseZone(opts.zone);
  const ns = opts.nsName === undefined ? `ns.${zone}` : normaliseDomainName(opts.nsName, 'nsName');
  const ttl = opts.ttl ?? 300;
  const negativeTtl = opts.negativeTtl ?? 60;
  const serial = opts.serial ?? Math.floor(opts.now / 1000) >>> 0;
  const version = opts.serial === undefined ? `generated ${new Date(opts.now).toISOString()}` : `serial ${serial}`;
  yield `# ARX DNSBL ${zone}: rbldnsd ${dataset} dataset, ${count} listings, ${version}\n`;
  yield `# serve with: rbldnsd -b ADDRESS/53 ${zone}:ip4set:FILE ${zone}:ip6trie:FILE ${zone}:dnset:FILE\n`;
  // SOA MINIMUM is the negative-caching TTL (RFC 2308 §4).
  yield `$SOA ${negativeTtl} ${ns} ${contactToRname(opts.contact, zone)} ${serial} ${SOA_TIMERS} ${negativeTtl}\n`;
  yield `$NS ${ttl} ${ns}\n`;
  yield `$TTL ${ttl}\n`;
}

/**
 * The lines of one dataset file. Large exports can be written line by line from this
 * instead of building one string.
 */
export function* rbldnsdLines(
  listings: readonly ListingView[],
  dataset: RbldnsdDataset,
  opts: ExportOptions,
): Generator<string> {
  const zone = normaliseZone(opts.zone);
  const kinds = [...selectedKinds(opts.list)];
  const family = dataset === 'ip4set' ? 4 : dataset === 'ip6trie' ? 16 : 0;
  // Filter to this dataset's targets before sorting: exports may hold millions of listings.
  const belongs = (l: ListingView) => ('ip' in l.target ? l.target.ip.length === family : family === 0);
  const selected = selectListings(listings.filter(belongs), opts.list, opts.now);
  const testText = escapeTxt(testEntryText(zone));
  if (dataset === 'ip4set' || dataset === 'ip6trie') {
    yield* header(dataset, selected.length, opts);
    const code = testEntryCode(kinds.filter(isIpListKind), 'ip');
    // RFC 5782 §5: the test address is always listed and 127.0.0.1 never (§2.4 for IPv6).
    yield '# RFC 5782 section 5 test entries\n';
    yield family === 4 ? `127.0.0.2/32 :${code}:${testText}\n` : `::ffff:7f00:2/128 :${code}:${testText}\n`;
    yield family === 4 ? '!127.0.0.1/32\n' : '!::ffff:7f00:1/128\n';
    if (family === 4) {
      for (const [prefix, covering] of withCoveringListings(selected)) {
        for (const l of covering) yield entry(formatPrefix(prefix), l, opts);
      }
    } else {
      for (const group of groupByTarget(selected)) {
        const [first, ...rest] = group.listings;
        yield entry(formatPrefix(group.key as IpPrefix), first!, opts);
        for (const l of rest) yield `# also ${l.list} ${l.id}: ip6trie holds one value per prefix\n`;
      }
    }
    return;
  }
  const domains = selected.filter((l) => 'domain' in l.target && DOMAIN.test(l.target.domain));
  yield* header(dataset, domains.length, opts);
  const code = testEntryCode(
    kinds.filter((k) => !isIpListKind(k)),
    'domain',
  );
  yield '# RFC 5782 section 5 test entries\n';
  yield `test :${code}:${testText}\n`;
  yield '!invalid\n';
  const byDomain = new Map<string, ListingView[]>();
  for (const group of groupByTarget(domains)) byDomain.set((group.key as { domain: string }).domain, group.listings);
  for (const [domain, own] of byDomain) {
    // `.domain` lists the domain and every name below it, as the index's parent-domain match does.
    const labels = domain.split('.');
    const parents = labels.slice(1).flatMap((_, i) => byDomain.get(labels.slice(i + 1).join('.')) ?? []);
    for (const l of [...own, ...parents]) yield entry(`.${domain}`, l, opts);
  }
}

/** The three rbldnsd dataset files for the listings in force at `opts.now`. */
export function exportRbldnsd(listings: readonly ListingView[], opts: ExportOptions): RbldnsdZone {
  const build = (dataset: RbldnsdDataset) => [...rbldnsdLines(listings, dataset, opts)].join('');
  return { ip4set: build('ip4set'), ip6trie: build('ip6trie'), dnset: build('dnset') };
}

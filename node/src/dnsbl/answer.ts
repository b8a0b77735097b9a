/**
 * The DNSBL's answers, as a pure function of one question, the listing index and the
 * clock: which records, which response code, which authority records. No sockets.
 */
import type { ListKind } from '@arx/protocol';
import type { Answer, Question, SoaAnswer } from 'dns-packet';
import type { ListingIndex, ListingView } from '../state/types.js';
import { returnCode, sortedReturnCodes, testEntryCode } from './codes.js';
import { parseQueryName, type QueryTarget } from './names.js';
import { type RemovalUrl, testEntryText } from './txt.js';
import { byKindThenAge, cachedText } from './zone-records.js';

/** DNS response codes used here (RFC 1035 §4.1.1, RFC 6891 §9). */
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

/** SOA timers (RFC 1912 §2.2 ranges); the minimum field is the negative-caching TTL (RFC 2308 §4). */
const SOA_REFRESH = 3600;
const SOA_RETRY = 600;
const SOA_EXPIRE = 604800;

/** Everything answering needs; built once by startDnsbl from its options. */
export interface ResponderConfig {
  /** Normalised zone (lowercase, no trailing dot). */
  readonly zone: string;
  readonly index: ListingIndex;
  readonly lists: readonly ListKind[];
  /** Name server named in NS and SOA MNAME. */
  readonly nsName: string;
  /** SOA RNAME: the zone contact as a domain name (hostmaster.example.org). */
  readonly rname: string;
  readonly removalUrl?: RemovalUrl | undefined;
  /** TTL of positive answers, seconds. */
  readonly ttl: number;
  /** TTL of negative answers (SOA TTL and MINIMUM), seconds. */
  readonly negativeTtl: number;
  readonly now: () => number;
  /** The zone's SOA serial (advances on every change: see zone.ts). */
  readonly serial: () => number;
  /** Served kinds holding IP prefixes, and domains (derived from `lists`). */
  readonly ipKinds: ReadonlySet<ListKind>;
  readonly domainKinds: ReadonlySet<ListKind>;
  /** Answers kept for hot questions per answering process (answer-cache.ts; 0: none). */
  readonly answerCache: number;
  /** Told about failures that turned into SERVFAIL (the index threw). */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** The sections and code of one response, before header flags and EDNS. */
export interface QuestionAnswer {
  readonly rcode: number;
  readonly authoritative: boolean;
  readonly answers: Answer[];
  readonly authorities: Answer[];
  /**
   * Time (ms) until which the answer, TTLs included, stays as it is while no listing
   * changes (the earliest expiry of its listings less one TTL); absent: no time limit.
   */
  readonly stableUntil?: number;
}

/** The zone's SOA record. */
export function soaRecord(config: ResponderConfig): SoaAnswer {
  return {
    name: config.zone,
    type: 'SOA',
    ttl: config.negativeTtl,
    data: {
      mname: config.nsName,
      rname: config.rname,
      serial: config.serial(),
      refresh: SOA_REFRESH,
      retry: SOA_RETRY,
      expire: SOA_EXPIRE,
      minimum: config.negativeTtl,
    },
  };
}

/** RFC 2308 §2.1/§2.2: NXDOMAIN and NODATA carry the zone's SOA in the authority section. */
function negative(config: ResponderConfig, rcode: number): QuestionAnswer {
  return { rcode, authoritative: true, answers: [], authorities: [soaRecord(config)] };
}

function positive(answers: Answer[]): QuestionAnswer {
  return { rcode: RCODE.NOERROR, authoritative: true, answers, authorities: [] };
}

/**
 * What a listed name answers for `type`: the A records (codes) for A, the TXT records
 * for TXT, and for ANY (RFC 8482 §4.1) one RRset, the smallest that says "listed": the
 * A records, so that an ANY query cannot amplify traffic with TXT text. Other types
 * have no records (null: NODATA).
 */
function listedKind(type: string): 'A' | 'TXT' | null {
  return type === 'A' || type === 'ANY' ? 'A' : type === 'TXT' ? 'TXT' : null;
}

function records(name: string, type: 'A' | 'TXT', data: readonly string[], ttl: number): Answer[] {
  return data.map((value) => ({ name, type, ttl, data: value }));
}

/** Answers one question (class IN assumed checked by the caller). */
export function answerQuestion(question: Question, config: ResponderConfig): QuestionAnswer {
  return answerTarget(parseQueryName(question.name, config.zone), question.name, question.type, config);
}

/**
 * Answers a question already classified against the zone (parseQueryName, or the
 * byte-level parse of fast.ts): `name` is the name as asked, echoed as the owner of
 * listed records; `type` is the query type's mnemonic (A, TXT, ANY, ...).
 */
export function answerTarget(target: QueryTarget, name: string, type: string, config: ResponderConfig): QuestionAnswer {
  const now = config.now();
  switch (target.kind) {
    case 'outside':
      // Not our zone and not a resolver: RFC 1035 §4.1.1 "refused for policy reasons".
      return { rcode: RCODE.REFUSED, authoritative: false, answers: [], authorities: [] };
    case 'apex': {
      const soa = soaRecord(config);
      const ns: Answer = { name: config.zone, type: 'NS', ttl: config.ttl, data: config.nsName };
      if (type === 'SOA') return positive([soa]);
      if (type === 'NS') return positive([ns]);
      // RFC 8482 §4.1: one RRset for ANY.
      if (type === 'ANY') return positive([soa]);
      return negative(config, RCODE.NOERROR);
    }
    case 'partial-ip':
      // An empty non-terminal above reversed addresses: NODATA, never NXDOMAIN, since an
      // NXDOMAIN would deny every name below it (RFC 8020 §2) to resolvers that minimise
      // query names (RFC 9156).
      return negative(config, RCODE.NOERROR);
    case 'ip':
    case 'domain': {
      const targets = target.kind === 'ip' ? 'ip' : 'domain';
      const served = target.kind === 'ip' ? config.ipKinds : config.domainKinds;
      if (served.size === 0) return negative(config, RCODE.NXDOMAIN);
      const test = testEntry(target);
      if (test === 'never') return negative(config, RCODE.NXDOMAIN);
      const kind = listedKind(type);
      if (test === 'always') {
        if (kind === null) return negative(config, RCODE.NOERROR);
        const data = kind === 'A' ? testEntryCode(config.lists, targets) : testEntryText(config.zone);
        return positive(records(name, kind, [data], config.ttl));
      }
      const all =
        target.kind === 'ip' ? config.index.forAddress(target.ip, now) : config.index.forDomain(target.name, now);
      const found = all.filter((l) => served.has(l.list));
      if (found.length === 0) return negative(config, RCODE.NXDOMAIN);
      if (found.length > 1) found.sort(byKindThenAge);
      if (kind === null) return negative(config, RCODE.NOERROR);
      const data =
        kind === 'TXT'
          ? found.map((l) => cachedText(l, config.removalUrl))
          : found.length === 1
            ? [returnCode(found[0]!.list)]
            : sortedReturnCodes(found.map((l) => returnCode(l.list)));
      const answer = positive(records(name, kind, data, positiveTtl(found, config.ttl, now)));
      const expiry = earliestExpiry(found);
      return expiry === null ? answer : { ...answer, stableUntil: expiry - config.ttl * 1000 };
    }
  }
}

/**
 * RFC 5782 §5: 127.0.0.2 (and ::FFFF:7F00:2, which parses to it) and the domain TEST
 * are always listed; 127.0.0.1 (and ::FFFF:7F00:1) and INVALID never are.
 */
function testEntry(
  target: { kind: 'ip'; ip: Uint8Array } | { kind: 'domain'; name: string },
): 'always' | 'never' | null {
  if (target.kind === 'domain') {
    if (target.name === 'test') return 'always';
    if (target.name === 'invalid') return 'never';
    return null;
  }
  const ip = target.ip;
  if (ip.length !== 4 || ip[0] !== 127 || ip[1] !== 0 || ip[2] !== 0) return null;
  if (ip[3] === 2) return 'always';
  if (ip[3] === 1) return 'never';
  return null;
}

/** Caches must not keep a listing past its expiry: cap the TTL at the earliest expiry. */
function positiveTtl(listings: readonly ListingView[], ttl: number, now: number): number {
  let out = ttl;
  for (const l of listings) {
    if (l.expires !== null) out = Math.min(out, Math.max(1, Math.ceil((l.expires - now) / 1000)));
  }
  return out;
}

/** The earliest expiry (ms) of `listings`, or null when none expires. */
function earliestExpiry(listings: readonly ListingView[]): number | null {
  let out: number | null = null;
  for (const l of listings) if (l.expires !== null && (out === null || l.expires < out)) out = l.expires;
  return out;
}

/**
 * X-ARF v4 import: a JSON abuse report becomes an ARX report body, or a refusal.
 *
 * - The document is validated against the X-ARF v4 schemas first (xarf-validate.ts).
 * - category: the X-ARF category/type pair is looked up in REPORT_CATEGORIES (its
 *   `xarf` column). Where the table gives several ARX categories, or one that is too
 *   narrow for what X-ARF means, a type-specific field decides (XARF_REFINEMENTS):
 *   vulnerability/open_service by `service`, reputation/blocklist by `threat_type`,
 *   content/fraud is `fraud`, messaging/spam `spam.source`, messaging/bulk_messaging
 *   `spam.bulk-unconfirmed`. An `arx-category:` tag naming one of the candidates
 *   (written by exportXarf) picks it. No match → refusal `xarf-unsupported`.
 * - about: source_identifier as an address (/32, /128), a CIDR prefix, a domain or an
 *   http(s) URL; never a private, loopback or reserved address.
 * - observed: first_seen / last_seen when present, else timestamp; count 1.
 * - source, confidence: XARF_EVIDENCE_SOURCES; confidence 0..1 → 0..100.
 * - evidence: the document's scalar fields (underscores as hyphens, reporter and sender
 *   flattened, smtp_to redacted), SHA-256 of the first evidence payload (every declared
 *   hash is checked), refs from `arx-entry:` tags, format `xarf`.
 */
import { createHash } from 'node:crypto';
import {
  fromHex,
  KINDS,
  parseAddress,
  parsePrefix,
  REPORT_CATEGORIES,
  type ReportBody,
  type ReportCategory,
  type ReportSource,
  type Target,
} from '@arx/protocol';
import { addressScope, isBlameablePrefix } from './ip-scope.js';
import { createRedactor } from './redact.js';
import { isRefusal, type Refusal, refuse } from './refusal.js';
import { validateXarf } from './xarf-validate.js';

/** Options of the X-ARF importer. */
export interface XarfImportOptions {
  /** When given, no observation time is later than this (ms since the epoch). */
  readonly now?: number;
  /** Accept documentation ranges (RFC 5737, RFC 3849) as sources. For test corpora only. */
  readonly allowDocumentationAddresses?: boolean;
  /** Secret for keyed redaction of smtp_to (see redact.ts). */
  readonly redactionKey?: Uint8Array;
  /** Size limit when the document is given as text or bytes. */
  readonly maxBytes?: number;
}

type XarfDocument = Record<string, unknown>;

/** reputation/blocklist `threat_type` (normalised: lowercase, "-" and " " as "_") → category. */
export const XARF_BLOCKLIST_THREATS: Readonly<Record<string, ReportCategory>> = {
  dynamic: 'policy.dynamic',
  dynamic_ip: 'policy.dynamic',
  dul: 'policy.dynamic',
  policy: 'policy.dynamic',
  spam: 'spam.source',
  spam_source: 'spam.source',
  command_and_control: 'host.compromised',
  c2: 'host.compromised',
  botnet: 'host.compromised',
  compromised_host: 'host.compromised',
  malware: 'malware',
  phishing: 'phishing',
  open_relay: 'relay.open',
  open_proxy: 'proxy.open',
};

/** X-ARF `evidence_source` → ARX report source; anything else is a `manual` report. */
export const XARF_EVIDENCE_SOURCES: Readonly<Record<string, ReportSource>> = {
  spamtrap: 'trap',
  honeypot: 'trap',
  user_complaint: 'complaint',
  user_report: 'complaint',
  vulnerability_scan: 'scan',
  automated_scan: 'scan',
  automated_discovery: 'scan',
  crawler: 'scan',
};

const DOMAIN = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_FIELDS = 64;
const MAX_VALUE_CHARS = 2048;
const HASHES: Readonly<Record<string, string>> = { md5: 'md5', sha1: 'sha1', sha256: 'sha256', sha512: 'sha512' };

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Candidates from the table, then the type-specific refinement (module comment). */
function categoryOf(doc: XarfDocument): ReportCategory | Refusal {
  const xCategory = text(doc['category'])!;
  const xType = text(doc['type'])!;
  const candidates = (Object.keys(REPORT_CATEGORIES) as ReportCategory[]).filter((code) => {
    const x = REPORT_CATEGORIES[code].xarf;
    return x !== null && x.category === xCategory && x.type === xType;
  });
  const tags = Array.isArray(doc['tags']) ? doc['tags'].filter((t): t is string => typeof t === 'string') : [];
  const tagged = candidates.find((code) => tags.includes(`arx-category:${code.replace(/\./g, '-')}`));
  if (tagged) return tagged;
  const pair = `${xCategory}/${xType}`;
  if (pair === 'vulnerability/open_service') {
    const service = (text(doc['service']) ?? '').toLowerCase();
    if (/smtp|relay|mail/.test(service)) return 'relay.open';
    if (/proxy|socks/.test(service)) return 'proxy.open';
    return refuse('xarf-unsupported', `open service "${service}" is neither a mail relay nor a proxy`);
  }
  if (pair === 'reputation/blocklist') {
    const threat = (text(doc['threat_type']) ?? '').toLowerCase().replace(/[-\s]+/g, '_');
    const category = XARF_BLOCKLIST_THREATS[threat];
    return category ?? refuse('xarf-unsupported', `blocklist threat_type "${threat}" has no ARX category`);
  }
  if (pair === 'content/fraud') return 'fraud';
  // The narrower mail categories are chosen by tag only; untagged mail is plain spam.
  if (pair === 'messaging/spam') return 'spam.source';
  if (pair === 'messaging/bulk_messaging') return 'spam.bulk-unconfirmed';
  if (candidates.length === 1) return candidates[0]!;
  return refuse('xarf-unsupported', pair);
}

function addressTarget(id: string): { ip: Uint8Array; len: number } | undefined {
  try {
    if (id.includes('/')) return parsePrefix(id);
    const ip = parseAddress(id);
    return { ip, len: ip.length * 8 };
  } catch {
    return undefined;
  }
}

function targetOf(identifier: string, opts: XarfImportOptions): Target | Refusal {
  const id = identifier.trim();
  if (/^https?:\/\//i.test(id)) {
    const url = id.replace(/^https?/i, (scheme) => scheme.toLowerCase());
    return /^https?:\/\/[^\s]+$/.test(url) && url.length <= 2048 ? { url } : refuse('bad-source', 'malformed URL');
  }
  const prefix = addressTarget(id);
  if (prefix) {
    if (isBlameablePrefix(prefix, opts)) return prefix;
    const scope = addressScope(prefix.ip);
    return refuse(
      'bad-source-ip',
      `source_identifier ${id} ${scope === 'global' ? 'spans non-public ranges' : `is ${scope}`}`,
    );
  }
  const domain = id.toLowerCase().replace(/\.$/, '');
  if (DOMAIN.test(domain) && domain.includes('.')) return { domain };
  return refuse('bad-source', `source_identifier "${identifier}"`);
}

function isoTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** Every evidence item's declared hash checked; SHA-256 of the preferred item's payload. */
function evidenceDigest(doc: XarfDocument): Uint8Array | undefined | Refusal {
  const items = Array.isArray(doc['evidence']) ? (doc['evidence'] as XarfDocument[]) : [];
  let digest: Uint8Array | undefined;
  let preferred = false;
  for (const [i, item] of items.entries()) {
    const payload = Buffer.from(text(item['payload']) ?? '', 'base64');
    const declared = /^(md5|sha1|sha256|sha512):([0-9a-f]+)$/i.exec(text(item['hash']) ?? '');
    if (declared) {
      const actual = createHash(HASHES[declared[1]!.toLowerCase()]!).update(payload).digest('hex');
      if (actual !== declared[2]!.toLowerCase()) return refuse('evidence-mismatch', `evidence[${i}]`);
    }
    const isMessage = text(item['content_type'])?.toLowerCase() === 'message/rfc822';
    if (!digest || (isMessage && !preferred)) {
      digest = new Uint8Array(createHash('sha256').update(payload).digest());
      preferred = isMessage;
    }
  }
  return digest;
}

function fieldName(path: string): string | undefined {
  const name = path.toLowerCase().replace(/_/g, '-');
  return /^[a-z0-9-]{1,64}$/.test(name) ? name : undefined;
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value.slice(0, MAX_VALUE_CHARS);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The document's scalar fields as evidence (module comment); smtp_to redacted. */
function evidenceFields(doc: XarfDocument, key: Uint8Array | undefined): Record<string, string | string[]> {
  const redactor = createRedactor(key ? { key } : {});
  const out: Record<string, string | string[]> = {};
  const put = (path: string, value: unknown) => {
    const name = fieldName(path);
    if (!name || Object.keys(out).length >= MAX_FIELDS) return;
    if (Array.isArray(value)) {
      const items = value.map(scalar).filter((v): v is string => v !== undefined);
      if (items.length > 0) out[name] = items.slice(0, 32);
      return;
    }
    const v = scalar(value);
    if (v === undefined) return;
    out[name] = name === 'smtp-to' ? redactor.recipientField(v) : v;
  };
  for (const [path, value] of Object.entries(doc)) {
    if (path === 'evidence' || path === '_internal') continue;
    if ((path === 'reporter' || path === 'sender') && value && typeof value === 'object') {
      for (const [sub, v] of Object.entries(value)) put(`${path}-${sub}`, v);
      continue;
    }
    put(path, value);
  }
  return out;
}

/**
 * The version of a document in an X-ARF format older than v4, or undefined: X-ARF v3
 * JSON (`Version: "3"` with `ReporterInfo` and `Report`), or an `xarf_version` that is not 4.x.
 */
function legacyVersion(json: unknown): string | undefined {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const doc = json as XarfDocument;
  const stated = doc['xarf_version'] ?? doc['Version'];
  if (typeof stated === 'string' && !/^4(\.|$)/.test(stated)) return `X-ARF version "${stated.slice(0, 16)}"`;
  if (typeof stated === 'number' && Math.trunc(stated) !== 4) return `X-ARF version ${stated}`;
  if ('ReporterInfo' in doc || 'Report' in doc) return 'an X-ARF v3 document (ReporterInfo, Report)';
  return undefined;
}

function parseInput(input: unknown, maxBytes: number): unknown {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) return input;
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (size > maxBytes) return refuse('too-large', `${size} bytes, limit ${maxBytes}`);
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
  if (text.trim() === '') return refuse('unparseable', 'empty document');
  try {
    return JSON.parse(text);
  } catch (error) {
    return refuse('unparseable', `not JSON: ${(error as Error).message.slice(0, 120)}`);
  }
}

/**
 * Imports an X-ARF v4 report (a parsed JSON value, or its text or bytes). Validates
 * against the schemas first; never throws on bad input.
 */
export function importXarf(input: unknown, opts: XarfImportOptions = {}): ReportBody | Refusal {
  const json = parseInput(input, opts.maxBytes ?? 10 * 1024 * 1024);
  if (isRefusal(json)) return json;
  const version = legacyVersion(json);
  if (version) return refuse('xarf-version', version);
  const verdict = validateXarf(json);
  if (!verdict.valid) return refuse('xarf-invalid', verdict.errors.slice(0, 5).join('; '));
  const doc = json as XarfDocument;

  const category = categoryOf(doc);
  if (isRefusal(category)) return category;
  const about = targetOf(text(doc['source_identifier'])!, opts);
  if (isRefusal(about)) return about;

  const stamp = isoTime(doc['timestamp']);
  if (stamp === undefined) return refuse('xarf-invalid', '/timestamp is not a date-time');
  const cap = (ms: number) => (opts.now === undefined ? ms : Math.min(ms, opts.now));
  const first = cap(isoTime(doc['first_seen']) ?? stamp);
  const last = Math.max(first, cap(isoTime(doc['last_seen']) ?? stamp));

  const digest = evidenceDigest(doc);
  if (isRefusal(digest)) return digest;
  const refs = (Array.isArray(doc['tags']) ? doc['tags'] : [])
    .map((t) => (typeof t === 'string' ? /^arx-entry:([0-9a-f]{64})$/.exec(t)?.[1] : undefined))
    .filter((hex): hex is string => hex !== undefined)
    .map((hex) => fromHex(hex));
  const confidence = doc['confidence'];
  const evidenceSource = text(doc['evidence_source']) ?? '';
  const body = {
    about,
    category,
    observed: { first, last, count: 1 },
    source: XARF_EVIDENCE_SOURCES[evidenceSource] ?? 'manual',
    ...(typeof confidence === 'number' ? { confidence: Math.round(confidence * 100) } : {}),
    evidence: {
      arf: evidenceFields(doc, opts.redactionKey),
      ...(digest ? { digest } : {}),
      format: 'xarf',
      ...(refs.length > 0 ? { refs: refs.slice(0, 64) } : {}),
    },
  };
  try {
    return KINDS.report.check(body, 'body');
  } catch (error) {
    return refuse('invalid-report', error instanceof Error ? error.message : String(error));
  }
}

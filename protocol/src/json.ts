/**
 * The JSON form of entries, for HTTP APIs, `--json` output and humans: byte strings
 * become lowercase hex, IP prefixes become CIDR text, and a Target becomes one string
 * (CIDR, domain or URL). `bodyFromJson` is the inverse for bodies a client submits;
 * the result still goes through the kind's validator when it is signed.
 */
import { formatPrefix, parsePrefix } from './address.js';
import { fromHex, toHex } from './bytes.js';
import type { ParsedEntry } from './entry.js';
import { fail } from './errors.js';
import { formatKeyId } from './keys.js';
import type { BodyByKind, EntryKind } from './kinds/index.js';
import type { Target } from './validate.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

function isPrefixValue(value: object): value is { ip: Uint8Array; len: number } {
  return 'ip' in value && value.ip instanceof Uint8Array && 'len' in value && typeof value.len === 'number';
}

/** Converts a decoded CBOR value to its JSON form (bytes → hex, prefixes → CIDR, targets → text). */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return toHex(value);
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') {
    if (isPrefixValue(value)) return formatPrefix(value);
    if ('domain' in value && Object.keys(value).length === 1) return String(value.domain);
    if ('url' in value && Object.keys(value).length === 1) return String(value.url);
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJsonValue(v);
    return out;
  }
  if (typeof value === 'bigint') return value.toString();
  return value as JsonValue;
}

/** Formats a Target as one string: CIDR, domain or URL. */
export function formatTarget(target: Target): string {
  if ('ip' in target) return formatPrefix(target);
  return 'domain' in target ? target.domain : target.url;
}

/**
 * Parses a Target from text: an address or CIDR, an http(s) URL, or else a domain. A
 * domain is taken as written: the body check refuses upper case and a trailing dot, as
 * the CBOR form does (docs/api.md "The JSON form"); user interfaces normalise first.
 */
export function parseTarget(text: string): Target {
  const t = text.trim();
  if (/^https?:\/\//i.test(t)) return { url: t };
  if (/^[0-9.]+(\/\d+)?$/.test(t) || t.includes(':')) return parsePrefix(t);
  return { domain: t };
}

type Field = 'hex' | 'target' | 'prefix' | 'hex[]' | 'prefix[]';
/** Per kind: which (dotted) fields hold bytes or addresses in their JSON form. */
const FIELDS: { readonly [K in EntryKind]: Readonly<Record<string, Field>> } = {
  report: { about: 'target', 'evidence.digest': 'hex', 'evidence.refs': 'hex[]', evidenceDigest: 'hex' },
  ack: { report: 'hex' },
  listing: { target: 'target', evidence: 'hex[]' },
  'delist-request': { listing: 'hex' },
  'delist-decision': { request: 'hex' },
  profile: { dynamic: 'prefix[]' },
  notice: {},
  retract: { entry: 'hex' },
  receipt: { 'holdings.origin': 'hex', 'holdings.head': 'hex' },
  roster: { document: 'hex', digest: 'hex' },
};

function hex(value: unknown, path: string): Uint8Array {
  if (typeof value !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(value))
    fail('ARX_PROTO_BAD_FIELD', `${path} must be hex`);
  return fromHex(value);
}

function text(value: unknown, path: string): string {
  if (typeof value !== 'string') fail('ARX_PROTO_BAD_FIELD', `${path} must be text`);
  return value;
}

function convert(kind: Field, value: unknown, path: string): unknown {
  if (value === undefined) return undefined;
  switch (kind) {
    case 'hex':
      return hex(value, path);
    case 'target':
      return parseTarget(text(value, path));
    case 'prefix':
      return parsePrefix(text(value, path));
    case 'hex[]':
    case 'prefix[]':
      if (!Array.isArray(value)) fail('ARX_PROTO_BAD_FIELD', `${path} must be an array`);
      return value.map((v, i) => convert(kind === 'hex[]' ? 'hex' : 'prefix', v, `${path}[${i}]`));
  }
}

function apply(value: unknown, path: string[], kind: Field, label: string): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => apply(v, path, kind, label));
  const [head, ...rest] = path as [string, ...string[]];
  if (!(head in value)) return value;
  const obj = value as Record<string, unknown>;
  return { ...obj, [head]: rest.length === 0 ? convert(kind, obj[head], label) : apply(obj[head], rest, kind, label) };
}

/** Converts a body from its JSON form to the protocol form of `kind`. */
export function bodyFromJson<K extends EntryKind>(kind: K, json: unknown): BodyByKind[K] {
  const fields = FIELDS[kind];
  if (!fields) fail('ARX_PROTO_UNKNOWN_KIND', JSON.stringify(kind));
  let body = json;
  for (const [path, field] of Object.entries(fields)) body = apply(body, path.split('.'), field, `body.${path}`);
  return body as BodyByKind[K];
}

/** An entry in JSON form. */
export interface EntryJson {
  id: string;
  origin: string;
  originId: string;
  seq: number;
  prev: string | null;
  ts: number;
  kind: EntryKind;
  body: JsonValue;
  envelope?: string;
}

/** The JSON form of a parsed or verified entry; `withEnvelope` adds the COSE bytes as hex. */
export function entryToJson(entry: ParsedEntry, withEnvelope = false): EntryJson {
  const p = entry.payload;
  const json: EntryJson = {
    id: entry.idHex,
    origin: entry.originHex,
    originId: formatKeyId(p.origin),
    seq: p.seq,
    prev: p.prev ? toHex(p.prev) : null,
    ts: p.ts,
    kind: p.kind,
    body: toJsonValue(p.body),
  };
  if (withEnvelope) json.envelope = toHex(entry.bytes);
  return json;
}

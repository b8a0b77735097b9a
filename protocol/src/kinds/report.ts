/** `report`: a reporter tells the federation about abuse from an address, prefix, domain or URL. */
import { REPORT_CATEGORIES, REPORT_SOURCES } from '../codes/index.js';
import { fail } from '../errors.js';
import { checkNotReserved } from '../reserved.js';
import {
  arrayOf,
  bytes,
  type Check,
  type Checked,
  code,
  langText,
  optional,
  struct,
  target,
  text,
  uint,
} from '../validate.js';

const fieldText = text(2048);
const fieldTexts = arrayOf(fieldText, { max: 64 });
const fieldValue: Check<string | string[]> = (value, path) =>
  Array.isArray(value) ? fieldTexts(value, path) : fieldText(value, path);

/** ARF (RFC 5965) fields kept as evidence, personal addresses already redacted (RFC 6590). */
const arfFields: Check<Record<string, string | string[]>> = (value, path) => {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
    fail('ARX_PROTO_BAD_FIELD', `${path} must be a map`);
  }
  const out: Record<string, string | string[]> = {};
  const keys = Object.keys(value);
  if (keys.length > 64) fail('ARX_PROTO_BAD_FIELD', `${path} has more than 64 fields`);
  for (const key of keys) {
    if (!/^[a-z0-9-]{1,64}$/.test(key)) fail('ARX_PROTO_BAD_FIELD', `${path}: "${key}" is not a lowercase field name`);
    out[key] = fieldValue((value as Record<string, unknown>)[key], `${path}.${key}`);
  }
  return out;
};

export const checkEvidence = struct({
  arf: optional(arfFields),
  digest: optional(bytes(32)),
  headers: optional(text(16384)),
  format: optional(text(32)),
  refs: optional(arrayOf(bytes(32), { max: 64 })),
});

const reportFields = struct({
  about: target,
  category: code(REPORT_CATEGORIES, 'report category'),
  observed: struct({ first: uint(), last: uint(), count: uint(Number.MAX_SAFE_INTEGER, 1) }),
  source: code(REPORT_SOURCES, 'report source'),
  confidence: optional(uint(100)),
  evidence: optional(checkEvidence),
  evidenceDigest: optional(bytes(32)),
  note: optional(langText()),
});

export const checkReportBody = (value: unknown, path: string) => {
  const body = reportFields(value, path);
  // Inline evidence (signed by version-2 publishers) or a commitment to detached evidence, not both.
  if (body.evidence && body.evidenceDigest) {
    fail('ARX_PROTO_BAD_FIELD', `${path} has both evidence and evidenceDigest`);
  }
  if (body.observed.last < body.observed.first) fail('ARX_PROTO_BAD_FIELD', `${path}.observed.last is before first`);
  checkNotReserved(body.about, `${path}.about`);
  return body;
};

export type ReportBody = Checked<typeof checkReportBody>;
export type Evidence = Checked<typeof checkEvidence>;

/**
 * Small validation combinators for entry bodies. Each check takes an untrusted
 * decoded value and a path (for the error message) and returns the typed value or
 * throws ArxProtocolError. Unknown map keys are always an error: a body this version
 * does not fully understand is not accepted.
 */
import { checkPrefix, type IpPrefix } from './address.js';
import { type CodeTable, isCode } from './codes/table.js';
import { fail } from './errors.js';

export type Check<T> = (value: unknown, path: string) => T;
export type Checked<C> = C extends Check<infer T> ? T : never;

const OPTIONAL = Symbol('optional');
type OptionalCheck<T> = Check<T | undefined> & { [OPTIONAL]: true };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function optional<T>(check: Check<T>): OptionalCheck<T> {
  const wrapped = ((value: unknown, path: string) =>
    value === undefined ? undefined : check(value, path)) as OptionalCheck<T>;
  wrapped[OPTIONAL] = true;
  return wrapped;
}

type Shape = Record<string, Check<unknown>>;
type StructOf<S extends Shape> = {
  [K in keyof S as S[K] extends OptionalCheck<unknown> ? never : K]: Checked<S[K]>;
} & {
  [K in keyof S as S[K] extends OptionalCheck<unknown> ? K : never]?: Exclude<Checked<S[K]>, undefined>;
};

/**
 * A map with exactly these text keys (optional ones may be absent). Built once per
 * shape: the check walks arrays made here, and the paths it hands the fields' checks
 * (for their error messages) are made again only when the map's own path changes.
 */
export function struct<S extends Shape>(shape: S): Check<StructOf<S>> {
  const names = Object.keys(shape);
  const checks = names.map((name) => shape[name]!);
  const required = checks.map((check) => !(OPTIONAL in check));
  let pathsOf: string | undefined;
  let paths: readonly string[] = [];
  return (value, path) => {
    if (!isPlainObject(value)) fail('ARX_PROTO_BAD_FIELD', `${path} must be a map`);
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(shape, key)) fail('ARX_PROTO_UNKNOWN_FIELD', `${path}.${key}`);
    }
    if (path !== pathsOf) {
      paths = names.map((name) => `${path}.${name}`);
      pathsOf = path;
    }
    const at = paths;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const key = names[i]!;
      const v = value[key];
      if (v === undefined && required[i]) fail('ARX_PROTO_BAD_FIELD', `${at[i]} is required`);
      const checked = checks[i]!(v, at[i]!);
      if (checked !== undefined) out[key] = checked;
    }
    return out as StructOf<S>;
  };
}

export function text(maxLength = 1024): Check<string> {
  return (value, path) => {
    if (typeof value !== 'string') fail('ARX_PROTO_BAD_FIELD', `${path} must be text`);
    if (value.length > maxLength) fail('ARX_PROTO_BAD_FIELD', `${path} longer than ${maxLength} characters`);
    return value;
  };
}

export function uint(max = Number.MAX_SAFE_INTEGER, min = 0): Check<number> {
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      fail('ARX_PROTO_BAD_FIELD', `${path} must be an integer in ${min}..${max}`);
    }
    return value;
  };
}

export function bytes(length?: number, maxLength = 65536): Check<Uint8Array> {
  return (value, path) => {
    if (!(value instanceof Uint8Array)) fail('ARX_PROTO_BAD_FIELD', `${path} must be a byte string`);
    if (length !== undefined && value.length !== length) fail('ARX_PROTO_BAD_FIELD', `${path} must be ${length} bytes`);
    if (value.length > maxLength) fail('ARX_PROTO_BAD_FIELD', `${path} longer than ${maxLength} bytes`);
    return value;
  };
}

/** An entry id or public key: 32 bytes. */
export const id32 = bytes(32);

export function code<C extends string>(table: CodeTable<C>, name: string): Check<C> {
  return (value, path) => {
    if (!isCode(table, value))
      fail('ARX_PROTO_UNKNOWN_CODE', `${path}: ${JSON.stringify(value)} is not a ${name} code`);
    return value;
  };
}

export function literal<T extends string>(...allowed: T[]): Check<T> {
  return (value, path) => {
    if (!allowed.includes(value as T)) fail('ARX_PROTO_BAD_FIELD', `${path} must be one of ${allowed.join(', ')}`);
    return value as T;
  };
}

export function arrayOf<T>(check: Check<T>, opts: { min?: number; max?: number } = {}): Check<T[]> {
  const { min = 0, max = 1024 } = opts;
  return (value, path) => {
    if (!Array.isArray(value)) fail('ARX_PROTO_BAD_FIELD', `${path} must be an array`);
    if (value.length < min || value.length > max) {
      fail('ARX_PROTO_BAD_FIELD', `${path} must have ${min}..${max} items`);
    }
    return value.map((item, i) => check(item, `${path}[${i}]`));
  };
}

/** Free text: a map of BCP 47 language tag → text (at least one entry). */
export type LangText = Record<string, string>;
const BCP47 = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/;

export function langText(maxLength = 4096): Check<LangText> {
  const each = text(maxLength);
  return (value, path) => {
    if (!isPlainObject(value)) fail('ARX_PROTO_BAD_FIELD', `${path} must be a map of language tag to text`);
    const keys = Object.keys(value);
    if (keys.length === 0 || keys.length > 16) fail('ARX_PROTO_BAD_FIELD', `${path} must have 1..16 languages`);
    for (const key of keys) {
      if (!BCP47.test(key)) fail('ARX_PROTO_BAD_FIELD', `${path}: "${key}" is not a BCP 47 language tag`);
      each(value[key], `${path}.${key}`);
    }
    return value as LangText;
  };
}

/** An IP prefix on the wire: { ip: bstr(4 / 16), len: uint }. */
const prefixFields = struct({ ip: bytes(), len: uint(128) });

export const ipPrefix: Check<IpPrefix> = (value, path) => {
  const p = prefixFields(value, path);
  checkPrefix(p, path);
  return p;
};

const DOMAIN = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** What a report or listing is about: an IP prefix, a domain, or a URL. */
export type Target = IpPrefix | { readonly domain: string } | { readonly url: string };

const domainTarget = struct({ domain: text(253) });
const urlTarget = struct({ url: text(2048) });

export const target: Check<Target> = (value, path) => {
  if (isPlainObject(value) && 'domain' in value) {
    const t = domainTarget(value, path);
    if (!DOMAIN.test(t.domain)) fail('ARX_PROTO_BAD_FIELD', `${path}.domain must be a lowercase domain name`);
    return t;
  }
  if (isPlainObject(value) && 'url' in value) {
    const t = urlTarget(value, path);
    if (!/^https?:\/\/[^\s]+$/.test(t.url)) fail('ARX_PROTO_BAD_FIELD', `${path}.url must be an http(s) URL`);
    return t;
  }
  return ipPrefix(value, path);
};

/** True for the IP form of a target. */
export function isIpTarget(t: Target): t is IpPrefix {
  return 'ip' in t;
}

/**
 * Node configuration: `arx.config.json` in the node directory. Paths are relative to
 * that directory. One JSON Schema (config-schema.ts) validates every field at every
 * depth and supplies the defaults; an error names the path of each offending field.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import { CONFIG_SCHEMA, type ConfigFields, type Expected } from './config-schema.js';
import { ArxNodeError } from './errors.js';

export const CONFIG_FILE = 'arx.config.json';

export interface NodeConfig extends Omit<ConfigFields, 'horizonDays'> {
  /** Absolute path of the node directory (filled in by loadConfig). */
  dir: string;
  /** The log's horizon in days (node/src/store/horizon.ts); a null in the file is filled in from retentionDays. */
  horizonDays: number;
}

/** The grace period (days) past the evidence window at which the log's horizon falls by default. */
export const HORIZON_GRACE_DAYS = 30;
export type ListenConfig = NodeConfig['http'];
export type PeerConfig = NodeConfig['peers'][number];
export type HttpLimits = NodeConfig['limits']['http'];
export type DnsblConfig = NodeConfig['dnsbl'];

/** One wrong field of a config: its path (`smtp.prot`, `peers[0].url`) and what is wrong with it. */
export type ConfigProblem =
  | {
      path: string;
      kind: 'unknown';
      /** The fields known at that depth, and the one it is likely a typo of (`smtp.prot` → `port`). */
      known: string[];
      suggestion?: string;
    }
  | { path: string; kind: 'required' }
  | { path: string; kind: 'invalid'; expected: Expected };

/** A problem as an operator reads it, in English or Simplified Chinese. */
export function configProblemText(problem: ConfigProblem, lang: keyof Expected = 'en'): string {
  const { path } = problem;
  const zh = lang === 'zh-CN';
  if (problem.kind === 'unknown') {
    const known = problem.known.join(', ');
    const { suggestion } = problem;
    if (zh) return `${path} 不是已知字段（${suggestion ? `是否应为 ${suggestion}？` : ''}此处可用：${known}）`;
    return `${path} is not a known field (${suggestion ? `did you mean ${suggestion}? ` : ''}known here: ${known})`;
  }
  if (problem.kind === 'required') return zh ? `缺少必填字段 ${path}` : `${path} is required`;
  return zh ? `${path} 必须是${problem.expected[lang]}` : `${path} must be ${problem.expected.en}`;
}

/**
 * A config refused: the message names every problem; `problems` lists them, each with
 * its text in both languages (the CLI prints one a line, in the reader's language).
 */
export class ConfigError extends ArxNodeError {
  readonly problems: readonly (ConfigProblem & { text: Expected })[];
  constructor(problems: readonly ConfigProblem[]) {
    super('ARX_NODE_CONFIG', problems.map((p) => configProblemText(p)).join('; '));
    this.problems = problems.map((p) => ({
      ...p,
      text: { en: configProblemText(p, 'en'), 'zh-CN': configProblemText(p, 'zh-CN') },
    }));
  }
}

/**
 * Validates raw config objects against CONFIG_SCHEMA, filling in its defaults. Compiled
 * on first use, not at import: importing the node (its types, its owner helper) stays cheap.
 */
let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (compiled) return compiled;
  // verbose: errors carry the failing subschema, whose `x-expected` phrases the message;
  // $data: a field's bound may be another field (limits.http.headersTimeoutSeconds).
  const ajv = new Ajv({
    allErrors: true,
    useDefaults: true,
    verbose: true,
    strict: true,
    $data: true,
    allowUnionTypes: true,
  });
  ajv.addKeyword('x-expected');
  ajv.addFormat('ip', (value: string) => isIP(value) !== 0);
  compiled = ajv.compile(CONFIG_SCHEMA);
  return compiled;
}

/** `/limits/maxFrameBytes` → `limits.maxFrameBytes`, `/peers/0/url` → `peers[0].url`. */
function fieldPath(pointer: string, child?: string): string {
  return [...pointer.split('/').slice(1), ...(child === undefined ? [] : [child])]
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

/** The known field an unknown one is likely a typo of: a few letters off, or another case. */
function likelyTypo(field: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const lower = known.map((k) => k.toLowerCase());
  const near = closest(field.toLowerCase(), lower);
  const edits = distance(field.toLowerCase(), near);
  return edits < field.length && edits <= Math.max(2, Math.floor(field.length / 3))
    ? known[lower.indexOf(near)]
    : undefined;
}

/** One validation error as an operator reads it: the path of the wrong field and what it must be. */
function problemOf(error: ErrorObject): ConfigProblem {
  if (error.keyword === 'additionalProperties') {
    const field = (error.params as { additionalProperty: string }).additionalProperty;
    const properties = (error.parentSchema as { properties?: object }).properties ?? {};
    const known = Object.keys(properties).filter((k) => k !== '$schema');
    const typo = likelyTypo(field, known);
    const suggestion = typo === undefined ? undefined : fieldPath(error.instancePath, typo);
    const path = fieldPath(error.instancePath, field);
    return { path, kind: 'unknown', known, ...(suggestion ? { suggestion } : {}) };
  }
  if (error.keyword === 'required') {
    const field = (error.params as { missingProperty: string }).missingProperty;
    return { path: fieldPath(error.instancePath, field), kind: 'required' };
  }
  const declared = (error.parentSchema as { 'x-expected'?: Expected } | undefined)?.['x-expected'];
  const expected = declared ?? { en: error.message ?? 'valid', 'zh-CN': error.message ?? 'valid' };
  return { path: fieldPath(error.instancePath) || 'config', kind: 'invalid', expected };
}

/** Validates a parsed config object (at every depth) and fills in the defaults; `dir` is the node directory. */
export function parseConfig(raw: unknown, dir: string): NodeConfig {
  // Validation fills defaults in place: work on a copy so the caller's object is untouched.
  const config = raw !== null && typeof raw === 'object' ? structuredClone(raw) : raw;
  const validate = validator();
  if (!validate(config)) {
    // Every wrong field once, each by its path (an operator fixes them in one go).
    const errors = validate.errors ?? [];
    // A value matching no branch of a union (`"auto"` or an integer) is one problem, said
    // by the union, not one per branch.
    const unions = errors.filter((e) => e.keyword === 'anyOf').map((e) => `${e.schemaPath}/`);
    const seen = new Set<string>();
    const problems = errors
      .filter((e) => !unions.some((union) => e.schemaPath.startsWith(union)))
      .map(problemOf)
      .filter((p) => {
        const key = configProblemText(p);
        return !seen.has(key) && seen.add(key);
      });
    throw new ConfigError(problems);
  }
  const { $schema: _schema, ...fields } = config as Static;
  fields.dnsbl.zone = fields.dnsbl.zone.toLowerCase().replace(/\.$/, '');
  // DNS names are compared without case: two keys of one name could not be told apart.
  const names = new Set<string>();
  for (const [i, key] of fields.dnsbl.tsigKeys.entries()) {
    key.name = key.name.toLowerCase();
    if (names.has(key.name)) {
      const expected = { en: 'a name not used by another key', 'zh-CN': '未被其他密钥使用的名称' };
      throw new ConfigError([{ path: `dnsbl.tsigKeys[${i}].name`, kind: 'invalid', expected }]);
    }
    names.add(key.name);
  }
  return { dir: resolve(dir), ...withDerived(fields) };
}

/** Fills in the defaults that follow from other fields: the horizon from the evidence window. */
function withDerived<T extends Pick<ConfigFields, 'horizonDays' | 'retentionDays'>>(
  fields: T,
): T & { horizonDays: number } {
  return { ...fields, horizonDays: fields.horizonDays ?? fields.retentionDays + HORIZON_GRACE_DAYS };
}
type Static = ConfigFields & { $schema?: string };

/**
 * The defaults a schema declares: a section (an object with `default: {}`, or the whole
 * config) gets its fields' defaults filled in, as validation does; an optional object
 * without a default (`tls`) gets none.
 */
function defaultsOf(schema: { properties?: Record<string, object>; default?: unknown }, whole = false): unknown {
  if (!schema.properties || !(whole || schema.default !== undefined)) return structuredClone(schema.default);
  const fields = Object.entries(schema.properties).map(([name, sub]) => [name, defaultsOf(sub)]);
  return Object.fromEntries(fields.filter(([, value]) => value !== undefined));
}

/** Every default of the schema, as a config without its handle (what `parseConfig` fills in). */
export const DEFAULTS = withDerived(defaultsOf(CONFIG_SCHEMA, true) as ConfigFields) as Omit<
  NodeConfig,
  'dir' | 'handle'
>;

/** Reads and validates `<dir>/arx.config.json`. */
export function loadConfig(dir: string): NodeConfig {
  const file = join(dir, CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ArxNodeError('ARX_NODE_CONFIG', `cannot read ${file} (is this a node directory? try "arx init")`, {
      cause,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ArxNodeError('ARX_NODE_CONFIG', `${file} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  return parseConfig(raw, dir);
}

/** Resolves a config path against the node directory. */
export function nodePath(config: NodeConfig, path: string): string {
  return isAbsolute(path) ? path : join(config.dir, path);
}

/** Where a running node writes its actual listener addresses (ports may be 0 in config). */
export const RUN_FILE = 'run/listen.json';

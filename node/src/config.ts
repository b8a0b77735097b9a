/**
 * Node configuration: `arx.config.json` in the node directory. Paths are relative to
 * that directory. One JSON Schema (config-schema.ts) validates every field at every
 * depth and supplies the defaults; an error names the path of the offending field.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { CONFIG_SCHEMA } from './config-schema.js';
import { ArxNodeError } from './errors.js';

export const CONFIG_FILE = 'arx.config.json';

export interface ListenConfig {
  host: string;
  port: number;
}

export interface PeerConfig {
  /** ws:// or wss:// URL of the peer's websocket endpoint (…/v1/ws). */
  url: string;
  /** Expected peer handle (informational; identity is the key proven in the handshake). */
  handle?: string;
}

export interface NodeConfig {
  /** Absolute path of the node directory (filled in by loadConfig). */
  dir: string;
  handle: string;
  /** Key file: JSON { publicKey, secretKey, id }. */
  keyFile: string;
  /** Trusted roster document (COSE_Sign bytes). */
  rosterFile: string;
  dataDir: string;
  operatorTokenFile: string;
  http: ListenConfig;
  tls?: { cert: string; key: string };
  peers: PeerConfig[];
  retentionDays: number;
  limits: {
    maxFrameBytes: number;
    /** Frames per second per connection (token bucket, burst = 2 s). */
    ratePerSecond: number;
    idleTimeoutSeconds: number;
    /** Bytes buffered for one websocket before sending pauses. */
    maxBufferedBytes: number;
  };
  dnsbl: { enabled: boolean; host: string; port: number; zone: string; origins: 'own' | 'all' };
  smtp: { enabled: boolean; host: string; port: number };
  forward: { enabled: boolean; to: string[]; smtpHost: string; smtpPort: number; from: string };
  /** ARF import: accept documentation ranges (RFC 5737, RFC 3849) as sources — for test federations only. */
  arf: { allowDocumentationAddresses: boolean };
  metrics: { targetHours: number };
  receipts: { intervalSeconds: number };
  /** Verify signatures on a worker pool of this many threads (0 = on the main thread). */
  verifyWorkers: number;
  log: { level: string };
}

/** Validates raw config objects against CONFIG_SCHEMA, filling in its defaults. */
const validate: ValidateFunction = (() => {
  // verbose: errors carry the failing subschema, whose `x-expected` phrases the message.
  const ajv = new Ajv({ allErrors: true, useDefaults: true, verbose: true, strict: true });
  ajv.addKeyword('x-expected');
  return ajv.compile(CONFIG_SCHEMA);
})();

/** `/limits/maxFrameBytes` → `limits.maxFrameBytes`, `/peers/0/url` → `peers[0].url`. */
function fieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

/** One validation error as an operator reads it: the path of the wrong field and what it must be. */
function describe(error: ErrorObject): string {
  const at = fieldPath(error.instancePath);
  if (error.keyword === 'additionalProperties') {
    const field = (error.params as { additionalProperty: string }).additionalProperty;
    const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {}).filter(
      (k) => k !== '$schema',
    );
    return `${at ? `${at}.` : ''}${field} is not a known field (known here: ${known.join(', ')})`;
  }
  if (error.keyword === 'required') {
    const field = (error.params as { missingProperty: string }).missingProperty;
    return `${at ? `${at}.` : ''}${field} is required`;
  }
  const expected = (error.parentSchema as { 'x-expected'?: string } | undefined)?.['x-expected'];
  return expected ? `${at || 'config'} must be ${expected}` : `${at || 'config'} ${error.message}`;
}

/** Validates a parsed config object (at every depth) and fills in the defaults; `dir` is the node directory. */
export function parseConfig(raw: unknown, dir: string): NodeConfig {
  // Validation fills defaults in place: work on a copy so the caller's object is untouched.
  const config = raw !== null && typeof raw === 'object' ? structuredClone(raw) : raw;
  if (!validate(config)) {
    // Every wrong field, each by its path (a few at most: an operator fixes them in one go).
    const problems = [...new Set((validate.errors ?? []).map(describe))];
    throw new ArxNodeError('ARX_NODE_CONFIG', problems.slice(0, 8).join('; ') || 'config is invalid');
  }
  const parsed = config as unknown as Omit<NodeConfig, 'dir'> & { $schema?: string };
  delete parsed.$schema;
  parsed.dnsbl.zone = parsed.dnsbl.zone.toLowerCase().replace(/\.$/, '');
  return { dir: resolve(dir), ...parsed };
}

/** Every default of the schema, as a config without its handle. */
export const DEFAULTS: Omit<NodeConfig, 'dir' | 'handle'> = (() => {
  const { dir: _dir, handle: _handle, ...defaults } = parseConfig({ handle: 'defaults' }, '.');
  return defaults;
})();

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

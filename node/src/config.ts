/**
 * Node configuration: `arx.config.json` in the node directory. Paths are relative to
 * that directory. Validation names the offending field so an operator can fix it.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ArxNodeError } from './errors.js';
import { DEFAULT_SMTP_LIMITS } from './interop/smtp-limits.js';

export const CONFIG_FILE = 'arx.config.json';

/** The highest import size limit a config may set (each report is held in memory while read). */
const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

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
    /** Entries held in memory waiting for a missing predecessor (all origins together). */
    maxHeldEntries: number;
    /** Bytes of those entries. */
    maxHeldBytes: number;
  };
  dnsbl: { enabled: boolean; host: string; port: number; zone: string; origins: 'own' | 'all' };
  /**
   * SMTP intake of feedback reports; `maxBytes` is the largest message taken (RFC 1870
   * SIZE); the other limits are per client and overall (docs/operator-guide.md, "Limits and abuse").
   */
  smtp: {
    enabled: boolean;
    host: string;
    port: number;
    maxBytes: number;
    maxConnections: number;
    maxConnectionsPerClient: number;
    maxRecipients: number;
    commandTimeoutSeconds: number;
    dataTimeoutSeconds: number;
    messagesPerMinutePerClient: number;
  };
  /**
   * ARF forwarding to the abuse mailbox through the durable outbox. `to` empty: the
   * abuse contacts of the member responsible (this one), from the roster. Retries back
   * off from `retrySeconds` doubling to `maxRetrySeconds`; after `giveUpHours` a report
   * is given up (logged and counted).
   */
  forward: {
    enabled: boolean;
    to: string[];
    smtpHost: string;
    smtpPort: number;
    from: string;
    retrySeconds: number;
    maxRetrySeconds: number;
    giveUpHours: number;
  };
  /**
   * ARF import: the largest message taken over HTTP (`maxBytes`), and whether
   * documentation ranges (RFC 5737, RFC 3849) are accepted as sources — for test
   * federations only; X-ARF import follows the same setting.
   */
  arf: { allowDocumentationAddresses: boolean; maxBytes: number };
  /** X-ARF import over HTTP: the largest document taken. */
  xarf: { maxBytes: number };
  metrics: { targetHours: number };
  receipts: { intervalSeconds: number };
  /** Verify signatures on a worker pool of this many threads (0 = on the main thread). */
  verifyWorkers: number;
  log: { level: string };
}

export const DEFAULTS: Omit<NodeConfig, 'dir' | 'handle'> = {
  keyFile: 'org.key.json',
  rosterFile: 'roster.cbor',
  dataDir: 'data',
  operatorTokenFile: 'operator.token',
  http: { host: '127.0.0.1', port: 0 },
  peers: [],
  retentionDays: 60,
  limits: {
    maxFrameBytes: 70_000,
    ratePerSecond: 5000,
    idleTimeoutSeconds: 600,
    maxBufferedBytes: 4 * 1024 * 1024,
    maxHeldEntries: 50_000,
    maxHeldBytes: 64 * 1024 * 1024,
  },
  dnsbl: { enabled: false, host: '127.0.0.1', port: 0, zone: 'dnsbl.arx.test', origins: 'own' },
  smtp: {
    enabled: false,
    host: '127.0.0.1',
    port: 0,
    maxBytes: 10 * 1024 * 1024,
    maxConnections: DEFAULT_SMTP_LIMITS.maxConnections,
    maxConnectionsPerClient: DEFAULT_SMTP_LIMITS.maxConnectionsPerClient,
    maxRecipients: DEFAULT_SMTP_LIMITS.maxRecipients,
    commandTimeoutSeconds: DEFAULT_SMTP_LIMITS.commandTimeoutMs / 1000,
    dataTimeoutSeconds: DEFAULT_SMTP_LIMITS.dataTimeoutMs / 1000,
    messagesPerMinutePerClient: DEFAULT_SMTP_LIMITS.messagesPerMinutePerClient,
  },
  forward: {
    enabled: false,
    to: [],
    smtpHost: '127.0.0.1',
    smtpPort: 25,
    from: 'arx@localhost',
    retrySeconds: 30,
    maxRetrySeconds: 3600,
    giveUpHours: 96,
  },
  arf: { allowDocumentationAddresses: false, maxBytes: 10 * 1024 * 1024 },
  xarf: { maxBytes: 10 * 1024 * 1024 },
  metrics: { targetHours: 72 },
  receipts: { intervalSeconds: 30 },
  verifyWorkers: 0,
  log: { level: 'info' },
};

function bad(field: string, expected: string): never {
  throw new ArxNodeError('ARX_NODE_CONFIG', `${field} must be ${expected}`);
}

type Json = Record<string, unknown>;

function obj(value: unknown, field: string): Json {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) bad(field, 'an object');
  return value as Json;
}

function str(value: unknown, field: string, fallback?: string): string {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || value === '') bad(field, 'a non-empty string');
  return value;
}

function int(value: unknown, field: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    bad(field, `an integer in ${min}..${max}`);
  }
  return value;
}

function bool(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') bad(field, 'true or false');
  return value;
}

function listen(value: unknown, field: string, fallback: ListenConfig): ListenConfig {
  const o = obj(value, field);
  return {
    host: str(o['host'], `${field}.host`, fallback.host),
    port: int(o['port'], `${field}.port`, fallback.port, 0, 65535),
  };
}

const KNOWN = new Set([
  'handle',
  'keyFile',
  'rosterFile',
  'dataDir',
  'operatorTokenFile',
  'http',
  'tls',
  'peers',
  'retentionDays',
  'limits',
  'dnsbl',
  'smtp',
  'forward',
  'arf',
  'xarf',
  'metrics',
  'receipts',
  'verifyWorkers',
  'log',
  '$schema',
]);

/** The smtp.* limit keys, each an integer within a sane range. */
function smtpLimits(smtp: Json, d: NodeConfig['smtp']) {
  const key = (name: keyof NodeConfig['smtp'] & string, min: number, max: number) =>
    int(smtp[name], `smtp.${name}`, d[name] as number, min, max);
  return {
    maxConnections: key('maxConnections', 1, 100_000),
    maxConnectionsPerClient: key('maxConnectionsPerClient', 1, 100_000),
    // RFC 5321 §4.5.3.1.8: a server must accept at least 100 recipients.
    maxRecipients: key('maxRecipients', 100, 100_000),
    commandTimeoutSeconds: key('commandTimeoutSeconds', 1, 3600),
    dataTimeoutSeconds: key('dataTimeoutSeconds', 1, 3600),
    messagesPerMinutePerClient: key('messagesPerMinutePerClient', 1, 1_000_000),
  };
}

/** Validates a parsed config object; `dir` is the node directory. */
export function parseConfig(raw: unknown, dir: string): NodeConfig {
  const o = obj(raw, 'config');
  for (const key of Object.keys(o)) if (!KNOWN.has(key)) bad(key, `one of the known fields (${[...KNOWN].join(', ')})`);
  const handle = str(o['handle'], 'handle');
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(handle)) bad('handle', 'lowercase letters, digits and "-" (max 32)');
  const d = DEFAULTS;
  const limits = obj(o['limits'], 'limits');
  const dnsbl = obj(o['dnsbl'], 'dnsbl');
  const smtp = obj(o['smtp'], 'smtp');
  const forward = obj(o['forward'], 'forward');
  const arf = obj(o['arf'], 'arf');
  const xarf = obj(o['xarf'], 'xarf');
  const tls = o['tls'] === undefined ? undefined : obj(o['tls'], 'tls');
  const peersRaw = o['peers'] ?? [];
  if (!Array.isArray(peersRaw)) bad('peers', 'an array');
  const peers = peersRaw.map((p, i) => {
    const po = obj(p, `peers[${i}]`);
    const url = str(po['url'], `peers[${i}].url`);
    if (!/^wss?:\/\//.test(url)) bad(`peers[${i}].url`, 'a ws:// or wss:// URL');
    return po['handle'] === undefined ? { url } : { url, handle: str(po['handle'], `peers[${i}].handle`) };
  });
  const origins = dnsbl['origins'] ?? d.dnsbl.origins;
  if (origins !== 'own' && origins !== 'all') bad('dnsbl.origins', '"own" or "all"');
  const to = forward['to'] ?? [];
  if (!Array.isArray(to) || to.some((t) => typeof t !== 'string')) bad('forward.to', 'an array of addresses');
  const config: NodeConfig = {
    dir: resolve(dir),
    handle,
    keyFile: str(o['keyFile'], 'keyFile', d.keyFile),
    rosterFile: str(o['rosterFile'], 'rosterFile', d.rosterFile),
    dataDir: str(o['dataDir'], 'dataDir', d.dataDir),
    operatorTokenFile: str(o['operatorTokenFile'], 'operatorTokenFile', d.operatorTokenFile),
    http: listen(o['http'], 'http', d.http),
    peers,
    retentionDays: int(o['retentionDays'], 'retentionDays', d.retentionDays, 1, 36500),
    limits: {
      maxFrameBytes: int(
        limits['maxFrameBytes'],
        'limits.maxFrameBytes',
        d.limits.maxFrameBytes,
        1024,
        16 * 1024 * 1024,
      ),
      ratePerSecond: int(limits['ratePerSecond'], 'limits.ratePerSecond', d.limits.ratePerSecond, 1, 1_000_000),
      idleTimeoutSeconds: int(
        limits['idleTimeoutSeconds'],
        'limits.idleTimeoutSeconds',
        d.limits.idleTimeoutSeconds,
        1,
        86400,
      ),
      maxBufferedBytes: int(
        limits['maxBufferedBytes'],
        'limits.maxBufferedBytes',
        d.limits.maxBufferedBytes,
        65536,
        1 << 30,
      ),
      maxHeldEntries: int(limits['maxHeldEntries'], 'limits.maxHeldEntries', d.limits.maxHeldEntries, 0, 10_000_000),
      maxHeldBytes: int(limits['maxHeldBytes'], 'limits.maxHeldBytes', d.limits.maxHeldBytes, 0, 1 << 30),
    },
    dnsbl: {
      enabled: bool(dnsbl['enabled'], 'dnsbl.enabled', d.dnsbl.enabled),
      host: str(dnsbl['host'], 'dnsbl.host', d.dnsbl.host),
      port: int(dnsbl['port'], 'dnsbl.port', d.dnsbl.port, 0, 65535),
      zone: str(dnsbl['zone'], 'dnsbl.zone', d.dnsbl.zone).toLowerCase().replace(/\.$/, ''),
      origins,
    },
    smtp: {
      enabled: bool(smtp['enabled'], 'smtp.enabled', d.smtp.enabled),
      host: str(smtp['host'], 'smtp.host', d.smtp.host),
      port: int(smtp['port'], 'smtp.port', d.smtp.port, 0, 65535),
      maxBytes: int(smtp['maxBytes'], 'smtp.maxBytes', d.smtp.maxBytes, 1024, MAX_IMPORT_BYTES),
      ...smtpLimits(smtp, d.smtp),
    },
    forward: {
      enabled: bool(forward['enabled'], 'forward.enabled', d.forward.enabled),
      to: to as string[],
      smtpHost: str(forward['smtpHost'], 'forward.smtpHost', d.forward.smtpHost),
      smtpPort: int(forward['smtpPort'], 'forward.smtpPort', d.forward.smtpPort, 1, 65535),
      from: str(forward['from'], 'forward.from', d.forward.from),
      retrySeconds: int(forward['retrySeconds'], 'forward.retrySeconds', d.forward.retrySeconds, 1, 86400),
      maxRetrySeconds: int(
        forward['maxRetrySeconds'],
        'forward.maxRetrySeconds',
        d.forward.maxRetrySeconds,
        1,
        7 * 86400,
      ),
      giveUpHours: int(forward['giveUpHours'], 'forward.giveUpHours', d.forward.giveUpHours, 1, 24 * 365),
    },
    arf: {
      allowDocumentationAddresses: bool(
        arf['allowDocumentationAddresses'],
        'arf.allowDocumentationAddresses',
        d.arf.allowDocumentationAddresses,
      ),
      maxBytes: int(arf['maxBytes'], 'arf.maxBytes', d.arf.maxBytes, 1024, MAX_IMPORT_BYTES),
    },
    xarf: { maxBytes: int(xarf['maxBytes'], 'xarf.maxBytes', d.xarf.maxBytes, 1024, MAX_IMPORT_BYTES) },
    metrics: { targetHours: int(obj(o['metrics'], 'metrics')['targetHours'], 'metrics.targetHours', 72, 1, 8760) },
    receipts: {
      intervalSeconds: int(obj(o['receipts'], 'receipts')['intervalSeconds'], 'receipts.intervalSeconds', 30, 1, 86400),
    },
    verifyWorkers: int(o['verifyWorkers'], 'verifyWorkers', d.verifyWorkers, 0, 64),
    log: { level: str(obj(o['log'], 'log')['level'], 'log.level', d.log.level) },
  };
  if (tls) config.tls = { cert: str(tls['cert'], 'tls.cert'), key: str(tls['key'], 'tls.key') };
  return config;
}

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

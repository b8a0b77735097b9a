/**
 * Node configuration: `arx.config.json` in the node directory. Paths are relative to
 * that directory. Validation names the offending field so an operator can fix it.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { MAX_BLOB_BYTES } from '@arx/protocol';
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

/** Time limits and per-client budgets of the HTTP server. */
export interface HttpLimits {
  /** Time to receive a request's headers (also the websocket upgrade request). */
  headersTimeoutSeconds: number;
  /** Time to receive a whole request, body included. */
  requestTimeoutSeconds: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutSeconds: number;
  /** Requests per minute from one client address to the public routes (operator requests are exempt). */
  requestsPerMinute: number;
  /** Requests per minute from one client address to each expensive read route. */
  expensiveRequestsPerMinute: number;
  /** Expensive read routes answer from a cache this many seconds old at most (0 = no cache). */
  cacheSeconds: number;
  /** Client addresses the per-client budgets do not apply to (monitoring, load tests). */
  exemptAddresses: string[];
}

/** The DNSBL responder and its zone (docs/dnsbl.md, "Configuration"). */
export interface DnsblConfig {
  enabled: boolean;
  host: string;
  port: number;
  zone: string;
  origins: 'own' | 'all';
  /** Name server in NS and SOA MNAME (default ns.ZONE). */
  nsName: string | null;
  /** SOA contact mailbox (default: the member's first abuse contact, else hostmaster.ZONE). */
  contact: string | null;
  /** TTL of positive answers and NS, seconds. */
  ttl: number;
  /** Negative-caching TTL: SOA TTL and MINIMUM, seconds. */
  negativeTtl: number;
  /** URL template shown in TXT answers: `{id}` and `{list}` are replaced (default: none). */
  removalUrl: string | null;
  /** Secondaries to NOTIFY after changes (`address[:port]`); they may transfer the zone. */
  secondaries: string[];
  /** Addresses or prefixes allowed to transfer the zone (AXFR/IXFR), besides the secondaries. */
  allowTransfer: string[];
  /** TSIG keys (HMAC-SHA256, base64 secret): when any is set, a transfer must be signed with one. */
  tsigKeys: { name: string; secret: string }[];
  /** UDP worker processes answering queries besides the node's own ("auto": one per core; 0: none). */
  workers: 'auto' | number;
  /** Changes are sealed into a new SOA serial and NOTIFY sent at most this often. */
  notifyDelayMs: number;
  /** Record changes kept for IXFR; older serials are sent the whole zone. */
  journalRecords: number;
  /** Identical UDP responses per second per client prefix (response rate limiting; 0 = off). */
  rrlResponsesPerSecond: number;
  /** Every n-th rate-limited response is sent truncated (TC) instead of dropped; 0 = drop all. */
  rrlSlip: number;
  /** TCP connections idle this long are closed. */
  tcpIdleTimeoutMs: number;
  /** Open TCP connections at most; past it the longest idle one is closed. */
  maxTcpConnections: number;
  /** Open TCP connections per client address at most; more are refused. */
  maxTcpPerClient: number;
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
  /**
   * Entries older than this many days that carry no live state are deleted from the log
   * (node/src/horizon.ts). Fractional values are allowed. Default: retentionDays + 30.
   */
  horizonDays: number;
  limits: {
    maxFrameBytes: number;
    /** Frames per second per connection (token bucket, burst = 2 s). */
    ratePerSecond: number;
    idleTimeoutSeconds: number;
    /** Bytes buffered for one websocket before sending pauses. */
    maxBufferedBytes: number;
    /** Largest detached blob (a roster document) this node fetches, accepts and stores. */
    maxBlobBytes: number;
    /** Entries held in memory waiting for a missing predecessor (all origins together). */
    maxHeldEntries: number;
    /** Bytes of those entries. */
    maxHeldBytes: number;
    /** Bytes buffered for all websockets together; beyond it the slowest subscriber is dropped. */
    maxBufferedBytesTotal: number;
    /** Open TCP connections (HTTP and websocket together), overall and from one source address. */
    maxConnections: number;
    maxConnectionsPerAddress: number;
    /** A websocket that is not a peer link, holds no subscription and sends nothing is closed after this. */
    idleUnauthenticatedSeconds: number;
    /** Time from a peer's `hello` to a completed handshake. */
    handshakeTimeoutSeconds: number;
    /** Replays (`sub` reading stored entries) running at once on one connection, and on the node. */
    maxReplaysPerConnection: number;
    maxReplaysTotal: number;
    /** Bytes of storage a connection's replays may read per second (burst: two seconds' worth). */
    replayReadBytesPerSecond: number;
    /** Entries dated further ahead of this node's clock are refused. */
    maxClockSkewSeconds: number;
    http: HttpLimits;
  };
  dnsbl: DnsblConfig;
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
  horizonDays: 60 + 30,
  limits: {
    maxFrameBytes: 70_000,
    ratePerSecond: 5000,
    idleTimeoutSeconds: 600,
    maxBufferedBytes: 4 * 1024 * 1024,
    maxBlobBytes: 16 * 1024 * 1024,
    maxHeldEntries: 50_000,
    maxHeldBytes: 64 * 1024 * 1024,
    maxBufferedBytesTotal: 64 * 1024 * 1024,
    maxConnections: 2048,
    maxConnectionsPerAddress: 128,
    idleUnauthenticatedSeconds: 60,
    handshakeTimeoutSeconds: 10,
    maxReplaysPerConnection: 2,
    maxReplaysTotal: 4,
    replayReadBytesPerSecond: 16 * 1024 * 1024,
    maxClockSkewSeconds: 300,
    http: {
      headersTimeoutSeconds: 10,
      requestTimeoutSeconds: 30,
      keepAliveTimeoutSeconds: 5,
      requestsPerMinute: 6000,
      expensiveRequestsPerMinute: 120,
      cacheSeconds: 5,
      exemptAddresses: [],
    },
  },
  dnsbl: {
    enabled: false,
    host: '127.0.0.1',
    port: 0,
    zone: 'dnsbl.arx.test',
    origins: 'own',
    nsName: null,
    contact: null,
    ttl: 300,
    negativeTtl: 60,
    removalUrl: null,
    secondaries: [],
    allowTransfer: ['127.0.0.1', '::1'],
    tsigKeys: [],
    workers: 'auto',
    notifyDelayMs: 1000,
    journalRecords: 100_000,
    rrlResponsesPerSecond: 20,
    rrlSlip: 2,
    tcpIdleTimeoutMs: 10_000,
    maxTcpConnections: 512,
    maxTcpPerClient: 16,
  },
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

/** The grace period (days) past the evidence window at which the log's horizon falls by default. */
export const HORIZON_GRACE_DAYS = 30;

function horizonDays(value: unknown, retentionDays: number): number {
  if (value === undefined) return retentionDays + HORIZON_GRACE_DAYS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 36500) {
    bad('horizonDays', 'a number of days greater than 0 and at most 36500');
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
  'horizonDays',
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

function strings(value: unknown, field: string, fallback: string[]): string[] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) bad(field, 'an array of strings');
  return value as string[];
}

function optionalStr(value: unknown, field: string): string | null {
  return value === undefined || value === null ? null : str(value, field);
}

const DNSBL_KNOWN = new Set(Object.keys(DEFAULTS.dnsbl));

function parseDnsbl(o: Json, d: DnsblConfig): DnsblConfig {
  for (const key of Object.keys(o))
    if (!DNSBL_KNOWN.has(key)) bad(`dnsbl.${key}`, `one of ${[...DNSBL_KNOWN].join(', ')}`);
  const origins = o['origins'] ?? d.origins;
  if (origins !== 'own' && origins !== 'all') bad('dnsbl.origins', '"own" or "all"');
  const removalUrl = optionalStr(o['removalUrl'], 'dnsbl.removalUrl');
  if (removalUrl !== null && !/^https?:\/\/[\x21-\x7e]+$/.test(removalUrl)) {
    bad('dnsbl.removalUrl', 'an http:// or https:// URL (printable ASCII; {id} and {list} are replaced)');
  }
  // RFC 2181 §8: TTLs are 31-bit.
  const ttl = (key: 'ttl' | 'negativeTtl') => int(o[key], `dnsbl.${key}`, d[key], 0, 0x7fffffff);
  return {
    enabled: bool(o['enabled'], 'dnsbl.enabled', d.enabled),
    host: str(o['host'], 'dnsbl.host', d.host),
    port: int(o['port'], 'dnsbl.port', d.port, 0, 65535),
    zone: str(o['zone'], 'dnsbl.zone', d.zone).toLowerCase().replace(/\.$/, ''),
    origins,
    nsName: optionalStr(o['nsName'], 'dnsbl.nsName'),
    contact: optionalStr(o['contact'], 'dnsbl.contact'),
    ttl: ttl('ttl'),
    negativeTtl: ttl('negativeTtl'),
    removalUrl,
    secondaries: strings(o['secondaries'], 'dnsbl.secondaries', d.secondaries),
    allowTransfer: strings(o['allowTransfer'], 'dnsbl.allowTransfer', d.allowTransfer),
    tsigKeys: parseTsigKeys(o['tsigKeys']),
    workers: parseWorkers(o['workers'], d.workers),
    notifyDelayMs: int(o['notifyDelayMs'], 'dnsbl.notifyDelayMs', d.notifyDelayMs, 0, 3_600_000),
    journalRecords: int(o['journalRecords'], 'dnsbl.journalRecords', d.journalRecords, 0, 100_000_000),
    rrlResponsesPerSecond: int(
      o['rrlResponsesPerSecond'],
      'dnsbl.rrlResponsesPerSecond',
      d.rrlResponsesPerSecond,
      0,
      1_000_000,
    ),
    rrlSlip: int(o['rrlSlip'], 'dnsbl.rrlSlip', d.rrlSlip, 0, 100),
    tcpIdleTimeoutMs: int(o['tcpIdleTimeoutMs'], 'dnsbl.tcpIdleTimeoutMs', d.tcpIdleTimeoutMs, 100, 3_600_000),
    maxTcpConnections: int(o['maxTcpConnections'], 'dnsbl.maxTcpConnections', d.maxTcpConnections, 1, 1_000_000),
    maxTcpPerClient: int(o['maxTcpPerClient'], 'dnsbl.maxTcpPerClient', d.maxTcpPerClient, 1, 1_000_000),
  };
}

/** `dnsbl.workers`: "auto" (one per core) or 0..64 worker processes. */
function parseWorkers(value: unknown, fallback: DnsblConfig['workers']): DnsblConfig['workers'] {
  if (value === undefined || value === 'auto') return value ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 64) {
    bad('dnsbl.workers', '"auto" or an integer in 0..64');
  }
  return value;
}

/** `dnsbl.tsigKeys`: `[{ name, secret }]`, names unique, secrets base64 of at least 16 bytes. */
function parseTsigKeys(value: unknown): DnsblConfig['tsigKeys'] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) bad('dnsbl.tsigKeys', 'an array of { "name", "secret" }');
  const names = new Set<string>();
  return value.map((entry, i) => {
    const field = `dnsbl.tsigKeys[${i}]`;
    const o = obj(entry, field);
    for (const key of Object.keys(o))
      if (key !== 'name' && key !== 'secret') bad(`${field}.${key}`, '"name" or "secret"');
    const name = str(o['name'], `${field}.name`).toLowerCase();
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(name)) bad(`${field}.name`, 'a domain-style key name, e.g. "arx-xfr"');
    if (names.has(name)) bad(`${field}.name`, 'a name not used by another key');
    names.add(name);
    const secret = str(o['secret'], `${field}.secret`);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(secret) || Buffer.from(secret, 'base64').length < 16) {
      bad(`${field}.secret`, 'base64 of at least 16 random bytes (e.g. `openssl rand -base64 32`)');
    }
    return { name, secret };
  });
}

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

/** The resource caps of limits.* beyond the frame-level ones (see "Limits and abuse" in docs/operator-guide.md). */
function moreLimits(
  limits: Json,
): Omit<
  NodeConfig['limits'],
  | 'maxFrameBytes'
  | 'ratePerSecond'
  | 'idleTimeoutSeconds'
  | 'maxBufferedBytes'
  | 'maxHeldEntries'
  | 'maxHeldBytes'
  | 'maxBlobBytes'
> {
  const d = DEFAULTS.limits;
  // A misspelt limit must not silently leave the default in force.
  for (const key of Object.keys(limits)) if (!(key in d)) bad(`limits.${key}`, `one of ${Object.keys(d).join(', ')}`);
  const n = (key: keyof typeof d & string, min: number, max: number) =>
    int(limits[key], `limits.${key}`, d[key] as number, min, max);
  const http = obj(limits['http'], 'limits.http');
  const h = (key: keyof HttpLimits & string, min: number, max: number) =>
    int(http[key], `limits.http.${key}`, d.http[key] as number, min, max);
  for (const key of Object.keys(http))
    if (!(key in d.http)) bad(`limits.http.${key}`, `one of ${Object.keys(d.http).join(', ')}`);
  const exempt = http['exemptAddresses'] ?? d.http.exemptAddresses;
  if (!Array.isArray(exempt) || exempt.some((a) => typeof a !== 'string'))
    bad('limits.http.exemptAddresses', 'an array of IP addresses');
  const result = {
    maxBufferedBytesTotal: n('maxBufferedBytesTotal', 65536, 2 ** 40),
    maxConnections: n('maxConnections', 1, 1_000_000),
    maxConnectionsPerAddress: n('maxConnectionsPerAddress', 1, 1_000_000),
    idleUnauthenticatedSeconds: n('idleUnauthenticatedSeconds', 1, 86400),
    handshakeTimeoutSeconds: n('handshakeTimeoutSeconds', 1, 3600),
    maxReplaysPerConnection: n('maxReplaysPerConnection', 1, 32),
    maxReplaysTotal: n('maxReplaysTotal', 1, 1024),
    replayReadBytesPerSecond: n('replayReadBytesPerSecond', 65536, 2 ** 40),
    maxClockSkewSeconds: n('maxClockSkewSeconds', 1, 86400),
    http: {
      headersTimeoutSeconds: h('headersTimeoutSeconds', 1, 3600),
      requestTimeoutSeconds: h('requestTimeoutSeconds', 1, 3600),
      keepAliveTimeoutSeconds: h('keepAliveTimeoutSeconds', 1, 3600),
      requestsPerMinute: h('requestsPerMinute', 1, 10_000_000),
      expensiveRequestsPerMinute: h('expensiveRequestsPerMinute', 1, 10_000_000),
      cacheSeconds: h('cacheSeconds', 0, 3600),
      exemptAddresses: exempt as string[],
    },
  };
  if (result.http.headersTimeoutSeconds > result.http.requestTimeoutSeconds)
    bad('limits.http.headersTimeoutSeconds', 'at most limits.http.requestTimeoutSeconds');
  return result;
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
    horizonDays: horizonDays(o['horizonDays'], int(o['retentionDays'], 'retentionDays', d.retentionDays, 1, 36500)),
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
      maxBlobBytes: int(limits['maxBlobBytes'], 'limits.maxBlobBytes', d.limits.maxBlobBytes, 1024, MAX_BLOB_BYTES),
      maxHeldEntries: int(limits['maxHeldEntries'], 'limits.maxHeldEntries', d.limits.maxHeldEntries, 0, 10_000_000),
      maxHeldBytes: int(limits['maxHeldBytes'], 'limits.maxHeldBytes', d.limits.maxHeldBytes, 0, 1 << 30),
      ...moreLimits(limits),
    },
    dnsbl: parseDnsbl(dnsbl, d.dnsbl),
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

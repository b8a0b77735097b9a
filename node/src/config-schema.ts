/**
 * The JSON Schema of `arx.config.json`: every field at every depth, its type, range
 * and default; the TypeScript type of a parsed config (`ConfigFields`) is derived
 * from it, so the two cannot drift. Unknown fields are refused at every depth
 * (`additionalProperties: false`), so a typo such as `smtp.prot` is an error that
 * names its path, never a setting silently ignored. `x-expected` is the phrase an
 * error message uses for the field ("… must be an integer in 1..65535"), in English
 * and Simplified Chinese.
 */
import { MAX_BLOB_BYTES } from '@arx/protocol';
import { type Static, type TProperties, Type } from '@sinclair/typebox';
import { DEFAULT_SMTP_LIMITS } from './interop/smtp-limits.js';

/** The highest import size limit a config may set (each report is held in memory while read). */
const MAX_IMPORT_BYTES = 256 * 1024 * 1024;
const MiB = 1024 * 1024;

/** What a field must be, as an error message says it. */
export interface Expected {
  en: string;
  'zh-CN': string;
}
const say = (en: string, zh: string): { 'x-expected': Expected } => ({ 'x-expected': { en, 'zh-CN': zh } });
const NON_EMPTY = say('a non-empty string', '非空字符串');
const AN_OBJECT = say('an object', '对象');

const integer = (fallback: number, minimum: number, maximum: number) =>
  Type.Integer({
    minimum,
    maximum,
    default: fallback,
    ...say(`an integer in ${minimum}..${maximum}`, `${minimum}..${maximum} 之间的整数`),
  });
const port = (fallback: number) => integer(fallback, 0, 65535);
const text = (fallback?: string) =>
  Type.String({ minLength: 1, ...(fallback === undefined ? {} : { default: fallback }), ...NON_EMPTY });
/** A string that may be null (the default: derived at start-up from other fields). */
const optionalText = (extra: Record<string, unknown> = {}) =>
  Type.Unsafe<string | null>({
    type: ['string', 'null'],
    minLength: 1,
    default: null,
    ...say('a non-empty string or null', '非空字符串或 null'),
    ...extra,
  });
const flag = (fallback: boolean) => Type.Boolean({ default: fallback, ...say('true or false', 'true 或 false') });
const oneOf = <T extends string>(fallback: T, values: readonly T[]) => {
  const quoted = values.map((v) => JSON.stringify(v));
  return Type.Unsafe<T>({
    type: 'string',
    enum: values,
    default: fallback,
    ...say(
      quoted.length === 2 ? quoted.join(' or ') : `one of ${quoted.join(', ')}`,
      quoted.length === 2 ? quoted.join(' 或 ') : `${quoted.join('、')} 之一`,
    ),
  });
};
const list = (fallback: string[] = []) =>
  Type.Array(Type.String({ minLength: 1, ...NON_EMPTY }), {
    default: fallback,
    ...say('an array of non-empty strings', '非空字符串的数组'),
  });
const ipList = () =>
  Type.Array(Type.String({ format: 'ip', ...say('an IP address', 'IP 地址') }), {
    default: [],
    ...say('an array of IP addresses', 'IP 地址的数组'),
  });
/** A section: an object whose own fields all have defaults, so it may be omitted. */
const section = <P extends TProperties>(properties: P) =>
  Type.Object(properties, { additionalProperties: false, default: {}, ...AN_OBJECT });
const listen = (host: string, listenPort: number) => section({ host: text(host), port: port(listenPort) });
/** An import size limit: the largest message or document taken. */
const importBytes = () => integer(10 * MiB, 1024, MAX_IMPORT_BYTES);

export const CONFIG_SCHEMA = Type.Object(
  {
    /** An editor's schema reference; ignored. */
    $schema: Type.Optional(Type.String()),
    handle: Type.String({
      pattern: '^[a-z][a-z0-9-]{0,31}$',
      ...say('lowercase letters, digits and "-" (max 32)', '小写字母、数字和 "-"（最多 32 个）'),
    }),
    /** Key file: JSON { publicKey, secretKey, id }. */
    keyFile: text('org.key.json'),
    /** Trusted roster document (COSE_Sign bytes). */
    rosterFile: text('roster.cbor'),
    dataDir: text('data'),
    operatorTokenFile: text('operator.token'),
    http: listen('127.0.0.1', 0),
    tls: Type.Optional(
      Type.Object(
        { cert: text(), key: text() },
        { additionalProperties: false, ...say('an object { cert, key }', '对象 { cert, key }') },
      ),
    ),
    peers: Type.Array(
      Type.Object(
        {
          /** ws:// or wss:// URL of the peer's websocket endpoint (…/v1/ws). */
          url: Type.String({ pattern: '^wss?://', ...say('a ws:// or wss:// URL', 'ws:// 或 wss:// URL') }),
          /** Expected peer handle (informational; identity is the key proven in the handshake). */
          handle: Type.Optional(text()),
        },
        { additionalProperties: false, ...say('an object { url, handle? }', '对象 { url, handle? }') },
      ),
      { default: [], ...say('an array', '数组') },
    ),
    retentionDays: integer(60, 1, 36500),
    /**
     * Entries older than this many days that carry no live state are deleted from the log
     * (node/src/store/horizon.ts). Fractions allowed (tests use seconds). null: retentionDays + 30.
     */
    horizonDays: Type.Unsafe<number | null>({
      type: ['number', 'null'],
      exclusiveMinimum: 0,
      maximum: 36500,
      default: null,
      ...say('a number of days above 0 and at most 36500, or null', '大于 0 且不超过 36500 的天数，或 null'),
    }),
    limits: section({
      maxFrameBytes: integer(70_000, 1024, 16 * MiB),
      /** Frames per second per connection (token bucket, burst = 2 s). */
      ratePerSecond: integer(5000, 1, 1_000_000),
      /** Frames per second of one client (IPv4 address or IPv6 /64) over all its connections. */
      ratePerSecondPerClient: integer(10_000, 1, 10_000_000),
      idleTimeoutSeconds: integer(600, 1, 86400),
      /** The longest wait before redialling a peer that is down or refused the link (backoff with full jitter up to it). */
      redialMaxSeconds: integer(15, 1, 3600),
      /** Bytes buffered for one websocket before sending pauses. */
      maxBufferedBytes: integer(4 * MiB, 65536, 1 << 30),
      /** Largest detached blob (a roster document) this node fetches, accepts and stores. */
      maxBlobBytes: integer(16 * MiB, 1024, MAX_BLOB_BYTES),
      /** Entries held in memory waiting for a missing predecessor (all origins together), and their bytes. */
      maxHeldEntries: integer(50_000, 0, 10_000_000),
      maxHeldBytes: integer(64 * MiB, 0, 1 << 30),
      /** Conflicting entries kept (and relayed) as evidence of a fork, per origin and seq; two prove it. */
      maxForkEvidence: integer(4, 2, 64),
      /** Bytes buffered for all websockets together; beyond it the slowest subscriber is dropped. */
      maxBufferedBytesTotal: integer(64 * MiB, 65536, 2 ** 40),
      /** Open TCP connections (HTTP and websocket together), overall and from one source address. */
      maxConnections: integer(2048, 1, 1_000_000),
      maxConnectionsPerAddress: integer(128, 1, 1_000_000),
      /** Malformed frames and refused entries (invalid, not a member) a connection may send before it is closed. */
      maxViolationsPerConnection: integer(100, 1, 1_000_000),
      /** After such a close, the client (IPv4 address or IPv6 /64) may not open a websocket for this long (0: at once). */
      violationBackoffSeconds: integer(30, 0, 86400),
      /** Clients held under such a backoff at once; past it the oldest penalty is lifted. */
      maxPenalisedClients: integer(10_000, 1, 10_000_000),
      /** A websocket that is not a peer link, holds no subscription and sends nothing is closed after this. */
      idleUnauthenticatedSeconds: integer(60, 1, 86400),
      /** Time from a peer's `hello` to a completed handshake. */
      handshakeTimeoutSeconds: integer(10, 1, 3600),
      /** Replays (`sub` reading stored entries) running at once on one connection, and on the node. */
      maxReplaysPerConnection: integer(2, 1, 32),
      maxReplaysTotal: integer(4, 1, 1024),
      /** Bytes of storage a connection's replays may read per second (burst: two seconds' worth). */
      replayReadBytesPerSecond: integer(16 * MiB, 65536, 2 ** 40),
      /** The same for one client (IPv4 address or IPv6 /64) over all its connections. */
      replayReadBytesPerSecondPerClient: integer(32 * MiB, 65536, 2 ** 40),
      /** Entries dated further ahead of this node's clock are refused. */
      maxClockSkewSeconds: integer(300, 1, 86400),
      /** Time limits and per-client budgets of the HTTP server. */
      http: section({
        /** Time to receive a request's headers (also the websocket upgrade request); never above the whole request's. */
        headersTimeoutSeconds: Type.Integer({
          ...integer(10, 1, 3600),
          allOf: [
            {
              maximum: { $data: '1/requestTimeoutSeconds' },
              ...say('at most limits.http.requestTimeoutSeconds', '不大于 limits.http.requestTimeoutSeconds'),
            },
          ],
        }),
        /** Time to receive a whole request, body included. */
        requestTimeoutSeconds: integer(30, 1, 3600),
        /** An idle keep-alive connection is closed after this. */
        keepAliveTimeoutSeconds: integer(5, 1, 3600),
        /** Requests per minute from one client address to the public routes (operator requests are exempt). */
        requestsPerMinute: integer(6000, 1, 10_000_000),
        /** Requests per minute from one client address to each expensive read route. */
        expensiveRequestsPerMinute: integer(120, 1, 10_000_000),
        /** Expensive read routes answer from a cache this many seconds old at most (0 = no cache). */
        cacheSeconds: integer(5, 0, 3600),
        /** Client addresses the per-client budgets do not apply to (monitoring, load tests). */
        exemptAddresses: ipList(),
      }),
    }),
    /** The DNSBL responder and its zone (docs/dnsbl.md, "Configuration"). */
    dnsbl: section({
      enabled: flag(false),
      host: text('127.0.0.1'),
      port: port(0),
      zone: text('dnsbl.arx.test'),
      origins: oneOf('own', ['own', 'all'] as const),
      /** Name server in NS and SOA MNAME (null: ns.ZONE). */
      nsName: optionalText(),
      /** SOA contact mailbox (null: the member's first abuse contact, else hostmaster.ZONE). */
      contact: optionalText(),
      /** TTL of positive answers and NS, and the negative-caching TTL (SOA TTL and MINIMUM); RFC 2181 §8: 31-bit. */
      ttl: integer(300, 0, 0x7fffffff),
      negativeTtl: integer(60, 0, 0x7fffffff),
      /** URL template shown in TXT answers: `{id}` and `{list}` are replaced (null: none). */
      removalUrl: optionalText({
        pattern: '^https?://[\\x21-\\x7e]+$',
        ...say(
          'an http:// or https:// URL (printable ASCII; {id} and {list} are replaced) or null',
          'http:// 或 https:// URL（可打印 ASCII；{id} 和 {list} 会被替换）或 null',
        ),
      }),
      /** Secondaries to NOTIFY after changes (`address[:port]`); they may transfer the zone. */
      secondaries: list(),
      /** Addresses or prefixes allowed to transfer the zone (AXFR/IXFR), besides the secondaries. */
      allowTransfer: list(['127.0.0.1', '::1']),
      /**
       * TSIG keys (RFC 8945, HMAC-SHA256): when any is set, a transfer must be signed with
       * one. Names are compared in lower case and must differ (checked after the schema).
       */
      tsigKeys: Type.Array(
        Type.Object(
          {
            name: Type.String({
              pattern: '^[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*$',
              ...say('a domain-style key name, e.g. "arx-xfr"', '域名形式的密钥名，如 "arx-xfr"'),
            }),
            // At least 22 base64 digits before the padding: at least 16 bytes.
            secret: Type.String({
              pattern: '^[A-Za-z0-9+/]{22,}={0,2}$',
              ...say(
                'base64 of at least 16 random bytes (e.g. `openssl rand -base64 32`)',
                '至少 16 个随机字节的 base64（如 `openssl rand -base64 32`）',
              ),
            }),
          },
          { additionalProperties: false, ...say('an object { name, secret }', '对象 { name, secret }') },
        ),
        { default: [], ...say('an array of { "name", "secret" }', '{ "name", "secret" } 的数组') },
      ),
      /** UDP worker processes answering queries instead of the node's own ("auto": one per core but one; 0: none). */
      workers: Type.Union([Type.Literal('auto'), Type.Integer({ minimum: 0, maximum: 64 })], {
        default: 'auto',
        ...say('"auto" or an integer in 0..64', '"auto" 或 0..64 之间的整数'),
      }),
      /**
       * Listing changes kept for a UDP worker while its starting copy is sent; past it the
       * copy starts again from a fresh snapshot (three times at most, then the worker is stopped).
       */
      workerBacklog: integer(50_000, 1, 10_000_000),
      /** Encoded answers kept for hot questions in each answering process (0: no cache). */
      answerCache: integer(50_000, 0, 10_000_000),
      /** Changes are sealed into a new SOA serial and NOTIFY sent at most this often. */
      notifyDelayMs: integer(1000, 0, 3_600_000),
      /** Record changes kept for IXFR; older serials are sent the whole zone. */
      journalRecords: integer(100_000, 0, 100_000_000),
      /** Identical UDP responses per second per client prefix (response rate limiting; 0 = off). */
      rrlResponsesPerSecond: integer(20, 0, 1_000_000),
      /** Every n-th rate-limited response is sent truncated (TC) instead of dropped; 0 = drop all. */
      rrlSlip: integer(2, 0, 100),
      /** TCP connections idle this long are closed. */
      tcpIdleTimeoutMs: integer(10_000, 100, 3_600_000),
      /** Open TCP connections at most (past it the longest idle one is closed), and per client address. */
      maxTcpConnections: integer(512, 1, 1_000_000),
      maxTcpPerClient: integer(16, 1, 1_000_000),
    }),
    /** SMTP intake of feedback reports and its limits (docs/operator-guide.md, "Limits and abuse"). */
    smtp: section({
      enabled: flag(false),
      host: text('127.0.0.1'),
      port: port(0),
      /** The largest message taken (RFC 1870 SIZE). */
      maxBytes: importBytes(),
      maxConnections: integer(DEFAULT_SMTP_LIMITS.maxConnections, 1, 100_000),
      maxConnectionsPerClient: integer(DEFAULT_SMTP_LIMITS.maxConnectionsPerClient, 1, 100_000),
      /** RFC 5321 §4.5.3.1.8: a server must accept at least 100 recipients. */
      maxRecipients: integer(DEFAULT_SMTP_LIMITS.maxRecipients, 100, 100_000),
      commandTimeoutSeconds: integer(DEFAULT_SMTP_LIMITS.commandTimeoutMs / 1000, 1, 3600),
      dataTimeoutSeconds: integer(DEFAULT_SMTP_LIMITS.dataTimeoutMs / 1000, 1, 3600),
      messagesPerMinutePerClient: integer(DEFAULT_SMTP_LIMITS.messagesPerMinutePerClient, 1, 1_000_000),
    }),
    /**
     * ARF forwarding to the abuse mailbox through the durable outbox. `to` empty: the
     * abuse contacts of the member responsible (this one), from the roster. Retries back
     * off from `retrySeconds` doubling to `maxRetrySeconds`; after `giveUpHours` a report
     * is given up (logged and counted).
     */
    forward: section({
      enabled: flag(false),
      to: list(),
      smtpHost: text('127.0.0.1'),
      smtpPort: integer(25, 1, 65535),
      from: text('arx@localhost'),
      retrySeconds: integer(30, 1, 86400),
      maxRetrySeconds: integer(3600, 1, 7 * 86400),
      giveUpHours: integer(96, 1, 24 * 365),
    }),
    /**
     * ARF import: whether documentation ranges (RFC 5737, RFC 3849) are accepted as
     * sources — for test federations only; X-ARF import follows the same setting — and
     * the largest message taken over HTTP.
     */
    arf: section({ allowDocumentationAddresses: flag(false), maxBytes: importBytes() }),
    /** X-ARF import over HTTP: the largest document taken. */
    xarf: section({ maxBytes: importBytes() }),
    metrics: section({
      targetHours: integer(72, 1, 8760),
      /** Aggregate rows the metrics reads keep between requests, per scope (member, operator, …); 0: none. */
      readCacheValuesPerScope: integer(128, 0, 100_000),
    }),
    receipts: section({ intervalSeconds: integer(30, 1, 86400) }),
    storage: section({
      /**
       * Table files LevelDB keeps open, each read through mmap: their pages touched by
       * reads count in the resident set, so this bounds that share (about 2 MiB a file).
       * LevelDB takes 74 at least (10 of them for its own files).
       */
      maxOpenFiles: integer(250, 74, 50_000),
    }),
    /** Verify signatures on a worker pool of this many threads (0 = on the main thread). */
    verifyWorkers: integer(0, 0, 64),
    log: section({
      level: oneOf('info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    }),
  },
  { additionalProperties: false, ...AN_OBJECT },
);

/** The fields of a parsed config, every default filled in. */
export type ConfigFields = Omit<Static<typeof CONFIG_SCHEMA>, '$schema'>;

/**
 * The JSON Schema of `arx.config.json`: every field at every depth, its type, range
 * and default. Unknown fields are refused at every depth (`additionalProperties:
 * false`), so a typo such as `smtp.prot` is an error that names its path, never a
 * setting silently ignored. `x-expected` is the phrase an error message uses.
 */

type Schema = Record<string, unknown>;

const integer = (fallback: number, minimum: number, maximum: number): Schema => ({
  type: 'integer',
  minimum,
  maximum,
  default: fallback,
  'x-expected': `an integer in ${minimum}..${maximum}`,
});
const text = (fallback?: string): Schema => ({
  type: 'string',
  minLength: 1,
  ...(fallback === undefined ? {} : { default: fallback }),
  'x-expected': 'a non-empty string',
});
const flag = (fallback: boolean): Schema => ({ type: 'boolean', default: fallback, 'x-expected': 'true or false' });
const oneOf = (fallback: string, values: string[]): Schema => ({
  type: 'string',
  enum: values,
  default: fallback,
  'x-expected': values.map((v) => JSON.stringify(v)).join(' or '),
});
const textList = (): Schema => ({
  type: 'array',
  items: { type: 'string', minLength: 1, 'x-expected': 'a non-empty string' },
  default: [],
  'x-expected': 'an array of non-empty strings',
});
/** A section: an object whose own fields all have defaults, so it may be omitted. */
const section = (properties: Record<string, Schema>): Schema => ({
  type: 'object',
  additionalProperties: false,
  properties,
  default: {},
  'x-expected': 'an object',
});
const listen = (host: string, port: number) => section({ host: text(host), port: integer(port, 0, 65535) });

export const CONFIG_SCHEMA = {
  $id: 'https://arx.example/schemas/arx.config.json',
  type: 'object',
  additionalProperties: false,
  required: ['handle'],
  'x-expected': 'an object',
  properties: {
    $schema: { type: 'string' },
    handle: {
      type: 'string',
      pattern: '^[a-z][a-z0-9-]{0,31}$',
      'x-expected': 'lowercase letters, digits and "-" (max 32)',
    },
    keyFile: text('org.key.json'),
    rosterFile: text('roster.cbor'),
    dataDir: text('data'),
    operatorTokenFile: text('operator.token'),
    http: listen('127.0.0.1', 0),
    tls: {
      type: 'object',
      additionalProperties: false,
      required: ['cert', 'key'],
      properties: { cert: text(), key: text() },
      'x-expected': 'an object { cert, key }',
    },
    peers: {
      type: 'array',
      default: [],
      'x-expected': 'an array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['url'],
        'x-expected': 'an object { url, handle? }',
        properties: {
          url: { type: 'string', pattern: '^wss?://', 'x-expected': 'a ws:// or wss:// URL' },
          handle: text(),
        },
      },
    },
    retentionDays: integer(60, 1, 36500),
    limits: section({
      maxFrameBytes: integer(70_000, 1024, 16 * 1024 * 1024),
      ratePerSecond: integer(5000, 1, 1_000_000),
      idleTimeoutSeconds: integer(600, 1, 86400),
      maxBufferedBytes: integer(4 * 1024 * 1024, 65536, 1 << 30),
    }),
    dnsbl: section({
      enabled: flag(false),
      host: text('127.0.0.1'),
      port: integer(0, 0, 65535),
      zone: text('dnsbl.arx.test'),
      origins: oneOf('own', ['own', 'all']),
    }),
    smtp: section({ enabled: flag(false), host: text('127.0.0.1'), port: integer(0, 0, 65535) }),
    forward: section({
      enabled: flag(false),
      to: textList(),
      smtpHost: text('127.0.0.1'),
      smtpPort: integer(25, 1, 65535),
      from: text('arx@localhost'),
    }),
    arf: section({ allowDocumentationAddresses: flag(false) }),
    metrics: section({ targetHours: integer(72, 1, 8760) }),
    receipts: section({ intervalSeconds: integer(30, 1, 86400) }),
    verifyWorkers: integer(0, 0, 64),
    log: section({ level: text('info') }),
  },
} as const;

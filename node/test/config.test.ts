/**
 * arx.config.json is validated by one JSON Schema at every depth: a wrong or unknown
 * field anywhere is refused with its path, and every field has a documented default.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { MAX_BLOB_BYTES } from '@arx/protocol';
import { CONFIG_SCHEMA } from '../src/config-schema.js';
import { ArxNodeError, ConfigError, DEFAULTS, parseConfig } from '../src/index.js';

const refusal = (raw: unknown) => {
  try {
    parseConfig(raw, '/tmp/node');
  } catch (error) {
    assert.equal((error as { code?: string }).code, 'ARX_NODE_CONFIG');
    return (error as Error).message;
  }
  assert.fail(`accepted: ${JSON.stringify(raw)}`);
};

test('unknown fields are refused at every depth, by their path', () => {
  assert.match(refusal({ handle: 'isc', colour: 'blue' }), /colour is not a known field \(known here: handle, keyFile/);
  assert.match(
    refusal({ handle: 'isc', smtp: { prot: 25 } }),
    /smtp\.prot is not a known field \(did you mean smtp\.port\? known here: enabled, host, port, maxBytes/,
  );
  assert.match(
    refusal({ handle: 'isc', limits: { maxFrameByte: 1 } }),
    /limits\.maxFrameByte is not a known field \(did you mean limits\.maxFrameBytes\?/,
  );
  assert.match(
    refusal({ handle: 'isc', peers: [{ url: 'ws://a/v1/ws' }, { url: 'ws://b/v1/ws', hnadle: 'x' }] }),
    /peers\[1\]\.hnadle is not a known field \(did you mean peers\[1\]\.handle\?/,
  );
  // Every section, at every depth: none ignores a field it does not know.
  for (const [raw, path] of [
    [{ limits: { http: { cacheSecs: 1 } } }, 'limits.http.cacheSecs'],
    [{ dnsbl: { nsname: 'ns.example' } }, 'dnsbl.nsname'],
    [{ tls: { cert: 'c.pem', key: 'k.pem', chain: 'x' } }, 'tls.chain'],
    [{ forward: { giveUpDays: 4 } }, 'forward.giveUpDays'],
    [{ arf: { maxbytes: 4096 } }, 'arf.maxbytes'],
    [{ xarf: { allowDocumentationAddresses: true } }, 'xarf.allowDocumentationAddresses'],
    [{ metrics: { target: 1 } }, 'metrics.target'],
    [{ receipts: { every: 1 } }, 'receipts.every'],
    [{ log: { format: 'json' } }, 'log.format'],
    [{ http: { hots: '::1' } }, 'http.hots'],
  ] as const) {
    assert.match(
      refusal({ handle: 'isc', ...raw }),
      new RegExp(`^[^;]*: ${path.replace(/[.[\]]/g, '\\$&')} is not a known`),
    );
  }
  // A name far from every known one gets no guess.
  assert.doesNotMatch(refusal({ handle: 'isc', smtp: { colour: 1 } }), /did you mean/);
});

test('a refusal is typed: each problem has its path and its text in English and Chinese', () => {
  let error: unknown;
  try {
    parseConfig({ handle: 'isc', smtp: { prot: 25 }, retentionDays: 0 }, '/tmp/node');
  } catch (caught) {
    error = caught;
  }
  assert.ok(error instanceof ConfigError && error instanceof ArxNodeError);
  assert.deepEqual(
    error.problems.map((p) => [p.path, p.kind]),
    [
      ['retentionDays', 'invalid'],
      ['smtp.prot', 'unknown'],
    ],
  );
  assert.equal(error.problems[0]!.text['zh-CN'], 'retentionDays 必须是1..36500 之间的整数');
  assert.match(
    error.problems[1]!.text['zh-CN'],
    /^smtp\.prot 不是已知字段（是否应为 smtp\.port？此处可用：enabled, host, port/,
  );
  assert.equal(error.message, `node configuration is invalid: ${error.problems.map((p) => p.text.en).join('; ')}`);
});

test('wrong values name the field and what it must be; several at once are all named', () => {
  assert.match(refusal({ handle: 'ISC' }), /^.*handle must be lowercase letters/);
  assert.match(refusal({}), /handle is required/);
  assert.match(
    refusal({ handle: 'isc', limits: { maxFrameBytes: 5 } }),
    /limits\.maxFrameBytes must be an integer in 1024\.\./,
  );
  assert.match(
    refusal({ handle: 'isc', peers: [{ url: 'http://a' }] }),
    /peers\[0\]\.url must be a ws:\/\/ or wss:\/\/ URL/,
  );
  assert.match(refusal({ handle: 'isc', dnsbl: { origins: 'some' } }), /dnsbl\.origins must be "own" or "all"/);
  assert.match(
    refusal({ handle: 'isc', log: { level: 'loud' } }),
    /log\.level must be one of "fatal", "error", "warn"/,
  );
  assert.match(refusal({ handle: 'isc', tls: { cert: 'c.pem' } }), /tls\.key is required/);
  assert.match(refusal(7), /config must be an object/);
  assert.match(refusal({ handle: 'isc', limits: [] }), /limits must be an object/);
  const both = refusal({ handle: 'isc', smtp: { prot: 1 }, http: { port: 'eighty' } });
  assert.match(both, /smtp\.prot/);
  assert.match(both, /http\.port must be an integer/);
});

test('every range, format and cross-field rule of the config holds', () => {
  const secret = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64');
  const refused: [Record<string, unknown>, RegExp][] = [
    [{ limits: { maxBlobBytes: MAX_BLOB_BYTES + 1 } }, /limits\.maxBlobBytes must be an integer in 1024\.\.16777216/],
    [{ limits: { maxHeldEntries: -1 } }, /limits\.maxHeldEntries must be an integer in 0\.\./],
    [{ limits: { maxHeldBytes: 1.5 } }, /limits\.maxHeldBytes must be an integer/],
    [{ limits: { maxReplaysPerConnection: 33 } }, /limits\.maxReplaysPerConnection must be an integer in 1\.\.32/],
    [{ limits: { http: { cacheSeconds: 3601 } } }, /limits\.http\.cacheSeconds must be an integer in 0\.\.3600/],
    [
      { limits: { http: { exemptAddresses: ['192.0.2.1', 'monitor'] } } },
      /limits\.http\.exemptAddresses\[1\] must be an IP address/,
    ],
    [
      { limits: { http: { exemptAddresses: '192.0.2.1' } } },
      /limits\.http\.exemptAddresses must be an array of IP addresses/,
    ],
    // The headers must be allowed to arrive within the time the whole request has.
    [
      { limits: { http: { requestTimeoutSeconds: 5 } } },
      /limits\.http\.headersTimeoutSeconds must be at most limits\.http\.requestTimeoutSeconds/,
    ],
    [{ limits: { http: { headersTimeoutSeconds: 40 } } }, /headersTimeoutSeconds must be at most/],
    [{ smtp: { maxRecipients: 99 } }, /smtp\.maxRecipients must be an integer in 100\.\./],
    [{ smtp: { maxBytes: 512 } }, /smtp\.maxBytes must be an integer in 1024\.\.268435456/],
    [{ arf: { maxBytes: 2 ** 28 + 1 } }, /arf\.maxBytes must be an integer in 1024\.\.268435456/],
    [{ xarf: { maxBytes: '10M' } }, /xarf\.maxBytes must be an integer/],
    [{ forward: { to: ['abuse@example.net', ''] } }, /forward\.to\[1\] must be a non-empty string/],
    [{ forward: { giveUpHours: 0 } }, /forward\.giveUpHours must be an integer in 1\.\.8760/],
    [{ forward: { maxRetrySeconds: 7 * 86400 + 1 } }, /forward\.maxRetrySeconds must be an integer in 1\.\.604800/],
    [{ dnsbl: { ttl: 2 ** 31 } }, /dnsbl\.ttl must be an integer in 0\.\.2147483647/],
    [{ dnsbl: { removalUrl: 'ftp://example.net/{id}' } }, /dnsbl\.removalUrl must be an http:\/\/ or https:\/\/ URL/],
    [{ dnsbl: { nsName: '' } }, /dnsbl\.nsName must be a non-empty string or null/],
    [{ dnsbl: { secondaries: [53] } }, /dnsbl\.secondaries\[0\] must be a non-empty string/],
    [{ dnsbl: { tcpIdleTimeoutMs: 99 } }, /dnsbl\.tcpIdleTimeoutMs must be an integer in 100\.\./],
    [{ verifyWorkers: 65 }, /verifyWorkers must be an integer in 0\.\.64/],
    [
      { dnsbl: { tsigKeys: [{ name: 'k', secret: secret(15) }] } },
      /dnsbl\.tsigKeys\[0\]\.secret must be base64 of at least 16/,
    ],
    [{ dnsbl: { tsigKeys: [{ name: 'k', secret: 'not base64!' }] } }, /dnsbl\.tsigKeys\[0\]\.secret must be base64/],
    [
      { dnsbl: { tsigKeys: [{ name: 'a b', secret: secret(32) }] } },
      /dnsbl\.tsigKeys\[0\]\.name must be a domain-style key name/,
    ],
    [{ dnsbl: { tsigKeys: [{ name: 'k' }] } }, /dnsbl\.tsigKeys\[0\]\.secret is required/],
    [
      { dnsbl: { tsigKeys: [{ name: 'k', secret: secret(32), algorithm: 'hmac-md5' }] } },
      /dnsbl\.tsigKeys\[0\]\.algorithm is not a known field/,
    ],
    // A union is one problem, said once: not one per branch it failed.
    [{ dnsbl: { workers: 65 } }, /: dnsbl\.workers must be "auto" or an integer in 0\.\.64$/],
    [{ dnsbl: { workers: 'all' } }, /: dnsbl\.workers must be "auto" or an integer in 0\.\.64$/],
    // Key names are DNS names: compared without case, so these two are one name.
    [
      {
        dnsbl: {
          tsigKeys: [
            { name: 'arx-xfr', secret: secret(32) },
            { name: 'ARX-XFR', secret: secret(32) },
          ],
        },
      },
      /dnsbl\.tsigKeys\[1\]\.name must be a name not used by another key/,
    ],
  ];
  for (const [raw, message] of refused) assert.match(refusal({ handle: 'isc', ...raw }), message, JSON.stringify(raw));
  const accepted = parseConfig(
    {
      handle: 'isc',
      limits: { http: { headersTimeoutSeconds: 40, requestTimeoutSeconds: 40, exemptAddresses: ['::1'] } },
      dnsbl: { nsName: null, contact: 'hostmaster@example.net', removalUrl: 'https://example.net/r/{list}/{id}' },
    },
    '/tmp/node',
  );
  assert.equal(accepted.limits.http.headersTimeoutSeconds, 40);
  assert.deepEqual(accepted.limits.http.exemptAddresses, ['::1']);
  assert.equal(accepted.dnsbl.nsName, null);
  assert.equal(accepted.dnsbl.removalUrl, 'https://example.net/r/{list}/{id}');
  const signed = parseConfig({ handle: 'isc', dnsbl: { tsigKeys: [{ name: 'ARX-Xfr', secret: secret(16) }] } }, '/');
  assert.deepEqual(signed.dnsbl.tsigKeys, [{ name: 'arx-xfr', secret: secret(16) }]);
  assert.equal(parseConfig({ handle: 'isc', dnsbl: { workers: 0 } }, '/').dnsbl.workers, 0);
  assert.equal(DEFAULTS.dnsbl.workers, 'auto');
});

test('omitted fields take the schema’s defaults, and the caller’s object is left untouched', () => {
  const raw = { handle: 'isc', dnsbl: { zone: 'DNSBL.Example.' } };
  const config = parseConfig(raw, '/tmp/node');
  assert.deepEqual(raw, { handle: 'isc', dnsbl: { zone: 'DNSBL.Example.' } });
  assert.equal(config.dir, '/tmp/node');
  assert.equal(config.dnsbl.zone, 'dnsbl.example');
  assert.equal(config.dnsbl.origins, 'own');
  assert.equal(config.limits.maxFrameBytes, DEFAULTS.limits.maxFrameBytes);
  assert.deepEqual(config.peers, []);
  assert.equal(config.tls, undefined);
  assert.equal('$schema' in parseConfig({ $schema: './arx.config.schema.json', handle: 'isc' }, '/tmp'), false);
  // DEFAULTS, read from the schema, are what validation fills in.
  const { dir: _dir, handle: _handle, ...filled } = parseConfig({ handle: 'isc' }, '/tmp');
  assert.deepEqual(DEFAULTS, filled);
  // The defaults an operator reads in the guide.
  assert.equal(DEFAULTS.limits.maxBlobBytes, MAX_BLOB_BYTES);
  assert.equal(DEFAULTS.limits.maxHeldEntries, 50_000);
  assert.equal(DEFAULTS.limits.http.requestsPerMinute, 6000);
  assert.deepEqual(DEFAULTS.dnsbl.allowTransfer, ['127.0.0.1', '::1']);
  assert.equal(DEFAULTS.dnsbl.removalUrl, null);
  assert.deepEqual(
    [DEFAULTS.forward.retrySeconds, DEFAULTS.forward.maxRetrySeconds, DEFAULTS.forward.giveUpHours],
    [30, 3600, 96],
  );
  assert.deepEqual(
    [DEFAULTS.arf.maxBytes, DEFAULTS.xarf.maxBytes, DEFAULTS.smtp.maxBytes],
    [10485760, 10485760, 10485760],
  );
  assert.equal(DEFAULTS.log.level, 'info');
  // Defaults are copies: changing one config leaves the next one's defaults alone.
  parseConfig({ handle: 'isc' }, '/tmp').dnsbl.allowTransfer.push('192.0.2.1');
  assert.deepEqual(parseConfig({ handle: 'isc' }, '/tmp').dnsbl.allowTransfer, ['127.0.0.1', '::1']);
});

/** Every leaf field of the schema, as a dotted path (`limits.maxFrameBytes`, `peers[].url`). */
function leafPaths(schema: Record<string, unknown>, prefix = ''): string[] {
  const properties = schema['properties'] as Record<string, Record<string, unknown>> | undefined;
  const items = schema['items'] as Record<string, unknown> | undefined;
  if (properties) {
    return Object.entries(properties)
      .filter(([name]) => name !== '$schema')
      .flatMap(([name, sub]) => leafPaths(sub, prefix ? `${prefix}.${name}` : name));
  }
  if (items?.['properties']) return leafPaths(items, `${prefix}[]`);
  return [prefix];
}

test('every field of the schema is in the operator guide’s configuration table', () => {
  const guide = readFileSync(new URL('../../docs/operator-guide.md', import.meta.url), 'utf8');
  const rows = guide.split('\n').filter((line) => line.startsWith('| '));
  const missing = leafPaths(CONFIG_SCHEMA as unknown as Record<string, unknown>).filter((path) => {
    // A field is named in full (`dnsbl.port`); a field of an array's entries (`peers[].url`)
    // by the array's row showing the entries' JSON shape (`[{ "url": …, "handle": … }]`).
    const [array, field] = path.split('[].');
    if (field === undefined) return !rows.some((row) => row.includes(`\`${path}\``));
    return !rows.some((row) => row.includes(`\`${array}\``) && row.includes(`"${field}"`));
  });
  assert.deepEqual(missing, []);
});

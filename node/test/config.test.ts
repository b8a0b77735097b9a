/**
 * arx.config.json is validated by one JSON Schema at every depth: a wrong or unknown
 * field anywhere is refused with its path, and every field has a documented default.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CONFIG_SCHEMA } from '../src/config-schema.js';
import { DEFAULTS, parseConfig } from '../src/index.js';

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
  assert.match(refusal({ handle: 'isc', colour: 'blue' }), /colour is not a known field/);
  assert.match(
    refusal({ handle: 'isc', smtp: { prot: 25 } }),
    /smtp\.prot is not a known field \(known here: enabled, host, port/,
  );
  assert.match(refusal({ handle: 'isc', limits: { maxFrameByte: 1 } }), /limits\.maxFrameByte is not a known field/);
  assert.match(
    refusal({ handle: 'isc', peers: [{ url: 'ws://a/v1/ws', hnadle: 'x' }] }),
    /peers\[0\]\.hnadle is not a known field/,
  );
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
  assert.match(refusal({ handle: 'isc', tls: { cert: 'c.pem' } }), /tls\.key is required/);
  assert.match(refusal(7), /config must be an object/);
  const both = refusal({ handle: 'isc', smtp: { prot: 1 }, http: { port: 'eighty' } });
  assert.match(both, /smtp\.prot/);
  assert.match(both, /http\.port must be an integer/);
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
  const missing = leafPaths(CONFIG_SCHEMA as unknown as Record<string, unknown>)
    .map((path) => path.replace('[]', ''))
    .filter((path) => {
      const last = path.split('.').at(-1)!;
      // A row names a field in full (`dnsbl.port`) or, for peers, by its JSON shape.
      return !guide.includes(`\`${path}\``) && !(path.startsWith('peers.') && guide.includes(`"${last}"`));
    });
  assert.deepEqual(missing, []);
});

/**
 * Creating a node directory (what `arx init` and `arx federation init` share):
 *
 *   org.key.json     the organisation's signing key (mode 0600)
 *   operator.token   32 random bytes as hex, the CLI's bearer token (mode 0600)
 *   arx.config.json  the node's configuration (checked with the node's own parseConfig)
 *   member.json      this member's roster entry, to send to a steward
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateKeyPair, type KeyPair } from '@arx/protocol';
import type { Ctx } from './context.js';
import { failure } from './errors.js';
import { isMissingOrEmptyDir, jsonText, SECRET_MODE, writeKeyFile, writeNewFile } from './files.js';
import { nodeErrorText } from './i18n.js';
import { type MemberJson, memberFromJson, memberToJson } from './member.js';

export interface NodeDirSpec {
  dir: string;
  handle: string;
  names: Record<string, string>;
  roles: string[];
  netblocks: string[];
  abuse: string[];
  escalation: string[];
  languages?: string[];
  endpoint?: string;
  host: string;
  httpPort: number;
  peers: { url: string; handle?: string }[];
  /** DNSBL zone to serve (enables the responder), for list operators. */
  dnsblZone?: string;
  /** The DNSBL's UDP and TCP port (default 0: any free port, different on each start). */
  dnsblPort?: number;
  /** Accept documentation addresses (RFC 5737, RFC 3849) in imported ARF: development federations only. */
  documentationAddresses?: boolean;
  key?: KeyPair;
}

export interface CreatedNodeDir {
  dir: string;
  member: MemberJson;
  key: KeyPair;
}

/** The config a new node directory starts with (defaults left out so they can evolve). */
export function configFor(spec: NodeDirSpec): Record<string, unknown> {
  const config: Record<string, unknown> = {
    handle: spec.handle,
    keyFile: 'org.key.json',
    rosterFile: 'roster.cbor',
    dataDir: 'data',
    operatorTokenFile: 'operator.token',
    http: { host: spec.host, port: spec.httpPort },
    peers: spec.peers,
  };
  if (spec.dnsblZone) {
    config['dnsbl'] = { enabled: true, host: spec.host, port: spec.dnsblPort ?? 0, zone: spec.dnsblZone };
  }
  if (spec.documentationAddresses) config['arf'] = { allowDocumentationAddresses: true };
  return config;
}

/**
 * Creates a node directory; refuses one that exists and is not empty. The config is
 * checked with the node's own parser (loaded on demand: the node is a heavy import
 * that most commands never need).
 */
export async function createNodeDir(ctx: Ctx, spec: NodeDirSpec): Promise<CreatedNodeDir> {
  const dir = resolve(spec.dir);
  if (!isMissingOrEmptyDir(dir)) throw failure(ctx.t('init.notEmpty', { dir }));
  const config = configFor(spec);
  const { parseConfig } = await import('@arx/node');
  try {
    parseConfig(config, dir);
  } catch (error) {
    throw failure(ctx.t('init.badConfig', { detail: nodeErrorText(ctx.lang, error) }), 'ARX_NODE_CONFIG', error);
  }
  const key = spec.key ?? generateKeyPair();
  const memberJson: MemberJson = {
    handle: spec.handle,
    key: '',
    names: spec.names,
    roles: spec.roles,
    netblocks: spec.netblocks,
    contacts: { abuse: spec.abuse, ...(spec.escalation.length > 0 ? { escalation: spec.escalation } : {}) },
    ...(spec.languages ? { languages: spec.languages } : {}),
    ...(spec.endpoint ? { endpoint: spec.endpoint } : {}),
  };
  memberJson.key = Buffer.from(key.publicKey).toString('hex');
  // Round trip through the protocol form: normalises netblocks and adds the arx1 id.
  const member = memberToJson(memberFromJson(ctx, memberJson, 'member.json'));
  mkdirSync(dir, { recursive: true });
  writeKeyFile(ctx, join(dir, 'org.key.json'), key);
  writeNewFile(join(dir, 'operator.token'), randomBytes(32).toString('hex'), SECRET_MODE);
  writeNewFile(join(dir, 'arx.config.json'), jsonText(config));
  writeNewFile(join(dir, 'member.json'), jsonText(member));
  return { dir, member, key };
}

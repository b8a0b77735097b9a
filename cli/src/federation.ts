/**
 * A local federation for development and the demo: one node directory per member,
 * a steward key, and a roster signed by it and copied into every node.
 *
 *   DIR/federation.json     { hub, members: [handles] } (start order)
 *   DIR/steward.key.json    the roster steward's key (mode 0600)
 *   DIR/roster.draft.json   the roster as JSON, DIR/roster.cbor signed
 *   DIR/<handle>/           a node directory (see nodedir.ts) with roster.cbor
 *
 * Well-known handles get the roles they have in the real world; addresses come from
 * the documentation ranges (RFC 5737, RFC 3849) so nothing real is ever named.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRosterDocument, formatKeyId, formatPrefix, generateKeyPair, type Role } from '@arx/protocol';
import type { Ctx } from './context.js';
import { failure } from './errors.js';
import { isMissingOrEmptyDir, jsonText, writeFile, writeKeyFile } from './files.js';
import { createNodeDir } from './nodedir.js';
import { draftToRoster, type RosterDraft, saveDraft } from './roster-files.js';

interface KnownMember {
  roles: Role[];
  en: string;
  zh: string;
  languages: string[];
}

const REPORTER_NAMES: Record<string, [string, string]> = {
  aol: ['AOL', '美国在线 (AOL)'],
  hotmail: ['Hotmail', 'Hotmail 邮箱'],
  outlook: ['Outlook.com', 'Outlook 邮箱'],
  yahoo: ['Yahoo Mail', '雅虎邮箱'],
  gmail: ['Gmail', 'Gmail 邮箱'],
};
const LIST_OPERATOR_NAMES: Record<string, [string, string]> = {
  sorbs: ['SORBS', 'SORBS 黑名单'],
  maps: ['MAPS', 'MAPS 黑名单'],
  spamhaus: ['Spamhaus', 'Spamhaus 黑名单'],
  spamcop: ['SpamCop', 'SpamCop 黑名单'],
};

/** Roles, names and languages for a handle (well-known ones, or a reporter + provider). */
export function knownMember(handle: string): KnownMember {
  if (handle === 'isc') {
    return {
      roles: ['steward', 'observer', 'reporter'],
      en: 'Internet Society of China',
      zh: '中国互联网协会',
      languages: ['zh-CN', 'en'],
    };
  }
  const isp = /^cnisp(\d*)$/.exec(handle);
  if (isp) {
    const n = isp[1] ? ` ${isp[1]}` : '';
    return { roles: ['provider'], en: `China ISP${n}`, zh: `中国网络运营商${n}`, languages: ['zh-CN', 'en'] };
  }
  const reporter = REPORTER_NAMES[handle];
  if (reporter) return { roles: ['reporter'], en: reporter[0], zh: reporter[1], languages: ['en'] };
  const lister = LIST_OPERATOR_NAMES[handle];
  if (lister) return { roles: ['list-operator'], en: lister[0], zh: lister[1], languages: ['en'] };
  return { roles: ['reporter', 'provider'], en: handle, zh: handle, languages: ['en'] };
}

const V4_POOLS = [
  [192, 0, 2],
  [198, 51, 100],
  [203, 0, 113],
] as const;

/**
 * Distinct documentation netblocks for the i-th of n providers: each of the three
 * RFC 5737 /24s is split just enough for n providers (a whole /24 each for up to
 * three), plus 2001:db8:<i+1>::/48 from RFC 3849.
 */
export function providerNetblocks(i: number, n: number): string[] {
  const perPool = Math.ceil(Math.max(n, 1) / 3);
  const bits = Math.ceil(Math.log2(perPool));
  if (bits > 8) throw new RangeError('too many providers for the documentation ranges');
  const len = 24 + bits;
  const pool = V4_POOLS[i % 3]!;
  const chunk = Math.floor(i / 3);
  const last = chunk << (8 - bits);
  const v4 = formatPrefix({ ip: Uint8Array.of(pool[0], pool[1], pool[2], last), len });
  const v6 = formatPrefix({
    ip: Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, ((i + 1) >> 8) & 0xff, (i + 1) & 0xff, ...new Array<number>(10).fill(0)),
    len: 48,
  });
  return [v4, v6];
}

export interface FederationMember {
  handle: string;
  dir: string;
  id: string;
  netblocks: string[];
  roles: string[];
  http: string;
  ws: string;
  dnsblZone: string | null;
  /** `host:port` of the member's DNSBL (list operators), fixed so resolvers' stub zones keep working. */
  dnsbl: string | null;
}

export interface Federation {
  dir: string;
  hub: string | null;
  stewardKey: string;
  roster: string;
  members: FederationMember[];
}

export interface FederationSpec {
  dir: string;
  handles: string[];
  hub?: string;
  /** One HTTP port per member, in order. */
  ports: number[];
  /** One DNSBL port per member, in order (used by list operators). */
  dnsblPorts: number[];
  host?: string;
}

/** Creates the whole federation on disk. */
export async function createFederation(ctx: Ctx, spec: FederationSpec): Promise<Federation> {
  const dir = resolve(spec.dir);
  const host = spec.host ?? '127.0.0.1';
  if (!isMissingOrEmptyDir(dir)) throw failure(ctx.t('init.notEmpty', { dir }));
  mkdirSync(dir, { recursive: true });
  const wsUrl = (port: number) => `ws://${host}:${port}/v1/ws`;
  const known = spec.handles.map(knownMember);
  const providers = spec.handles.filter((_, i) => known[i]!.roles.includes('provider'));
  const steward = generateKeyPair();
  const stewardKey = join(dir, 'steward.key.json');
  writeKeyFile(ctx, stewardKey, steward);

  const members: FederationMember[] = [];
  const created = [];
  for (const [i, handle] of spec.handles.entries()) {
    const info = known[i]!;
    const port = spec.ports[i]!;
    const p = providers.indexOf(handle);
    const netblocks = p >= 0 ? providerNetblocks(p, providers.length) : [];
    const peers = spec.hub
      ? handle === spec.hub
        ? []
        : [{ url: wsUrl(spec.ports[spec.handles.indexOf(spec.hub)]!), handle: spec.hub }]
      : // No hub: every pair is linked once, the later member dialling the earlier ones.
        spec.handles.slice(0, i).map((h, j) => ({ url: wsUrl(spec.ports[j]!), handle: h }));
    const dnsblZone = info.roles.includes('list-operator') ? `dnsbl.${handle}.arx.test` : undefined;
    const node = await createNodeDir(ctx, {
      dir: join(dir, handle),
      handle,
      names: { en: info.en, 'zh-CN': info.zh },
      roles: info.roles,
      netblocks,
      abuse: [`abuse@${handle}.example`],
      escalation: [`escalation@${handle}.example`],
      languages: info.languages,
      endpoint: wsUrl(port),
      host,
      httpPort: port,
      peers,
      // Every address in a development federation is a documentation address.
      documentationAddresses: true,
      ...(dnsblZone ? { dnsblZone, dnsblPort: spec.dnsblPorts[i]! } : {}),
    });
    members.push({
      handle,
      dir: node.dir,
      id: node.member.id ?? '',
      netblocks: node.member.netblocks,
      roles: node.member.roles,
      http: `http://${host}:${port}`,
      ws: wsUrl(port),
      dnsblZone: dnsblZone ?? null,
      dnsbl: dnsblZone ? `${host}:${spec.dnsblPorts[i]!}` : null,
    });
    created.push(node);
  }

  const draft: RosterDraft = {
    version: 1,
    threshold: 1,
    stewards: [formatKeyId(steward.publicKey)],
    name: { en: 'ARX development federation', 'zh-CN': 'ARX 开发联盟' },
    members: created.map((c) => c.member),
  };
  const rosterFile = join(dir, 'roster.cbor');
  const document = createRosterDocument(draftToRoster(ctx, draft, Date.now(), 'roster'), [steward]);
  saveDraft(join(dir, 'roster.draft.json'), draft);
  writeFile(rosterFile, document);
  for (const m of members) copyFileSync(rosterFile, join(m.dir, 'roster.cbor'));
  writeFile(join(dir, 'federation.json'), jsonText({ hub: spec.hub ?? null, members: spec.handles }));
  return { dir, hub: spec.hub ?? null, stewardKey, roster: rosterFile, members };
}

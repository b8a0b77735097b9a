/**
 * The JSON form of a roster member (`member.json`, and each member of a draft roster):
 *
 *   { "handle": "cnisp1", "key": "<64 hex>", "id": "arx1…",
 *     "names": { "en": "…", "zh-CN": "…" }, "roles": ["provider"],
 *     "netblocks": ["192.0.2.0/24"],
 *     "contacts": { "abuse": ["abuse@cnisp1.example"], "escalation": [] },
 *     "languages": ["zh-CN", "en"], "endpoint": "ws://…/v1/ws" }
 *
 * `key` may be hex or arx1…; `id` is informational and, when present, must match.
 */
import {
  ArxProtocolError,
  bytesEqual,
  formatKeyId,
  formatPrefix,
  parseKeyId,
  parsePrefix,
  type RosterMember,
  toHex,
} from '@arx/protocol';
import type { Ctx } from './context.js';
import { failure } from './errors.js';

export interface MemberJson {
  handle: string;
  key: string;
  id?: string;
  names: Record<string, string>;
  roles: string[];
  netblocks: string[];
  contacts: { abuse: string[]; escalation?: string[] };
  languages?: string[];
  endpoint?: string;
}

/** The JSON form of a roster member. */
export function memberToJson(m: RosterMember): MemberJson {
  const json: MemberJson = {
    handle: m.handle,
    key: toHex(m.key),
    id: formatKeyId(m.key),
    names: { ...m.names },
    roles: [...m.roles],
    netblocks: m.netblocks.map(formatPrefix),
    contacts: {
      abuse: [...m.contacts.abuse],
      ...(m.contacts.escalation ? { escalation: [...m.contacts.escalation] } : {}),
    },
  };
  if (m.languages) json.languages = [...m.languages];
  if (m.endpoint !== undefined) json.endpoint = m.endpoint;
  return json;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/**
 * Converts member JSON to the protocol form. Checks shapes and converts keys and
 * netblocks; the roster validator (checkRoster) does the rest when the draft is used.
 */
export function memberFromJson(ctx: Ctx, json: unknown, where: string): RosterMember {
  const bad = (detail: string) => failure(ctx.t('member.bad', { where, detail }), 'ARX_PROTO_BAD_ROSTER');
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw bad('not an object');
  const o = json as Record<string, unknown>;
  for (const field of ['handle', 'key']) if (typeof o[field] !== 'string') throw bad(`"${field}" must be text`);
  let key: Uint8Array;
  try {
    key = parseKeyId(o['key'] as string);
  } catch (error) {
    throw bad(error instanceof ArxProtocolError ? error.message : String(error));
  }
  if (typeof o['id'] === 'string' && !bytesEqual(parseKeyIdOr(o['id']), key)) throw bad('"id" does not match "key"');
  const names = o['names'];
  if (names === null || typeof names !== 'object' || Array.isArray(names)) throw bad('"names" must be an object');
  if (!isStringArray(o['roles'])) throw bad('"roles" must be an array of role codes');
  if (!isStringArray(o['netblocks'] ?? [])) throw bad('"netblocks" must be an array of CIDR prefixes');
  const contacts = o['contacts'] as Record<string, unknown> | undefined;
  if (!contacts || !isStringArray(contacts['abuse'])) throw bad('"contacts.abuse" must be an array of addresses');
  if (contacts['escalation'] !== undefined && !isStringArray(contacts['escalation'])) {
    throw bad('"contacts.escalation" must be an array of addresses');
  }
  const netblocks = ((o['netblocks'] ?? []) as string[]).map((n) => {
    try {
      return parsePrefix(n);
    } catch (error) {
      throw bad(error instanceof Error ? error.message : String(error));
    }
  });
  const member = {
    key,
    handle: o['handle'] as string,
    names: names as Record<string, string>,
    roles: o['roles'] as RosterMember['roles'],
    netblocks,
    contacts: {
      abuse: contacts['abuse'] as string[],
      ...(contacts['escalation'] !== undefined ? { escalation: contacts['escalation'] as string[] } : {}),
    },
  } as RosterMember;
  if (o['languages'] !== undefined) {
    if (!isStringArray(o['languages'])) throw bad('"languages" must be an array of language tags');
    (member as { languages?: string[] }).languages = o['languages'];
  }
  if (o['endpoint'] !== undefined) {
    if (typeof o['endpoint'] !== 'string') throw bad('"endpoint" must be text');
    (member as { endpoint?: string }).endpoint = o['endpoint'];
  }
  return member;
}

function parseKeyIdOr(text: string): Uint8Array {
  try {
    return parseKeyId(text);
  } catch {
    return new Uint8Array(0);
  }
}

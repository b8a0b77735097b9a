/**
 * A roster on disk is a pair of files side by side:
 *
 *   roster.draft.json   what stewards edit: { version, threshold, stewards: [arx1…],
 *                       name?, widest?, members: [member JSON] } (see member.ts;
 *                       widest is the roster's width policy, as in the document)
 *   roster.cbor         the signed document (COSE_Sign, one signature per steward)
 *                       that nodes load and verify
 *
 * `--roster` may name either file or the directory holding them. Editing a draft
 * whose version has already been signed moves it to the next version, so a signed
 * version never changes content; signing the same content again only adds a signature.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  ArxProtocolError,
  checkRoster,
  encodeDeterministic,
  formatKeyId,
  parseKeyId,
  type Roster,
  type RosterMember,
  readRosterDocument,
  type WidestPolicy,
} from '@arx/protocol';
import type { Ctx } from './context.js';
import { failure } from './errors.js';
import { jsonText, readFileOrFail, readJsonFile, writeFile } from './files.js';
import { type MemberJson, memberFromJson, memberToJson } from './member.js';

export const DRAFT_FILE = 'roster.draft.json';
export const SIGNED_FILE = 'roster.cbor';

export interface RosterDraft {
  version: number;
  threshold: number;
  stewards: string[];
  name?: Record<string, string>;
  widest?: WidestPolicy;
  members: MemberJson[];
}

export interface RosterPaths {
  draft: string;
  signed: string;
}

/** The draft and signed file of the roster that `file` names. */
export function rosterPaths(file: string): RosterPaths {
  if (existsSync(file) && statSync(file).isDirectory()) {
    return { draft: join(file, DRAFT_FILE), signed: join(file, SIGNED_FILE) };
  }
  const dir = dirname(file);
  const name = basename(file);
  if (name.endsWith('.cbor')) return { draft: join(dir, name.replace(/\.cbor$/, '.draft.json')), signed: file };
  if (name.endsWith('.draft.json')) return { draft: file, signed: join(dir, name.replace(/\.draft\.json$/, '.cbor')) };
  if (name.endsWith('.json')) return { draft: file, signed: join(dir, name.replace(/\.json$/, '.cbor')) };
  return { draft: `${file}.draft.json`, signed: `${file}.cbor` };
}

/** Reads a draft and checks its shape. */
export function loadDraft(ctx: Ctx, path: string): RosterDraft {
  const raw = readJsonFile(ctx, path) as Partial<RosterDraft> | null;
  const bad = (detail: string) => failure(ctx.t('roster.badDraft', { path, detail }), 'ARX_PROTO_BAD_ROSTER');
  if (!raw || typeof raw !== 'object') throw bad('not an object');
  if (!Number.isSafeInteger(raw.version) || (raw.version ?? 0) < 1) throw bad('"version" must be a whole number ≥ 1');
  if (!Number.isSafeInteger(raw.threshold) || (raw.threshold ?? 0) < 1)
    throw bad('"threshold" must be a whole number ≥ 1');
  if (!Array.isArray(raw.stewards) || !raw.stewards.every((s) => typeof s === 'string')) {
    throw bad('"stewards" must be an array of arx1… keys');
  }
  if (!Array.isArray(raw.members)) throw bad('"members" must be an array');
  return raw as RosterDraft;
}

export function saveDraft(path: string, draft: RosterDraft): void {
  writeFile(path, jsonText(draft));
}

/** The protocol roster a draft describes (validated by checkRoster). */
export function draftToRoster(ctx: Ctx, draft: RosterDraft, issued: number, where: string): Roster {
  const members: RosterMember[] = draft.members.map((m, i) =>
    memberFromJson(ctx, m, `${where}: members[${i}] (${m?.handle ?? '?'})`),
  );
  let stewards: Uint8Array[];
  try {
    stewards = draft.stewards.map((s) => parseKeyId(s));
  } catch (error) {
    throw failure(ctx.t('roster.badDraft', { path: where, detail: (error as Error).message }), 'ARX_PROTO_BAD_KEY');
  }
  const value = {
    v: 1,
    version: draft.version,
    issued,
    threshold: draft.threshold,
    stewards,
    members,
    ...(draft.name ? { name: draft.name } : {}),
    ...(draft.widest ? { widest: draft.widest } : {}),
  };
  try {
    return checkRoster(value);
  } catch (error) {
    const detail = error instanceof ArxProtocolError ? (error.detail ?? error.message) : String(error);
    throw failure(ctx.t('roster.badDraft', { path: where, detail }), 'ARX_PROTO_BAD_ROSTER', error);
  }
}

/** The draft form of a roster (to start editing from a signed document). */
export function rosterToDraft(roster: Roster): RosterDraft {
  return {
    version: roster.version,
    threshold: roster.threshold,
    stewards: roster.stewards.map(formatKeyId),
    ...(roster.name ? { name: { ...roster.name } } : {}),
    ...(roster.widest ? { widest: structuredClone(roster.widest) } : {}),
    members: roster.members.map(memberToJson),
  };
}

export interface SignedRoster {
  roster: Roster;
  signedBy: string[];
  document: Uint8Array;
}

/** Reads a signed roster document without checking signatures; undefined when absent. */
export function loadSigned(ctx: Ctx, path: string): SignedRoster | undefined {
  if (!existsSync(path)) return undefined;
  const document = new Uint8Array(readFileOrFail(ctx, path));
  try {
    const { roster, signedBy } = readRosterDocument(document);
    return { roster, signedBy, document };
  } catch (error) {
    const detail = error instanceof ArxProtocolError ? (error.detail ?? error.message) : String(error);
    throw failure(ctx.t('roster.badDocument', { path, detail }), 'ARX_PROTO_BAD_ROSTER', error);
  }
}

/** Same membership content (everything but the issue time). */
export function sameContent(a: Roster, b: Roster): boolean {
  const strip = (r: Roster) => encodeDeterministic({ ...r, issued: 0 } as never);
  return Buffer.from(strip(a)).equals(Buffer.from(strip(b)));
}

/**
 * Loads the draft for editing: from the draft file, or started from the signed
 * document when only that exists. The version moves past a signed one.
 */
export function draftForEdit(ctx: Ctx, paths: RosterPaths): { draft: RosterDraft; bumped: boolean } {
  const signed = loadSigned(ctx, paths.signed);
  let draft: RosterDraft;
  if (existsSync(paths.draft)) draft = loadDraft(ctx, paths.draft);
  else if (signed) draft = rosterToDraft(signed.roster);
  else throw failure(ctx.t('roster.noDraft', { path: paths.draft }));
  if (signed && signed.roster.version >= draft.version) {
    draft.version = signed.roster.version + 1;
    return { draft, bumped: true };
  }
  return { draft, bumped: false };
}

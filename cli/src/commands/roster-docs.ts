/**
 * `arx roster sign|show|verify`: turn a draft into a signed document (or add a
 * signature to it), display a roster, and verify one — optionally as the successor of
 * the roster held, which is exactly the check a node makes before adopting it.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ArxProtocolError,
  addRosterSignature,
  createRosterDocument,
  formatKeyId,
  LIST_KINDS,
  type ListKind,
  parseKeyId,
  ROLES,
  type Roster,
  readRosterDocument,
  verifyRosterDocument,
  widestAllowed,
} from '@arx/protocol';
import { type Ctx, printJson } from '../context.js';
import { CliError, EXIT, failure, usageError } from '../errors.js';
import { nodeFiles, readFileOrFail, readKeyFile, writeFile } from '../files.js';
import { memberToJson } from '../member.js';
import {
  DRAFT_FILE,
  draftToRoster,
  loadDraft,
  loadSigned,
  type RosterPaths,
  rosterPaths,
  rosterToDraft,
  sameContent,
  saveDraft,
} from '../roster-files.js';
import { renderPairs, renderTable } from '../table.js';
import { isLarge, memberOverlaps, overlapJson, printOverlaps, printSummary } from './roster-national.js';

export function signRoster(ctx: Ctx, opts: { roster: string; stewardKey: string; json?: boolean }): void {
  const paths = rosterPaths(resolve(opts.roster));
  const steward = readKeyFile(ctx, resolve(opts.stewardKey));
  const signed = loadSigned(ctx, paths.signed);
  const draft = existsSync(paths.draft) ? loadDraft(ctx, paths.draft) : signed ? rosterToDraft(signed.roster) : null;
  if (!draft) throw failure(ctx.t('roster.noDraft', { path: paths.draft }));
  const stewardId = formatKeyId(steward.publicKey);
  const allowed = new Set([...draft.stewards.map((s) => formatKeyId(parseKeyId(s)))]);
  for (const s of signed?.roster.stewards ?? []) allowed.add(formatKeyId(s));
  if (!allowed.has(stewardId)) throw failure(ctx.t('roster.notSteward', { id: stewardId }));

  let document: Uint8Array;
  let roster = draftToRoster(ctx, draft, Date.now(), paths.draft);
  if (signed && signed.roster.version === draft.version && sameContent(signed.roster, roster)) {
    // Same content: one more signature on the same payload (k-of-n rounds).
    document = addRosterSignature(signed.document, steward);
    roster = signed.roster;
  } else {
    if (signed && signed.roster.version >= draft.version) {
      if (signed.roster.version > draft.version) {
        throw failure(ctx.t('roster.draftBehind', { draft: draft.version, signed: signed.roster.version }));
      }
      // Same version number but different content: a signed version never changes.
      draft.version = signed.roster.version + 1;
      saveDraft(paths.draft, draft);
      roster = draftToRoster(ctx, draft, Date.now(), paths.draft);
    }
    document = createRosterDocument(roster, [steward]);
  }
  writeFile(paths.signed, document);
  if (!existsSync(paths.draft)) saveDraft(paths.draft, draft);
  const signers = signersOf(document, roster.stewards);
  const complete = verifies(document);
  if (opts.json) {
    printJson(ctx, {
      signed: paths.signed,
      version: roster.version,
      threshold: roster.threshold,
      signatures: signers.length,
      complete,
    });
    return;
  }
  ctx.io.out(ctx.t('roster.signed', { path: paths.signed, version: roster.version }));
  ctx.io.out(
    complete
      ? ctx.t('roster.complete', { n: signers.length, k: roster.threshold })
      : ctx.t('roster.needMore', { n: signers.length, k: roster.threshold }),
  );
}

/** Steward keys (arx1) that have signed the document (signatures listed, not verified). */
function signersOf(document: Uint8Array, stewards: readonly Uint8Array[]): string[] {
  const listed = new Set(readRosterDocument(document).signedBy);
  return stewards.filter((s) => listed.has(Buffer.from(s).toString('hex'))).map(formatKeyId);
}

/** True when the document verifies on its own (threshold of its own stewards). */
function verifies(document: Uint8Array): boolean {
  try {
    verifyRosterDocument(document);
    return true;
  } catch {
    return false;
  }
}

/** The width policy in force for reports and each list kind: shortest IPv4 and IPv6 prefix lengths. */
function widestTable(roster: Roster) {
  const lengths = (list?: ListKind) => ({ v4: widestAllowed(roster, 4, list), v6: widestAllowed(roster, 6, list) });
  const kinds = Object.keys(LIST_KINDS) as ListKind[];
  return { report: lengths(), listing: Object.fromEntries(kinds.map((k) => [k, lengths(k)])) };
}

/** One line per target kind: "reports /16, /32 · dynamic /12, /32 · …". */
function widestLine(ctx: Ctx, roster: Roster): string {
  const table = widestTable(roster);
  const shown = (v: { v4: number; v6: number }) => `/${v.v4}, /${v.v6}`;
  const parts = [`${ctx.t('roster.widestReports')} ${shown(table.report)}`];
  for (const [kind, v] of Object.entries(table.listing)) parts.push(`${ctx.label(LIST_KINDS, kind)} ${shown(v)}`);
  return parts.join(' · ');
}

export function showRoster(ctx: Ctx, opts: { roster?: string; dir?: string; full?: boolean; json?: boolean }): void {
  if (opts.roster && opts.dir) throw usageError(ctx.t('roster.rosterOrDir'));
  let paths: RosterPaths;
  if (opts.roster) paths = rosterPaths(resolve(opts.roster));
  else {
    const signed = nodeFiles(opts.dir ?? '.').rosterFile;
    paths = { signed, draft: resolve(opts.dir ?? '.', DRAFT_FILE) };
  }
  // Naming the draft file shows the draft; otherwise the signed document when there is one.
  const preferDraft = opts.roster?.endsWith('.json') === true && existsSync(paths.draft);
  const signed = preferDraft ? undefined : loadSigned(ctx, paths.signed);
  const draftOnly = !signed;
  if (draftOnly && !existsSync(paths.draft)) throw failure(ctx.t('file.missing', { path: paths.signed }));
  const roster = signed ? signed.roster : draftToRoster(ctx, loadDraft(ctx, paths.draft), 0, paths.draft);
  const members = roster.members.map(memberToJson);
  const stewards = roster.stewards.map(formatKeyId);
  const signedBy = (signed?.signedBy ?? []).map((hex) => formatKeyId(Buffer.from(hex, 'hex')));
  if (opts.json) {
    printJson(ctx, {
      file: draftOnly ? paths.draft : paths.signed,
      status: draftOnly ? 'draft' : 'signed',
      version: roster.version,
      issued: signed ? roster.issued : null,
      threshold: roster.threshold,
      stewards,
      signedBy,
      name: roster.name ?? null,
      claims: members.reduce((n, m) => n + m.netblocks.length, 0),
      overlaps: memberOverlaps(members).map(overlapJson),
      widest: widestTable(roster),
      members,
    });
    return;
  }
  const name = roster.name ? (roster.name[ctx.lang] ?? roster.name['en'] ?? Object.values(roster.name)[0]) : undefined;
  ctx.io.out(
    renderPairs([
      [ctx.t('label.file'), draftOnly ? `${paths.draft} (${ctx.t('roster.draftLabel')})` : paths.signed],
      ...(name ? [[ctx.t('label.name'), name] as [string, string]] : []),
      [ctx.t('label.version'), String(roster.version)],
      ...(signed ? [[ctx.t('label.issued'), new Date(roster.issued).toISOString()] as [string, string]] : []),
      [ctx.t('label.threshold'), ctx.t('roster.kOfN', { k: roster.threshold, n: stewards.length })],
      [ctx.t('label.stewards'), stewards.join(', ')],
      [ctx.t('label.signedBy'), signedBy.join(', ') || '-'],
      [ctx.t('label.widest'), widestLine(ctx, roster)],
    ]),
  );
  ctx.io.out('');
  // A national roster (hundreds of members, thousands of claims) is summarised.
  if (isLarge(members) && !opts.full) return printSummary(ctx, members);
  ctx.io.out(
    renderTable(
      [ctx.t('col.handle'), ctx.t('col.name'), ctx.t('col.roles'), ctx.t('col.netblocks'), ctx.t('col.abuse'), 'ID'],
      members.map((m) => [
        m.handle,
        m.names[ctx.lang] ?? m.names['en'] ?? Object.values(m.names)[0] ?? '',
        m.roles.map((r) => ctx.label(ROLES, r)).join(', '),
        m.netblocks.join(', ') || '-',
        m.contacts.abuse.join(', '),
        m.id ?? '',
      ]),
    ),
  );
}

export function verifyRoster(
  ctx: Ctx,
  opts: { roster: string; held?: string; allOverlaps?: boolean; json?: boolean },
): void {
  const path = resolve(opts.roster);
  const signedPath = path.endsWith('.cbor') ? path : rosterPaths(path).signed;
  const document = new Uint8Array(readFileOrFail(ctx, signedPath));
  let held: ReturnType<typeof verifyRosterDocument> | undefined;
  if (opts.held) {
    const heldBytes = new Uint8Array(readFileOrFail(ctx, resolve(opts.held)));
    try {
      held = verifyRosterDocument(heldBytes);
    } catch (error) {
      throw verifyError(ctx, resolve(opts.held), error);
    }
  }
  let verified: ReturnType<typeof verifyRosterDocument>;
  try {
    verified = verifyRosterDocument(document, held?.roster);
  } catch (error) {
    throw verifyError(ctx, signedPath, error);
  }
  const signers = verified.signers.map((hex) => formatKeyId(Buffer.from(hex, 'hex')));
  // Stewards review overlapping claims before signing: the most specific claim decides.
  const overlaps = memberOverlaps(verified.roster.members.map(memberToJson));
  if (opts.json) {
    printJson(ctx, {
      valid: true,
      file: signedPath,
      version: verified.roster.version,
      threshold: verified.roster.threshold,
      signers,
      members: verified.roster.members.length,
      claims: verified.roster.members.reduce((n, m) => n + m.netblocks.length, 0),
      held: held ? held.roster.version : null,
      overlaps: overlaps.map(overlapJson),
    });
    return;
  }
  ctx.io.out(
    ctx.t('roster.valid', {
      path: signedPath,
      version: verified.roster.version,
      n: signers.length,
      k: verified.roster.threshold,
      members: verified.roster.members.length,
    }),
  );
  if (held) ctx.io.out(ctx.t('roster.validAfter', { version: held.roster.version }));
  printOverlaps(ctx, overlaps, opts.allOverlaps);
}

function verifyError(ctx: Ctx, path: string, error: unknown): CliError {
  if (error instanceof ArxProtocolError) {
    return new CliError(
      EXIT.failed,
      ctx.t('roster.invalid', { path, code: error.code, detail: error.detail ?? error.message }),
      { code: error.code, cause: error },
    );
  }
  return failure(String(error));
}

/**
 * Rosters the size of a nation: bulk netblock claims from a file, overlap review, a
 * summary instead of every claim, publishing a signed version through a steward's node
 * and seeing which members' nodes hold it. Everything here costs what the roster's
 * size costs once (one sort for overlaps), never a pass per claim.
 */
import { resolve } from 'node:path';
import type { RosterPublishedJson, RosterStatusJson } from '@arx/node';
import { type Claim, findOverlaps, formatPrefix, type Overlap, parsePrefix, ROLES } from '@arx/protocol';
import { NodeClient } from '../client.js';
import { type Ctx, printJson } from '../context.js';
import { usageError } from '../errors.js';
import { readFileOrFail } from '../files.js';
import { parsePrefixArg } from '../input.js';
import type { MemberJson } from '../member.js';
import { loadSigned, rosterPaths } from '../roster-files.js';
import { renderPairs, renderTable } from '../table.js';

/** Overlaps shown in a listing before "and N more". */
const SHOWN = 20;

/**
 * Reads a netblocks file: one CIDR a line; `#` starts a comment; blank lines are
 * skipped; duplicates count once. Errors name the line.
 */
export function readNetblocksFile(ctx: Ctx, path: string): string[] {
  const text = readFileOrFail(ctx, path).toString('utf8');
  const out = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    out.add(formatPrefix(parsePrefixArg(ctx, line, `${path}:${i + 1}`)));
  });
  return [...out];
}

/** What replacing `before` by `after` adds and removes (in the order of each list). */
export function claimDiff(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  const was = new Set(before);
  const now = new Set(after);
  return { added: after.filter((c) => !was.has(c)), removed: before.filter((c) => !now.has(c)) };
}

/** Prints a claim diff (the first claims of each side and the counts). */
export function printDiff(ctx: Ctx, handle: string, diff: { added: string[]; removed: string[] }): void {
  ctx.io.out(ctx.t('roster.diff', { handle, added: diff.added.length, removed: diff.removed.length }));
  for (const c of diff.added.slice(0, SHOWN)) ctx.io.out(`  + ${c}`);
  if (diff.added.length > SHOWN) ctx.io.out(`  + ${ctx.t('roster.more', { n: diff.added.length - SHOWN })}`);
  for (const c of diff.removed.slice(0, SHOWN)) ctx.io.out(`  - ${c}`);
  if (diff.removed.length > SHOWN) ctx.io.out(`  - ${ctx.t('roster.more', { n: diff.removed.length - SHOWN })}`);
}

/** Overlapping claims between different members of a draft or roster (JSON members). */
export function memberOverlaps(members: readonly MemberJson[], only?: string): Overlap[] {
  const claims: Claim[] = [];
  for (const m of members) for (const n of m.netblocks) claims.push({ prefix: parsePrefix(n), holder: m.handle });
  const all = findOverlaps(claims);
  return only === undefined ? all : all.filter((o) => o.outer.holder === only || o.inner.holder === only);
}

export function overlapText(o: Overlap): string {
  const kind = o.same ? '=' : '⊇';
  return `${o.outer.holder} ${formatPrefix(o.outer.prefix)} ${kind} ${o.inner.holder} ${formatPrefix(o.inner.prefix)}`;
}

export function overlapJson(o: Overlap): {
  outer: string;
  outerHolder: string;
  inner: string;
  innerHolder: string;
  same: boolean;
} {
  return {
    outer: formatPrefix(o.outer.prefix),
    outerHolder: o.outer.holder,
    inner: formatPrefix(o.inner.prefix),
    innerHolder: o.inner.holder,
    same: o.same,
  };
}

/** Prints overlaps as warnings on stderr (first SHOWN, then a count). */
export function warnOverlaps(ctx: Ctx, overlaps: readonly Overlap[]): void {
  for (const o of overlaps.slice(0, SHOWN)) ctx.io.err(ctx.t('roster.overlap', { overlap: overlapText(o) }));
  if (overlaps.length > SHOWN) ctx.io.err(ctx.t('roster.overlapMore', { n: overlaps.length - SHOWN }));
}

/** Prints the overlap listing of `arx roster verify` / `show`. */
export function printOverlaps(ctx: Ctx, overlaps: readonly Overlap[], all = false): void {
  if (overlaps.length === 0) {
    ctx.io.out(ctx.t('roster.noOverlaps'));
    return;
  }
  ctx.io.out(ctx.t('roster.overlaps', { n: overlaps.length }));
  const shown = all ? overlaps : overlaps.slice(0, SHOWN);
  for (const o of shown) ctx.io.out(`  ${overlapText(o)}`);
  if (shown.length < overlaps.length) ctx.io.out(`  ${ctx.t('roster.more', { n: overlaps.length - shown.length })}`);
}

/** A roster above this many members or claims is summarised by `arx roster show` unless --full. */
export const SUMMARY_MEMBERS = 30;
export const SUMMARY_CLAIMS = 300;

export function isLarge(members: readonly MemberJson[]): boolean {
  return members.length > SUMMARY_MEMBERS || members.reduce((n, m) => n + m.netblocks.length, 0) > SUMMARY_CLAIMS;
}

/** The member table of a large roster: claims per member instead of every claim, largest first. */
export function printSummary(ctx: Ctx, members: readonly MemberJson[]): void {
  const claims = members.reduce((n, m) => n + m.netblocks.length, 0);
  const overlaps = memberOverlaps(members);
  ctx.io.out(ctx.t('roster.summary', { members: members.length, claims, overlaps: overlaps.length }));
  ctx.io.out('');
  const rows = [...members].sort((a, b) => b.netblocks.length - a.netblocks.length || a.handle.localeCompare(b.handle));
  ctx.io.out(
    renderTable(
      [ctx.t('col.handle'), ctx.t('col.name'), ctx.t('col.roles'), ctx.t('col.claims'), ctx.t('col.abuse')],
      rows.map((m) => [
        m.handle,
        m.names[ctx.lang] ?? m.names['en'] ?? Object.values(m.names)[0] ?? '',
        m.roles.map((r) => ctx.label(ROLES, r)).join(', '),
        String(m.netblocks.length),
        m.contacts.abuse.join(', '),
      ]),
    ),
  );
  ctx.io.out('');
  printOverlaps(ctx, overlaps);
}

/** `arx roster publish`: a steward's node publishes a signed roster version. */
export async function publishRosterCommand(ctx: Ctx, opts: { dir: string; roster: string; json?: boolean }) {
  const paths = rosterPaths(resolve(opts.roster));
  const signed = loadSigned(ctx, paths.signed);
  if (!signed) throw usageError(ctx.t('file.missing', { path: paths.signed }));
  const client = NodeClient.open(ctx, resolve(opts.dir));
  const { json } = await client.postRaw<RosterPublishedJson>('/v1/roster', signed.document, 'application/cbor');
  if (opts.json) return printJson(ctx, json);
  ctx.io.out(
    ctx.t('roster.published', {
      version: json.version,
      members: json.members,
      claims: json.claims,
      size: json.size,
      digest: json.digest.slice(0, 16),
      seq: json.seq,
    }),
  );
  ctx.io.out(json.adopted ? ctx.t('roster.adoptedHere') : ctx.t('roster.notAdoptedHere'));
}

/** `arx roster status`: which members' nodes hold which version (from their signed receipts). */
export async function rosterStatusCommand(ctx: Ctx, opts: { dir: string; all?: boolean; json?: boolean }) {
  const client = NodeClient.open(ctx, resolve(opts.dir));
  const s = await client.get<RosterStatusJson>('/v1/roster/status');
  if (opts.json) return printJson(ctx, s);
  ctx.io.out(
    renderPairs([
      [
        ctx.t('label.roster'),
        ctx.t('roster.statusVersion', { version: s.version, members: s.members, claims: s.claims }),
      ],
      [ctx.t('label.digest'), `${s.digest} (${s.size} B)`],
      [
        ctx.t('label.byVersion'),
        s.byVersion
          .map((v) => `${v.version === null ? ctx.t('roster.unknownVersion') : `v${v.version}`}: ${v.count}`)
          .join(', '),
      ],
      ...(s.wantedBlobs.length > 0 ? [[ctx.t('label.fetching'), s.wantedBlobs.join(', ')] as [string, string]] : []),
    ]),
  );
  // Members that run a node, or have said which version they hold; --all lists everyone.
  const rows = s.nodes.filter((n) => opts.all || n.version !== null || n.self);
  ctx.io.out('');
  ctx.io.out(
    renderTable(
      [ctx.t('col.handle'), ctx.t('col.version'), ctx.t('col.since')],
      rows.map((n) => [
        n.self ? `${n.handle} *` : n.handle,
        n.version === null ? '-' : n.version === s.version ? `v${n.version}` : `v${n.version} ≠ v${s.version}`,
        n.ts === null ? '-' : new Date(n.ts).toISOString(),
      ]),
    ),
  );
}

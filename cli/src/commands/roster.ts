/**
 * `arx roster …`: keep a draft roster (JSON), sign it into a roster document (CBOR,
 * k-of-n steward signatures), show and verify documents. See roster-files.ts for
 * the file pair and the versioning rule.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatKeyId, formatPrefix, LIST_KINDS, widestAllowed } from '@arx/protocol';
import type { Command } from 'commander';
import { withDir, withExamples, withJson } from '../command.js';
import { type Ctx, printJson } from '../context.js';
import { failure, usageError } from '../errors.js';
import { readJsonFile, readKeyFile } from '../files.js';
import {
  collect,
  parseCode,
  parseEmail,
  parseHandle,
  parseInteger,
  parseKeyArg,
  parsePrefixArg,
  parseWsUrl,
  splitList,
} from '../input.js';
import { type MemberJson, memberFromJson, memberToJson } from '../member.js';
import {
  draftForEdit,
  draftToRoster,
  type RosterDraft,
  type RosterPaths,
  rosterPaths,
  saveDraft,
} from '../roster-files.js';
import { namesFrom } from './init.js';
import { showRoster, signRoster, verifyRoster } from './roster-docs.js';
import {
  claimDiff,
  memberOverlaps,
  printDiff,
  publishRosterCommand,
  readNetblocksFile,
  rosterStatusCommand,
  warnOverlaps,
} from './roster-national.js';

interface MemberFlags {
  member?: string;
  key?: string;
  handle?: string;
  nameEn?: string;
  nameZh?: string;
  role?: string[];
  netblock?: string[];
  netblocksFile?: string;
  abuseEmail?: string[];
  escalationEmail?: string[];
  endpoint?: string;
}

function memberOptions(cmd: Command, ctx: Ctx): Command {
  return cmd
    .option('--member <FILE>', ctx.t('opt.memberFile'))
    .option('--key <ARX1>', ctx.t('opt.memberKey'))
    .option('--handle <NAME>', ctx.t('opt.handle'))
    .option('--name-en <TEXT>', ctx.t('opt.nameEn'))
    .option('--name-zh <TEXT>', ctx.t('opt.nameZh'))
    .option('--role <ROLE>', ctx.t('opt.role'), collect)
    .option('--netblock <CIDR>', ctx.t('opt.netblock'), collect)
    .option('--netblocks-file <FILE>', ctx.t('opt.netblocksFile'))
    .option('--abuse-email <ADDR>', ctx.t('opt.abuseEmail'), collect)
    .option('--escalation-email <ADDR>', ctx.t('opt.escalationEmail'), collect)
    .option('--endpoint <URL>', ctx.t('opt.endpoint'));
}

/** Applies command-line fields to a member (all fields for a new one, the given ones for an update). */
function applyFlags(ctx: Ctx, flags: MemberFlags, base: MemberJson | undefined): MemberJson {
  const handle = flags.handle !== undefined ? parseHandle(ctx, flags.handle, '--handle') : base?.handle;
  if (!handle) throw usageError(ctx.t('roster.needHandle'));
  const key = flags.key !== undefined ? Buffer.from(parseKeyArg(ctx, flags.key, '--key')).toString('hex') : base?.key;
  if (!key) throw usageError(ctx.t('roster.needKey'));
  const names = { ...(base?.names ?? namesFrom(handle)) };
  if (flags.nameEn !== undefined) names['en'] = flags.nameEn;
  if (flags.nameZh !== undefined) names['zh-CN'] = flags.nameZh;
  const roles = flags.role ? splitList(flags.role).map((r) => parseCode(ctx, 'role', r, '--role')) : base?.roles;
  if (flags.netblock && flags.netblocksFile)
    throw usageError(ctx.t('usage.conflict', { a: '--netblock', b: '--netblocks-file' }));
  const netblocks = flags.netblocksFile
    ? readNetblocksFile(ctx, resolve(flags.netblocksFile))
    : flags.netblock
      ? splitList(flags.netblock).map((n) => formatPrefix(parsePrefixArg(ctx, n, '--netblock')))
      : (base?.netblocks ?? []);
  const abuse = flags.abuseEmail
    ? splitList(flags.abuseEmail).map((a) => parseEmail(ctx, a, '--abuse-email'))
    : base?.contacts.abuse;
  if (!abuse || abuse.length === 0) throw usageError(ctx.t('roster.needAbuse'));
  const escalation = flags.escalationEmail
    ? splitList(flags.escalationEmail).map((a) => parseEmail(ctx, a, '--escalation-email'))
    : base?.contacts.escalation;
  const member: MemberJson = {
    handle,
    key,
    names,
    roles: roles && roles.length > 0 ? roles : [netblocks.length > 0 ? 'provider' : 'reporter'],
    netblocks,
    contacts: { abuse, ...(escalation && escalation.length > 0 ? { escalation } : {}) },
  };
  if (base?.languages) member.languages = base.languages;
  const endpoint = flags.endpoint !== undefined ? parseWsUrl(ctx, flags.endpoint, '--endpoint') : base?.endpoint;
  if (endpoint) member.endpoint = endpoint;
  // Normalise (netblocks, key) and add the arx1 id.
  return memberToJson(memberFromJson(ctx, member, handle));
}

function readMemberFile(ctx: Ctx, path: string): MemberJson {
  return memberToJson(memberFromJson(ctx, readJsonFile(ctx, path), path));
}

function saveEdit(
  ctx: Ctx,
  paths: RosterPaths,
  draft: RosterDraft,
  message: string,
  json?: boolean,
  diff?: { added: string[]; removed: string[] },
): void {
  // Validate the whole draft before writing it (linear in its size: one parse per claim).
  draftToRoster(ctx, draft, Date.now(), paths.draft);
  saveDraft(paths.draft, draft);
  if (json) printJson(ctx, { draft: paths.draft, version: draft.version, members: draft.members.length, ...diff });
  else {
    ctx.io.out(message);
    ctx.io.out(ctx.t('roster.unsigned', { version: draft.version, roster: paths.draft }));
  }
}

export function registerRoster(program: Command, ctx: Ctx): void {
  const roster = program.command('roster').description(ctx.t('cmd.roster'));
  roster.addHelpText('after', `\n${ctx.t('roster.filesHelp')}\n`);

  const create = roster
    .command('create')
    .description(ctx.t('cmd.rosterCreate'))
    .requiredOption('--out <FILE>', ctx.t('opt.rosterOut'))
    .requiredOption('--steward-key <FILE>', ctx.t('opt.stewardKey'))
    .option('--steward <ARX1>', ctx.t('opt.steward'), collect)
    .option('--threshold <K>', ctx.t('opt.threshold'), '1')
    .option('--version <N>', ctx.t('opt.rosterVersion'), '1')
    .option('--name-en <TEXT>', ctx.t('opt.federationNameEn'))
    .option('--name-zh <TEXT>', ctx.t('opt.federationNameZh'));
  withJson(create, ctx);
  withExamples(create, ctx, [
    'arx keygen --out steward.key.json',
    'arx roster create --out roster.draft.json --steward-key steward.key.json',
  ]);
  create.action(
    (opts: {
      out: string;
      stewardKey: string;
      steward?: string[];
      threshold: string;
      version: string;
      nameEn?: string;
      nameZh?: string;
      json?: boolean;
    }) => {
      const paths = rosterPaths(resolve(opts.out));
      if (existsSync(paths.draft)) throw failure(ctx.t('file.exists', { path: paths.draft }));
      const own = readKeyFile(ctx, resolve(opts.stewardKey));
      const stewards = [
        formatKeyId(own.publicKey),
        ...splitList(opts.steward).map((s) => formatKeyId(parseKeyArg(ctx, s, '--steward'))),
      ].filter((s, i, all) => all.indexOf(s) === i);
      const threshold = parseInteger(ctx, opts.threshold, '--threshold', 1, 255);
      if (threshold > stewards.length) {
        throw usageError(ctx.t('roster.thresholdTooHigh', { threshold, stewards: stewards.length }));
      }
      const draft: RosterDraft = {
        version: parseInteger(ctx, opts.version, '--version', 1, Number.MAX_SAFE_INTEGER),
        threshold,
        stewards,
        members: [],
      };
      if (opts.nameEn || opts.nameZh) {
        draft.name = {};
        if (opts.nameEn) draft.name['en'] = opts.nameEn;
        if (opts.nameZh) draft.name['zh-CN'] = opts.nameZh;
      }
      saveDraft(paths.draft, draft);
      if (opts.json) printJson(ctx, { draft: paths.draft, signed: paths.signed, ...draft });
      else
        ctx.io.out(
          ctx.t('roster.created', { path: paths.draft, version: draft.version, threshold, n: stewards.length }),
        );
    },
  );

  const add = memberOptions(
    roster.command('add').description(ctx.t('cmd.rosterAdd')).requiredOption('--roster <FILE>', ctx.t('opt.roster')),
    ctx,
  );
  withJson(add, ctx);
  withExamples(add, ctx, [
    'arx roster add --roster roster.draft.json --member ./cnisp1/member.json',
    'arx roster add --roster roster.draft.json --key arx1… --handle aol --role reporter --abuse-email abuse@aol.example',
  ]);
  add.action((opts: MemberFlags & { roster: string; json?: boolean }) => {
    const paths = rosterPaths(resolve(opts.roster));
    const { draft } = draftForEdit(ctx, paths);
    const fromFile = opts.member ? readMemberFile(ctx, resolve(opts.member)) : undefined;
    const member = applyFlags(ctx, opts, fromFile);
    if (draft.members.some((m) => m.handle === member.handle)) {
      throw failure(ctx.t('roster.handleTaken', { handle: member.handle }));
    }
    if (draft.members.some((m) => memberKeyHex(ctx, m) === member.key)) {
      throw failure(ctx.t('roster.keyTaken', { id: member.id ?? member.key }));
    }
    draft.members.push(member);
    warnOverlaps(ctx, memberOverlaps(draft.members, member.handle));
    saveEdit(ctx, paths, draft, ctx.t('roster.added', { handle: member.handle }), opts.json);
  });

  const update = memberOptions(
    roster
      .command('update')
      .description(ctx.t('cmd.rosterUpdate'))
      .requiredOption('--roster <FILE>', ctx.t('opt.roster')),
    ctx,
  );
  withJson(update, ctx);
  update.option('--dry-run', ctx.t('opt.dryRun'));
  withExamples(update, ctx, [
    'arx roster update --roster roster.draft.json --handle cnisp1 --netblock 192.0.2.0/24',
    'arx roster update --roster roster.draft.json --handle cnisp1 --netblocks-file cnisp1.netblocks --dry-run',
  ]);
  update.action((opts: MemberFlags & { roster: string; dryRun?: boolean; json?: boolean }) => {
    const paths = rosterPaths(resolve(opts.roster));
    const { draft } = draftForEdit(ctx, paths);
    const fromFile = opts.member ? readMemberFile(ctx, resolve(opts.member)) : undefined;
    const handle = opts.handle ?? fromFile?.handle;
    if (!handle) throw usageError(ctx.t('roster.needHandle'));
    const index = draft.members.findIndex((m) => m.handle === handle);
    if (index < 0) throw failure(ctx.t('roster.noMember', { handle, known: handlesOf(draft) }));
    const before = draft.members[index]!;
    const member = applyFlags(ctx, { ...opts, handle }, fromFile ?? before);
    const diff = claimDiff(before.netblocks, member.netblocks);
    draft.members[index] = member;
    const overlaps = memberOverlaps(draft.members, handle);
    if (opts.json && opts.dryRun) {
      return printJson(ctx, { handle, dryRun: true, ...diff, overlaps: overlaps.length });
    }
    // The change in claims is shown before anything is written, and long before signing.
    if (!opts.json) printDiff(ctx, handle, diff);
    warnOverlaps(ctx, overlaps);
    if (opts.dryRun) return ctx.io.out(ctx.t('roster.dryRun'));
    saveEdit(ctx, paths, draft, ctx.t('roster.updated', { handle }), opts.json, diff);
  });

  const remove = roster
    .command('remove')
    .description(ctx.t('cmd.rosterRemove'))
    .requiredOption('--roster <FILE>', ctx.t('opt.roster'))
    .requiredOption('--handle <NAME>', ctx.t('opt.handle'));
  withJson(remove, ctx);
  remove.action((opts: { roster: string; handle: string; json?: boolean }) => {
    const paths = rosterPaths(resolve(opts.roster));
    const { draft } = draftForEdit(ctx, paths);
    const index = draft.members.findIndex((m) => m.handle === opts.handle);
    if (index < 0) throw failure(ctx.t('roster.noMember', { handle: opts.handle, known: handlesOf(draft) }));
    draft.members.splice(index, 1);
    saveEdit(ctx, paths, draft, ctx.t('roster.removed', { handle: opts.handle }), opts.json);
  });

  const widest = roster
    .command('widest')
    .description(ctx.t('cmd.rosterWidest'))
    .requiredOption('--roster <FILE>', ctx.t('opt.roster'))
    .option('--report', ctx.t('opt.widestReport'))
    .option('--list <CODE>', ctx.t('opt.widestList'))
    .option('--ipv4 <LEN>', ctx.t('opt.widestIpv4'))
    .option('--ipv6 <LEN>', ctx.t('opt.widestIpv6'))
    .option('--default', ctx.t('opt.widestDefault'));
  withJson(widest, ctx);
  withExamples(widest, ctx, [
    'arx roster widest --roster roster.draft.json --list dynamic --ipv4 12',
    'arx roster widest --roster roster.draft.json --report --ipv4 24 --ipv6 48',
  ]);
  widest.action(
    (opts: {
      roster: string;
      report?: boolean;
      list?: string;
      ipv4?: string;
      ipv6?: string;
      default?: boolean;
      json?: boolean;
    }) => {
      if (Boolean(opts.report) === (opts.list !== undefined)) throw usageError(ctx.t('roster.widestWhat'));
      const list = opts.list === undefined ? undefined : parseCode(ctx, 'list-kind', opts.list, '--list');
      const paths = rosterPaths(resolve(opts.roster));
      const { draft } = draftForEdit(ctx, paths);
      const policy = { ...draft.widest, listing: { ...draft.widest?.listing } };
      const floor = opts.default ? {} : { ...(list ? policy.listing[list] : policy.report) };
      if (opts.ipv4 !== undefined) floor.v4 = parseInteger(ctx, opts.ipv4, '--ipv4', 0, 32);
      if (opts.ipv6 !== undefined) floor.v6 = parseInteger(ctx, opts.ipv6, '--ipv6', 0, 128);
      const set = Object.keys(floor).length > 0;
      if (list) {
        if (set) policy.listing[list] = floor;
        else delete policy.listing[list];
      } else if (set) policy.report = floor;
      else delete policy.report;
      const { listing, ...rest } = policy;
      const next = { ...rest, ...(Object.keys(listing).length ? { listing } : {}) };
      if (Object.keys(next).length) draft.widest = next;
      else delete draft.widest;
      const roster = draftToRoster(ctx, draft, Date.now(), paths.draft);
      const what = list ? ctx.label(LIST_KINDS, list) : ctx.t('roster.widestReports');
      const v4 = widestAllowed(roster, 4, list);
      const v6 = widestAllowed(roster, 6, list);
      saveEdit(ctx, paths, draft, ctx.t('roster.widestSet', { what, v4, v6 }), opts.json);
    },
  );

  const sign = roster
    .command('sign')
    .description(ctx.t('cmd.rosterSign'))
    .requiredOption('--roster <FILE>', ctx.t('opt.roster'))
    .requiredOption('--steward-key <FILE>', ctx.t('opt.stewardKey'));
  withJson(sign, ctx);
  withExamples(sign, ctx, ['arx roster sign --roster roster.draft.json --steward-key steward.key.json']);
  sign.action((opts: { roster: string; stewardKey: string; json?: boolean }) => signRoster(ctx, opts));

  const show = roster
    .command('show')
    .description(ctx.t('cmd.rosterShow'))
    .option('--roster <FILE>', ctx.t('opt.roster'))
    .option('--dir <DIR>', ctx.t('opt.dirRoster'))
    .option('--full', ctx.t('opt.full'));
  withJson(show, ctx);
  show.action((opts: { roster?: string; dir?: string; full?: boolean; json?: boolean }) => showRoster(ctx, opts));

  const verify = roster
    .command('verify')
    .description(ctx.t('cmd.rosterVerify'))
    .requiredOption('--roster <FILE>', ctx.t('opt.roster'))
    .option('--held <FILE>', ctx.t('opt.held'))
    .option('--all-overlaps', ctx.t('opt.allOverlaps'));
  withJson(verify, ctx);
  verify.action((opts: { roster: string; held?: string; allOverlaps?: boolean; json?: boolean }) =>
    verifyRoster(ctx, opts),
  );

  const publish = withDir(
    roster
      .command('publish')
      .description(ctx.t('cmd.rosterPublish'))
      .requiredOption('--roster <FILE>', ctx.t('opt.roster')),
    ctx,
  );
  withJson(publish, ctx);
  withExamples(publish, ctx, ['arx roster publish --dir ./isc --roster roster.cbor']);
  publish.action((opts: { dir: string; roster: string; json?: boolean }) => publishRosterCommand(ctx, opts));

  const status = withDir(roster.command('status').description(ctx.t('cmd.rosterStatus')), ctx);
  status.option('--all', ctx.t('opt.allMembers'));
  withJson(status, ctx);
  withExamples(status, ctx, ['arx roster status --dir ./isc', 'arx roster status --dir ./isc --all --lang zh-CN']);
  status.action((opts: { dir: string; all?: boolean; json?: boolean }) => rosterStatusCommand(ctx, opts));
}

function memberKeyHex(ctx: Ctx, m: MemberJson): string {
  return Buffer.from(parseKeyArg(ctx, m.key, 'key')).toString('hex');
}

function handlesOf(draft: RosterDraft): string {
  return draft.members.map((m) => m.handle).join(', ') || '-';
}

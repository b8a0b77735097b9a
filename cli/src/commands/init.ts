/** `arx init`: create a node directory for one organisation. */
import { resolve } from 'node:path';
import { formatPrefix, ROLES } from '@arx/protocol';
import type { Command } from 'commander';
import { withExamples, withJson } from '../command.js';
import { type Ctx, printJson } from '../context.js';
import { usageError } from '../errors.js';
import {
  collect,
  parseCode,
  parseEmail,
  parseHandle,
  parseInteger,
  parsePrefixArg,
  parseWsUrl,
  splitList,
} from '../input.js';
import { createNodeDir } from '../nodedir.js';
import { renderPairs } from '../table.js';

interface InitOptions {
  dir: string;
  handle: string;
  nameEn?: string;
  nameZh?: string;
  role?: string[];
  netblock?: string[];
  abuseEmail?: string[];
  escalationEmail?: string[];
  host: string;
  httpPort: string;
  peer?: string[];
  endpoint?: string;
  json?: boolean;
}

/** Names as a language map; at least one language is required by the roster. */
export function namesFrom(handle: string, en?: string, zh?: string): Record<string, string> {
  const names: Record<string, string> = {};
  names['en'] = en ?? handle;
  if (zh) names['zh-CN'] = zh;
  return names;
}

export function registerInit(program: Command, ctx: Ctx): void {
  const cmd = program
    .command('init')
    .description(ctx.t('cmd.init'))
    .requiredOption('--dir <DIR>', ctx.t('opt.initDir'))
    .requiredOption('--handle <NAME>', ctx.t('opt.handle'))
    .option('--name-en <TEXT>', ctx.t('opt.nameEn'))
    .option('--name-zh <TEXT>', ctx.t('opt.nameZh'))
    .option('--role <ROLE>', ctx.t('opt.role'), collect)
    .option('--netblock <CIDR>', ctx.t('opt.netblock'), collect)
    .option('--abuse-email <ADDR>', ctx.t('opt.abuseEmail'), collect)
    .option('--escalation-email <ADDR>', ctx.t('opt.escalationEmail'), collect)
    .option('--host <HOST>', ctx.t('opt.host'), '127.0.0.1')
    .option('--http-port <N>', ctx.t('opt.httpPort'), '0')
    .option('--peer <URL>', ctx.t('opt.peer'), collect)
    .option('--endpoint <URL>', ctx.t('opt.endpoint'));
  withJson(cmd, ctx);
  withExamples(cmd, ctx, [
    'arx init --dir ./cnisp1 --handle cnisp1 --name-en "China ISP 1" --name-zh "中国网络运营商 1" \\',
    '         --role provider --netblock 192.0.2.0/24 --abuse-email abuse@cnisp1.example --http-port 7401',
  ]);
  cmd.action((opts: InitOptions) => init(ctx, opts));
}

async function init(ctx: Ctx, opts: InitOptions): Promise<void> {
  const handle = parseHandle(ctx, opts.handle, '--handle');
  const netblocks = splitList(opts.netblock).map((n) => parsePrefixArg(ctx, n, '--netblock'));
  const roles = splitList(opts.role).map((r) => parseCode(ctx, 'role', r, '--role'));
  if (roles.length === 0) roles.push(netblocks.length > 0 ? 'provider' : 'reporter');
  if (new Set(roles).size !== roles.length) throw usageError(ctx.t('init.duplicateRole'));
  const abuse = splitList(opts.abuseEmail).map((a) => parseEmail(ctx, a, '--abuse-email'));
  const defaulted = abuse.length === 0;
  if (defaulted) abuse.push(`abuse@${handle}.example`);
  const escalation = splitList(opts.escalationEmail).map((a) => parseEmail(ctx, a, '--escalation-email'));
  const peers = splitList(opts.peer).map((p) => ({ url: parseWsUrl(ctx, p, '--peer') }));
  const endpoint = opts.endpoint === undefined ? undefined : parseWsUrl(ctx, opts.endpoint, '--endpoint');
  const created = await createNodeDir(ctx, {
    dir: resolve(opts.dir),
    handle,
    names: namesFrom(handle, opts.nameEn, opts.nameZh),
    roles,
    netblocks: netblocks.map(formatPrefix),
    abuse,
    escalation,
    host: opts.host,
    httpPort: parseInteger(ctx, opts.httpPort, '--http-port', 0, 65535),
    peers,
    ...(endpoint ? { endpoint } : {}),
  });
  if (opts.json) {
    printJson(ctx, {
      dir: created.dir,
      handle,
      id: created.member.id,
      key: created.member.key,
      files: ['org.key.json', 'operator.token', 'arx.config.json', 'member.json'],
      member: created.member,
    });
    return;
  }
  ctx.io.out(ctx.t('init.done', { dir: created.dir, handle }));
  ctx.io.out(
    renderPairs([
      [ctx.t('label.id'), created.member.id ?? ''],
      [ctx.t('label.roles'), created.member.roles.map((r) => ctx.label(ROLES, r)).join(', ')],
      [ctx.t('label.netblocks'), created.member.netblocks.join(', ') || '-'],
      [ctx.t('label.abuse'), created.member.contacts.abuse.join(', ')],
      [ctx.t('label.files'), 'org.key.json (0600), operator.token (0600), arx.config.json, member.json'],
    ]).replace(/^/gm, '  '),
  );
  if (defaulted) ctx.io.err(ctx.t('init.defaultAbuse', { address: abuse[0]! }));
  ctx.io.out(ctx.t('init.next', { dir: opts.dir }));
}

/** `arx federation init|start`: a local federation for development and demos. */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROLES } from '@arx/protocol';
import type { Command } from 'commander';
import type { ListenInfo } from '../client.js';
import { readListenInfo } from '../client.js';
import { withExamples, withJson } from '../command.js';
import { type Ctx, printJson } from '../context.js';
import { failure, usageError } from '../errors.js';
import { createFederation, type Federation } from '../federation.js';
import { parseHandle, parseInteger, splitList } from '../input.js';
import { federationMembers, type Member, Supervisor, untilSignal } from '../supervisor.js';
import { renderTable } from '../table.js';

export const DEFAULT_BASE_PORT = 7400;

interface InitOptions {
  dir: string;
  members: string;
  hub?: string;
  basePort: string;
  host: string;
  json?: boolean;
}

/** Checks the member list and hub; returns the handles. */
export function parseMembers(ctx: Ctx, list: string, hub: string | undefined): string[] {
  const handles = splitList([list]).map((h) => parseHandle(ctx, h, '--members'));
  if (handles.length === 0) throw usageError(ctx.t('federation.noMembers'));
  const dup = handles.find((h, i) => handles.indexOf(h) !== i);
  if (dup) throw usageError(ctx.t('federation.duplicate', { handle: dup }));
  if (hub !== undefined && !handles.includes(hub)) {
    throw usageError(ctx.t('federation.hubNotMember', { hub, members: handles.join(', ') }));
  }
  return handles;
}

export function registerFederation(program: Command, ctx: Ctx): void {
  const federation = program.command('federation').description(ctx.t('cmd.federation'));

  const init = federation
    .command('init')
    .description(ctx.t('cmd.federationInit'))
    .requiredOption('--dir <DIR>', ctx.t('opt.federationDir'))
    .requiredOption('--members <LIST>', ctx.t('opt.members'))
    .option('--hub <HANDLE>', ctx.t('opt.hub'))
    .option('--base-port <N>', ctx.t('opt.basePort'), String(DEFAULT_BASE_PORT))
    .option('--host <HOST>', ctx.t('opt.host'), '127.0.0.1');
  withJson(init, ctx);
  withExamples(init, ctx, [
    'arx federation init --dir ./fed --members isc,cnisp1,cnisp2,aol,hotmail,sorbs --hub isc',
    'arx federation start --dir ./fed',
  ]);
  init.action(async (opts: InitOptions) => {
    const handles = parseMembers(ctx, opts.members, opts.hub);
    // HTTP ports first, then one DNSBL port per member: base+n+i for member i.
    const base = parseInteger(ctx, opts.basePort, '--base-port', 1, 65535 - 2 * handles.length + 1);
    const fed = await createFederation(ctx, {
      dir: resolve(opts.dir),
      handles,
      ...(opts.hub ? { hub: opts.hub } : {}),
      ports: handles.map((_, i) => base + i),
      dnsblPorts: handles.map((_, i) => base + handles.length + i),
      host: opts.host,
    });
    if (opts.json) {
      printJson(ctx, {
        dir: fed.dir,
        hub: fed.hub,
        stewardKey: fed.stewardKey,
        roster: fed.roster,
        members: fed.members.map((m) => ({
          handle: m.handle,
          dir: m.dir,
          id: m.id,
          netblocks: m.netblocks,
          roles: m.roles,
          http: m.http,
          ws: m.ws,
          dnsblZone: m.dnsblZone,
          dnsbl: m.dnsbl,
        })),
      });
      return;
    }
    printFederation(ctx, fed);
  });

  const start = federation
    .command('start')
    .description(ctx.t('cmd.federationStart'))
    .requiredOption('--dir <DIR>', ctx.t('opt.federationDir'));
  withJson(start, ctx);
  start.action((opts: { dir: string; json?: boolean }) => startFederation(ctx, resolve(opts.dir), opts.json === true));
}

function printFederation(ctx: Ctx, fed: Federation): void {
  ctx.io.out(ctx.t('federation.created', { dir: fed.dir, n: fed.members.length }));
  ctx.io.out(
    renderTable(
      [ctx.t('col.handle'), ctx.t('col.roles'), ctx.t('col.netblocks'), 'HTTP', ctx.t('col.dir')],
      fed.members.map((m) => [
        m.handle,
        m.roles.map((r) => ctx.label(ROLES, r)).join(', '),
        m.netblocks.join(', ') || '-',
        m.http,
        m.dir,
      ]),
    ),
  );
  ctx.io.out(ctx.t('federation.next', { dir: fed.dir }));
}

/** Members of a federation dir: from federation.json, else every subdirectory with a config. */
function membersOf(ctx: Ctx, dir: string): Member[] {
  if (existsSync(join(dir, 'federation.json'))) return federationMembers(ctx, dir);
  if (!existsSync(dir)) throw failure(ctx.t('file.missing', { path: dir }));
  const found = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'arx.config.json')))
    .map((e) => ({ handle: e.name, dir: join(dir, e.name) }));
  if (found.length === 0) throw failure(ctx.t('federation.noIndex', { dir }));
  return found;
}

/** Prints each node's addresses once all are up. */
export function printListeners(ctx: Ctx, members: Member[], ready: Map<string, ListenInfo>, json: boolean): void {
  const rows = members.map((m) => {
    const info = ready.get(m.handle);
    return {
      handle: m.handle,
      http: info?.http ?? null,
      ws: info?.ws ?? null,
      dns: info?.dns ?? null,
      dashboard: info?.http ? `${info.http}/dashboard/` : null,
      dir: m.dir,
    };
  });
  if (json) {
    printJson(ctx, { members: rows });
    return;
  }
  ctx.io.out(
    renderTable(
      [ctx.t('col.handle'), 'HTTP', ctx.t('col.dashboard'), 'WS', 'DNSBL'],
      rows.map((r) => [r.handle, r.http ?? '-', r.dashboard ?? '-', r.ws ?? '-', r.dns ?? '-']),
    ),
  );
}

async function startFederation(ctx: Ctx, dir: string, json: boolean): Promise<void> {
  const members = membersOf(ctx, dir);
  for (const m of members) {
    const info = readListenInfo(m.dir);
    if (info) throw failure(ctx.t('federation.alreadyRunning', { handle: m.handle, pid: info.pid }));
  }
  const supervisor = new Supervisor(ctx, 'prefix');
  process.on('exit', () => supervisor.killAll());
  const signal = untilSignal();
  ctx.io.err(ctx.t('federation.starting', { n: members.length, dir }));
  supervisor.start(members);
  const outcome = await Promise.race([
    supervisor.waitReady().then((ready) => ({ ready })),
    signal.then(() => ({ ready: null })),
  ]).catch(async (error: unknown) => {
    await supervisor.stop();
    throw error;
  });
  if (outcome.ready) {
    printListeners(ctx, members, outcome.ready, json);
    ctx.io.err(ctx.t('federation.running'));
    const ended = await Promise.race([signal.then(() => null), supervisor.anyExit()]);
    if (ended) {
      await supervisor.stop();
      throw failure(
        ctx.t('federation.childExited', { handle: ended.handle, code: String(ended.code), dir: ended.dir }),
      );
    }
  }
  ctx.io.err(ctx.t('federation.stopping'));
  await supervisor.stop();
  ctx.io.err(ctx.t('federation.stopped'));
}

/**
 * `arx demo`: a six-member federation on this machine (ISC as hub, two Chinese ISPs,
 * AOL, Hotmail, SORBS), built by the same code as `arx federation init`, and a short
 * scenario narrated in English and Chinese. Every step is confirmed by polling the
 * HTTP API of the node that should have received it, never by sleeping.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DelistFiledJson, LookupJson, ReportJson } from '@arx/node';
import {
  ACK_STATUSES,
  ACTIONS,
  describeCode,
  formatAddress,
  formatPrefix,
  parsePrefix,
  REPORT_STATUSES,
} from '@arx/protocol';
import type { Command } from 'commander';
import { NodeClient } from '../client.js';
import type { Ctx } from '../context.js';
import { CliError, EXIT, failure, usageError } from '../errors.js';
import { createFederation, type Federation } from '../federation.js';
import { isMissingOrEmptyDir } from '../files.js';
import { type Lang, type MessageKey, translate, type Vars } from '../i18n.js';
import { parseDuration, parseInteger } from '../input.js';
import { shortId } from '../render.js';
import { Supervisor, untilSignal } from '../supervisor.js';
import { printListeners } from './federation.js';
import { renderLookup } from './lookup.js';
import { formatSeconds } from './metrics.js';
import { type Published, publish } from './publish.js';

export const DEMO_MEMBERS = ['isc', 'cnisp1', 'cnisp2', 'aol', 'hotmail', 'sorbs'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** History must fit in the evidence window a node keeps (retentionDays, default 60). */
const MAX_HISTORY_DAYS = 60;
/** How long one step may take to reach the other nodes. */
const STEP_TIMEOUT_MS = 30_000;

interface DemoOptions {
  once?: boolean;
  history?: string;
  dir?: string;
  keep?: boolean;
  basePort?: string;
}

/** `n` ports that were free a moment ago (the OS picks them). */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<import('node:net').Server>((ok, fail) => {
          const s = createServer();
          s.once('error', fail);
          s.listen(0, '127.0.0.1', () => ok(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as import('node:net').AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((ok) => s.close(ok))));
  return ports;
}

export function registerDemo(program: Command, ctx: Ctx): void {
  program
    .command('demo')
    .description(ctx.t('cmd.demo'))
    .option('--once', ctx.t('opt.once'))
    .option('--dir <DIR>', ctx.t('opt.demoDir'))
    .option('--keep', ctx.t('opt.keep'))
    .option('--base-port <N>', ctx.t('opt.demoBasePort'))
    .option('--history <DURATION>', ctx.t('opt.history'))
    .action((opts: DemoOptions) => demo(ctx, opts));
}

/** Narration: the English line, then the Chinese line. */
class Narrator {
  private step = 0;
  constructor(
    private readonly ctx: Ctx,
    private readonly total: number,
  ) {}

  both(key: MessageKey, vars?: Vars): string {
    return `${translate('en', key, vars)}\n${translate('zh-CN', key, vars)}`;
  }

  title(key: MessageKey, vars?: Vars): void {
    this.step++;
    const [en, zh] = this.both(key, vars).split('\n');
    this.ctx.io.out('');
    this.ctx.io.out(`▸ [${this.step}/${this.total}] ${en}`);
    this.ctx.io.out(`        ${zh}`);
  }

  /** A confirmed observation; `vars` may depend on the language (code labels). */
  ok(key: MessageKey, vars: Vars | ((lang: Lang) => Vars), ms?: number): void {
    const time = ms === undefined ? '' : ` (${(ms / 1000).toFixed(1)} s)`;
    const v = (lang: Lang) => (typeof vars === 'function' ? vars(lang) : vars);
    this.ctx.io.out(`  ✓ ${translate('en', key, v('en'))} · ${translate('zh-CN', key, v('zh-CN'))}${time}`);
  }

  say(key: MessageKey, vars?: Vars): void {
    const [en, zh] = this.both(key, vars).split('\n');
    this.ctx.io.out(en!);
    this.ctx.io.out(zh!);
  }
}

/** Polls `probe` until it yields a value; fails the step after STEP_TIMEOUT_MS. */
async function waitFor<T>(ctx: Ctx, what: string, probe: () => Promise<T | undefined>): Promise<[T, number]> {
  const start = Date.now();
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return [value, Date.now() - start];
    } catch (error) {
      // A 404 while the entry travels is expected; anything else is worth showing with --debug.
      if (ctx.debug) ctx.io.err(`  … ${what}: ${(error as Error).message}`);
    }
    if (Date.now() - start > STEP_TIMEOUT_MS) throw failure(ctx.t('demo.timeout', { what }));
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An address inside a prefix: its network address plus `offset` (IPv4). */
function hostIn(cidr: string, offset: number): string {
  const p = parsePrefix(cidr);
  const ip = p.ip.slice();
  ip[ip.length - 1] = (ip[ip.length - 1]! + offset) & 0xff;
  return formatAddress(ip);
}

async function demo(ctx: Ctx, opts: DemoOptions): Promise<void> {
  const ownDir = opts.dir !== undefined;
  const dir = ownDir ? resolve(opts.dir!) : mkdtempSync(join(tmpdir(), 'arx-demo-'));
  if (ownDir && !isMissingOrEmptyDir(dir)) throw usageError(ctx.t('init.notEmpty', { dir }));
  const n = DEMO_MEMBERS.length;
  const all =
    opts.basePort !== undefined
      ? Array.from({ length: 2 * n }, (_, i) => parseInteger(ctx, opts.basePort!, '--base-port', 1, 65000) + i)
      : await freePorts(2 * n);
  const ports = all.slice(0, n);
  const dnsblPorts = all.slice(n);
  const historyMs = opts.history === undefined ? 0 : parseDuration(ctx, opts.history, '--history');
  if (historyMs > MAX_HISTORY_DAYS * DAY) {
    throw usageError(ctx.t('demo.historyTooLong', { value: opts.history!, max: MAX_HISTORY_DAYS }));
  }
  const narrator = new Narrator(ctx, 8);
  narrator.say('demo.intro');
  const fed = await createFederation(ctx, { dir, handles: DEMO_MEMBERS, hub: 'isc', ports, dnsblPorts });
  if (historyMs > 0) {
    const started = Date.now();
    // Loaded here: it runs nodes in-process, and the node is a heavy import no other command needs.
    const { backfillHistory } = await import('../demo-history.js');
    const h = await backfillHistory(ctx, fed, historyMs / DAY);
    narrator.ok('demo.history', { days: Math.round((historyMs / DAY) * 10) / 10, ...h }, Date.now() - started);
  }
  const supervisor = new Supervisor(ctx, ctx.debug ? 'prefix' : 'file');
  process.on('exit', () => supervisor.killAll());
  const signal = untilSignal();
  let failed: unknown;
  try {
    supervisor.start(fed.members.map((m) => ({ handle: m.handle, dir: m.dir })));
    const ready = await Promise.race([
      supervisor.waitReady(),
      signal.then(() => {
        throw new CliError(EXIT.failed, ctx.t('demo.interrupted'));
      }),
    ]);
    narrator.ok('demo.started', { n: ready.size, dir });
    await Promise.race([
      scenario(ctx, narrator, fed),
      signal.then(() => {
        throw new CliError(EXIT.failed, ctx.t('demo.interrupted'));
      }),
      supervisor.anyExit().then((m) => {
        throw failure(ctx.t('federation.childExited', { handle: m.handle, code: String(m.code), dir: m.dir }));
      }),
    ]);
    ctx.io.out('');
    narrator.say('demo.allObserved');
    if (!opts.once) {
      ctx.io.out('');
      printListeners(
        ctx,
        fed.members.map((m) => ({ handle: m.handle, dir: m.dir })),
        ready,
        false,
      );
      ctx.io.out('');
      narrator.say('demo.keepRunning', { dir });
      const ended = await Promise.race([signal.then(() => null), supervisor.anyExit()]);
      if (ended)
        throw failure(
          ctx.t('federation.childExited', { handle: ended.handle, code: String(ended.code), dir: ended.dir }),
        );
    }
  } catch (error) {
    failed = error;
  }
  ctx.io.err(ctx.t('federation.stopping'));
  await supervisor.stop();
  if (failed) {
    ctx.io.err(ctx.t('demo.logsKept', { dir }));
    throw failed;
  }
  if (!ownDir && !opts.keep) rmSync(dir, { recursive: true, force: true });
  else ctx.io.err(ctx.t('demo.kept', { dir }));
}

async function scenario(ctx: Ctx, say: Narrator, fed: Federation): Promise<void> {
  const member = (handle: string) => {
    const m = fed.members.find((x) => x.handle === handle);
    if (!m) throw failure(`demo member ${handle} missing`);
    return { ...m, api: NodeClient.open(ctx, m.dir, 10_000) };
  };
  const isc = member('isc');
  const cnisp1 = member('cnisp1');
  const aol = member('aol');
  const hotmail = member('hotmail');
  const sorbs = member('sorbs');
  const block = cnisp1.netblocks.find((n) => !n.includes(':'))!;
  const spammer = hostIn(block, 77);
  const second = hostIn(block, 78);
  const now = Date.now();

  // 1. AOL reports spam sources in cnisp1's netblock.
  say.title('demo.step.report', { block });
  const reports: Published[] = [];
  for (const [about, count] of [
    [spammer, 340],
    [second, 85],
  ] as const) {
    const r = await publish(ctx, aol.api, 'report', {
      about,
      category: 'spam.source',
      observed: { first: now - 6 * HOUR, last: now, count },
      source: 'fbl',
      note: { en: 'Complaints from the AOL feedback loop', 'zh-CN': '来自 AOL 反馈环的投诉' },
    });
    reports.push(r);
    say.ok('demo.ok.published', { who: 'aol', what: `report ${shortId(r.id)} (${about}, ×${count})` });
  }
  const report = reports[0]!;
  const [, viaHub] = await waitFor(ctx, 'report at isc', () => isc.api.get<{ id: string }>(`/v1/entries/${report.id}`));
  say.ok('demo.ok.relayed', { via: 'isc' }, viaHub);
  const [, arrived] = await waitFor(ctx, 'report at cnisp1', async () => {
    const held = await Promise.all(reports.map((r) => cnisp1.api.get<ReportJson>(`/v1/reports/${r.id}`)));
    return held.every((r) => r.responsible === 'cnisp1') ? true : undefined;
  });
  say.ok('demo.ok.arrived', { who: 'cnisp1', block }, arrived);

  // 2. SORBS lists an open relay in cnisp1's range.
  say.title('demo.step.listing', { address: spammer });
  const relayReport = await publish(ctx, sorbs.api, 'report', {
    about: spammer,
    category: 'relay.open',
    observed: { first: now - HOUR, last: now, count: 1 },
    source: 'scan',
  });
  say.ok('demo.ok.published', { who: 'sorbs', what: `report ${shortId(relayReport.id)} (relay.open)` });
  const listing = await publish(ctx, sorbs.api, 'listing', {
    list: 'open-relay',
    op: 'add',
    target: formatPrefix(parsePrefix(spammer)),
    reason: 'relay.open',
    evidence: [relayReport.id],
    expires: Date.now() + 7 * 24 * HOUR,
  });
  say.ok('demo.ok.published', { who: 'sorbs', what: `listing ${shortId(listing.id)} (open-relay ${spammer})` });
  const listedAt = async (who: typeof cnisp1) => {
    const l = await who.api.get<LookupJson>(`/v1/lookup/${spammer}`);
    return l.listings.some((x) => x.id === listing.id && x.active !== false) ? true : undefined;
  };
  const [, listedCnisp] = await waitFor(ctx, 'listing at cnisp1', () => listedAt(cnisp1));
  say.ok('demo.ok.listedAt', { who: 'cnisp1' }, listedCnisp);
  const [, listedAol] = await waitFor(ctx, 'listing at aol', () => listedAt(aol));
  say.ok('demo.ok.listedAt', { who: 'aol' }, listedAol);

  // 3. Lookup before: listed, with the report open.
  say.title('demo.step.lookupBefore', { address: spammer, who: 'hotmail' });
  const [before] = await waitFor(ctx, 'report and listing at hotmail', async () => {
    const l = await hotmail.api.get<LookupJson>(`/v1/lookup/${spammer}`);
    const listed = l.listings.some((x) => x.id === listing.id && x.active !== false);
    return listed && l.reports.some((r) => r.id === report.id) ? l : undefined;
  });
  ctx.io.out(indent(renderLookup(ctx, before)));

  // 4. cnisp1 acknowledges: received → investigating → resolved (relay closed).
  say.title('demo.step.ack', { id: shortId(report.id) });
  for (const [status, action] of [
    ['received', undefined],
    ['investigating', undefined],
    ['resolved', 'relay-closed'],
  ] as const) {
    await publish(ctx, cnisp1.api, 'ack', { report: report.id, status, ...(action ? { action } : {}) });
    const [, ms] = await waitFor(ctx, `${status} at aol`, async () => {
      const r = await aol.api.get<ReportJson>(`/v1/reports/${report.id}`);
      return r.status === status ? true : undefined;
    });
    say.ok(
      'demo.ok.status',
      (lang) => ({
        status: describeCode(ACK_STATUSES, status, lang) + (action ? ` (${describeCode(ACTIONS, action, lang)})` : ''),
        who: 'aol',
      }),
      ms,
    );
  }

  // The relay report from SORBS is closed by the same fix.
  await publish(ctx, cnisp1.api, 'ack', { report: relayReport.id, status: 'resolved', action: 'relay-closed' });
  const [, relayClosed] = await waitFor(ctx, 'resolved relay report at sorbs', async () => {
    const r = await sorbs.api.get<ReportJson>(`/v1/reports/${relayReport.id}`);
    return r.status === 'resolved' ? true : undefined;
  });
  say.ok(
    'demo.ok.status',
    (lang) => ({
      status: `${describeCode(ACK_STATUSES, 'resolved', lang)} (${describeCode(ACTIONS, 'relay-closed', lang)})`,
      who: 'sorbs',
    }),
    relayClosed,
  );

  // 5. cnisp1 asks every list that lists the address, in one request.
  say.title('demo.step.delistRequest', { address: spammer });
  const filed = await cnisp1.api.post<DelistFiledJson>('/v1/delist/address', {
    address: spammer,
    remediation: ['relay-closed'],
    note: { en: 'Relay closed on the customer host', 'zh-CN': '客户主机的开放中继已关闭' },
  });
  const request = { id: filed.requests.find((r) => r.listing === listing.id)?.request ?? '' };
  if (!request.id) throw failure(ctx.t('demo.timeout', { what: 'delist-request for the SORBS listing' }));
  for (const r of filed.requests) {
    say.ok('demo.ok.published', { who: 'cnisp1', what: `delist-request ${shortId(r.request)} → ${r.operator}` });
  }
  const [, queued] = await waitFor(ctx, 'request in the sorbs queue', async () => {
    const { requests } = await sorbs.api.get<{ requests: { id: string }[] }>('/v1/delist/queue');
    return requests.some((r) => r.id === request.id) ? true : undefined;
  });
  say.ok('demo.ok.queued', { who: 'sorbs' }, queued);

  // 6. SORBS grants it and removes the listing.
  say.title('demo.step.grant');
  const decision = await publish(ctx, sorbs.api, 'delist-decision', { request: request.id, decision: 'granted' });
  say.ok('demo.ok.published', { who: 'sorbs', what: `delist-decision ${shortId(decision.id)} (granted)` });
  const removal = await publish(ctx, sorbs.api, 'listing', {
    list: 'open-relay',
    op: 'remove',
    target: formatPrefix(parsePrefix(spammer)),
    reason: 'relay.open',
  });
  say.ok('demo.ok.published', { who: 'sorbs', what: `listing ${shortId(removal.id)} (remove)` });
  const unlistedAt = async (who: typeof cnisp1) => {
    const l = await who.api.get<LookupJson>(`/v1/lookup/${spammer}`);
    return l.listings.some((x) => x.id === listing.id && x.active !== false) ? undefined : true;
  };
  const [, gone1] = await waitFor(ctx, 'delisting at cnisp1', () => unlistedAt(cnisp1));
  say.ok('demo.ok.unlistedAt', { who: 'cnisp1' }, gone1);
  const [, gone2] = await waitFor(ctx, 'delisting at hotmail', () => unlistedAt(hotmail));
  say.ok('demo.ok.unlistedAt', { who: 'hotmail' }, gone2);

  // 7. Lookup after.
  say.title('demo.step.lookupAfter', { address: spammer, who: 'hotmail' });
  const [after] = await waitFor(ctx, 'resolved report at hotmail', async () => {
    const l = await hotmail.api.get<LookupJson>(`/v1/lookup/${spammer}`);
    return l.reports.some((r) => r.id === report.id && r.status === 'resolved') ? l : undefined;
  });
  ctx.io.out(indent(renderLookup(ctx, after)));

  // 8. Oversight: ISC sees the whole story in the signed log.
  say.title('demo.step.oversight');
  const [seen] = await waitFor(ctx, 'resolved report at isc', async () => {
    const r = await isc.api.get<ReportJson>(`/v1/reports/${report.id}`);
    return r.status === 'resolved' ? r : undefined;
  });
  for (const step of seen.timeline) {
    say.ok('demo.ok.timeline', (lang) => ({
      status: describeCode(REPORT_STATUSES, step.status, lang),
      by: step.by ?? '?',
    }));
  }
  // Figures over the whole month are computed on request: give them longer than a step.
  const oversight = NodeClient.open(ctx, isc.dir, 120_000);
  const figures = await oversight.get<FederationFigures>('/v1/metrics/resolution', { window: '30d', charts: false });
  const f = figures.federation;
  say.ok('demo.ok.figures', {
    received: f.received.value ?? 0,
    resolved: f.resolved.value ?? 0,
    open: f.open.value ?? 0,
    median: formatSeconds(f.timeToResolve.median.value),
  });
}

interface FederationFigures {
  federation: Record<'received' | 'resolved' | 'open', { value: number | null }> & {
    timeToResolve: { median: { value: number | null } };
  };
}

function indent(text: string): string {
  return text.replace(/^(?=.)/gm, '    ');
}

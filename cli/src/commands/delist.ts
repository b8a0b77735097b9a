/**
 * `arx delist request|status|decide|queue`: removal from a list, asked for and decided
 * in the open — one listing at a time, or every listing of an address at once.
 */
import { resolve } from 'node:path';
import type { DelistFiledJson, DelistQueueJson, DelistStatusJson } from '@arx/node';
import { ACTIONS, DELIST_DECISIONS, type JsonValue, LIST_KINDS, REJECTION_REASONS } from '@arx/protocol';
import { type Command, Option } from 'commander';
import { NodeClient, segment } from '../client.js';
import { type NodeOptions, withDir, withExamples, withJson } from '../command.js';
import { type Ctx, printJson } from '../context.js';
import { usageError } from '../errors.js';
import { parseAddressArg, parseCode, parseEntryId, splitList } from '../input.js';
import { formatTime } from '../render.js';
import { renderTable } from '../table.js';
import { watch } from '../watch.js';
import { publish } from './publish.js';

/** What `delist request --address` did, one row per listing. */
function renderFiled(ctx: Ctx, filed: DelistFiledJson): void {
  if (filed.requests.length === 0) {
    ctx.io.out(ctx.t('delist.notListed', { address: filed.address }));
    return;
  }
  ctx.io.out(
    renderTable(
      [ctx.t('col.operator'), ctx.t('col.list'), ctx.t('col.target'), ctx.t('col.outcome'), ctx.t('col.request')],
      filed.requests.map((r) => [
        r.operator ?? '?',
        ctx.label(LIST_KINDS, r.list),
        r.target,
        ctx.t(r.outcome === 'requested' ? 'delist.requested' : 'delist.alreadyPending'),
        r.request,
      ]),
    ),
  );
  const count = (outcome: string) => filed.requests.filter((r) => r.outcome === outcome).length;
  ctx.io.out(ctx.t('delist.filed', { requested: count('requested'), pending: count('pending') }));
}

/** The decision column: the latest request's decision (with its reason), or pending. */
function decisionText(ctx: Ctx, l: DelistStatusJson['listings'][number]): string {
  const latest = l.requests.at(-1);
  if (!latest) return ctx.t('delist.noRequest');
  if (!latest.decision) return ctx.t('delist.pending');
  const reason = latest.decision.reason ? ` (${ctx.label(REJECTION_REASONS, latest.decision.reason)})` : '';
  return `${ctx.label(DELIST_DECISIONS, latest.decision.decision)}${reason} ${formatTime(latest.decision.ts)}`;
}

/** `delist status`: one row per listing of the address, by any operator, with the decision on it. */
export function renderStatus(ctx: Ctx, s: DelistStatusJson): string {
  if (s.listings.length === 0) return ctx.t('delist.neverListed', { address: s.address });
  const table = renderTable(
    [
      ctx.t('col.operator'),
      ctx.t('col.list'),
      ctx.t('col.target'),
      ctx.t('col.state'),
      ctx.t('col.by'),
      ctx.t('col.remediation'),
      ctx.t('col.decision'),
    ],
    s.listings.map((l) => {
      const latest = l.requests.at(-1);
      return [
        l.operator ?? '?',
        ctx.label(LIST_KINDS, l.list),
        l.target,
        l.active ? ctx.t('delist.listedNow') : ctx.t('delist.removed', { time: formatTime(l.removedAt ?? l.expires) }),
        latest?.by ?? '-',
        latest ? latest.remediation.map((a) => ctx.label(ACTIONS, a)).join(', ') : '-',
        decisionText(ctx, l),
      ];
    }),
  );
  const requests = s.listings.flatMap((l) => l.requests.slice(-1));
  const summary = ctx.t('delist.summary', {
    listed: s.listings.filter((l) => l.active).length,
    granted: requests.filter((r) => r.decision?.decision === 'granted').length,
    denied: requests.filter((r) => r.decision?.decision === 'denied').length,
    pending: requests.filter((r) => r.decision === null).length,
  });
  return `${table}\n${summary}`;
}

function note(en?: string, zh?: string): Record<string, string> | undefined {
  if (en === undefined && zh === undefined) return undefined;
  return { ...(en !== undefined ? { en } : {}), ...(zh !== undefined ? { 'zh-CN': zh } : {}) };
}

export function registerDelist(program: Command, ctx: Ctx): void {
  const delist = program.command('delist').description(ctx.t('cmd.delist'));

  const request = withJson(
    withDir(
      delist
        .command('request')
        .description(ctx.t('cmd.delistRequest'))
        .argument('[LISTING_ID]', ctx.t('arg.listingIdOrAddress'))
        .option('--address <ADDRESS>', ctx.t('opt.delistAddress'))
        .requiredOption('--remediation <CODE...>', ctx.t('opt.remediation'))
        .option('--note-en <TEXT>', ctx.t('opt.noteEn'))
        .option('--note-zh <TEXT>', ctx.t('opt.noteZh')),
      ctx,
    ),
    ctx,
  );
  withExamples(request, ctx, [
    'arx delist request --address 192.0.2.77 --dir ./cnisp1 --remediation relay-closed',
    'arx delist request <LISTING_ID> --dir ./cnisp1 --remediation relay-closed',
  ]);
  request.action(
    async (
      listingId: string | undefined,
      opts: NodeOptions & { address?: string; remediation: string[]; noteEn?: string; noteZh?: string },
    ) => {
      if ((listingId === undefined) === (opts.address === undefined)) throw usageError(ctx.t('delist.idOrAddress'));
      const remediation = splitList(opts.remediation).map((c) => parseCode(ctx, 'action', c, '--remediation'));
      const n = note(opts.noteEn, opts.noteZh);
      if (opts.address !== undefined) {
        parseAddressArg(ctx, opts.address, '--address');
        const client = NodeClient.open(ctx, resolve(opts.dir));
        const filed = await client.post<DelistFiledJson>('/v1/delist/address', {
          address: opts.address,
          remediation,
          ...(n ? { note: n } : {}),
        });
        if (opts.json) return printJson(ctx, filed);
        renderFiled(ctx, filed);
        return;
      }
      const body: Record<string, JsonValue> = { listing: parseEntryId(ctx, listingId!, 'LISTING_ID'), remediation };
      if (n) body['note'] = n;
      const client = NodeClient.open(ctx, resolve(opts.dir));
      const result = await publish(ctx, client, 'delist-request', body);
      if (opts.json) printJson(ctx, result);
      else ctx.io.out(result.id);
    },
  );

  const status = withJson(
    withDir(
      delist
        .command('status')
        .description(ctx.t('cmd.delistStatus'))
        .argument('<ADDRESS>', ctx.t('arg.oneAddress'))
        .option('--watch', ctx.t('opt.watchDecisions')),
      ctx,
    ),
    ctx,
  );
  withExamples(status, ctx, ['arx delist status 192.0.2.77 --dir ./cnisp1', 'arx delist status 192.0.2.77 --watch']);
  status.action(async (address: string, opts: NodeOptions & { watch?: boolean }) => {
    parseAddressArg(ctx, address, 'ADDRESS');
    const client = NodeClient.open(ctx, resolve(opts.dir));
    const fetchStatus = () => client.get<DelistStatusJson>(`/v1/delist/status/${segment(address)}`);
    if (!opts.watch) {
      const s = await fetchStatus();
      return opts.json ? printJson(ctx, s) : ctx.io.out(renderStatus(ctx, s));
    }
    await watch(
      ctx,
      2000,
      async () => {
        const s = await fetchStatus();
        const done = !s.listings.some((l) => l.requests.some((r) => r.decision === null));
        return { text: opts.json ? JSON.stringify(s) : renderStatus(ctx, s), done };
      },
      opts.json,
    );
  });

  const decide = withJson(
    withDir(
      delist
        .command('decide')
        .description(ctx.t('cmd.delistDecide'))
        .argument('<REQUEST_ID>', ctx.t('arg.requestId'))
        .addOption(new Option('--grant', ctx.t('opt.grant')).conflicts('deny'))
        .addOption(new Option('--deny', ctx.t('opt.deny')).conflicts('grant'))
        .option('--reason <CODE>', ctx.t('opt.rejectionReason'))
        .option('--note-en <TEXT>', ctx.t('opt.noteEn'))
        .option('--note-zh <TEXT>', ctx.t('opt.noteZh')),
      ctx,
    ),
    ctx,
  );
  withExamples(decide, ctx, [
    'arx delist decide <REQUEST_ID> --dir ./sorbs --grant',
    'arx delist decide <REQUEST_ID> --dir ./sorbs --deny --reason insufficient-evidence',
  ]);
  decide.action(
    async (
      requestId: string,
      opts: NodeOptions & { grant?: boolean; deny?: boolean; reason?: string; noteEn?: string; noteZh?: string },
    ) => {
      if (!opts.grant && !opts.deny) throw usageError(ctx.t('delist.grantOrDeny'));
      const body: Record<string, JsonValue> = {
        request: parseEntryId(ctx, requestId, 'REQUEST_ID'),
        decision: opts.grant ? 'granted' : 'denied',
      };
      if (opts.reason !== undefined) body['reason'] = parseCode(ctx, 'rejection-reason', opts.reason, '--reason');
      const n = note(opts.noteEn, opts.noteZh);
      if (n) body['note'] = n;
      const client = NodeClient.open(ctx, resolve(opts.dir));
      const result = await publish(ctx, client, 'delist-decision', body);
      if (opts.json) printJson(ctx, result);
      else ctx.io.out(result.id);
    },
  );

  const queue = withJson(
    withDir(
      delist.command('queue').description(ctx.t('cmd.delistQueue')).option('--pending', ctx.t('opt.pending')),
      ctx,
    ),
    ctx,
  );
  queue.action(async (opts: NodeOptions & { pending?: boolean }) => {
    const client = NodeClient.open(ctx, resolve(opts.dir));
    const { requests } = await client.get<DelistQueueJson>('/v1/delist/queue');
    const shown = opts.pending ? requests.filter((r) => r.decision === null) : requests;
    if (opts.json) return printJson(ctx, { requests: shown });
    if (shown.length === 0) {
      ctx.io.out(ctx.t('delist.none'));
      return;
    }
    ctx.io.out(
      renderTable(
        [
          'ID',
          ctx.t('col.list'),
          ctx.t('col.target'),
          ctx.t('col.by'),
          ctx.t('col.remediation'),
          ctx.t('col.time'),
          ctx.t('col.decision'),
        ],
        shown.map((r) => [
          r.id,
          ctx.label(LIST_KINDS, r.listing.list),
          r.listing.target,
          r.by ?? '-',
          r.remediation.map((a) => ctx.label(ACTIONS, a)).join(', '),
          formatTime(r.ts),
          r.decision ? ctx.label(DELIST_DECISIONS, r.decision.decision) : ctx.t('delist.pending'),
        ]),
      ),
    );
  });
}

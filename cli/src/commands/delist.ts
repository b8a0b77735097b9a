/** `arx delist request|decide|queue`: removal from a list, asked for and decided in the open. */
import { resolve } from 'node:path';
import { ACTIONS, DELIST_DECISIONS, type JsonValue, LIST_KINDS } from '@arx/protocol';
import { type Command, Option } from 'commander';
import { NodeClient } from '../client.js';
import { type NodeOptions, withDir, withExamples, withJson } from '../command.js';
import { type Ctx, printJson } from '../context.js';
import { usageError } from '../errors.js';
import { parseCode, parseEntryId, splitList } from '../input.js';
import { formatTime } from '../render.js';
import { renderTable } from '../table.js';
import type { ListingJson } from './lookup.js';
import { publish } from './publish.js';

interface QueueJson {
  requests: {
    id: string;
    listing: ListingJson;
    by: string | null;
    remediation: string[];
    ts: number;
    decision: null | { decision: string; reason?: string | null; ts: number; entry: string };
    mine?: boolean;
  }[];
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
        .argument('<LISTING_ID>', ctx.t('arg.listingId'))
        .requiredOption('--remediation <CODE...>', ctx.t('opt.remediation'))
        .option('--note-en <TEXT>', ctx.t('opt.noteEn'))
        .option('--note-zh <TEXT>', ctx.t('opt.noteZh')),
      ctx,
    ),
    ctx,
  );
  withExamples(request, ctx, ['arx delist request <LISTING_ID> --dir ./cnisp1 --remediation relay-closed']);
  request.action(
    async (listingId: string, opts: NodeOptions & { remediation: string[]; noteEn?: string; noteZh?: string }) => {
      const remediation = splitList(opts.remediation).map((c) => parseCode(ctx, 'action', c, '--remediation'));
      const body: Record<string, JsonValue> = { listing: parseEntryId(ctx, listingId, 'LISTING_ID'), remediation };
      const n = note(opts.noteEn, opts.noteZh);
      if (n) body['note'] = n;
      const client = NodeClient.open(ctx, resolve(opts.dir));
      const result = await publish(ctx, client, 'delist-request', body);
      if (opts.json) printJson(ctx, result);
      else ctx.io.out(result.id);
    },
  );

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
    const { requests } = await client.get<QueueJson>('/v1/delist/queue');
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

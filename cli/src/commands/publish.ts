/**
 * `arx publish report|listing|notice` and `arx retract`: the node signs and publishes
 * for its organisation. Bodies are checked here with the protocol's own validators
 * first, so a mistake is reported locally and nothing half-valid is sent.
 */
import { resolve } from 'node:path';
import {
  ArxProtocolError,
  bodyFromJson,
  type EntryJson,
  type EntryKind,
  type JsonValue,
  KINDS,
  LIST_KINDS,
} from '@arx/protocol';
import type { Command } from 'commander';
import type { NodeClient } from '../client.js';
import { NodeClient as Client } from '../client.js';
import { type NodeOptions, withDir, withExamples, withJson } from '../command.js';
import { type Ctx, printJson } from '../context.js';
import { usageError } from '../errors.js';
import { collect, parseCode, parseDuration, parseEntryId, parseInteger, parseTargetArg, parseTime } from '../input.js';

export interface Published {
  id: string;
  seq: number;
  entry: EntryJson;
}

/** Checks a JSON body against the kind's validator; a failure is a usage error naming the field. */
export function checkBody(ctx: Ctx, kind: EntryKind, body: Record<string, JsonValue>): void {
  try {
    const converted = bodyFromJson(kind, body);
    (KINDS[kind].check as (v: unknown, p: string) => unknown)(converted, 'body');
  } catch (error) {
    if (error instanceof ArxProtocolError) {
      throw usageError(ctx.t('publish.invalid', { kind, detail: error.detail ?? error.message }), error.code);
    }
    throw error;
  }
}

/** Publishes a body (JSON form) through the node; returns its id and seq. */
export async function publish(
  ctx: Ctx,
  client: NodeClient,
  kind: EntryKind,
  body: Record<string, JsonValue>,
): Promise<Published> {
  checkBody(ctx, kind, body);
  return client.post<Published>('/v1/publish', { kind, body });
}

function langText(en?: string, zh?: string): Record<string, string> | undefined {
  if (en === undefined && zh === undefined) return undefined;
  const text: Record<string, string> = {};
  if (en !== undefined) text['en'] = en;
  if (zh !== undefined) text['zh-CN'] = zh;
  return text;
}

function output(ctx: Ctx, result: Published, json?: boolean): void {
  if (json) printJson(ctx, result);
  else ctx.io.out(result.id);
}

interface ReportOptions extends NodeOptions {
  about: string;
  category: string;
  count: string;
  first?: string;
  last?: string;
  source: string;
  confidence?: string;
  noteEn?: string;
  noteZh?: string;
}

/** The JSON body of a report from command-line options. */
export function reportBody(
  ctx: Ctx,
  opts: Omit<ReportOptions, 'dir' | 'json'>,
  now: number,
): Record<string, JsonValue> {
  const about = parseTargetArg(ctx, opts.about, '--about').text;
  const category = parseCode(ctx, 'report-category', opts.category, '--category');
  const source = parseCode(ctx, 'report-source', opts.source, '--source');
  const count = parseInteger(ctx, opts.count, '--count', 1, Number.MAX_SAFE_INTEGER);
  const last = opts.last === undefined ? now : parseTime(ctx, opts.last, '--last', now);
  const first = opts.first === undefined ? last : parseTime(ctx, opts.first, '--first', now);
  if (first > last) throw usageError(ctx.t('publish.firstAfterLast'));
  const body: Record<string, JsonValue> = { about, category, observed: { first, last, count }, source };
  if (opts.confidence !== undefined) body['confidence'] = parseInteger(ctx, opts.confidence, '--confidence', 0, 100);
  const note = langText(opts.noteEn, opts.noteZh);
  if (note) body['note'] = note;
  return body;
}

export function registerPublish(program: Command, ctx: Ctx): void {
  const group = program.command('publish').description(ctx.t('cmd.publish'));

  const report = withJson(
    withDir(
      group
        .command('report')
        .description(ctx.t('cmd.publishReport'))
        .requiredOption('--about <ADDRESS_OR_CIDR>', ctx.t('opt.about'))
        .requiredOption('--category <CODE>', ctx.t('opt.category'))
        .option('--count <N>', ctx.t('opt.count'), '1')
        .option('--first <TIME>', ctx.t('opt.first'))
        .option('--last <TIME>', ctx.t('opt.last'))
        .option('--source <CODE>', ctx.t('opt.source'), 'manual')
        .option('--confidence <0-100>', ctx.t('opt.confidence'))
        .option('--note-en <TEXT>', ctx.t('opt.noteEn'))
        .option('--note-zh <TEXT>', ctx.t('opt.noteZh')),
      ctx,
    ),
    ctx,
  );
  withExamples(report, ctx, [
    'arx publish report --dir ./aol --about 192.0.2.25 --category spam.source --count 120 --first 2h --source fbl',
  ]);
  report.action(async (opts: ReportOptions) => {
    const body = reportBody(ctx, opts, Date.now());
    const client = Client.open(ctx, resolve(opts.dir));
    output(ctx, await publish(ctx, client, 'report', body), opts.json);
  });

  const listing = withJson(
    withDir(
      group
        .command('listing')
        .description(ctx.t('cmd.publishListing'))
        .requiredOption('--list <CODE>', ctx.t('opt.list'))
        .requiredOption('--target <CIDR_OR_DOMAIN>', ctx.t('opt.target'))
        .requiredOption('--reason <CODE>', ctx.t('opt.listingReason'))
        .option('--op <OP>', ctx.t('opt.op'), 'add')
        .option('--expires <DURATION>', ctx.t('opt.expires'))
        .option('--evidence <ID>', ctx.t('opt.evidence'), collect)
        .option('--note-en <TEXT>', ctx.t('opt.noteEn'))
        .option('--note-zh <TEXT>', ctx.t('opt.noteZh')),
      ctx,
    ),
    ctx,
  );
  withExamples(listing, ctx, [
    'arx publish listing --dir ./sorbs --list open-relay --target 192.0.2.77/32 --reason relay.open --expires 7d',
  ]);
  listing.action(
    async (
      opts: NodeOptions & {
        list: string;
        target: string;
        reason: string;
        op: string;
        expires?: string;
        evidence?: string[];
        noteEn?: string;
        noteZh?: string;
      },
    ) => {
      const list = parseCode(ctx, 'list-kind', opts.list, '--list');
      const target = parseTargetArg(ctx, opts.target, '--target');
      const wantsIp = LIST_KINDS[list].targets === 'ip';
      if (wantsIp !== 'ip' in target.target) {
        throw usageError(ctx.t(wantsIp ? 'publish.listWantsIp' : 'publish.listWantsDomain', { list }));
      }
      const body: Record<string, JsonValue> = {
        list,
        op: parseCode(ctx, 'listing-op', opts.op, '--op'),
        target: target.text,
        reason: parseCode(ctx, 'report-category', opts.reason, '--reason'),
      };
      if (opts.expires !== undefined) body['expires'] = Date.now() + parseDuration(ctx, opts.expires, '--expires');
      if (opts.evidence) body['evidence'] = opts.evidence.map((e) => parseEntryId(ctx, e, '--evidence'));
      const note = langText(opts.noteEn, opts.noteZh);
      if (note) body['note'] = note;
      const client = Client.open(ctx, resolve(opts.dir));
      output(ctx, await publish(ctx, client, 'listing', body), opts.json);
    },
  );

  const notice = withJson(
    withDir(
      group
        .command('notice')
        .description(ctx.t('cmd.publishNotice'))
        .requiredOption('--topic <CODE>', ctx.t('opt.topic'))
        .option('--urgency <CODE>', ctx.t('opt.urgency'), 'normal')
        .option('--text-en <TEXT>', ctx.t('opt.textEn'))
        .option('--text-zh <TEXT>', ctx.t('opt.textZh')),
      ctx,
    ),
    ctx,
  );
  withExamples(notice, ctx, [
    'arx publish notice --topic help --urgency high --text-en "Who handles 192.0.2.0/24?" --text-zh "谁负责 192.0.2.0/24？"',
  ]);
  notice.action(async (opts: NodeOptions & { topic: string; urgency: string; textEn?: string; textZh?: string }) => {
    const topic = parseCode(ctx, 'notice-topic', opts.topic, '--topic');
    const urgency = parseCode(ctx, 'urgency', opts.urgency, '--urgency');
    const text = langText(opts.textEn, opts.textZh);
    if (!text) throw usageError(ctx.t('publish.needText'));
    const client = Client.open(ctx, resolve(opts.dir));
    output(ctx, await publish(ctx, client, 'notice', { topic, urgency, text }), opts.json);
  });

  const retract = withJson(
    withDir(
      program
        .command('retract')
        .description(ctx.t('cmd.retract'))
        .argument('<ID>', ctx.t('arg.entryId'))
        .requiredOption('--reason <CODE>', ctx.t('opt.retractReason'))
        .option('--note-en <TEXT>', ctx.t('opt.noteEn'))
        .option('--note-zh <TEXT>', ctx.t('opt.noteZh')),
      ctx,
    ),
    ctx,
  );
  retract.action(async (id: string, opts: NodeOptions & { reason: string; noteEn?: string; noteZh?: string }) => {
    const body: Record<string, JsonValue> = {
      entry: parseEntryId(ctx, id, 'ID'),
      reason: parseCode(ctx, 'retract-reason', opts.reason, '--reason'),
    };
    const note = langText(opts.noteEn, opts.noteZh);
    if (note) body['note'] = note;
    const client = Client.open(ctx, resolve(opts.dir));
    output(ctx, await publish(ctx, client, 'retract', body), opts.json);
  });
}

/**
 * `arx subscribe`: stored entries that match, then live ones, one line each (JSON
 * lines with --json). Every envelope is verified here before it is printed: the
 * CLI trusts signatures, not the node that relayed them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NodeStatusJson, RosterJson } from '@arx/node';
import {
  attachEvidence,
  decodeEvidence,
  decodeFrame,
  ENTRY_KINDS,
  encodeFrame,
  entryToJson,
  type Frame,
  fromHex,
  isEntryKind,
  type SubFilter,
  toJsonValue,
  tryVerifyEntry,
} from '@arx/protocol';
import type { Command } from 'commander';
import { NodeClient } from '../client.js';
import { type NodeOptions, withDir, withExamples, withJson } from '../command.js';
import type { Ctx } from '../context.js';
import { CliError, EXIT, usageError } from '../errors.js';
import { nodeFiles, writeFile } from '../files.js';
import { collect, parseHandle, parseInteger, parsePrefixArg, splitList } from '../input.js';
import { formatTime, summariseEntry } from '../render.js';
import { untilSignal } from '../supervisor.js';
import { padEnd } from '../table.js';

const CURSOR_FILE = 'subscribe.cursor';
const SUB_ID = 'arx-cli';

interface SubscribeOptions extends NodeOptions {
  kind?: string[];
  about?: string[];
  toMe?: boolean;
  fromOrigin?: string[];
  since?: string;
  resume?: boolean;
  evidence?: boolean;
  follow: boolean;
}

function cursorPath(dir: string): string {
  return join(nodeFiles(dir).runDir, CURSOR_FILE);
}

export function registerSubscribe(program: Command, ctx: Ctx): void {
  const cmd = withJson(
    withDir(
      program
        .command('subscribe')
        .description(ctx.t('cmd.subscribe'))
        .option('--kind <KIND>', ctx.t('opt.kind'), collect)
        .option('--about <CIDR>', ctx.t('opt.aboutSub'), collect)
        .option('--to-me', ctx.t('opt.toMeSub'))
        .option('--from-origin <HANDLE>', ctx.t('opt.fromOrigin'), collect)
        .option('--since <CURSOR>', ctx.t('opt.since'))
        .option('--resume', ctx.t('opt.resume'))
        .option('--evidence', ctx.t('opt.evidenceSub'))
        .option('--no-follow', ctx.t('opt.noFollow')),
      ctx,
    ),
    ctx,
  );
  withExamples(cmd, ctx, [
    'arx subscribe --dir ./cnisp1 --to-me',
    'arx subscribe --dir ./isc --kind report --kind ack --json',
    'arx subscribe --dir ./cnisp1 --to-me --resume   # continue where the last run stopped',
  ]);
  cmd.action((opts: SubscribeOptions) => subscribe(ctx, opts));
}

async function subscribe(ctx: Ctx, opts: SubscribeOptions): Promise<void> {
  const dir = resolve(opts.dir);
  const kinds = splitList(opts.kind).map((k) => {
    if (!isEntryKind(k)) throw usageError(ctx.t('subscribe.badKind', { kind: k, valid: KIND_LIST }));
    return k;
  });
  const about = splitList(opts.about).map((a) => parsePrefixArg(ctx, a, '--about'));
  const fromHandles = splitList(opts.fromOrigin).map((h) => parseHandle(ctx, h, '--from-origin'));
  if (opts.since !== undefined && opts.resume) throw usageError(ctx.t('subscribe.sinceOrResume'));
  let since: number | undefined;
  if (opts.since !== undefined) since = parseInteger(ctx, opts.since, '--since', 0, Number.MAX_SAFE_INTEGER);
  if (opts.resume && existsSync(cursorPath(dir))) {
    const saved = readFileSync(cursorPath(dir), 'utf8').trim();
    if (/^\d+$/.test(saved)) since = Number(saved);
  }

  const client = NodeClient.open(ctx, dir);
  const { members } = await client.get<RosterJson>('/v1/roster');
  const handleOf = new Map(members.map((m) => [m.key, m.handle]));
  const filter: { -readonly [K in keyof SubFilter]: SubFilter[K] } = {};
  if (kinds.length) filter.kinds = kinds;
  if (about.length) filter.about = about.map((p) => ({ ip: p.ip, len: p.len }));
  if (fromHandles.length) {
    filter.origins = fromHandles.map((h) => {
      const m = members.find((x) => x.handle === h);
      if (!m)
        throw usageError(
          ctx.t('subscribe.unknownHandle', { handle: h, known: members.map((x) => x.handle).join(', ') }),
        );
      return fromHex(m.key);
    });
  }
  if (opts.toMe) filter.responsible = fromHex((await client.get<NodeStatusJson>('/v1/status')).key);
  if (since !== undefined) filter.since = since;
  if (opts.evidence) filter.evidence = true;

  const ws = await client.websocket();
  const width = Math.max(8, ...members.map((m) => m.handle.length));
  let lastCursor = since;
  let storedDone = false;
  const signal = untilSignal();
  const finished = new Promise<void>((resolvePromise, reject) => {
    ws.on('message', (data: Uint8Array) => {
      let frame: Frame;
      try {
        frame = decodeFrame(data);
      } catch (error) {
        ctx.io.err(ctx.t('subscribe.badFrame', { detail: (error as Error).message }));
        return;
      }
      if (frame[0] === 'entry' && frame.length >= 4) {
        const verdict = tryVerifyEntry(frame[1]);
        if (!verdict.ok) {
          ctx.io.err(ctx.t('subscribe.unverified', { code: verdict.error.code, detail: verdict.error.message }));
          return;
        }
        // Evidence is checked against the digest the signed report commits to, like the signature.
        let evidence: unknown;
        if (frame.length === 5) {
          try {
            evidence = toJsonValue(decodeEvidence(attachEvidence(verdict.entry, frame[4]).evidence!));
          } catch (error) {
            ctx.io.err(
              ctx.t('subscribe.unverified', { code: (error as { code?: string }).code ?? '-', detail: String(error) }),
            );
            return;
          }
        }
        const json = entryToJson(verdict.entry);
        const originHandle = handleOf.get(json.origin) ?? null;
        if (opts.json) {
          ctx.io.out(JSON.stringify({ ...json, ...(evidence ? { evidence } : {}), originHandle, cursor: frame[3] }));
        } else {
          const summary = summariseEntry(ctx, json.kind, json.body as Record<string, unknown>);
          ctx.io.out(
            `${formatTime(json.ts)}  ${padEnd(json.kind, 15)}  ${padEnd(originHandle ?? json.originId.slice(0, 12), width)}  ${summary}  ${json.id}`,
          );
        }
        lastCursor = frame[3];
        if (opts.resume) writeFile(cursorPath(dir), `${lastCursor}\n`);
      } else if (frame[0] === 'eose') {
        storedDone = true;
        if (frame[2] > (lastCursor ?? 0)) {
          lastCursor = frame[2];
          if (opts.resume) writeFile(cursorPath(dir), `${lastCursor}\n`);
        }
        if (!opts.follow) {
          ws.close();
          resolvePromise();
        } else if (!opts.json) ctx.io.err(ctx.t('subscribe.live'));
      } else if (frame[0] === 'notice') {
        ctx.io.err(ctx.t('subscribe.notice', { code: frame[1], message: frame[2] }));
      }
    });
    ws.on('close', (code: number, reason: string) => {
      if (!opts.follow && storedDone) return resolvePromise();
      reject(new CliError(EXIT.unreachable, ctx.t('subscribe.closed', { code, reason: reason || '-' })));
    });
    ws.on('error', (error: Error) => reject(new CliError(EXIT.unreachable, error.message, { cause: error })));
  });
  ws.send(encodeFrame(['sub', SUB_ID, filter as SubFilter]));
  const stopped = await Promise.race([finished.then(() => false), signal.then(() => true)]);
  if (stopped) {
    ws.close();
    if (!opts.json) ctx.io.err(ctx.t('subscribe.stopped', { cursor: String(lastCursor ?? '-') }));
  }
}

const KIND_LIST = ENTRY_KINDS.join(', ');

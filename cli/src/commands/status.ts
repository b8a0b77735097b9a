/** `arx status`, `arx peers`, `arx metrics`: how a running node is doing. */
import { resolve } from 'node:path';
import type { NodeStatusJson, PeerJson, PeersJson } from '@arx/node';
import type { Command } from 'commander';
import { NodeClient } from '../client.js';
import { type NodeOptions, withDir, withExamples, withJson } from '../command.js';
import { type Ctx, printJson } from '../context.js';
import { parseDuration } from '../input.js';
import { CatchUpTracker, type PeerProgress } from '../peer-progress.js';
import { formatTime, shortId } from '../render.js';
import { progressLine, renderPairs, renderTable } from '../table.js';
import { watch } from '../watch.js';
import { formatSeconds } from './metrics.js';

/** Bytes as B / KiB / MiB / GiB. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** One line about the forwarding outbox: what waits, since when, and what happened since start. */
function outboxText(ctx: Ctx, outbox: NodeStatusJson['outbox'] | null): string {
  if (!outbox) return ctx.t('status.outboxOff');
  const { sent, retried, failed } = outbox.counts;
  const parts = [ctx.t('status.outbox', { queued: outbox.queued, sent, retried, failed })];
  if (outbox.queued > 0) {
    parts.push(
      ctx.t('status.outboxWaiting', {
        oldest: formatTime(outbox.oldestQueuedAt),
        next: formatTime(outbox.nextAttemptAt),
      }),
    );
  }
  if (outbox.queued > 0 && outbox.lastError) parts.push(ctx.t('status.outboxError', { error: outbox.lastError }));
  return parts.join('; ');
}

/** The horizon in days and what its last pass did. */
function horizonText(ctx: Ctx, h: NodeStatusJson['horizon']): string {
  const days = Number(h.days.toPrecision(6));
  if (!h.lastPass) return ctx.t('status.horizon', { days });
  const { at, deleted, kept } = h.lastPass;
  return ctx.t('status.horizonPass', { days, at: formatTime(at), deleted, kept });
}

export function registerStatus(program: Command, ctx: Ctx): void {
  const status = withJson(withDir(program.command('status').description(ctx.t('cmd.status')), ctx), ctx);
  status.action(async (opts: NodeOptions) => {
    const client = NodeClient.open(ctx, resolve(opts.dir));
    const s = await client.get<NodeStatusJson>('/v1/status');
    if (opts.json) return printJson(ctx, s);
    const listen = Object.entries(s.listen)
      .filter(([, v]) => v)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    ctx.io.out(
      renderPairs([
        [ctx.t('label.node'), `${s.handle}  ${s.id}`],
        [ctx.t('label.roster'), ctx.t('status.rosterVersion', { version: s.rosterVersion })],
        [ctx.t('label.entries'), ctx.t('status.entries', { n: s.entries, size: formatBytes(s.storageBytes) })],
        [ctx.t('label.peers'), ctx.t('status.peers', { n: s.peers })],
        [ctx.t('label.listen'), listen],
        [ctx.t('label.dnsbl'), s.dnsbl ? s.dnsbl.zone : '-'],
        [ctx.t('label.outbox'), outboxText(ctx, s.outbox ?? null)],
        [
          ctx.t('label.forks'),
          s.forks.length ? s.forks.map((f) => f.handle ?? shortId(f.origin)).join(', ') : ctx.t('status.noForks'),
        ],
        [ctx.t('label.horizon'), horizonText(ctx, s.horizon)],
      ]),
    );
    if (s.heads.length > 0) {
      ctx.io.out('');
      ctx.io.out(
        renderTable(
          [ctx.t('col.origin'), ctx.t('col.seq'), ctx.t('col.floor'), ctx.t('col.head')],
          s.heads.map((h) => [h.handle ?? shortId(h.origin), String(h.seq), String(h.floor), h.id ?? '-']),
        ),
      );
    }
  });

  const peers = withJson(
    withDir(
      program
        .command('peers')
        .description(ctx.t('cmd.peers'))
        .option('--watch', ctx.t('opt.watchPeers'))
        .option('--interval <DURATION>', ctx.t('opt.interval'), '2s')
        .option('--until-synced', ctx.t('opt.untilSynced')),
      ctx,
    ),
    ctx,
  );
  withExamples(peers, ctx, [
    'arx peers --dir ./cnisp1',
    'arx peers --dir ./cnisp1 --watch',
    'arx peers --watch --until-synced --json',
  ]);
  peers.action(async (opts: NodeOptions & { watch?: boolean; interval: string; untilSynced?: boolean }) => {
    const intervalMs = parseDuration(ctx, opts.interval, '--interval');
    const client = NodeClient.open(ctx, resolve(opts.dir));
    const fetchPeers = async () => (await client.get<PeersJson>('/v1/peers')).peers;
    if (!opts.watch && !opts.untilSynced) {
      const list = await fetchPeers();
      if (opts.json) return printJson(ctx, { peers: list });
      ctx.io.out(list.length === 0 ? ctx.t('peers.none') : renderPeers(ctx, list));
      return;
    }
    const tracker = new CatchUpTracker();
    await watch(
      ctx,
      intervalMs,
      async () => {
        const now = Date.now();
        const progress = tracker.sample(await fetchPeers(), now);
        const synced = progress.every((p) => p.behind === 0);
        const text = opts.json
          ? JSON.stringify({ ts: now, peers: progress })
          : renderCatchUp(ctx, progress, now, ctx.io.stdoutIsTTY);
        return { text, done: opts.untilSynced === true && synced };
      },
      opts.json === true || !ctx.io.stdoutIsTTY,
    );
  });
}

/** The peer table of `arx peers`. */
function renderPeers(ctx: Ctx, list: PeerJson[]): string {
  return renderTable(
    [ctx.t('col.peer'), ctx.t('col.direction'), ctx.t('col.state'), ctx.t('col.since'), ctx.t('col.lag'), 'URL'],
    list.map((p) => {
      const behind = p.lag.filter((l) => l.theirs > l.ours);
      const lag = behind.length
        ? behind.map((l) => `${l.handle ?? shortId(l.origin)} +${l.theirs - l.ours}`).join(', ')
        : ctx.t('peers.inSync');
      return [
        p.handle ?? (p.key ? shortId(p.key) : '?'),
        ctx.t(p.direction === 'outbound' ? 'peers.outbound' : 'peers.inbound'),
        p.state,
        formatTime(p.since),
        lag,
        p.url ?? '-',
      ];
    }),
  );
}

function rateText(ctx: Ctx, p: PeerProgress): string {
  return p.rate === null ? '-' : ctx.t('peers.rate', { n: p.rate < 10 ? p.rate.toFixed(1) : Math.round(p.rate) });
}

function etaText(ctx: Ctx, p: PeerProgress): string {
  if (p.behind === 0) return ctx.t('peers.inSync');
  return p.etaSeconds === null ? '-' : formatSeconds(p.etaSeconds);
}

/**
 * One frame of `arx peers --watch`: on a terminal a table with a progress bar per
 * peer; elsewhere one plain line per peer, stamped with the time, for logs.
 */
export function renderCatchUp(ctx: Ctx, progress: readonly PeerProgress[], now: number, tty: boolean): string {
  if (progress.length === 0) return tty ? ctx.t('peers.none') : `${formatTime(now)}  ${ctx.t('peers.none')}`;
  if (!tty) {
    return progress
      .map((p) =>
        ctx.t('peers.line', {
          time: formatTime(now),
          peer: p.peer,
          state: p.state,
          behind: p.behind,
          rate: rateText(ctx, p),
          eta: etaText(ctx, p),
        }),
      )
      .join('\n');
  }
  const table = renderTable(
    [
      ctx.t('col.peer'),
      ctx.t('col.state'),
      ctx.t('col.behind'),
      ctx.t('col.rate'),
      ctx.t('col.eta'),
      ctx.t('col.progress'),
    ],
    progress.map((p) => [
      p.peer,
      p.state,
      String(p.behind),
      rateText(ctx, p),
      etaText(ctx, p),
      progressLine(p.peak - p.behind, p.peak, '', 24),
    ]),
  );
  return `${ctx.t('peers.watching', { time: formatTime(now) })}\n${table}`;
}

/** `arx status`, `arx peers`, `arx metrics`: how a running node is doing. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { NodeClient } from '../client.js';
import { type NodeOptions, withDir, withJson } from '../command.js';
import { type Ctx, printJson } from '../context.js';
import { formatTime, shortId } from '../render.js';
import { renderPairs, renderTable } from '../table.js';

interface StatusJson {
  handle: string;
  key: string;
  id: string;
  rosterVersion: number;
  entries: number;
  heldEntries?: number;
  storageBytes: number;
  heads: { origin: string; handle: string | null; seq: number; id: string | null }[];
  listen: Record<string, string | null>;
  dnsbl: { zone: string } | null;
  forks: { origin: string; handle: string | null }[];
  peers: number;
  /** The forwarding outbox, or null when forwarding is off. */
  outbox?: {
    queued: number;
    oldestQueuedAt: number | null;
    nextAttemptAt: number | null;
    lastError: string | null;
    counts: { queued: number; sent: number; retried: number; failed: number };
  } | null;
}

interface PeerJson {
  url: string | null;
  handle: string | null;
  key: string | null;
  direction: string;
  state: string;
  since: number | null;
  lag: { origin: string; handle: string | null; theirs: number; ours: number }[];
}

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
function outboxText(ctx: Ctx, outbox: StatusJson['outbox'] | null): string {
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

export function registerStatus(program: Command, ctx: Ctx): void {
  const status = withJson(withDir(program.command('status').description(ctx.t('cmd.status')), ctx), ctx);
  status.action(async (opts: NodeOptions) => {
    const client = NodeClient.open(ctx, resolve(opts.dir));
    const s = await client.get<StatusJson>('/v1/status');
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
      ]),
    );
    if (s.heads.length > 0) {
      ctx.io.out('');
      ctx.io.out(
        renderTable(
          [ctx.t('col.origin'), ctx.t('col.seq'), ctx.t('col.head')],
          s.heads.map((h) => [h.handle ?? shortId(h.origin), String(h.seq), h.id ?? '-']),
        ),
      );
    }
  });

  const peers = withJson(withDir(program.command('peers').description(ctx.t('cmd.peers')), ctx), ctx);
  peers.action(async (opts: NodeOptions) => {
    const client = NodeClient.open(ctx, resolve(opts.dir));
    const { peers: list } = await client.get<{ peers: PeerJson[] }>('/v1/peers');
    if (opts.json) return printJson(ctx, { peers: list });
    if (list.length === 0) {
      ctx.io.out(ctx.t('peers.none'));
      return;
    }
    ctx.io.out(
      renderTable(
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
      ),
    );
  });
}

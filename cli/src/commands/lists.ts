/** `arx lists show|export`: the listings a node knows, and exports for mail servers and DNSBLs. */
import { resolve } from 'node:path';
import type { ListingJson } from '@arx/node';
import type { Command } from 'commander';
import { NodeClient } from '../client.js';
import { type NodeOptions, withDir, withExamples, withJson } from '../command.js';
import { type Ctx, printJson } from '../context.js';
import { usageError } from '../errors.js';
import { writeFile } from '../files.js';
import { parseCode, parseHandle, parseInteger } from '../input.js';
import { untilSignal } from '../supervisor.js';
import { exportZone } from '../zone-export.js';
import { listingsTable } from './lookup.js';

export const EXPORT_FORMATS = ['cidr', 'csv', 'json', 'rbldnsd'] as const;

export function registerLists(program: Command, ctx: Ctx): void {
  const lists = program.command('lists').description(ctx.t('cmd.lists'));

  const show = withJson(
    withDir(
      lists
        .command('show')
        .description(ctx.t('cmd.listsShow'))
        .option('--list <CODE>', ctx.t('opt.listFilter'))
        .option('--from <HANDLE>', ctx.t('opt.listOperator'))
        .option('--all', ctx.t('opt.allListings')),
      ctx,
    ),
    ctx,
  );
  show.action(async (opts: NodeOptions & { list?: string; from?: string; all?: boolean }) => {
    const query = {
      list: opts.list && parseCode(ctx, 'list-kind', opts.list, '--list'),
      origin: opts.from && parseHandle(ctx, opts.from, '--from'),
      all: opts.all ? 'true' : undefined,
    };
    const client = NodeClient.open(ctx, resolve(opts.dir));
    const { listings } = await client.get<{ listings: ListingJson[] }>('/v1/listings', query);
    if (opts.json) return printJson(ctx, { listings });
    ctx.io.out(listings.length === 0 ? ctx.t('lists.none') : listingsTable(ctx, listings));
  });

  const exp = withDir(
    lists
      .command('export')
      .description(ctx.t('cmd.listsExport'))
      .option('--list <CODE>', ctx.t('opt.list'))
      .option('--format <FORMAT>', ctx.t('opt.format'), 'cidr')
      .option('--out <FILE>', ctx.t('opt.exportOut'))
      .option('--zone', ctx.t('opt.exportZone'))
      .option('--watch', ctx.t('opt.exportWatch'))
      .option('--interval <SECONDS>', ctx.t('opt.exportInterval'), '10'),
    ctx,
  );
  withExamples(exp, ctx, [
    'arx lists export --dir ./sorbs --list open-relay --format rbldnsd --out open-relay.zone',
    'arx lists export --dir ./aol --list spam-source --format cidr',
    'arx lists export --dir ./sorbs --zone --format rbldnsd --out /var/lib/rbldnsd/arx --watch',
  ]);
  exp.action(
    async (opts: {
      dir: string;
      list?: string;
      format: string;
      out?: string;
      zone?: boolean;
      watch?: boolean;
      interval: string;
    }) => {
      if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format)) {
        throw usageError(ctx.t('lists.badFormat', { format: opts.format, valid: EXPORT_FORMATS.join(', ') }));
      }
      const client = NodeClient.open(ctx, resolve(opts.dir));
      if (opts.zone) {
        if (opts.format !== 'rbldnsd' || !opts.out || opts.list) throw usageError(ctx.t('lists.zoneUsage'));
        const dir = resolve(opts.out);
        const once = async () => {
          const written = await exportZone(client, dir);
          ctx.io.err(
            written.length
              ? ctx.t('lists.zoneWritten', { dir, files: written.join(', ') })
              : ctx.t('lists.zoneUnchanged', { dir }),
          );
        };
        await once();
        if (!opts.watch) return;
        const seconds = parseInteger(ctx, opts.interval, '--interval', 1, 86400);
        let stop = false;
        void untilSignal().then(() => {
          stop = true;
        });
        while (!stop) {
          await new Promise((r) => setTimeout(r, seconds * 1000).unref());
          if (stop) break;
          try {
            await once();
          } catch (error) {
            // The node restarting is no reason to stop mirroring: say so and try again.
            ctx.io.err(String((error as Error).message ?? error));
          }
        }
        return;
      }
      if (opts.watch) throw usageError(ctx.t('lists.zoneUsage'));
      if (!opts.list) throw usageError(ctx.t('lists.listRequired'));
      const list = parseCode(ctx, 'list-kind', opts.list, '--list');
      const text = await client.getText(`/v1/lists/${encodeURIComponent(list)}/export`, { format: opts.format });
      if (opts.out) {
        writeFile(resolve(opts.out), text);
        ctx.io.err(ctx.t('lists.written', { path: resolve(opts.out), bytes: Buffer.byteLength(text) }));
      } else ctx.io.out(text.replace(/\n$/, ''));
    },
  );
}

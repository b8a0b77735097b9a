/** `arx lookup` (who is responsible, is it listed, what was reported) and `arx contacts` (RDAP-like). */
import { resolve } from 'node:path';
import type { ContactsJson, ListingJson, LookupJson } from '@arx/node';
import { formatPrefix, LIST_KINDS, REPORT_CATEGORIES, ROLES } from '@arx/protocol';
import type { Command } from 'commander';
import { NodeClient } from '../client.js';
import { type NodeOptions, withDir, withExamples, withJson } from '../command.js';
import { type Ctx, printJson } from '../context.js';
import { parsePrefixArg } from '../input.js';
import { formatTime, pickText } from '../render.js';
import { renderPairs, renderTable } from '../table.js';
import { reportsTable } from './reports.js';

/** Listings as a table. */
export function listingsTable(ctx: Ctx, listings: ListingJson[]): string {
  return renderTable(
    [
      'ID',
      ctx.t('col.list'),
      ctx.t('col.target'),
      ctx.t('col.reason'),
      ctx.t('col.by'),
      ctx.t('col.since'),
      ctx.t('col.expires'),
    ],
    listings.map((l) => [
      l.id,
      ctx.label(LIST_KINDS, l.list),
      l.target,
      ctx.label(REPORT_CATEGORIES, l.reason),
      l.originHandle ?? l.origin.slice(0, 12),
      formatTime(l.since),
      l.removedAt ? `${ctx.t('label.removed')} ${formatTime(l.removedAt)}` : formatTime(l.expires),
    ]),
  );
}

/** Normalises what the user typed to the address or prefix text the API takes. */
function addressText(ctx: Ctx, value: string): string {
  const prefix = parsePrefixArg(ctx, value, 'ADDRESS');
  const text = formatPrefix(prefix);
  return value.includes('/') ? text : text.slice(0, text.lastIndexOf('/'));
}

export function renderLookup(ctx: Ctx, result: LookupJson): string {
  const lines: string[] = [];
  const m = result.responsible;
  lines.push(
    renderPairs([
      [ctx.t('label.address'), result.address],
      [ctx.t('label.responsible'), m ? `${m.handle} — ${pickText(ctx, m.names)}` : ctx.t('lookup.unclaimed')],
      ...(m
        ? ([
            [ctx.t('label.id'), m.id],
            [ctx.t('label.roles'), m.roles.map((r) => ctx.label(ROLES, r)).join(', ')],
            [ctx.t('label.claim'), ctx.t('lookup.claim', { claim: m.claim, n: m.netblockCount })],
            [ctx.t('label.abuse'), m.contacts.abuse.join(', ')],
            [ctx.t('label.escalation'), m.contacts.escalation.join(', ') || '-'],
          ] as [string, string][])
        : []),
    ]),
  );
  lines.push('');
  const active = result.listings.filter((l) => l.active !== false && l.removedAt === null);
  if (active.length === 0) lines.push(ctx.t('lookup.notListed'));
  else {
    lines.push(ctx.t('lookup.listed', { n: active.length }));
    lines.push(listingsTable(ctx, active));
    for (const l of active) {
      lines.push(
        ctx.t('lookup.removal', {
          id: l.id.slice(0, 12),
          command: l.removal.how,
          contacts: l.removal.contacts.join(', ') || '-',
        }),
      );
    }
  }
  lines.push('');
  if (result.reports.length === 0) lines.push(ctx.t('lookup.noReports'));
  else {
    lines.push(ctx.t('lookup.reports', { n: result.reports.length }));
    lines.push(reportsTable(ctx, result.reports));
  }
  return lines.join('\n');
}

export function registerLookup(program: Command, ctx: Ctx): void {
  const lookup = withJson(
    withDir(
      program.command('lookup').description(ctx.t('cmd.lookup')).argument('<ADDRESS>', ctx.t('arg.address')),
      ctx,
    ),
    ctx,
  );
  withExamples(lookup, ctx, ['arx lookup 192.0.2.77', 'arx lookup 2001:db8:1::25 --json']);
  lookup.action(async (address: string, opts: NodeOptions) => {
    const text = addressText(ctx, address);
    const client = NodeClient.open(ctx, resolve(opts.dir));
    const result = await client.get<LookupJson>(`/v1/lookup/${encodeURIComponent(text)}`);
    if (opts.json) return printJson(ctx, result);
    ctx.io.out(renderLookup(ctx, result));
  });

  const contacts = withJson(
    withDir(
      program.command('contacts').description(ctx.t('cmd.contacts')).argument('<ADDRESS>', ctx.t('arg.address')),
      ctx,
    ),
    ctx,
  );
  contacts.action(async (address: string, opts: NodeOptions) => {
    const text = addressText(ctx, address);
    const client = NodeClient.open(ctx, resolve(opts.dir));
    const result = await client.get<ContactsJson>(`/v1/contacts/${encodeURIComponent(text)}`);
    if (opts.json) return printJson(ctx, result);
    if (!result.responsible) {
      ctx.io.out(`${text}: ${ctx.t('lookup.unclaimed')}`);
      return;
    }
    const r = result.responsible;
    ctx.io.out(
      renderPairs([
        [ctx.t('label.address'), text],
        [ctx.t('label.network'), result.handle],
        [ctx.t('label.responsible'), `${r.handle} — ${pickText(ctx, r.names)}`],
        [ctx.t('label.id'), r.id],
        [ctx.t('label.abuse'), r.contacts.abuse.join(', ')],
        [ctx.t('label.escalation'), r.contacts.escalation.join(', ') || '-'],
        [ctx.t('label.source'), ctx.t('contacts.source', { version: result.source?.roster ?? '?' })],
      ]),
    );
  });
}

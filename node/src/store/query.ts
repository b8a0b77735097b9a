/**
 * Entry queries with cursor pagination. The most selective index available drives the
 * scan (kind, responsible member, address range, origin log, or arrival order); the
 * remaining conditions filter the arrival metadata. The page token is the last index
 * key scanned, so a page costs what it returns, not what came before it.
 */
import { fromHex, type IpPrefix, prefixContains, toHex } from '@arx/protocol';
import type { NodeContext } from '../context.js';
import { ArxNodeError } from '../errors.js';
import type { ArrivalMeta } from './db.js';
import { metasAt, metasOf } from './envelopes.js';

export interface EntryQuery {
  kind?: string | undefined;
  origin?: string | undefined;
  responsible?: string | undefined;
  about?: IpPrefix | undefined;
  since?: number | undefined;
  until?: number | undefined;
  cursor?: string | undefined;
  limit: number;
  /**
   * Scan the index backwards: the newest arrivals first for every index but the address
   * range, which is ordered by address (then arrival) either way.
   */
  newestFirst?: boolean | undefined;
}

function rangeOf(prefix: IpPrefix): { start: string; end: string } {
  const start = prefix.ip.slice();
  const end = prefix.ip.slice();
  for (let bit = prefix.len; bit < start.length * 8; bit++) end[bit >> 3]! |= 0x80 >> (bit & 7);
  return { start: toHex(start), end: toHex(end) };
}

function matches(meta: ArrivalMeta, q: EntryQuery): boolean {
  if (q.kind && meta.k !== q.kind) return false;
  if (q.origin && meta.o !== q.origin) return false;
  if (q.responsible && meta.r !== q.responsible) return false;
  if (q.since !== undefined && meta.t < q.since) return false;
  if (q.until !== undefined && meta.t > q.until) return false;
  if (q.about) {
    if (meta.ip === null || meta.len === null) return false;
    if (!prefixContains(q.about, { ip: fromHex(meta.ip), len: meta.len })) return false;
  }
  return true;
}

export async function queryEntries(ctx: NodeContext, q: EntryQuery): Promise<{ ids: string[]; next: string | null }> {
  const { subs } = ctx;
  let sub = subs.arrival;
  let gte = '';
  let lte = '\uffff';
  let valuesAreMeta = true;
  if (q.kind) {
    sub = subs.index;
    gte = `k!${q.kind}!`;
    lte = `k!${q.kind}!\uffff`;
    valuesAreMeta = false;
  } else if (q.responsible) {
    sub = subs.index;
    gte = `r!${q.responsible}!`;
    lte = `r!${q.responsible}!\uffff`;
    valuesAreMeta = false;
  } else if (q.about) {
    const { start, end } = rangeOf(q.about);
    sub = subs.index;
    gte = `i!${start}!`;
    lte = `i!${end}!\uffff`;
    valuesAreMeta = false;
  } else if (q.origin) {
    sub = subs.log;
    gte = `${q.origin}!`;
    lte = `${q.origin}!\uffff`;
    valuesAreMeta = false;
  }
  let after: string | undefined;
  if (q.cursor) {
    try {
      after = Buffer.from(q.cursor, 'base64url').toString('utf8');
    } catch {
      throw new ArxNodeError('ARX_NODE_BAD_REQUEST', 'cursor is not a page token from this node');
    }
    if (after < gte || after > lte) throw new ArxNodeError('ARX_NODE_BAD_REQUEST', 'cursor belongs to another query');
  }
  const ids: string[] = [];
  const maxScan = q.limit * 50;
  let scanned = 0;
  let lastKey: string | null = null;
  let exhausted = true;
  const batch = Math.min(1000, Math.max(q.limit, 100));
  for (;;) {
    const rows: [string, unknown][] = [];
    const range = q.newestFirst
      ? { gte, ...(after ? { lt: after } : { lte }), reverse: true }
      : { ...(after ? { gt: after } : { gte }), lte };
    for await (const row of sub.iterator({ ...range, limit: batch })) {
      rows.push(row as [string, unknown]);
    }
    if (rows.length === 0) break;
    // Index rows end with the entry's cursor (one read each); the log's name only its id.
    const metas: (ArrivalMeta | undefined)[] = valuesAreMeta
      ? rows.map(([, v]) => v as ArrivalMeta)
      : sub === subs.index
        ? await metasAt(
            subs,
            rows.map(([k]) => k),
          )
        : await metasOf(
            subs,
            rows.map(([, v]) => String(v)),
          );
    let full = false;
    for (let i = 0; i < rows.length; i++) {
      lastKey = rows[i]![0];
      scanned++;
      const meta = metas[i];
      if (meta && matches(meta, q)) ids.push(meta.id);
      if (ids.length >= q.limit || scanned >= maxScan) {
        full = true;
        break;
      }
    }
    after = lastKey ?? after;
    if (full) {
      exhausted = false;
      break;
    }
    if (rows.length < batch) break;
  }
  return { ids, next: exhausted || lastKey === null ? null : Buffer.from(lastKey).toString('base64url') };
}

/**
 * Report subjects on disk: "recent reports about this address or prefix" read from a
 * LevelDB index ordered by subject, so a node holds nothing per report in memory.
 *
 *   x  sub!<network hex>!<len, 3 digits>!<report ts, 16 digits>!<report id> → report id
 *   x  slen!<address bytes>!<len, 3 digits> → ''   (the prefix lengths subjects use)
 *
 * Both are written in the batch that stores the report (and the first deleted in the
 * batch that retracts it). A lookup probes each length present that covers the query,
 * one short reverse range scan each: its cost follows the answer, not the store.
 */
import { type IpPrefix, toHex } from '@arx/protocol';
import { pad, type Sublevels } from '../store/db.js';
import type { Txn } from '../store/txn.js';
import type { ReportRecord } from './records.js';

const len3 = (len: number) => String(len).padStart(3, '0');

/** The index key of a report's subject, or null for reports about domains and URLs. */
export function subjectKey(r: Pick<ReportRecord, 'id' | 'ip' | 'len' | 'ts'>): string | null {
  if (r.ip === null || r.len === null) return null;
  return `sub!${r.ip}!${len3(r.len)}!${pad(r.ts)}!${r.id}`;
}

const lengthKey = (bytes: number, len: number) => `slen!${bytes}!${len3(len)}`;

/** Writes a report's subject into the index (same batch as the report). */
export function indexSubject(txn: Txn, subs: Sublevels, r: ReportRecord): void {
  const key = subjectKey(r);
  if (key === null) return;
  txn.put(subs.index, key, r.id);
  txn.put(subs.index, lengthKey(r.ip!.length / 2, r.len!), '');
}

/** Removes a retracted report's subject from the index. */
export function unindexSubject(txn: Txn, subs: Sublevels, r: ReportRecord): void {
  const key = subjectKey(r);
  if (key !== null) txn.del(subs.index, key);
}

function networkHex(ip: Uint8Array, len: number): string {
  const out = ip.slice();
  for (let bit = len; bit < out.length * 8; bit++) out[bit >> 3]! &= ~(0x80 >> (bit & 7));
  return toHex(out);
}

/** Reads the subject index; keeps only the (at most 162) prefix lengths in use in memory. */
export class ReportSubjects {
  private readonly lengths = new Map<number, Set<number>>([
    [4, new Set()],
    [16, new Set()],
  ]);

  constructor(private readonly subs: Sublevels) {}

  /** Loads the lengths in use (a handful of keys, whatever the number of reports). */
  async load(): Promise<void> {
    for await (const key of this.subs.index.keys({ gte: 'slen!', lt: 'slen!\uffff' })) {
      const [, bytes, len] = String(key).split('!');
      this.lengths.get(Number(bytes))?.add(Number(len));
    }
  }

  /** Told after a commit that stored a report, so its length is probed from now on. */
  noted(r: Pick<ReportRecord, 'ip' | 'len'>): void {
    if (r.ip !== null && r.len !== null) this.lengths.get(r.ip.length / 2)?.add(r.len);
  }

  /** The latest `limit` report ids (by report ts) of each subject containing the address/prefix, most specific first. */
  async recent(prefix: IpPrefix, limit: number): Promise<string[]> {
    const lengths = [...(this.lengths.get(prefix.ip.length) ?? [])]
      .filter((l) => l <= prefix.len)
      .sort((a, b) => b - a);
    const scans = lengths.map(async (len) => {
      const base = `sub!${networkHex(prefix.ip, len)}!${len3(len)}!`;
      // One nextv: a lookup is one thread-pool round trip per prefix length, not one per row.
      const rows = this.subs.index.values({ gte: base, lt: `${base}\uffff`, reverse: true, limit });
      try {
        const ids: string[] = [];
        for (;;) {
          const want = Math.min(limit - ids.length, 1000);
          const batch = await rows.nextv(want);
          for (const id of batch) ids.push(String(id));
          // A short batch is the end of the range: no further round trip to learn it.
          if (batch.length < want || ids.length >= limit) break;
        }
        return ids.reverse();
      } finally {
        await rows.close();
      }
    });
    return (await Promise.all(scans)).flat();
  }

  /** Report ids whose subject contains or equals the address/prefix (every one; for tests and tools). */
  async about(prefix: IpPrefix): Promise<string[]> {
    return this.recent(prefix, Number.POSITIVE_INFINITY);
  }
}

/**
 * Report subjects on disk: "recent reports about this address or prefix" read from a
 * LevelDB index ordered by subject, so a node holds nothing per report in memory.
 *
 *   x  sub!<network hex>!<len, 3 digits>!<report ts, 16 digits>!<report id> → '' (the id is
 *      the key's end; rows written before held it as their value too, and are read the same)
 *   x  subh!<network hex>!<len, 3 digits> → the subject's head: '*' or '=', then its
 *      latest rows (at most HEAD_ROWS, oldest first), each 52 characters: the report ts
 *      in 9 and its id in 43, both in an order-preserving base 64 (ROW_DIGITS), so rows
 *      compare as their `sub!` keys do. Heads written before (`+` or `-`, then
 *      `<ts>!<id>` rows joined by ',') are read the same and take this form at their
 *      next change.
 *   x  slen!<address bytes>!<len, 3 digits> → ''   (the prefix lengths subjects use)
 *
 * All are written in the batch that stores the report (and the first two in the batch
 * that retracts it or deletes it past the horizon). A lookup probes each length present
 * that covers the query with one read of the head: the rows it holds are always the
 * subject's latest ones, and all of them when it starts with '=' ('*': older rows may
 * exist). Only a lookup that wants more rows than a '*' head holds scans the range.
 * Its cost follows the answer, not the store.
 */
import { type IpPrefix, toHex } from '@arx/protocol';
import { keyEnd, pad, readMany, type Sublevels } from '../store/db.js';
import { Txn } from '../store/txn.js';
import type { ReportRecord } from './records.js';

const len3 = (len: number) => String(len).padStart(3, '0');

/** The index key of a report's subject, or null for reports about domains and URLs. */
export function subjectKey(r: Pick<ReportRecord, 'id' | 'ip' | 'len' | 'ts'>): string | null {
  if (r.ip === null || r.len === null) return null;
  return `sub!${r.ip}!${len3(r.len)}!${pad(r.ts)}!${r.id}`;
}

const lengthKey = (bytes: number, len: number) => `slen!${bytes}!${len3(len)}`;

/**
 * Rows a subject's head holds at most: a lookup's 20, and room for four retractions
 * among them before a lookup scans. The head is rewritten with every report about its
 * subject, so each row here is written again with each of them.
 */
export const HEAD_ROWS = 24;
/** The head row of a subject (`<network hex>!<len>`). */
const headKey = (subject: string) => `subh!${subject}`;

/**
 * The digits of a head row: base 64 in ASCII order, so that rows of the same width
 * compare as the numbers and bytes they encode. A row is the report ts in TS_DIGITS
 * (up to 64^9, beyond any 16-digit ts of a `sub!` key) and the 32-byte id in ID_DIGITS.
 */
const ROW_DIGITS = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
const TS_DIGITS = 9;
const ID_DIGITS = 43;
const ROW_WIDTH = TS_DIGITS + ID_DIGITS;
const DIGIT_VALUE = new Uint8Array(128);
for (let i = 0; i < ROW_DIGITS.length; i++) DIGIT_VALUE[ROW_DIGITS.charCodeAt(i)] = i;
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
/** Lower-case hex digits' values; every other character is 255. */
const NIBBLE = new Uint8Array(128).fill(255);
for (let i = 0; i < 16; i++) NIBBLE['0123456789abcdef'.charCodeAt(i)] = i;

/** The head row of a report, or null unless ts is a safe integer ≥ 0 and id 64 lower-case hex digits. */
function rowOf(ts: number, id: string): string | null {
  if (!Number.isSafeInteger(ts) || ts < 0 || id.length !== 64) return null;
  let out = '';
  for (let i = TS_DIGITS - 1, rest = ts; i >= 0; i--, rest = Math.floor(rest / 64)) out = ROW_DIGITS[rest % 64]! + out;
  // 256 bits in 43 digits of 6: the last digit holds the id's last 4 bits, shifted up.
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < 64; i++) {
    const nibble = NIBBLE[id.charCodeAt(i)] ?? 255;
    if (nibble === 255) return null;
    acc = (acc << 4) | nibble;
    bits += 4;
    if (bits >= 6) {
      bits -= 6;
      out += ROW_DIGITS[(acc >> bits) & 63];
      acc &= (1 << bits) - 1;
    }
  }
  return out + ROW_DIGITS[(acc << (6 - bits)) & 63];
}

/** A head row for a report: its ts, then its id (64 hex digits, a SHA-256). */
export function headRow(ts: number, id: string): string {
  const row = rowOf(ts, id);
  if (row === null) {
    throw new RangeError(`a subject row needs a ts from 0 to 2^53 and a 64-digit hex id (got ${ts}, ${id})`);
  }
  return row;
}

/** The report id of the head row at `at` in `text` (64 hex digits). */
export function rowId(text: string, at = 0): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (let i = at + TS_DIGITS; i < at + ROW_WIDTH; i++) {
    acc = (acc << 6) | DIGIT_VALUE[text.charCodeAt(i)]!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += HEX[(acc >> bits) & 255];
      acc &= (1 << bits) - 1;
    }
  }
  return out;
}

/** A `sub!` row's subject (`<network hex>!<len>`) and its head row. */
function splitRow(key: string): [string, string] {
  const [, network, len, ts, id] = key.split('!');
  return [`${network}!${len}`, headRow(Number(ts), id!)];
}

interface Head {
  /** Older rows than these may exist. */
  more: boolean;
  /** The subject's latest rows (headRow), oldest first. */
  rows: string[];
}

/** A head in the form written before rows took 52 characters, and its rows (`<ts>!<id>`). */
const isTextHead = (value: string) => value[0] === '+' || value[0] === '-';
const textRows = (value: string): string[] => (value.length > 1 ? value.slice(1).split(',') : []);

function decodeHead(value: string | undefined): Head {
  if (!value) return { more: false, rows: [] };
  const flag = value[0];
  // A head written before rows took 52 characters: '+' or '-', then `<ts>!<id>` rows.
  if (isTextHead(value)) {
    const head: Head = { more: flag === '+', rows: [] };
    for (const text of textRows(value)) {
      const row = text[16] === '!' ? rowOf(Number(text.slice(0, 16)), text.slice(17)) : null;
      // A row that is not a report's (ts, id): the head starts again, empty with older rows
      // behind it, so lookups scan the rows until it holds enough of the latest ones.
      if (row === null) return { more: true, rows: [] };
      head.rows.push(row);
    }
    return head;
  }
  const rows: string[] = [];
  for (let at = 1; at + ROW_WIDTH <= value.length; at += ROW_WIDTH) rows.push(value.slice(at, at + ROW_WIDTH));
  return { more: flag === '*', rows };
}
/**
 * Keeps a head at HEAD_ROWS rows: past it the oldest go, and older rows then exist. A
 * head written when it held more (32 rows, before this bound) shrinks at its next change.
 */
function trimHead(h: Head): void {
  if (h.rows.length <= HEAD_ROWS) return;
  h.rows.splice(0, h.rows.length - HEAD_ROWS);
  h.more = true;
}

/** What a lookup needs of a head: the ids of its latest `limit` rows, how many it holds, and whether older ones may exist. */
function headIds(value: string, limit: number): { more: boolean; held: number; ids: string[] } {
  if (isTextHead(value)) {
    // The text form names the ids as they are: no conversion for a read.
    const rows = textRows(value);
    return { more: value[0] === '+', held: rows.length, ids: rows.slice(-limit).map((row) => row.slice(17)) };
  }
  const held = Math.floor((value.length - 1) / ROW_WIDTH);
  const ids: string[] = [];
  for (let i = Math.max(0, held - limit); i < held; i++) ids.push(rowId(value, 1 + i * ROW_WIDTH));
  return { more: value[0] === '*', held, ids };
}

const encodeHead = (h: Head): string => `${h.more ? '*' : '='}${h.rows.join('')}`;

/** The head of the subject of `key` (a `sub!` row), changed by `change`; deleted when it holds nothing. */
async function updateHead(txn: Txn, subs: Sublevels, key: string, change: (h: Head, row: string) => void) {
  const [subject, row] = splitRow(key);
  const hk = headKey(subject);
  const head = decodeHead(await txn.get<string>(subs.index, hk));
  change(head, row);
  if (head.rows.length === 0 && !head.more) txn.del(subs.index, hk);
  else txn.put(subs.index, hk, encodeHead(head));
}

/** The report id a `sub!` row names: the end of its key. */
export const rowReport = keyEnd;

/** Writes a report's subject into the index (same batch as the report). */
export async function indexSubject(txn: Txn, subs: Sublevels, r: ReportRecord): Promise<void> {
  const key = subjectKey(r);
  if (key === null) return;
  txn.put(subs.index, key, '');
  txn.put(subs.index, lengthKey(r.ip!.length / 2, r.len!), '');
  await updateHead(txn, subs, key, (head, row) => {
    if (head.rows.includes(row)) return;
    // Older than every row of a head that leaves rows out: not among the latest.
    if (head.more && head.rows.length > 0 && row < head.rows[0]!) return;
    let at = head.rows.length;
    while (at > 0 && head.rows[at - 1]! > row) at--;
    head.rows.splice(at, 0, row);
    trimHead(head);
  });
}

/** Removes a report's subject from the index (retracted, or deleted past the horizon). */
export async function unindexSubject(txn: Txn, subs: Sublevels, r: Pick<ReportRecord, 'id' | 'ip' | 'len' | 'ts'>) {
  const key = subjectKey(r);
  if (key === null) return;
  txn.del(subs.index, key);
  // The rows left are still the latest ones (an older row, not in the head, changes nothing).
  await updateHead(txn, subs, key, (head, row) => {
    const at = head.rows.indexOf(row);
    if (at >= 0) head.rows.splice(at, 1);
  });
}

/**
 * Writes every subject's head from its rows (the store upgrade to layout 5): the latest
 * HEAD_ROWS rows, and '+' when there are more. Run again, it writes the same.
 */
export async function buildSubjectHeads(subs: Sublevels, batch = 5000): Promise<void> {
  let txn = new Txn(subs);
  let subject = '';
  let head: Head = { more: false, rows: [] };
  const flush = () => {
    if (subject) txn.put(subs.index, headKey(subject), encodeHead(head));
  };
  for await (const key of subs.index.keys({ gte: 'sub!', lt: 'sub!\uffff' })) {
    const [of, row] = splitRow(String(key));
    if (of !== subject) {
      flush();
      if (txn.size >= batch) {
        await txn.commit(false);
        txn = new Txn(subs);
      }
      subject = of;
      head = { more: false, rows: [] };
    }
    head.rows.push(row);
    trimHead(head);
  }
  flush();
  await txn.commit(false);
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
    const networks = lengths.map((len) => networkHex(prefix.ip, len));
    const heads = await readMany<string>(
      this.subs.index,
      lengths.map((len, i) => headKey(`${networks[i]}!${len3(len)}`)),
    );
    const scans = lengths.map(async (len, i) => {
      const head = heads[i];
      // No head: no report about this subject.
      if (head === undefined) return [];
      const latest = headIds(head, limit);
      if (!latest.more || latest.held >= limit) return latest.ids;
      const base = `sub!${networks[i]}!${len3(len)}!`;
      // Rows a batch at a time: a thread-pool round trip per batch, not one per row. A batch
      // may come back short of what was asked (LevelDB's iterator caps its bytes), so only
      // an empty one is the end of the range.
      const rows = this.subs.index.keys({ gte: base, lt: `${base}\uffff`, reverse: true, limit });
      try {
        const ids: string[] = [];
        for (;;) {
          const batch = await rows.nextv(Math.min(limit - ids.length, 1000));
          for (const key of batch) ids.push(rowReport(String(key)));
          if (batch.length === 0 || ids.length >= limit) break;
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

/**
 * The listing index saved as one file at a clean close, so that the next start reads
 * the listings in force in one sequential read instead of one `act!` row per listing
 * (memory.ts). The file is the index's columns as they are in memory (listing-index.ts,
 * IndexColumns), stamped with the store's seal (store/seal.ts): it is used only when
 * the store still carries that seal, i.e. when nothing has been committed since it was
 * written; otherwise, or when it is damaged, start-up scans the `act!` rows.
 *
 *   "ARXLIDX" 0x00 · u32 format · u32 header length · header (JSON) · padding to 8
 *   · each column in IndexColumns order, each padded to 8 · u32 CRC-32 of all before it
 *
 * All numbers little-endian. Written to a temporary file, fsynced and renamed over the
 * last one, then the directory fsynced: a crash leaves the old file or the new one whole.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { CompactListingIndex, IndexColumns } from './listing-index.js';

/** The snapshot's name in the data directory. */
export const SNAPSHOT_FILE = 'listings.snapshot';
const MAGIC = Buffer.from('ARXLIDX\0', 'latin1');
const FORMAT = 1;
const PREAMBLE = MAGIC.length + 8;

type ArrayName = 'ids' | 'addrs' | 'family' | 'plen' | 'kind' | 'reasons' | 'origins';
type ColumnName = ArrayName | 'since' | 'expires' | 'next' | 'free' | 'byId' | 'byNetwork';

/** The columns in file order, each with its element type. */
const COLUMNS: readonly (readonly [ColumnName, { BYTES_PER_ELEMENT: number; name: string }])[] = [
  ['ids', Uint8Array],
  ['addrs', Uint8Array],
  ['family', Uint8Array],
  ['plen', Uint8Array],
  ['kind', Uint8Array],
  ['reasons', Uint8Array],
  ['origins', Uint16Array],
  ['since', Float64Array],
  ['expires', Float64Array],
  ['next', Int32Array],
  ['free', Int32Array],
  ['byId', Int32Array],
  ['byNetwork', Int32Array],
];

interface Header {
  readonly format: number;
  readonly token: string;
  readonly used: number;
  /** Element count of each column, in file order. */
  readonly lengths: readonly number[];
  readonly kinds: readonly string[];
  readonly reasonTable: readonly string[];
  readonly originTable: readonly string[];
  readonly names: readonly (readonly [number, string])[];
  readonly requests: readonly (readonly [number, readonly string[]])[];
}

/** Why a snapshot file was not used (a log line, never an error of the node). */
export class SnapshotUnusable extends Error {
  override readonly name = 'SnapshotUnusable';
}

const padTo8 = (n: number) => (8 - (n % 8)) % 8;
const ZEROS = new Uint8Array(8);

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Writes `index` to `dir`/listings.snapshot stamped with `token`; returns the bytes written. */
export function writeListingSnapshot(dir: string, index: CompactListingIndex, token: string): number {
  const c = index.columns();
  const header: Header = {
    format: FORMAT,
    token,
    used: c.used,
    lengths: COLUMNS.map(([name]) => c[name].length),
    kinds: c.kinds,
    reasonTable: c.reasonTable,
    originTable: c.originTable,
    names: c.names,
    requests: c.requests,
  };
  const json = Buffer.from(JSON.stringify(header));
  const preamble = Buffer.alloc(PREAMBLE);
  MAGIC.copy(preamble);
  preamble.writeUInt32LE(FORMAT, MAGIC.length);
  preamble.writeUInt32LE(json.length, MAGIC.length + 4);
  const parts: Uint8Array[] = [preamble, json, ZEROS.subarray(0, padTo8(PREAMBLE + json.length))];
  for (const [name] of COLUMNS) {
    const bytes = bytesOf(c[name]);
    parts.push(bytes, ZEROS.subarray(0, padTo8(bytes.length)));
  }
  const file = join(dir, SNAPSHOT_FILE);
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  let written = 0;
  let crc = 0;
  try {
    for (const part of parts) {
      // Empty parts are skipped: zlib.crc32 of an empty view over an empty ArrayBuffer
      // returns 0, not the running value (Node 20.20).
      if (part.length === 0) continue;
      crc = crc32(part, crc);
      for (let at = 0; at < part.length; ) at += writeSync(fd, part, at);
      written += part.length;
    }
    const trailer = Buffer.alloc(4);
    trailer.writeUInt32LE(crc >>> 0);
    writeSync(fd, trailer);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(tmp, file);
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
  return written + 4;
}

/**
 * Reads `dir`/listings.snapshot if it is whole and stamped with `token`, as columns for
 * CompactListingIndex.restore (which checks them). Throws SnapshotUnusable saying why
 * not; ENOENT when there is no file.
 */
export function readListingSnapshot(dir: string, token: string): IndexColumns {
  const buf = readFileSync(join(dir, SNAPSHOT_FILE));
  const unusable = (why: string) => new SnapshotUnusable(`${SNAPSHOT_FILE}: ${why}`);
  if (buf.length < PREAMBLE + 4 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) throw unusable('not a snapshot');
  const format = buf.readUInt32LE(MAGIC.length);
  if (format !== FORMAT) throw unusable(`format ${format}, not ${FORMAT}`);
  const body = buf.subarray(0, buf.length - 4);
  if (crc32(body) >>> 0 !== buf.readUInt32LE(buf.length - 4))
    throw unusable('checksum mismatch (damaged or cut short)');
  const jsonLength = buf.readUInt32LE(MAGIC.length + 4);
  if (PREAMBLE + jsonLength > body.length) throw unusable('header past the end');
  let header: Header;
  try {
    header = JSON.parse(body.toString('utf8', PREAMBLE, PREAMBLE + jsonLength)) as Header;
  } catch (cause) {
    throw unusable(`header: ${(cause as Error).message}`);
  }
  if (header.token !== token) throw unusable('written at another close than the store’s last (stale)');
  if (!Array.isArray(header.lengths) || header.lengths.length !== COLUMNS.length) throw unusable('column lengths');
  let at = PREAMBLE + jsonLength + padTo8(PREAMBLE + jsonLength);
  const columns: Partial<Record<ColumnName, ArrayBufferView>> = {};
  COLUMNS.forEach(([name, type], i) => {
    const length = header.lengths[i]!;
    const size = length * type.BYTES_PER_ELEMENT;
    if (!Number.isInteger(length) || length < 0 || at + size > body.length) throw unusable(`column ${name}`);
    // Columns start at multiples of 8 in the file: views of the file's buffer when it is
    // aligned too (restore takes them as the index's own), copies when not.
    const Type = type as unknown as new (b: ArrayBufferLike, offset?: number, length?: number) => ArrayBufferView;
    const offset = buf.byteOffset + at;
    columns[name] =
      offset % type.BYTES_PER_ELEMENT === 0
        ? new Type(buf.buffer, offset, length)
        : new Type(buf.buffer.slice(offset, offset + size));
    at += size + padTo8(size);
  });
  if (at !== body.length) throw unusable('bytes after the last column');
  return { ...(columns as Record<ColumnName, never>), ...pick(header) };
}

function pick(h: Header) {
  const { used, kinds, reasonTable, originTable, names, requests } = h;
  const lists = [kinds, reasonTable, originTable, names, requests];
  if (typeof used !== 'number' || !lists.every(Array.isArray)) throw new SnapshotUnusable('header fields');
  return { used, kinds, reasonTable, originTable, names, requests };
}

/**
 * LevelDB layout. One database per node, split into sublevels; every write of the
 * ingest path goes through one atomic, synced batch (see ingest/writer.ts).
 *
 *   e  id → COSE envelope bytes of an entry kept only as fork evidence (no arrival row)
 *   l  origin!seq → id
 *   h  origin → { seq, id } (head)           a  cursor → ArrivalMeta (local arrival order)
 *   c  id → arrival cursor (layout 7)        x  secondary indexes (kind, responsible, address:
 *                                                `<k|r|i>!<value>!<cursor>` → '', read through the
 *                                                arrival row the cursor names; report subjects:
 *                                                state/subjects.ts)
 *   s  materialised state (reports, listings and the listings in force, delisting,
 *      pending references, retractions)
 *   f  origin!seq → fork evidence            m  node metadata (adopted roster, store layout, ...)
 *   b  SHA-256 digest → detached blob bytes (a roster document), stored once verified
 *   v  hour!id → a report's detached evidence (deterministic CBOR), until its retention window
 *      ends; keyed by the hour of the report's ts, so expired evidence is one key range
 *      at the start of the sublevel (see evidenceKey)
 *   i  mail interop: complaint identities, report messages seen, the forwarding outbox
 *   r  cursor → COSE envelope bytes of every stored entry, under its arrival row's key: a
 *      replay (ws/subscription.ts) and a peer's catch-up (federation/relay.ts) read
 *      envelopes in key order, near one another on disk, instead of one random read per
 *      entry id (store layout 4); a read by id goes through `c` (store/envelopes.ts). It
 *      is the only copy since layout 6 (state/migrate.ts)
 */
import type { AbstractLevel, AbstractSublevel } from 'abstract-level';
import { Level } from 'level';
import { ArxNodeError } from '../errors.js';

/** What a node records about an entry when it stores it. */
export interface ArrivalMeta {
  /** Entry id (hex). */
  readonly id: string;
  /** Local arrival cursor: strictly increasing per node. */
  readonly c: number;
  readonly o: string;
  readonly s: number;
  readonly k: string;
  readonly t: number;
  /** Responsible member (hex key) for the entry's subject, if any. */
  readonly r: string | null;
  /** Subject address (hex) and prefix length, if any. */
  readonly ip: string | null;
  readonly len: number | null;
}

export const pad = (n: number): string => n.toString().padStart(16, '0');

/** The last `!`-separated part of a row key (an index row's cursor, a subject row's report id). */
export const keyEnd = (key: string): string => key.slice(key.lastIndexOf('!') + 1);

const HOUR_MS = 3_600_000;

/** The hour (since the epoch) an instant falls in, as evidence keys order it. */
export const evidenceHour = (ts: number): string => pad(Math.floor(ts / HOUR_MS));

/**
 * Key of a report's detached evidence in the `v` sublevel: the hour of its ts, then its
 * id. Evidence past the retention window is then every key below one hour — deleted and
 * compacted as one range, at a cost that follows what expired, not what is kept.
 */
export const evidenceKey = (ts: number, id: string): string => `${evidenceHour(ts)}!${id}`;

/** Any abstract-level database: LevelDB on disk (`level`) or `memory-level` in tests. */
export type Db = AbstractLevel<string | Buffer | Uint8Array, string, unknown>;

/** A sublevel of the node database. */
export type Sub = AbstractSublevel<Db, string | Buffer | Uint8Array, string, unknown>;

function makeSub(db: Db, name: string, valueEncoding: 'json' | 'view' | 'utf8'): Sub {
  return db.sublevel<string, unknown>(name, { valueEncoding: valueEncoding as 'json' });
}

export interface Sublevels {
  readonly db: Db;
  /** Envelopes by id (`e`) of entries kept only as fork evidence; a stored entry's is in `replay` (store/envelopes.ts). */
  readonly entries: Sub;
  readonly log: Sub;
  readonly heads: Sub;
  readonly arrival: Sub;
  /** id → arrival cursor: a read by id goes through it to `a` and `r` (store/envelopes.ts). */
  readonly byId: Sub;
  readonly index: Sub;
  readonly state: Sub;
  readonly forks: Sub;
  readonly meta: Sub;
  readonly blobs: Sub;
  readonly evidence: Sub;
  readonly mail: Sub;
  /** Envelopes by arrival cursor (`r`): what a replay reads. */
  readonly replay: Sub;
}

/**
 * Opens (creating if needed) the node database at `path`. A database another process
 * holds is ARX_NODE_LOCKED; any other failure is ARX_NODE_STORAGE naming LevelDB's own
 * reason (abstract-level's "Database failed to open" says nothing by itself).
 */
export async function openDb(path: string, options: StorageOptions = {}): Promise<Sublevels> {
  // Every sublevel names its own encoding; the root's default only matters to the
  // transaction commit, which writes pre-encoded strings on the root: with 'utf8' as the
  // default abstract-level encodes those about four times faster than with 'json'.
  const db = new Level<string, unknown>(path, { valueEncoding: 'utf8' });
  const open = levelOptions(options);
  openOptions.set(db, open);
  try {
    return await openSublevels(db as unknown as Db, open);
  } catch (error) {
    const cause = storageCause(error);
    if (cause.code === 'LEVEL_LOCKED') throw new ArxNodeError('ARX_NODE_LOCKED', path, { cause: error });
    const reason = cause.code && !cause.code.startsWith('LEVEL_') ? `${cause.code}: ${cause.message}` : cause.message;
    throw new ArxNodeError('ARX_NODE_STORAGE', `cannot open ${path}: ${reason}`, { cause: error });
  }
}

/**
 * Closes and reopens the database with its sublevels. LevelDB keeps a failed
 * background write (a memtable flush or a sync on a full disk) as a sticky error that
 * fails every later write until the database is reopened.
 */
export async function reopenDb(subs: Sublevels): Promise<void> {
  await subs.db.close();
  await subs.db.open((openOptions.get(subs.db) ?? levelOptions({})) as never);
  for (const sub of Object.values(subs)) if (sub !== subs.db) await (sub as Sub).open();
}

/** Errno-style names for the reasons LevelDB gives as text ("IO error: …: No space left on device"). */
const REASONS: [RegExp, string][] = [
  [/No space left on device|disk full/i, 'ENOSPC'],
  [/Disk quota exceeded/i, 'EDQUOT'],
  [/Read-only file system/i, 'EROFS'],
  [/Permission denied/i, 'EACCES'],
  [/Too many open files/i, 'EMFILE'],
  [/Input\/output error/i, 'EIO'],
];

/**
 * The innermost reason of a storage error: its message, and a code — the errno name
 * when the text or error carries one, else the innermost error's own code.
 */
export function storageCause(error: unknown): { code: string | null; message: string } {
  let inner = error;
  let code: string | null = null;
  for (let depth = 0; inner instanceof Error && depth < 8; depth++) {
    const own = (inner as { code?: unknown }).code;
    if (typeof own === 'string') code = own;
    if (!(inner.cause instanceof Error)) break;
    inner = inner.cause;
  }
  const message = inner instanceof Error ? inner.message : String(inner);
  const errno = REASONS.find(([pattern]) => pattern.test(message));
  return { code: errno ? errno[1] : code, message };
}

/**
 * LevelDB's memtable size. Ids are random, so most sublevels take random-key inserts
 * and the default 4 MiB memtable turns a sustained ingest into constant compaction; at
 * 32 MiB a bulk load runs about 1.6 times faster for at most twice that in memory.
 */
const WRITE_BUFFER_BYTES = 32 * 1024 * 1024;

/** How the node's LevelDB is opened (the `storage` section of the configuration). */
export interface StorageOptions {
  /**
   * Table files kept open (LevelDB's table cache; LevelDB takes 74 at least and keeps 10
   * for its own files). Each is read through mmap, so the pages reads touch stay in the
   * resident set while it is open: this bounds LevelDB's share of the resident set to
   * about this many 2 MiB files, whatever the store's size.
   * On the full-scale bench store (1,156 files) 250 kept a replay of 1,000,000 entries
   * as fast as LevelDB's default of 1,000 and its mapped pages at 0.4 GB instead of
   * 0.77; 100 halved the replay's rate (docs/performance.md). That replay read each
   * envelope by its random id (store layout 3); it now reads them by cursor (`r`).
   */
  readonly maxOpenFiles?: number;
}

export const DEFAULT_MAX_OPEN_FILES = 250;

const levelOptions = (options: StorageOptions): Record<string, unknown> => ({
  writeBufferSize: WRITE_BUFFER_BYTES,
  maxOpenFiles: options.maxOpenFiles ?? DEFAULT_MAX_OPEN_FILES,
});
const openOptions = new WeakMap<object, Record<string, unknown>>();

/** Opens the node's sublevels on an abstract-level database (the storage compliance suite runs on two). */
export async function openSublevels(db: Db, options: Record<string, unknown> = {}): Promise<Sublevels> {
  await db.open(options);
  const sub = (name: string, valueEncoding: 'json' | 'view' | 'utf8' = 'json') => makeSub(db, name, valueEncoding);
  return {
    db,
    entries: sub('e', 'view'),
    log: sub('l', 'utf8'),
    heads: sub('h'),
    arrival: sub('a'),
    byId: sub('c'),
    index: sub('x', 'utf8'),
    state: sub('s'),
    forks: sub('f'),
    meta: sub('m'),
    blobs: sub('b', 'view'),
    evidence: sub('v', 'view'),
    mail: sub('i'),
    replay: sub('r', 'view'),
  };
}

/** Whether the database reads a key synchronously (classic-level's `getSync`). */
export const hasSyncReads = (db: Db): boolean => (db.supports as { getSync?: boolean }).getSync === true;

/**
 * The values of `keys` in `sub`, in order. Where the backend reads synchronously each is
 * read in place: from LevelDB's block cache or the page cache that is microseconds, while
 * an async `getMany` is a thread-pool round trip that costs the main thread (and, on a
 * small machine, the core it shares with the pool) more than the reads themselves. A read
 * that must go to the disk waits in the event loop instead; the writer reads the same way.
 */
export async function readMany<T>(sub: Sub, keys: readonly string[]): Promise<(T | undefined)[]> {
  if (keys.length === 0) return [];
  if (hasSyncReads(sub.db as Db)) return keys.map((key) => sub.getSync(key) as T | undefined);
  return (await sub.getMany(keys as string[])) as (T | undefined)[];
}

/** One batch operation, addressed to a sublevel. */
export interface BatchOp {
  readonly type: 'put' | 'del';
  readonly sublevel: Sub;
  readonly key: string;
  readonly value?: unknown;
}

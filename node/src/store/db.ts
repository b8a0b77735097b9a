/**
 * LevelDB layout. One database per node, split into sublevels; every write of the
 * ingest path goes through one atomic, synced batch (see ingest/writer.ts).
 *
 *   e  id → COSE envelope bytes              l  origin!seq → id
 *   h  origin → { seq, id } (head)           a  cursor → ArrivalMeta (local arrival order)
 *   c  id → ArrivalMeta                      x  secondary indexes (kind, responsible, address)
 *   s  materialised state (reports, listings, delisting, pending references, retractions)
 *   f  origin!seq → fork evidence            m  node metadata (adopted roster, ...)
 *   i  mail interop: complaint identities, report messages seen, the forwarding outbox
 */
import type { AbstractLevel, AbstractSublevel } from 'abstract-level';
import { Level } from 'level';

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

/** Any abstract-level database: LevelDB on disk (`level`) or `memory-level` in tests. */
export type Db = AbstractLevel<string | Buffer | Uint8Array, string, unknown>;

/** A sublevel of the node database. */
export type Sub = AbstractSublevel<Db, string | Buffer | Uint8Array, string, unknown>;

function makeSub(db: Db, name: string, valueEncoding: 'json' | 'view' | 'utf8'): Sub {
  return db.sublevel<string, unknown>(name, { valueEncoding: valueEncoding as 'json' });
}

export interface Sublevels {
  readonly db: Db;
  readonly entries: Sub;
  readonly log: Sub;
  readonly heads: Sub;
  readonly arrival: Sub;
  readonly byId: Sub;
  readonly index: Sub;
  readonly state: Sub;
  readonly forks: Sub;
  readonly meta: Sub;
  readonly mail: Sub;
}

/** Opens (creating if needed) the node database at `path`. */
export async function openDb(path: string): Promise<Sublevels> {
  // Every sublevel names its own encoding; the root's default only matters to the
  // transaction commit, which writes pre-encoded strings on the root: with 'utf8' as the
  // default abstract-level encodes those about four times faster than with 'json'.
  const db = new Level<string, unknown>(path, { valueEncoding: 'utf8' });
  return openSublevels(db as unknown as Db, { writeBufferSize: WRITE_BUFFER_BYTES });
}

/**
 * LevelDB's memtable size. Ids are random, so most sublevels take random-key inserts
 * and the default 4 MiB memtable turns a sustained ingest into constant compaction; at
 * 32 MiB a bulk load runs about 1.6 times faster for at most twice that in memory.
 */
const WRITE_BUFFER_BYTES = 32 * 1024 * 1024;

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
    mail: sub('i'),
  };
}

/** One batch operation, addressed to a sublevel. */
export interface BatchOp {
  readonly type: 'put' | 'del';
  readonly sublevel: Sub;
  readonly key: string;
  readonly value?: unknown;
}

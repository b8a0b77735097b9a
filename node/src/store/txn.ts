/**
 * A write transaction over the sublevels: reads see the transaction's own writes
 * first (an overlay), writes are collected as one atomic batch. The ingest writer
 * builds one Txn per group commit.
 *
 * Both halves are on the ingest hot path, so they avoid abstract-level's general
 * machinery where it costs most: reads use `getSync` when the backend has it (a read
 * from LevelDB's cache is microseconds; an async read is a thread-pool round trip, and
 * the writer reads entry by entry), and the commit writes one batch on the root database
 * with keys already prefixed and values already encoded. On LevelDB that batch goes
 * straight to classic-level's own `_batch`, which takes the operations in the form
 * abstract-level would hand it after encoding (utf8 strings and byte arrays) and costs
 * about a third of a chained batch per operation; anywhere else (memory-level, a
 * classic-level without that method, a database with prewrite hooks or `write`
 * listeners, one not open) it is abstract-level's chained batch. Only the final value
 * of each key is written.
 */
import { Level } from 'level';
import { type Db, hasSyncReads, type Sub, type Sublevels } from './db.js';

const DELETED = Symbol('deleted');

type ValueFormat = 'json' | 'utf8' | 'view';

const AS_UTF8 = { keyEncoding: 'utf8', valueEncoding: 'utf8' } as const;
const AS_VIEW = { keyEncoding: 'utf8', valueEncoding: 'view' } as const;

/** How a sublevel stores its values, learned once per sublevel. */
const formats = new WeakMap<Sub, { prefix: string; format: ValueFormat }>();

function layout(sub: Sub): { prefix: string; format: ValueFormat } {
  let found = formats.get(sub);
  if (!found) {
    const name = (sub.valueEncoding() as { commonName?: string; name: string }).commonName ?? sub.valueEncoding().name;
    const format: ValueFormat = name === 'utf8' ? 'utf8' : name === 'view' || name === 'buffer' ? 'view' : 'json';
    if (name !== 'utf8' && name !== 'view' && name !== 'buffer' && name !== 'json') {
      throw new TypeError(`sublevel ${sub.prefix}: unsupported value encoding ${name}`);
    }
    found = { prefix: sub.prefix, format };
    formats.set(sub, found);
  }
  return found;
}

/** A value as the transaction writes it: JSON as text, text as it is, bytes as they are. */
const encode = (format: ValueFormat, value: unknown): unknown =>
  format === 'json' ? JSON.stringify(value) : format === 'utf8' ? String(value) : value;

/** One operation as classic-level's native batch reads it: `type`, `key`, `value`, already encoded. */
interface NativeOp {
  readonly type: 'put' | 'del';
  readonly key: string;
  readonly value: string | Uint8Array | undefined;
}

type NativeBatch = (this: Db, operations: NativeOp[], options: { sync: boolean }) => Promise<void>;

type WithBatch = { _batch?: unknown };

/**
 * classic-level's own `_batch`, if it has one: only a method classic-level itself
 * defines counts (abstract-level's inherited default does nothing).
 */
const NATIVE_BATCH: NativeBatch | null =
  Object.hasOwn(Level.prototype, '_batch') && typeof (Level.prototype as WithBatch)._batch === 'function'
    ? ((Level.prototype as WithBatch)._batch as NativeBatch)
    : null;

/**
 * Which way commits on this database reach storage: `native` (classic-level's `_batch`
 * with operations encoded here) or `public` (abstract-level's chained batch).
 */
export function commitPath(db: Db): 'native' | 'public' {
  return NATIVE_BATCH !== null && db instanceof Level && (db as WithBatch)._batch === NATIVE_BATCH
    ? 'native'
    : 'public';
}

/**
 * Whether this commit may skip abstract-level: the database is open (the public path
 * defers while it opens and fails with LEVEL_DATABASE_NOT_OPEN after it closes), and
 * nothing watches writes through abstract-level (hooks and events only the public path runs).
 */
function nativeNow(db: Db): boolean {
  const prewrite = db.hooks.prewrite as { noop?: boolean };
  return db.status === 'open' && prewrite.noop === true && db.listenerCount('write') === 0;
}

/** Told, after each commit, the keys it wrote or deleted in each sublevel. */
export type CommitWatcher = (sub: Sub, keys: Iterable<string>) => void;

const watchers = new WeakMap<object, Set<CommitWatcher>>();

/** Calls `fn` after every commit on this database (caches that follow stored rows); returns the stop function. */
export function watchCommits(subs: Sublevels, fn: CommitWatcher): () => void {
  let set = watchers.get(subs.db);
  if (!set) {
    set = new Set();
    watchers.set(subs.db, set);
  }
  set.add(fn);
  return () => set.delete(fn);
}

export class Txn {
  private readonly overlay = new Map<Sub, Map<string, unknown>>();
  private readonly syncReads: boolean;

  private readonly native: boolean;

  constructor(readonly subs: Sublevels) {
    this.syncReads = hasSyncReads(subs.db);
    this.native = commitPath(subs.db) === 'native';
  }

  private layer(sub: Sub): Map<string, unknown> {
    let layer = this.overlay.get(sub);
    if (!layer) {
      layer = new Map();
      this.overlay.set(sub, layer);
    }
    return layer;
  }

  /** Number of keys this transaction writes or deletes. */
  get size(): number {
    let n = 0;
    for (const layer of this.overlay.values()) n += layer.size;
    return n;
  }

  async get<T>(sub: Sub, key: string): Promise<T | undefined> {
    const layer = this.overlay.get(sub);
    if (layer?.has(key)) {
      const v = layer.get(key);
      return v === DELETED ? undefined : (v as T);
    }
    if (this.syncReads) return sub.getSync(key) as T | undefined;
    return (await sub.get(key)) as T | undefined;
  }

  put(sub: Sub, key: string, value: unknown): void {
    this.layer(sub).set(key, value);
  }

  del(sub: Sub, key: string): void {
    this.layer(sub).set(key, DELETED);
  }

  /** Keys (and values) under a key prefix, merging stored data with this transaction's writes. */
  async scan<T>(sub: Sub, prefix: string, limit = 10_000): Promise<[string, T][]> {
    const found = new Map<string, unknown>();
    for await (const [key, value] of sub.iterator({ gte: prefix, lt: `${prefix}\uffff`, limit })) {
      found.set(key as string, value);
    }
    const layer = this.overlay.get(sub);
    if (layer) {
      for (const [key, value] of layer) {
        if (!key.startsWith(prefix)) continue;
        if (value === DELETED) found.delete(key);
        else found.set(key, value);
      }
    }
    return [...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) as [string, T][];
  }

  /**
   * Writes everything atomically; `sync` waits for the data to reach the disk. Returns
   * the path the batch took (null when there was nothing to write). `via` chooses the
   * public path even where the native one would be taken (the test that both write the
   * same rows).
   */
  async commit(sync = true, via?: 'public'): Promise<'native' | 'public' | null> {
    if (this.size === 0) return null;
    const db = this.subs.db;
    const ops = this.native && via === undefined && nativeNow(db) ? this.encoded() : null;
    if (ops) await (NATIVE_BATCH as NativeBatch).call(db, ops, { sync });
    else await this.chained(sync);
    const watching = watchers.get(db);
    if (watching) for (const [sub, layer] of this.overlay) for (const fn of watching) fn(sub, layer.keys());
    return ops ? 'native' : 'public';
  }

  /**
   * The operations as classic-level's `_batch` takes them: the bytes abstract-level's
   * encodings would give it (utf8 strings pass as strings, byte arrays as bytes). Null
   * when a value is one only the public path handles (a JSON value with no JSON text, a
   * byte-sublevel value that is not bytes or text): that path then refuses or encodes it.
   */
  private encoded(): NativeOp[] | null {
    const ops: NativeOp[] = [];
    for (const [sub, layer] of this.overlay) {
      const { prefix, format } = layout(sub);
      for (const [key, value] of layer) {
        const full = prefix + key;
        if (value === DELETED) {
          ops.push({ type: 'del', key: full, value: undefined });
          continue;
        }
        const encoded = encode(format, value);
        if (typeof encoded !== 'string' && !(encoded instanceof Uint8Array)) return null;
        ops.push({ type: 'put', key: full, value: encoded });
      }
    }
    return ops;
  }

  /** The same batch through abstract-level's chained batch. */
  private async chained(sync: boolean): Promise<void> {
    const batch = this.subs.db.batch();
    for (const [sub, layer] of this.overlay) {
      const { prefix, format } = layout(sub);
      for (const [key, value] of layer) {
        const full = prefix + key;
        if (value === DELETED) batch.del(full, AS_UTF8);
        else batch.put(full, encode(format, value) as never, format === 'view' ? AS_VIEW : AS_UTF8);
      }
    }
    await batch.write({ sync } as never);
  }
}

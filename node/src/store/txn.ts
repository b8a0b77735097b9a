/**
 * A write transaction over the sublevels: reads see the transaction's own writes
 * first (an overlay), writes are collected as one atomic batch. The ingest writer
 * builds one Txn per group commit.
 *
 * Both halves are on the ingest hot path, so they avoid abstract-level's general
 * machinery where it costs most: reads use `getSync` when the backend has it (a read
 * from LevelDB's cache is microseconds; an async read is a thread-pool round trip, and
 * the writer reads entry by entry), and the commit writes one batch on the root database
 * with keys already prefixed and values already encoded. On LevelDB that batch is
 * classic-level's own chained batch driven through its implementation methods
 * (`_chainedBatch`, `_put`, `_del`, `_write`: abstract-level's contract with its
 * backends), which take keys and values in the form abstract-level would hand them after
 * encoding (utf8 strings and byte arrays). Each operation is then one native call with
 * its key and value as arguments. classic-level's array `_batch` reads every operation's
 * `type`, `key` and `value` back as named properties: 1.5–1.9 times the main thread's
 * time per operation (`pnpm bench commit`), and abstract-level's public chained batch
 * about five times.
 * Anywhere else (memory-level, a classic-level without those methods, a database with
 * prewrite hooks or `write` listeners, one not open) it is abstract-level's chained
 * batch. Only the final value of each key is written.
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

/** classic-level's chained batch as its implementation methods take it: keys and values already encoded. */
interface NativeBatch {
  _put(key: string, value: string | Uint8Array): void;
  _del(key: string): void;
  _write(options: { sync: boolean }): Promise<void>;
  close(): Promise<void>;
}

type MakeBatch = (this: Db) => NativeBatch;

/**
 * classic-level's own chained batch, if it has one: only a method classic-level itself
 * defines counts (abstract-level's inherited default is its public batch's).
 */
const NATIVE_CHAINED: MakeBatch | null =
  Object.hasOwn(Level.prototype, '_chainedBatch') &&
  typeof (Level.prototype as { _chainedBatch?: unknown })._chainedBatch === 'function'
    ? ((Level.prototype as { _chainedBatch?: unknown })._chainedBatch as MakeBatch)
    : null;

/**
 * Which way commits on this database reach storage: `native` (classic-level's chained
 * batch, operations encoded here) or `public` (abstract-level's chained batch).
 */
export function commitPath(db: Db): 'native' | 'public' {
  return NATIVE_CHAINED !== null &&
    db instanceof Level &&
    (db as { _chainedBatch?: unknown })._chainedBatch === NATIVE_CHAINED
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
    const native = this.native && via === undefined && nativeNow(db) && (await this.direct(db, sync));
    if (!native) await this.chained(sync);
    const watching = watchers.get(db);
    if (watching) for (const [sub, layer] of this.overlay) for (const fn of watching) fn(sub, layer.keys());
    return native ? 'native' : 'public';
  }

  /**
   * The batch through classic-level's chained batch: one native call per operation.
   * False, with nothing written, when a value is one only the public path handles (a
   * JSON value with no JSON text, a byte-sublevel value that is not bytes or text): that
   * path then refuses or encodes it.
   */
  private async direct(db: Db, sync: boolean): Promise<boolean> {
    const batch = (NATIVE_CHAINED as MakeBatch).call(db);
    try {
      for (const [sub, layer] of this.overlay) {
        const { prefix, format } = layout(sub);
        for (const [key, value] of layer) {
          if (value === DELETED) {
            batch._del(prefix + key);
            continue;
          }
          const encoded = encode(format, value);
          if (typeof encoded !== 'string' && !(encoded instanceof Uint8Array)) return false;
          batch._put(prefix + key, encoded);
        }
      }
      await batch._write({ sync });
      return true;
    } finally {
      await batch.close();
    }
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

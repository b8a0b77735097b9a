/**
 * A write transaction over the sublevels: reads see the transaction's own writes
 * first (an overlay), writes are collected as one atomic batch. The ingest writer
 * builds one Txn per group commit.
 */
import type { BatchOp, Sub, Sublevels } from './db.js';

const DELETED = Symbol('deleted');

export class Txn {
  readonly ops: BatchOp[] = [];
  private readonly overlay = new Map<Sub, Map<string, unknown>>();

  constructor(readonly subs: Sublevels) {}

  private layer(sub: Sub): Map<string, unknown> {
    let layer = this.overlay.get(sub);
    if (!layer) {
      layer = new Map();
      this.overlay.set(sub, layer);
    }
    return layer;
  }

  async get<T>(sub: Sub, key: string): Promise<T | undefined> {
    const layer = this.overlay.get(sub);
    if (layer?.has(key)) {
      const v = layer.get(key);
      return v === DELETED ? undefined : (v as T);
    }
    return (await sub.get(key)) as T | undefined;
  }

  put(sub: Sub, key: string, value: unknown): void {
    this.layer(sub).set(key, value);
    this.ops.push({ type: 'put', sublevel: sub, key, value });
  }

  del(sub: Sub, key: string): void {
    this.layer(sub).set(key, DELETED);
    this.ops.push({ type: 'del', sublevel: sub, key });
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

  /** Writes everything atomically; `sync` waits for the data to reach the disk. */
  async commit(sync = true): Promise<void> {
    if (this.ops.length === 0) return;
    await this.subs.db.batch(
      this.ops.map((op) =>
        op.type === 'put'
          ? { type: 'put' as const, sublevel: op.sublevel, key: op.key, value: op.value }
          : { type: 'del' as const, sublevel: op.sublevel, key: op.key },
      ) as never,
      { sync } as never,
    );
  }
}

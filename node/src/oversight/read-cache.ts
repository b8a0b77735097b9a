/**
 * What the oversight reads keep between requests: rows of the aggregates (cells, totals,
 * the fact that a range of points is empty), per scope, invalidated by write. Every commit
 * (store/txn.ts) reports the keys it wrote; a write to any aggregate row of a scope drops
 * what is kept for that scope — a late entry backdated into an old hour included, so a
 * kept row is never older than the store. Time alone never invalidates anything: the
 * readers filter what they keep by the window and `until` of each request, as they filter
 * what they read from LevelDB.
 *
 * A value is kept only if no commit touched its scope while it was read (the generation
 * is taken before the read and checked when it is kept). Memory follows the scopes (the
 * roster) and the hours of the windows asked, at most `metrics.readCacheValuesPerScope`
 * values per scope (MAX_NAMES unless the node sets it; 0 keeps nothing).
 */
import type { Sublevels } from '../store/db.js';
import { watchCommits } from '../store/txn.js';

/** Values kept per scope (window shapes asked, chart instants); past it, the scope's values are dropped. */
export const MAX_NAMES = 128;
/** The row families keyed by scope (aggregates.ts) that the readers keep. */
const FAMILIES = new Set(['ovc', 'ovp', 'ovtc', 'ovtt', 'ovtp', 'ovti', 'ovs']);
/** The pseudo-scope of the scope list (`ovs!` rows). */
const SCOPES = '*scopes';

interface Kept {
  gen: number;
  values: Map<string, unknown>;
}

class Watch {
  private readonly gens = new Map<string, number>();
  readonly kept = new Map<string, Kept>();
  /** Values kept per scope; past it, the scope's values are dropped. */
  limit = MAX_NAMES;

  constructor(subs: Sublevels) {
    const prefix = subs.state.prefix;
    watchCommits(subs, (sub, keys) => {
      if (sub.prefix !== prefix) return;
      for (const key of keys) {
        if (!key.startsWith('ov')) continue;
        const start = key.indexOf('!');
        // A row of its own (the trim floor): a pseudo-scope named after it.
        if (start < 0) this.bump(`*${key}`);
        if (start < 0 || !FAMILIES.has(key.slice(0, start))) continue;
        const end = key.indexOf('!', start + 1);
        this.bump(key.slice(start + 1, end < 0 ? undefined : end));
        if (key.startsWith('ovs!')) this.bump(SCOPES);
      }
    });
  }

  private bump(scope: string): void {
    this.gens.set(scope, (this.gens.get(scope) ?? 0) + 1);
    this.kept.delete(scope);
  }

  gen(scope: string): number {
    return this.gens.get(scope) ?? 0;
  }
}

const watches = new WeakMap<object, Watch>();

/** Sets how many values are kept per scope for this store (`metrics.readCacheValuesPerScope`; 0: none). */
export function limitReadCache(subs: Sublevels, valuesPerScope: number): void {
  const w = watchOf(subs);
  w.limit = valuesPerScope;
  w.kept.clear();
}

function watchOf(subs: Sublevels): Watch {
  let w = watches.get(subs.db);
  if (!w) {
    w = new Watch(subs);
    watches.set(subs.db, w);
  }
  return w;
}

/** The kept rows of one scope, as of the moment it is made (make it before reading). */
export class ScopeMemo {
  private readonly watch: Watch;
  private readonly gen: number;

  constructor(
    subs: Sublevels,
    private readonly scope: string,
  ) {
    this.watch = watchOf(subs);
    this.gen = this.watch.gen(scope);
  }

  get<T>(name: string): T | undefined {
    const kept = this.watch.kept.get(this.scope);
    return kept && kept.gen === this.watch.gen(this.scope) ? (kept.values.get(name) as T | undefined) : undefined;
  }

  /** Keeps `value` (treated as read-only by every reader), unless a commit touched the scope since this memo was made. */
  set(name: string, value: unknown): void {
    if (this.watch.gen(this.scope) !== this.gen || this.watch.limit === 0) return;
    let kept = this.watch.kept.get(this.scope);
    if (!kept || kept.gen !== this.gen || kept.values.size >= this.watch.limit) {
      kept = { gen: this.gen, values: new Map() };
      this.watch.kept.set(this.scope, kept);
    }
    kept.values.set(name, value);
  }

  /** Whether the range `name` is known to hold no row at or after `from`. */
  emptyFrom(name: string, from: number): boolean {
    const at = this.get<number>(name);
    return at !== undefined && from >= at;
  }

  /** The range `name` holds no row at or after `from`. */
  setEmptyFrom(name: string, from: number): void {
    this.set(name, Math.min(from, this.get<number>(name) ?? from));
  }
}

export const scopeMemo = (subs: Sublevels, scope: string): ScopeMemo => new ScopeMemo(subs, scope);
export const scopesMemo = (subs: Sublevels): ScopeMemo => new ScopeMemo(subs, SCOPES);
/** The memo of one `ov` row without a scope (such as the trim floor). */
export const rowMemo = (subs: Sublevels, key: string): ScopeMemo => new ScopeMemo(subs, `*${key}`);

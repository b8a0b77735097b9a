/**
 * Which entries are waiting for a reference they name (an ack for its report, a
 * decision for its request). The waiting entries themselves are stored in state
 * (`pend!<ref>!<id>`); this in-memory set of their refs lets the writer skip the
 * storage scan for the common case — nothing waits for the entry just stored — which
 * would otherwise cost one LevelDB iterator per stored entry.
 */
import type { Sub } from '../store/db.js';

export class PendingRefs {
  /** ref → generation, bumped whenever something starts waiting for it. */
  private readonly refs = new Map<string, number>();

  /** Loads the refs with waiting entries from the state sublevel. */
  async load(state: Sub): Promise<void> {
    const prefix = 'pend!';
    for await (const key of state.keys({ gte: prefix, lt: `${prefix}\uffff` })) {
      const ref = String(key).slice(prefix.length).split('!')[0]!;
      this.refs.set(ref, 0);
    }
  }

  get size(): number {
    return this.refs.size;
  }

  /** Something now waits for `ref`. */
  add(ref: string): void {
    this.refs.set(ref, (this.refs.get(ref) ?? 0) + 1);
  }

  /** The refs starting with `prefix` that entries wait for (the blobs a node must fetch). */
  withPrefix(prefix: string): string[] {
    const out: string[] = [];
    for (const ref of this.refs.keys()) if (ref.startsWith(prefix)) out.push(ref.slice(prefix.length));
    return out;
  }

  /** False when nothing can be waiting for `ref` (no storage scan needed). */
  has(ref: string): boolean {
    return this.refs.has(ref);
  }

  /** The current generation of `ref`, to pass to `settled` once its waiters are applied. */
  generation(ref: string): number | undefined {
    return this.refs.get(ref);
  }

  /** The waiters of `ref` were applied and that is durable; forget it unless a new waiter came since. */
  settled(ref: string, generation: number | undefined): void {
    if (this.refs.get(ref) === generation) this.refs.delete(ref);
  }
}

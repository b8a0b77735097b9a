/**
 * A bounded cache of encoded answers for hot questions (`dnsbl.answerCache` entries per
 * answering process): the response to a question, keyed by the name in lower case, the
 * type and the EDNS shape of the query, kept while nothing it depends on changes. The
 * caller patches the id, RD and the name as asked (0x20) into a copy of it.
 *
 * An entry is dropped when the listing index changes (its `version`), when the zone's
 * SOA serial changes (negative answers carry the SOA), and when its time is up: an
 * answer holding a listing that expires is kept only while its TTL and content cannot
 * have changed (answer.ts `stableUntil`). An index without a version is never cached
 * from. When full, the oldest entry makes room (first in, first out).
 */

export interface CachedAnswer {
  /** The whole response as first sent (the id, RD and name case are the caller's to patch). */
  readonly bytes: Buffer;
  readonly rcode: number;
  /** Time (ms) from which the answer may differ although no listing changed. */
  readonly stableUntil: number;
}

export class AnswerCache {
  private readonly entries = new Map<string, CachedAnswer>();
  private version: number | undefined;
  private serial: number | undefined;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * The cached answer for `key` when it still holds at `now` for this index version and
   * zone serial; a change of either empties the cache.
   */
  get(key: string, version: number, serial: number, now: number): CachedAnswer | undefined {
    if (version !== this.version || serial !== this.serial) {
      this.entries.clear();
      this.version = version;
      this.serial = serial;
      return undefined;
    }
    const entry = this.entries.get(key);
    if (entry && now >= entry.stableUntil) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Keeps an answer computed at the version and serial of the last `get`. */
  set(key: string, entry: CachedAnswer): void {
    if (this.capacity === 0) return;
    if (this.entries.size >= this.capacity && !this.entries.has(key)) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, entry);
  }
}

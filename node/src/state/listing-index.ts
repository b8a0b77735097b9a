/**
 * Active listings in columns of typed arrays, one slot per listing: what a lookup, an
 * export or a DNSBL answer needs (id, list, reason, operator, address and length,
 * since, expiry) costs about a hundred bytes per listing in a handful of large arrays,
 * not a JavaScript object graph per listing (rbldnsd holds an ip4set in a few bytes per
 * entry; a view adds what is shared: kind, reason and operator tables).
 *
 * Two open-addressing tables of slot numbers index the columns: by id, and by
 * (family, prefix length, network). Listings of the same network (other lists, other
 * operators) form a chain through `next`. A lookup probes each prefix length present
 * in the family, from the longest down: a handful of probes, whatever the count of
 * listings. `ListingView`s are built only for the listings an answer holds.
 *
 * Domain and URL listings are kept by name in a Map (they are few beside address
 * listings; their text is the key). Delisting request ids are kept only for listings
 * that have any.
 */
import {
  formatPrefix,
  type IpPrefix,
  LIST_KINDS,
  type ListKind,
  REPORT_CATEGORIES,
  type ReportCategory,
} from '@arx/protocol';
import { fmix32, fnv1a, SlotTable } from './slot-table.js';
import type { ListingIndex, ListingView } from './types.js';

/** Entry ids are SHA-256 digests. */
const ID_BYTES = 32;
const ADDR_BYTES = 16;
const NONE = -1;
const FAMILY = { free: 0, v4: 4, v6: 6, name: 1 } as const;
const NO_REQUESTS: readonly string[] = Object.freeze([]);

const ID_PATTERN = /^[0-9a-f]{64}$/;
const isId = (id: string) => ID_PATTERN.test(id);

/** Small string tables (list kinds, reasons, operators) shared by every slot. */
class Interned<T extends string> {
  private readonly values: T[] = [];
  private readonly indexOf = new Map<T, number>();
  constructor(private readonly max: number) {}

  index(value: T): number {
    let i = this.indexOf.get(value);
    if (i === undefined) {
      if (this.values.length >= this.max) throw new RangeError(`more than ${this.max} distinct values`);
      i = this.values.length;
      this.values.push(value);
      this.indexOf.set(value, i);
    }
    return i;
  }

  has(value: T): number | undefined {
    return this.indexOf.get(value);
  }

  value(i: number): T {
    return this.values[i]!;
  }

  get all(): readonly T[] {
    return this.values;
  }

  get length(): number {
    return this.values.length;
  }
}

function grown<A extends Uint8Array | Uint16Array | Int32Array | Float64Array>(a: A, length: number): A {
  const b = new (a.constructor as new (n: number) => A)(length);
  b.set(a);
  return b;
}

/** Hash of the network of `ip` (at `offset`, `bytes` long) at prefix length `len`. */
function networkHash(ip: Uint8Array, offset: number, bytes: number, len: number): number {
  const full = len >> 3;
  let h = fnv1a(ip, offset, full, 0x811c9dc5 ^ (bytes << 8) ^ len);
  const rem = len & 7;
  if (rem) {
    h ^= ip[offset + full]! & ((0xff << (8 - rem)) & 0xff);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // FNV's low bits alone cluster for sequential addresses.
  return fmix32(h);
}

/** Hash of the 32-byte id at `offset`: every byte counts, so ids alike in a prefix still spread. */
export function idHash(ids: Uint8Array, offset: number): number {
  return fmix32(fnv1a(ids, offset, ID_BYTES));
}

/** Whether the network of `a` at `len` equals that of `b` (both `bytes` long). */
function sameNetwork(a: Uint8Array, ao: number, b: Uint8Array, bo: number, len: number): boolean {
  const full = len >> 3;
  for (let i = 0; i < full; i++) if (a[ao + i] !== b[bo + i]) return false;
  const rem = len & 7;
  if (!rem) return true;
  const m = (0xff << (8 - rem)) & 0xff;
  return (a[ao + full]! & m) === (b[bo + full]! & m);
}

class Lengths {
  readonly counts: Int32Array;
  /** Lengths with at least one listing, longest first. */
  present: number[] = [];
  constructor(bits: number) {
    this.counts = new Int32Array(bits + 1);
  }
  add(len: number): void {
    if (this.counts[len]!++ === 0) this.refresh();
  }
  remove(len: number): void {
    if (--this.counts[len]! === 0) this.refresh();
  }
  private refresh(): void {
    this.present = [];
    for (let len = this.counts.length - 1; len >= 0; len--) if (this.counts[len]! > 0) this.present.push(len);
  }
}

/** What a listing is stored from: a view (or a record turned into one). */
export type ListingInput = Pick<
  ListingView,
  'id' | 'list' | 'target' | 'targetText' | 'reason' | 'origin' | 'originHandle' | 'since' | 'expires' | 'removedAt'
> & { readonly requests: readonly string[] };

/**
 * An index's whole state as arrays and tables, without copies: what a snapshot holds
 * (listing-snapshot.ts). Every column holds `used` slots (free ones too); the two hash
 * tables are their cells as they are.
 */
export interface IndexColumns {
  readonly used: number;
  /** `used` × 32 bytes. */
  readonly ids: Uint8Array;
  /** `used` × 16 bytes. */
  readonly addrs: Uint8Array;
  readonly family: Uint8Array;
  readonly plen: Uint8Array;
  readonly kind: Uint8Array;
  readonly reasons: Uint8Array;
  readonly origins: Uint16Array;
  readonly since: Float64Array;
  readonly expires: Float64Array;
  readonly next: Int32Array;
  /** Free slots, in the order they are reused (last first). */
  readonly free: Int32Array;
  readonly byId: Int32Array;
  readonly byNetwork: Int32Array;
  readonly kinds: readonly string[];
  readonly reasonTable: readonly string[];
  /** Operators' keys (hex); handles are not kept: they come from the roster. */
  readonly originTable: readonly string[];
  /** Domain and URL listings, slot → name, in the order they were stored. */
  readonly names: readonly (readonly [number, string])[];
  /** Slot → delisting request ids, for the listings that have any. */
  readonly requests: readonly (readonly [number, readonly string[]])[];
}

const COLUMN_WIDTHS = {
  ids: ID_BYTES,
  addrs: ADDR_BYTES,
  family: 1,
  plen: 1,
  kind: 1,
  reasons: 1,
  origins: 1,
  since: 1,
  expires: 1,
  next: 1,
} as const;

const HEX_KEY = /^[0-9a-f]{64}$/;

/** Throws a RangeError naming the first way `c` is not an index's state; returns the live slot count. */
function checkColumns(c: IndexColumns): number {
  const fail = (what: string) => {
    throw new RangeError(`listing index columns: ${what}`);
  };
  const { used } = c;
  if (!Number.isInteger(used) || used < 0) fail(`used ${used}`);
  for (const [name, width] of Object.entries(COLUMN_WIDTHS)) {
    const length = (c[name as keyof typeof COLUMN_WIDTHS] as { length: number }).length;
    if (length !== used * width) fail(`${name} holds ${length} values for ${used} slots`);
  }
  if (c.kinds.length > 255 || c.kinds.some((k) => !Object.hasOwn(LIST_KINDS, k))) fail('list kinds');
  if (c.reasonTable.length > 255 || c.reasonTable.some((r) => !Object.hasOwn(REPORT_CATEGORIES, r))) fail('reasons');
  if (c.originTable.length > 65_535 || c.originTable.some((o) => !HEX_KEY.test(o))) fail('operators');
  for (const table of [c.kinds, c.reasonTable, c.originTable]) {
    if (new Set(table).size !== table.length) fail('a table repeats a value');
  }
  let names = 0;
  let free = 0;
  for (let slot = 0; slot < used; slot++) {
    const fam = c.family[slot]!;
    const next = c.next[slot]!;
    if (next < NONE || next >= used) fail(`slot ${slot} chains to ${next}`);
    if (fam === FAMILY.free) {
      free++;
      continue;
    }
    if (fam === FAMILY.name) names++;
    else if (fam === FAMILY.v4 ? c.plen[slot]! > 32 : fam !== FAMILY.v6 || c.plen[slot]! > 128) {
      fail(`slot ${slot}: family ${fam}, length ${c.plen[slot]}`);
    }
    if (c.kind[slot]! >= c.kinds.length || c.reasons[slot]! >= c.reasonTable.length) fail(`slot ${slot}: codes`);
    if (c.origins[slot]! >= c.originTable.length) fail(`slot ${slot}: operator`);
  }
  if (free !== c.free.length || c.free.some((s) => s < 0 || s >= used || c.family[s] !== FAMILY.free)) {
    fail('free slots');
  }
  if (names !== c.names.length || c.names.some(([s, n]) => c.family[s] !== FAMILY.name || typeof n !== 'string')) {
    fail('names');
  }
  const isIdList = (ids: readonly string[]) => Array.isArray(ids) && ids.every((id) => isId(id));
  if (c.requests.some(([s, ids]) => !(s >= 0 && s < used) || c.family[s] === FAMILY.free || !isIdList(ids))) {
    fail('delisting requests');
  }
  return used - free;
}

export class CompactListingIndex implements ListingIndex {
  private capacity = 0;
  /** The hash tables are still the arrays a restore was given (see restore, grow). */
  private restoredTables = false;
  // Any buffer: a restored index holds views of its snapshot's (restore).
  private ids: Uint8Array = new Uint8Array(0);
  private addrs: Uint8Array = new Uint8Array(0);
  private family: Uint8Array = new Uint8Array(0);
  private plen: Uint8Array = new Uint8Array(0);
  private kind: Uint8Array = new Uint8Array(0);
  private reasons: Uint8Array = new Uint8Array(0);
  private origins: Uint16Array = new Uint16Array(0);
  private since: Float64Array = new Float64Array(0);
  private expires: Float64Array = new Float64Array(0);
  private next: Int32Array = new Int32Array(0);
  private readonly free: number[] = [];
  private used = 0;
  private live = 0;
  private changes = 0;

  private readonly kinds = new Interned<ListKind>(255);
  private readonly reasonTable = new Interned<ReportCategory>(255);
  private readonly originTable = new Interned<string>(65_535);
  /** Latest handle seen per operator index. */
  private readonly handles: (string | null)[] = [];
  private readonly names = new Map<number, string>();
  private readonly byName = new Map<string, number[]>();
  private readonly requests = new Map<number, readonly string[]>();

  private readonly byId = new SlotTable((s) => this.slotIdHash(s), 1 << 12);
  private readonly byNetwork = new SlotTable((s) => this.slotNetworkHash(s), 1 << 12);
  private readonly v4 = new Lengths(32);
  private readonly v6 = new Lengths(128);
  private readonly scratch = Buffer.alloc(ID_BYTES);

  /** Puts and removes so far (ListingIndex.version). */
  get version(): number {
    return this.changes;
  }

  /** Active (not removed) listings held, expired or not. */
  get size(): number {
    return this.live;
  }

  /** Bytes held in typed arrays (columns and tables), for the memory figures. */
  get bytes(): number {
    const columns = [this.ids, this.addrs, this.family, this.plen, this.kind, this.reasons, this.origins];
    const more = [this.since, this.expires, this.next];
    return [...columns, ...more].reduce((n, a) => n + a.byteLength, 0) + this.byId.bytes + this.byNetwork.bytes;
  }

  /** The index's state as it is (views of its arrays, not copies): what a snapshot writes. */
  columns(): IndexColumns {
    const n = this.used;
    return {
      used: n,
      ids: this.ids.subarray(0, n * ID_BYTES),
      addrs: this.addrs.subarray(0, n * ADDR_BYTES),
      family: this.family.subarray(0, n),
      plen: this.plen.subarray(0, n),
      kind: this.kind.subarray(0, n),
      reasons: this.reasons.subarray(0, n),
      origins: this.origins.subarray(0, n),
      since: this.since.subarray(0, n),
      expires: this.expires.subarray(0, n),
      next: this.next.subarray(0, n),
      free: Int32Array.from(this.free),
      byId: this.byId.cellArray,
      byNetwork: this.byNetwork.cellArray,
      kinds: this.kinds.all,
      reasonTable: this.reasonTable.all,
      originTable: this.originTable.all,
      names: [...this.names],
      requests: [...this.requests],
    };
  }

  /**
   * Fills this empty index from `columns` (a snapshot's); handles come from `handleOf`,
   * as they would from a scan. Throws a RangeError, leaving the index empty, when the
   * columns are not an index's state.
   *
   * The arrays are taken as they are, not copied: the index owns them from here on and
   * the caller must not keep them. A snapshot's columns are views of the file read at
   * start-up, and copying them left that buffer (about 90 bytes a listing) to the
   * garbage collector, which on a quiet node may not reclaim it for the rest of the run.
   * At the first slot past them the columns move to new arrays, a power of two long,
   * and the hash tables to copies, so that nothing holds the file's buffer any more.
   */
  restore(columns: IndexColumns, handleOf: (key: string) => string | null): void {
    if (this.used !== 0 || this.capacity !== 0) throw new RangeError('restore needs an empty index');
    const live = checkColumns(columns);
    const ids = SlotTable.check(columns.byId, columns.used);
    const networks = SlotTable.check(columns.byNetwork, columns.used);
    if (ids !== live || networks > live) throw new RangeError('listing index columns: hash tables');
    // Checked: from here on nothing throws (the tables are taken with the counts found above).
    this.ids = columns.ids;
    this.addrs = columns.addrs;
    this.family = columns.family;
    this.plen = columns.plen;
    this.kind = columns.kind;
    this.reasons = columns.reasons;
    this.origins = columns.origins;
    this.since = columns.since;
    this.expires = columns.expires;
    this.next = columns.next;
    this.capacity = columns.used;
    this.used = columns.used;
    this.live = live;
    this.changes = live;
    // A loop, not push(...free): a million free slots would overflow the call stack as arguments.
    for (const slot of columns.free) this.free.push(slot);
    for (const k of columns.kinds) this.kinds.index(k as ListKind);
    for (const r of columns.reasonTable) this.reasonTable.index(r as ReportCategory);
    for (const o of columns.originTable) this.handles[this.originTable.index(o)] = handleOf(o);
    for (const [slot, name] of columns.names) {
      this.names.set(slot, name);
      const bucket = this.byName.get(name);
      if (bucket) bucket.push(slot);
      else this.byName.set(name, [slot]);
    }
    for (const [slot, ids] of columns.requests) this.requests.set(slot, [...ids]);
    for (let slot = 0; slot < this.used; slot++) {
      const fam = this.family[slot];
      if (fam === FAMILY.v4) this.v4.add(this.plen[slot]!);
      else if (fam === FAMILY.v6) this.v6.add(this.plen[slot]!);
    }
    this.byId.restore(columns.byId, columns.used, ids);
    this.byNetwork.restore(columns.byNetwork, columns.used, networks);
    this.restoredTables = true;
  }

  get(id: string): ListingView | undefined {
    const slot = this.slotOf(id);
    return slot === NONE ? undefined : this.view(slot);
  }

  /** Stores (or replaces) a listing; a removed one is dropped from the index. */
  put(view: ListingInput): void {
    this.remove(view.id);
    this.changes++;
    if (view.removedAt !== null) return;
    const slot = this.allocate();
    this.writeId(slot, view.id);
    this.kind[slot] = this.kinds.index(view.list);
    this.reasons[slot] = this.reasonTable.index(view.reason);
    const origin = this.originTable.index(view.origin);
    this.origins[slot] = origin;
    this.handles[origin] = view.originHandle;
    this.since[slot] = view.since;
    this.expires[slot] = view.expires ?? Number.NaN;
    this.next[slot] = NONE;
    if (view.requests.length > 0) this.requests.set(slot, [...view.requests]);
    const t = view.target;
    if ('ip' in t) {
      const v4 = t.ip.length === 4;
      this.family[slot] = v4 ? FAMILY.v4 : FAMILY.v6;
      this.plen[slot] = t.len;
      this.addrs.set(t.ip, slot * ADDR_BYTES);
      (v4 ? this.v4 : this.v6).add(t.len);
      this.linkNetwork(slot);
    } else {
      this.family[slot] = FAMILY.name;
      const name = 'domain' in t ? t.domain : t.url;
      this.names.set(slot, name);
      const bucket = this.byName.get(name);
      if (bucket) bucket.push(slot);
      else this.byName.set(name, [slot]);
    }
    this.byId.insert(slot);
    this.live++;
  }

  remove(id: string): void {
    const slot = this.slotOf(id);
    if (slot === NONE) return;
    this.changes++;
    this.byId.delete(slot);
    const fam = this.family[slot]!;
    if (fam === FAMILY.name) {
      const name = this.names.get(slot)!;
      const kept = this.byName.get(name)!.filter((s) => s !== slot);
      if (kept.length) this.byName.set(name, kept);
      else this.byName.delete(name);
      this.names.delete(slot);
    } else {
      this.unlinkNetwork(slot);
      (fam === FAMILY.v4 ? this.v4 : this.v6).remove(this.plen[slot]!);
    }
    this.requests.delete(slot);
    this.family[slot] = FAMILY.free;
    this.free.push(slot);
    this.live--;
  }

  forAddress(ip: Uint8Array, now = Date.now()): ListingView[] {
    return this.forPrefix({ ip, len: ip.length * 8 }, now);
  }

  /** Active listings whose prefix contains `prefix`, most specific first. */
  forPrefix(prefix: IpPrefix, now = Date.now(), origin?: string): ListingView[] {
    const out: ListingView[] = [];
    const only = this.originFilter(origin);
    if (only === null) return out;
    this.eachCovering(prefix, (slot) => {
      if ((only === undefined || this.origins[slot] === only) && this.isActive(slot, now)) out.push(this.view(slot));
    });
    return out;
  }

  forDomain(name: string, now = Date.now(), origin?: string): ListingView[] {
    const out: ListingView[] = [];
    const only = this.originFilter(origin);
    if (only === null) return out;
    const labels = name.toLowerCase().replace(/\.$/, '').split('.');
    for (let i = 0; i < labels.length - 1; i++) {
      for (const slot of this.byName.get(labels.slice(i).join('.')) ?? []) {
        if ((only === undefined || this.origins[slot] === only) && this.isActive(slot, now)) out.push(this.view(slot));
      }
    }
    return out;
  }

  /**
   * The same index restricted to one list operator's listings (hex key): what a DNSBL
   * zone serving only its own operator's lists queries. Views are built only for the
   * operator's listings that match.
   */
  scoped(origin: string): ListingIndex {
    const index = this;
    return {
      forAddress: (ip, now) => this.forPrefix({ ip, len: ip.length * 8 }, now, origin),
      forDomain: (name, now) => this.forDomain(name, now, origin),
      active: (filter = {}, now) => this.active({ ...filter, origin }, now),
      get version() {
        return index.version;
      },
    };
  }

  /** undefined: no filter; null: an operator with no listings (nothing matches); else its index. */
  private originFilter(origin: string | undefined): number | undefined | null {
    if (origin === undefined) return undefined;
    return this.originTable.has(origin) ?? null;
  }

  /** How many listings are active at `now` (without building views). */
  countActive(now = Date.now()): number {
    let n = 0;
    for (let slot = 0; slot < this.used; slot++) if (this.family[slot] !== FAMILY.free && this.isActive(slot, now)) n++;
    return n;
  }

  active(filter: { list?: ListKind; origin?: string } = {}, now = Date.now()): ListingView[] {
    const out: ListingView[] = [];
    const kind = filter.list === undefined ? undefined : this.kinds.has(filter.list);
    const origin = filter.origin === undefined ? undefined : this.originTable.has(filter.origin);
    // A filter naming a kind or operator never stored matches nothing.
    if ((filter.list !== undefined && kind === undefined) || (filter.origin !== undefined && origin === undefined))
      return out;
    for (let slot = 0; slot < this.used; slot++) {
      if (this.family[slot] === FAMILY.free) continue;
      if (kind !== undefined && this.kind[slot] !== kind) continue;
      if (origin !== undefined && this.origins[slot] !== origin) continue;
      if (this.isActive(slot, now)) out.push(this.view(slot));
    }
    return out;
  }

  private isActive(slot: number, now: number): boolean {
    const expires = this.expires[slot]!;
    return Number.isNaN(expires) || expires > now;
  }

  private view(slot: number): ListingView {
    const fam = this.family[slot]!;
    const origin = this.origins[slot]!;
    const expires = this.expires[slot]!;
    let target: ListingView['target'];
    let targetText: string;
    if (fam === FAMILY.name) {
      targetText = this.names.get(slot)!;
      target = /^https?:\/\//i.test(targetText) ? { url: targetText } : { domain: targetText };
    } else {
      const at = slot * ADDR_BYTES;
      target = { ip: this.addrs.slice(at, at + (fam === FAMILY.v4 ? 4 : 16)), len: this.plen[slot]! };
      targetText = formatPrefix(target);
    }
    return {
      id: Buffer.from(this.ids.buffer, this.ids.byteOffset + slot * ID_BYTES, ID_BYTES).toString('hex'),
      list: this.kinds.value(this.kind[slot]!),
      target,
      targetText,
      reason: this.reasonTable.value(this.reasons[slot]!),
      origin: this.originTable.value(origin),
      originHandle: this.handles[origin] ?? null,
      since: this.since[slot]!,
      expires: Number.isNaN(expires) ? null : expires,
      removedAt: null,
      requests: this.requests.get(slot) ?? NO_REQUESTS,
    };
  }

  /** Calls `fn` with every slot whose prefix contains `prefix`, most specific first. */
  private eachCovering(prefix: IpPrefix, fn: (slot: number) => void): void {
    const bytes = prefix.ip.length;
    const fam = bytes === 4 ? FAMILY.v4 : FAMILY.v6;
    for (const len of (bytes === 4 ? this.v4 : this.v6).present) {
      if (len > prefix.len) continue;
      const hash = networkHash(prefix.ip, 0, bytes, len);
      const head = this.byNetwork.find(
        hash,
        (s) =>
          this.family[s] === fam && this.plen[s] === len && sameNetwork(this.addrs, s * ADDR_BYTES, prefix.ip, 0, len),
      );
      for (let s = head; s !== NONE; s = this.next[s]!) fn(s);
    }
  }

  private allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.used === this.capacity) {
      // Powers of two from 1,024; a restored index holds exactly its slots until here.
      let capacity = 1024;
      while (capacity <= this.capacity) capacity *= 2;
      this.grow(capacity);
    }
    return this.used++;
  }

  private grow(capacity: number): void {
    this.ids = grown(this.ids, capacity * ID_BYTES);
    this.addrs = grown(this.addrs, capacity * ADDR_BYTES);
    this.family = grown(this.family, capacity);
    this.plen = grown(this.plen, capacity);
    this.kind = grown(this.kind, capacity);
    this.reasons = grown(this.reasons, capacity);
    this.origins = grown(this.origins, capacity);
    this.since = grown(this.since, capacity);
    this.expires = grown(this.expires, capacity);
    this.next = grown(this.next, capacity);
    this.capacity = capacity;
    if (this.restoredTables) {
      this.byId.restore(this.byId.cellArray.slice(), capacity, this.byId.size);
      this.byNetwork.restore(this.byNetwork.cellArray.slice(), capacity, this.byNetwork.size);
      this.restoredTables = false;
    }
  }

  private writeId(slot: number, id: string): void {
    if (!isId(id)) throw new RangeError(`listing id ${id} is not ${ID_BYTES} bytes of hex`);
    // Buffer's hex codec: the id is parsed on every put and lookup by id.
    Buffer.from(this.ids.buffer, this.ids.byteOffset + slot * ID_BYTES, ID_BYTES).write(id, 'hex');
  }

  private slotIdHash(slot: number): number {
    return idHash(this.ids, slot * ID_BYTES);
  }

  private slotOf(id: string): number {
    if (!isId(id)) return NONE;
    const key = this.scratch;
    key.write(id, 'hex');
    return this.byId.find(idHash(key, 0), (s) => {
      const at = s * ID_BYTES;
      for (let i = 0; i < ID_BYTES; i++) if (this.ids[at + i] !== key[i]) return false;
      return true;
    });
  }

  private slotNetworkHash(slot: number): number {
    const bytes = this.family[slot] === FAMILY.v4 ? 4 : 16;
    return networkHash(this.addrs, slot * ADDR_BYTES, bytes, this.plen[slot]!);
  }

  /** The first slot of the chain of listings with the same network as `slot` (maybe `slot` itself). */
  private chainHead(slot: number): number {
    const fam = this.family[slot]!;
    const len = this.plen[slot]!;
    const at = slot * ADDR_BYTES;
    return this.byNetwork.find(
      this.slotNetworkHash(slot),
      (s) =>
        this.family[s] === fam && this.plen[s] === len && sameNetwork(this.addrs, s * ADDR_BYTES, this.addrs, at, len),
    );
  }

  private linkNetwork(slot: number): void {
    const head = this.chainHead(slot);
    if (head === NONE) {
      this.byNetwork.insert(slot);
      return;
    }
    // Append: listings of one network are answered in the order they were stored.
    let tail = head;
    while (this.next[tail] !== NONE) tail = this.next[tail]!;
    this.next[tail] = slot;
  }

  private unlinkNetwork(slot: number): void {
    const head = this.chainHead(slot);
    if (head === slot) {
      const after = this.next[slot]!;
      if (after === NONE) this.byNetwork.delete(slot);
      else this.byNetwork.replace(slot, after);
    } else {
      let s = head;
      while (s !== NONE && this.next[s] !== slot) s = this.next[s]!;
      if (s !== NONE) this.next[s] = this.next[slot]!;
    }
    this.next[slot] = NONE;
  }
}

/**
 * An open-addressing hash set of slot numbers in one Int32Array (linear probing,
 * backward-shift deletion, load at most one half). The key of a slot is not stored:
 * the caller hashes it from its own columns (`hashOf`) and recognises it (`matches`),
 * so an index over a million listings costs 8 bytes per listing, not a JavaScript Map
 * entry and a key string each.
 */
const EMPTY = -1;

export class SlotTable {
  private cells: Int32Array;
  private mask: number;
  private count = 0;

  constructor(
    private readonly hashOf: (slot: number) => number,
    initialCells = 1024,
  ) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(16, initialCells)));
    this.cells = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the table itself. */
  get bytes(): number {
    return this.cells.byteLength;
  }

  /** The table's cells (a snapshot of the index holds them; see listing-snapshot.ts). */
  get cellArray(): Int32Array {
    return this.cells;
  }

  /**
   * Replaces the table with `cells` taken from a snapshot of the same columns: a power
   * of two long, at most half full, every cell EMPTY or a slot below `slots`. Throws a
   * RangeError (and changes nothing) when they are not. A caller that has just checked
   * these very cells passes the count `check` returned, so a million-slot table is not
   * walked twice at start-up.
   */
  restore(cells: Int32Array, slots: number, checked: number = SlotTable.check(cells, slots)): void {
    this.count = checked;
    this.cells = cells;
    this.mask = cells.length - 1;
  }

  /** How many slots `cells` holds, or a RangeError when they are not a table's cells over `slots` slots. */
  static check(cells: Int32Array, slots: number): number {
    const size = cells.length;
    if (size < 16 || (size & (size - 1)) !== 0) throw new RangeError(`${size} cells is not a power of two`);
    let count = 0;
    const seen = new Uint8Array(slots);
    // An indexed loop: for…of over a typed array of millions of cells, run once at
    // start-up before it is optimised, took about four times as long.
    for (let i = 0; i < size; i++) {
      const slot = cells[i]!;
      if (slot === EMPTY) continue;
      if (slot < 0 || slot >= slots || seen[slot]) throw new RangeError(`a cell holds slot ${slot} of ${slots}`);
      seen[slot] = 1;
      count++;
    }
    if (count * 2 > size) throw new RangeError(`${count} slots in ${size} cells`);
    return count;
  }

  /** The slot whose key hashes to `hash` and `matches`, or -1. */
  find(hash: number, matches: (slot: number) => boolean): number {
    for (let i = hash & this.mask; ; i = (i + 1) & this.mask) {
      const slot = this.cells[i]!;
      if (slot === EMPTY) return EMPTY;
      if (matches(slot)) return slot;
    }
  }

  /** Adds a slot whose key is not in the table yet. */
  insert(slot: number): void {
    if ((this.count + 1) * 2 > this.cells.length) this.grow();
    this.place(this.cells, this.mask, slot);
    this.count++;
  }

  /** Puts `next` in the cell holding `slot` (both have the same key). */
  replace(slot: number, next: number): void {
    const i = this.cellOf(slot);
    if (i === EMPTY) throw new RangeError(`slot ${slot} is not in the table`);
    this.cells[i] = next;
  }

  /** Removes `slot`; false if it was not there. */
  delete(slot: number): boolean {
    let hole = this.cellOf(slot);
    if (hole === EMPTY) return false;
    this.cells[hole] = EMPTY;
    this.count--;
    // Backward shift: move later members of the probe run into the hole where allowed,
    // so lookups never need tombstones.
    for (let i = (hole + 1) & this.mask; ; i = (i + 1) & this.mask) {
      const moved = this.cells[i]!;
      if (moved === EMPTY) return true;
      const home = this.hashOf(moved) & this.mask;
      const inRun = hole <= i ? home > hole && home <= i : home > hole || home <= i;
      if (inRun) continue;
      this.cells[hole] = moved;
      this.cells[i] = EMPTY;
      hole = i;
    }
  }

  private cellOf(slot: number): number {
    for (let i = this.hashOf(slot) & this.mask; ; i = (i + 1) & this.mask) {
      const held = this.cells[i]!;
      if (held === EMPTY) return EMPTY;
      if (held === slot) return i;
    }
  }

  private place(cells: Int32Array, mask: number, slot: number): void {
    let i = this.hashOf(slot) & mask;
    while (cells[i] !== EMPTY) i = (i + 1) & mask;
    cells[i] = slot;
  }

  private grow(): void {
    const old = this.cells;
    const cells = new Int32Array(old.length * 2).fill(EMPTY);
    const mask = cells.length - 1;
    for (const slot of old) if (slot !== EMPTY) this.place(cells, mask, slot);
    this.cells = cells;
    this.mask = mask;
  }
}

/** FNV-1a over `length` bytes of `bytes` from `offset`, seeded (a 32-bit unsigned hash). */
export function fnv1a(bytes: Uint8Array, offset: number, length: number, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < length; i++) {
    h ^= bytes[offset + i]!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Murmur3's finaliser: spreads every input bit over the low bits a table mask keeps. */
export function fmix32(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

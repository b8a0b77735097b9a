import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ChainHead, classifyEntry, toHex } from '@arx/protocol';
import fc from 'fast-check';
import { fakeId } from './fixtures.ts';

/** A log of `n` entries: entry i has seq i + 1 and names entry i - 1 as prev. */
function log(n: number, label = 'a'): { seq: number; prev: Uint8Array | null; id: Uint8Array }[] {
  const out: { seq: number; prev: Uint8Array | null; id: Uint8Array }[] = [];
  for (let i = 0; i < n; i++) out.push({ seq: i + 1, prev: out[i - 1]?.id ?? null, id: fakeId(`${label}/${i + 1}`) });
  return out;
}

const entries = log(5);
const byIndex = (seq: number) => entries[seq - 1]?.id;
const headAt = (seq: number): ChainHead => ({ seq, id: entries[seq - 1]!.id });

test('the first entry of an origin nobody has seen extends the log', () => {
  assert.deepEqual(
    classifyEntry(entries[0]!, undefined, () => undefined),
    { kind: 'next' },
  );
});

test('an entry that names the head as prev extends the log', () => {
  assert.deepEqual(classifyEntry(entries[3]!, headAt(3), byIndex), { kind: 'next' });
});

test('an entry already held is an idempotent duplicate, at the head or below it', () => {
  assert.deepEqual(classifyEntry(entries[2]!, headAt(3), byIndex), { kind: 'duplicate' });
  assert.deepEqual(classifyEntry(entries[0]!, headAt(3), byIndex), { kind: 'duplicate' });
});

test('an entry ahead of the head is a gap naming exactly the missing seqs', () => {
  assert.deepEqual(classifyEntry(entries[4]!, headAt(2), byIndex), { kind: 'gap', from: 3, to: 4 });
  assert.deepEqual(
    classifyEntry(entries[2]!, undefined, () => undefined),
    { kind: 'gap', from: 1, to: 2 },
  );
});

test('a different entry at a held seq is a fork carrying the held id as evidence', () => {
  const other = log(5, 'b');
  const atHead = classifyEntry({ ...other[2]!, prev: entries[1]!.id }, headAt(3), byIndex);
  assert.deepEqual(atHead, { kind: 'fork', seq: 3, existingId: entries[2]!.id });
  const below = classifyEntry(other[0]!, headAt(3), byIndex);
  assert.deepEqual(below, { kind: 'fork', seq: 1, existingId: entries[0]!.id });
});

test('a next entry whose prev is not the head is a fork at the head', () => {
  const wrongPrev = { seq: 4, prev: fakeId('elsewhere'), id: fakeId('x/4') };
  assert.deepEqual(classifyEntry(wrongPrev, headAt(3), byIndex), { kind: 'fork', seq: 3, existingId: entries[2]!.id });
  const noPrev = { seq: 4, prev: null, id: fakeId('x/4') };
  assert.equal(classifyEntry(noPrev, headAt(3), byIndex).kind, 'fork');
});

test('an entry below the head that is no longer held locally counts as history, not a fork', () => {
  assert.deepEqual(
    classifyEntry(log(5, 'c')[1]!, headAt(4), () => undefined),
    { kind: 'duplicate' },
  );
});

test('a log delivered in any order, with repeats, ends at its last entry without a fork', () => {
  fc.assert(
    fc.property(
      fc
        .integer({ min: 1, max: 30 })
        .chain((n) => fc.tuple(fc.constant(n), fc.array(fc.nat(n - 1), { minLength: n, maxLength: 3 * n }))),
      ([n, order]) => {
        const chain = log(n, `p${n}`);
        // Every entry arrives at least once, in a random order with repeats.
        const arrivals = [...order, ...chain.map((_, i) => i)].map((i) => chain[i]!);
        const held = new Map<number, Uint8Array>();
        const pending = new Map<number, (typeof chain)[number]>();
        let head: ChainHead | undefined;
        const apply = (entry: (typeof chain)[number]): void => {
          const verdict = classifyEntry(entry, head, (seq) => held.get(seq));
          assert.notEqual(verdict.kind, 'fork');
          if (verdict.kind === 'gap') {
            assert.ok(verdict.from === (head?.seq ?? 0) + 1 && verdict.to === entry.seq - 1);
            pending.set(entry.seq, entry);
          } else if (verdict.kind === 'next') {
            held.set(entry.seq, entry.id);
            head = { seq: entry.seq, id: entry.id };
            const waiting = pending.get(entry.seq + 1);
            if (waiting) apply(waiting);
          }
        };
        for (const entry of arrivals) apply(entry);
        assert.equal(head?.seq, n);
        assert.equal(toHex(head!.id), toHex(chain[n - 1]!.id));
      },
    ),
  );
});

test('below the floor an entry not held is a kept one: stored beside the chain, the head unmoved', () => {
  assert.deepEqual(
    classifyEntry(entries[1]!, headAt(4), () => undefined, 4),
    { kind: 'kept' },
  );
  assert.deepEqual(
    classifyEntry(entries[1]!, undefined, () => undefined, 4),
    { kind: 'kept' },
  );
  // Held already: a duplicate; another entry at that seq: a fork, below the floor too.
  assert.deepEqual(classifyEntry(entries[1]!, headAt(4), byIndex, 4), { kind: 'duplicate' });
  const other = log(5, 'd')[1]!;
  assert.deepEqual(classifyEntry(other, headAt(4), byIndex, 4), { kind: 'fork', seq: 2, existingId: entries[1]!.id });
});

test('with the head below floor − 1, the entry at the floor starts the chain, its prev trusted', () => {
  assert.deepEqual(
    classifyEntry(entries[3]!, undefined, () => undefined, 4),
    { kind: 'start' },
  );
  assert.deepEqual(classifyEntry(entries[3]!, headAt(1), byIndex, 4), { kind: 'start' });
  // Past the floor it is a gap from the floor, not from seq 1.
  assert.deepEqual(
    classifyEntry(entries[4]!, undefined, () => undefined, 4),
    { kind: 'gap', from: 4, to: 4 },
  );
  // Once the head is at floor − 1 or above, the chain links as always.
  assert.deepEqual(classifyEntry(entries[3]!, headAt(3), byIndex, 4), { kind: 'next' });
  const wrongPrev = { seq: 4, prev: fakeId('elsewhere'), id: fakeId('x/4') };
  assert.equal(classifyEntry(wrongPrev, headAt(3), byIndex, 4).kind, 'fork');
});

test('a head whose id is past the horizon takes the next entry on its prev', () => {
  const unknownHead: ChainHead = { seq: 3, id: null };
  assert.deepEqual(
    classifyEntry(entries[3]!, unknownHead, () => undefined, 4),
    { kind: 'next' },
  );
  assert.deepEqual(classifyEntry(entries[2]!, unknownHead, byIndex, 4), { kind: 'duplicate' });
});

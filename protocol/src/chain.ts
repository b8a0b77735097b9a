/**
 * Per-origin logs: `seq` counts from 1 without gaps and `prev` names the id of the
 * origin's previous entry. `classifyEntry` decides what an incoming entry is relative
 * to what a node holds; it is pure so every node (and every test) decides alike.
 */
import { bytesEqual } from './bytes.js';

/**
 * What a node holds for one origin: the highest contiguous seq and its id. The id is
 * null when the chain was started at a peer's floor and the entry before it is past the
 * horizon: the next entry's `prev` is then taken on trust (docs/protocol.md "Horizon").
 */
export interface ChainHead {
  readonly seq: number;
  readonly id: Uint8Array | null;
}

export type ChainVerdict =
  /** Extends the head: store it. */
  | { readonly kind: 'next' }
  /** Already held with the same id: an idempotent success. */
  | { readonly kind: 'duplicate' }
  /** Ahead of the head: hold it and fetch seqs `from`..`to` (inclusive) first. */
  | { readonly kind: 'gap'; readonly from: number; readonly to: number }
  /** Same seq as a held entry, different id; or a prev that does not match the head. */
  | { readonly kind: 'fork'; readonly seq: number; readonly existingId: Uint8Array }
  /** Below the floor and not held: an entry kept past the horizon. Store it; the head stays. */
  | { readonly kind: 'kept' }
  /** The first entry at the floor, the head being below it: the chain starts here, `prev` trusted. */
  | { readonly kind: 'start' };

/**
 * Classifies an entry against the head held for its origin. `idAt(seq)` returns the
 * id held at an earlier seq (needed to tell a duplicate from a fork). `floor` is the
 * seq from which the log is gap-free (docs/protocol.md "Horizon"): below it a node may
 * have deleted entries past the horizon, or never held them; 0 or 1 means the whole log.
 */
export function classifyEntry(
  entry: { readonly seq: number; readonly prev: Uint8Array | null; readonly id: Uint8Array },
  head: ChainHead | undefined,
  idAt: (seq: number) => Uint8Array | undefined,
  floor = 0,
): ChainVerdict {
  const headSeq = head?.seq ?? 0;
  if (entry.seq <= headSeq || entry.seq < floor) {
    const existing = entry.seq === headSeq && head?.id ? head.id : idAt(entry.seq);
    if (existing && bytesEqual(existing, entry.id)) return { kind: 'duplicate' };
    if (existing) return { kind: 'fork', seq: entry.seq, existingId: existing };
    // Below the floor and not held: a kept entry past the horizon, stored beside the chain.
    if (entry.seq < floor) return { kind: 'kept' };
    // Below the head but unknown locally (pruned): cannot be told apart; treat as duplicate of history.
    return { kind: 'duplicate' };
  }
  if (headSeq < floor - 1) {
    // The chain starts at the floor: what lies below it is past the horizon.
    if (entry.seq === floor) return { kind: 'start' };
    return { kind: 'gap', from: floor, to: entry.seq - 1 };
  }
  if (entry.seq > headSeq + 1) return { kind: 'gap', from: headSeq + 1, to: entry.seq - 1 };
  // entry.seq === headSeq + 1: it must link to the head (unless the head's id is past the horizon).
  if (head?.id && !(entry.prev && bytesEqual(entry.prev, head.id))) {
    return { kind: 'fork', seq: head.seq, existingId: head.id };
  }
  return { kind: 'next' };
}

/**
 * Fork proofs. Two different entries with the same origin and seq prove that the
 * origin's key misbehaved or was cloned. A node that holds one of them cannot see the
 * fork until it receives the other, and neither travels through ordinary catch-up
 * (each node's log holds only its own side) — so both entries of a fork are relayed
 * explicitly to every peer, once per node: an entry already known as fork evidence is
 * not relayed again, which ends the flood.
 */
import { parseEntry, toHex, type VerifiedEntry } from '@arx/protocol';
import type { NodeContext } from '../context.js';
import { envelopeOf, envelopesOf } from '../store/envelopes.js';

export interface ForkProof {
  readonly origin: string;
  readonly seq: number;
  readonly bytes: Uint8Array;
}

interface ForkRecord {
  ids: string[];
}

export class ForkProofs {
  /** Ids of entries known as fork evidence (held or relayed). */
  private readonly known = new Set<string>();
  private readonly loaded: Promise<void>;

  constructor(private readonly ctx: NodeContext) {
    this.loaded = this.load().catch((err) => ctx.log.warn({ err }, 'fork evidence not loaded'));
  }

  private async load(): Promise<void> {
    for await (const value of this.ctx.subs.forks.values()) {
      for (const id of (value as ForkRecord).ids) this.known.add(id);
    }
  }

  /**
   * The writer saw `entry` conflict with the entry `existingId` held at `seq`: returns
   * the entries of this proof not relayed before.
   */
  async onFork(entry: VerifiedEntry, existing: { seq: number; existingId: Uint8Array }): Promise<ForkProof[]> {
    await this.loaded;
    const fresh: ForkProof[] = [];
    const origin = entry.originHex;
    if (!this.known.has(entry.idHex)) {
      this.known.add(entry.idHex);
      fresh.push({ origin, seq: entry.payload.seq, bytes: entry.bytes });
    }
    const existingHex = toHex(existing.existingId);
    if (!this.known.has(existingHex)) {
      const bytes = await envelopeOf(this.ctx.subs, existingHex);
      if (bytes) {
        this.known.add(existingHex);
        fresh.push({ origin, seq: existing.seq, bytes });
      }
    }
    return fresh;
  }

  /** Every fork proof this node holds, for a peer that has just linked. */
  async all(): Promise<ForkProof[]> {
    await this.loaded;
    const proofs: ForkProof[] = [];
    for await (const value of this.ctx.subs.forks.values()) {
      const { ids } = value as ForkRecord;
      const envelopes = await envelopesOf(this.ctx.subs, ids);
      for (const bytes of envelopes) {
        if (!bytes) continue;
        // Stored entries were verified on the way in; only origin and seq are needed.
        const { originHex, payload } = parseEntry(bytes);
        proofs.push({ origin: originHex, seq: payload.seq, bytes });
      }
    }
    return proofs;
  }
}

/**
 * The receiving half of a peer link. Entries are verified as they arrive but queued
 * at the writer strictly in arrival order (a peer sends each origin in seq order, and
 * the order is what makes a chain extend instead of gapping), and many are in flight
 * at once so one group commit carries many of them. When too many are in flight the
 * socket stops being read: TCP pushes back on the sender, whose own flow control
 * then pauses it.
 */
import { parseEntry, type VerifiedEntry } from '@arx/protocol';
import type { NodeContext } from '../context.js';
import { describeError, entryIdOf } from '../errors.js';
import type { StoreResult } from '../ingest/writer.js';
import type { Session } from '../ws/session.js';
import { type LinkState, peerHolds } from './link-state.js';

const MAX_INFLIGHT = 4096;
/** A `want` is repeated for the same gap only after this long (its answer may still be on the way). */
const WANT_RETRY_MS = 2000;
/** The largest range one `want` asks for; the rest follows as the chain fills. */
export const MAX_WANT_SPAN = 100_000;
/** Origins remembered per link as refused for a reason a newer roster may lift. */
const MAX_REFUSED_ORIGINS = 1024;

type Verified = { entry: VerifiedEntry } | { error: unknown };
type Queued = { entry: VerifiedEntry; storing: Promise<StoreResult> } | { error: unknown };

export class Inbound {
  constructor(
    private readonly ctx: NodeContext,
    /** An entry was stored waiting for a detached blob: ask the peer that sent it. */
    private readonly onPendingBlob: (session: Session, digest: string) => void,
  ) {}

  /** Takes one `entry` frame from an authenticated peer; returns once it is queued or refused. */
  receive(session: Session, state: LinkState, bytes: Uint8Array, evidence?: Uint8Array): void {
    state.entriesReceived++;
    state.inflight++;
    const verifying: Promise<Verified> = this.ctx.ingest.verify(bytes, evidence).then(
      (entry) => ({ entry }),
      (error: unknown) => ({ error }),
    );
    const previous = state.tail;
    const queued = (async (): Promise<Queued> => {
      const verified = await verifying;
      await previous;
      if ('error' in verified) return verified;
      state.receiving.add(verified.entry.idHex);
      const floor = state.offers.get(verified.entry.originHex);
      return { entry: verified.entry, storing: this.ctx.writer.store(verified.entry, floor) };
    })();
    state.tail = queued.then(
      () => {},
      () => {},
    );
    void queued.then((q) => this.settle(session, state, q, bytes));
    if (state.inflight >= MAX_INFLIGHT && !state.paused) {
      state.paused = true;
      session.conn.socket.pause();
    }
  }

  private async settle(session: Session, state: LinkState, queued: Queued, bytes: Uint8Array): Promise<void> {
    try {
      if ('error' in queued) return this.refuse(session, state, queued.error, bytes);
      const { entry } = queued;
      try {
        this.onResult(session, state, entry, await queued.storing);
      } catch (error) {
        this.refuse(session, state, error, bytes);
      } finally {
        state.receiving.delete(entry.idHex);
      }
    } finally {
      state.inflight--;
      if (state.paused && state.inflight <= MAX_INFLIGHT / 2) {
        state.paused = false;
        session.conn.socket.resume();
      }
    }
  }

  private onResult(session: Session, state: LinkState, entry: VerifiedEntry, result: StoreResult): void {
    const origin = entry.originHex;
    const seq = entry.payload.seq;
    switch (result.status) {
      case 'accepted':
      case 'duplicate': {
        // A peer relays only what it holds, and holds its logs without gaps from its floor
        // (a kept entry below the floor it stated says nothing of what it holds next to it).
        if (seq >= (state.offers.get(origin) ?? 0)) peerHolds(state, origin, seq);
        const wanted = state.wanted.get(origin);
        if (wanted && seq >= wanted.from) state.wanted.delete(origin);
        if (result.effect?.blob) this.onPendingBlob(session, result.effect.blob);
        return;
      }
      case 'gap': {
        peerHolds(state, origin, seq);
        if (!result.missing) return;
        const { from } = result.missing;
        const wanted = state.wanted.get(origin);
        const now = Date.now();
        if (wanted && wanted.from === from && now - wanted.at < WANT_RETRY_MS) return;
        state.wanted.set(origin, { from, at: now });
        session.conn.send(['want', entry.payload.origin, from, Math.min(result.missing.to, from + MAX_WANT_SPAN)]);
        return;
      }
      case 'fork':
        // Kept as evidence by the writer; the federation relays the proof (forks.ts).
        return;
    }
  }

  private refuse(session: Session, state: LinkState, error: unknown, bytes: Uint8Array): void {
    const d = describeError(error);
    session.conn.send(['ok', entryIdOf(error), false, d.reason, `${d.code}: ${d.message}`.slice(0, 1000)]);
    // The peer may know a newer roster than ours (one that admits the origin, or allows a
    // wider listing), and storage recovers by itself: remember the origin, to ask again
    // once the roster or the storage catches up.
    const rosterMayChange = d.code === 'ARX_NODE_NOT_MEMBER' || d.code === 'ARX_NODE_TARGET_TOO_WIDE';
    const later = rosterMayChange
      ? state.refusedOrigins
      : d.code === 'ARX_NODE_STORAGE_UNAVAILABLE'
        ? state.unstoredOrigins
        : null;
    if (later && later.size < MAX_REFUSED_ORIGINS) {
      try {
        later.add(parseEntry(bytes).originHex);
      } catch {
        // Not parseable: nothing to ask for later.
      }
    }
  }
}

/**
 * What one peer link remembers. The handshake fields prove who the peer is; the
 * bookkeeping fields say, per origin, how far the peer is known to hold the log, so
 * that what is sent is exactly what the peer lacks — no gap, no duplicate, no loop.
 */
import { randomBytes } from 'node:crypto';
import type { Session } from '../ws/session.js';

/** A fork proof waiting until the peer holds its origin up to `seq`. */
export interface PendingProof {
  readonly seq: number;
  readonly bytes: Uint8Array;
}

export interface LinkState {
  /** Our fresh challenge for this connection (32 random bytes). */
  readonly challenge: Uint8Array;
  peerKey: Uint8Array | null;
  peerChallenge: Uint8Array | null;
  /** The link protocol version the peer stated in its `hello`. */
  peerVersion: number;
  authenticated: boolean;
  since: number | null;
  readonly url: string | null;

  /** origin → highest seq the peer is known to hold (contiguous from 1). */
  readonly peerHas: Map<string, number>;
  /** Origins whose log must be streamed to the peer from peerHas + 1. */
  readonly dirty: Set<string>;
  /**
   * origin → a `want` range being answered: stream up to `to`, then go back to what the
   * peer was known to hold before it asked (`resume`), as protocol.md says of `want`.
   */
  readonly wants: Map<string, { to: number; resume: number }>;
  pumping: boolean;
  haveReceived: boolean;
  /**
   * origin → the seq at which the peer's log was found to be another branch than ours
   * (its `have` named a different head id there). Nothing of that origin is streamed to
   * the peer any more: it would refuse every entry, on every reconnect.
   */
  readonly diverged: Map<string, number>;
  /**
   * The peer's latest `have` being compared with our logs (findBranches reads them): a
   * `want` is answered after it, so that a branch it finds is never streamed meanwhile.
   */
  branchesChecked: Promise<void>;
  /** Fork proofs for the peer, by origin, sent once it holds the forked seq. */
  readonly proofs: Map<string, PendingProof[]>;
  /**
   * origin → the floor the peer stated in a `horizon` frame: the entry at that seq may
   * start the chain here, and the kept entries it sends below it are stored beside it.
   */
  readonly offers: Map<string, number>;
  /** origin → the floor we last answered with in a `horizon` frame (sent again after a `want`). */
  readonly horizonSent: Map<string, number>;
  /** Origins the peer (link protocol below 3) was told, in a notice, it cannot get below our floor. */
  readonly belowHorizon: Set<string>;

  /** Resolves when the previous received entry has been queued at the writer (keeps arrival order). */
  tail: Promise<void>;
  /** Received entries verified or queued but not yet durable. */
  inflight: number;
  /** Socket reads paused because too much is in flight. */
  paused: boolean;
  /** Ids received from this peer and queued at the writer: the peer holds them, never echo them back. */
  readonly receiving: Set<string>;
  /** origin → the `want` last sent for it (from-seq and when), so a burst of gap entries asks once. */
  readonly wanted: Map<string, { from: number; at: number }>;
  /** origin → seq in the peer's previous `have` (an origin that has not moved between two is stuck). */
  readonly lastHave: Map<string, number>;
  /** Origins whose entries we refused as not members: asked for again if a new roster admits them. */
  readonly refusedOrigins: Set<string>;
  /** Origins whose entries we refused while storage failed: asked for again once it recovers. */
  readonly unstoredOrigins: Set<string>;

  entriesSent: number;
  entriesReceived: number;
  /** Timers owned by the link (handshake deadline, keepalive); cleared when it closes. */
  readonly timers: NodeJS.Timeout[];
}

export function newLinkState(url: string | null): LinkState {
  return {
    challenge: randomBytes(32),
    peerKey: null,
    peerChallenge: null,
    peerVersion: 0,
    authenticated: false,
    since: null,
    url,
    peerHas: new Map(),
    dirty: new Set(),
    wants: new Map(),
    pumping: false,
    haveReceived: false,
    diverged: new Map(),
    branchesChecked: Promise.resolve(),
    proofs: new Map(),
    offers: new Map(),
    horizonSent: new Map(),
    belowHorizon: new Set(),
    tail: Promise.resolve(),
    inflight: 0,
    paused: false,
    receiving: new Set(),
    wanted: new Map(),
    lastHave: new Map(),
    refusedOrigins: new Set(),
    unstoredOrigins: new Set(),
    entriesSent: 0,
    entriesReceived: 0,
    timers: [],
  };
}

/** The link state the federation layer stored on a session, if any. */
export function linkOf(session: Session): LinkState | null {
  return (session.link as LinkState | null) ?? null;
}

/** Raises what the peer is known to hold for an origin (never lowers it). */
export function peerHolds(state: LinkState, origin: string, seq: number): void {
  if ((state.peerHas.get(origin) ?? 0) < seq) state.peerHas.set(origin, seq);
}

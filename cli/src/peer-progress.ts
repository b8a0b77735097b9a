/**
 * Catch-up progress of peer links for `arx peers --watch`: from successive samples of
 * `GET /v1/peers`, how many entries each peer's node holds that this one does not
 * (per origin: their seq minus ours), how fast that falls, and when it will reach
 * zero. The bar runs from the most a peer was behind during the watch to zero.
 */

/** The part of a `/v1/peers` row this needs. */
export interface PeerSample {
  url: string | null;
  handle: string | null;
  key: string | null;
  direction: string;
  state: string;
  entriesReceived: number;
  lag: { origin: string; handle: string | null; theirs: number; ours: number }[];
}

export interface PeerProgress {
  peer: string;
  direction: string;
  state: string;
  /** Entries the peer holds that this node does not, summed over origins. */
  behind: number;
  /** The most it was behind since the watch began (the bar's full length). */
  peak: number;
  /** Entries received from this peer per second since the previous sample; null on the first. */
  rate: number | null;
  /** Seconds until `behind` reaches zero at `rate`; 0 when in sync, null when unknown. */
  etaSeconds: number | null;
}

const peerName = (p: PeerSample) => p.handle ?? p.key?.slice(0, 12) ?? p.url ?? '?';

/** Follows the peers across samples; `sample` returns the progress at that instant. */
export class CatchUpTracker {
  private readonly previous = new Map<string, { at: number; received: number; peak: number }>();

  sample(peers: readonly PeerSample[], now: number): PeerProgress[] {
    return peers.map((p) => {
      const id = `${p.direction}:${p.key ?? p.url ?? peerName(p)}`;
      const behind = p.lag.reduce((n, l) => n + Math.max(0, l.theirs - l.ours), 0);
      const before = this.previous.get(id);
      const seconds = before ? (now - before.at) / 1000 : 0;
      const rate = before && seconds > 0 ? Math.max(0, p.entriesReceived - before.received) / seconds : null;
      const peak = Math.max(behind, before?.peak ?? 0);
      this.previous.set(id, { at: now, received: p.entriesReceived, peak });
      const etaSeconds = behind === 0 ? 0 : rate ? behind / rate : null;
      return { peer: peerName(p), direction: p.direction, state: p.state, behind, peak, rate, etaSeconds };
    });
  }
}

/**
 * Address penalties: a client whose websocket was closed for sending too many malformed
 * frames or refused entries (`limits.maxViolationsPerConnection`) may not open another
 * for `limits.violationBackoffSeconds`. Without it a flood costs the node the same
 * again on every reconnect; with it, one connection's worth per backoff. Clients are
 * counted by IPv4 address or IPv6 /64 (clientKey). The table holds at most
 * `limits.maxPenalisedClients` (the oldest penalty goes first), so it is bounded whatever
 * the number of addresses an attacker has.
 */
import { clientKey } from '../http/client-key.js';

/** `limits.maxPenalisedClients` unless given. */
const MAX_PENALISED = 10_000;

export class AddressPenalties {
  /** Client → when its penalty ends (ms), in the order the penalties began. */
  private readonly until = new Map<string, number>();
  refusals = 0;

  constructor(
    private readonly seconds: number,
    private readonly maxClients = MAX_PENALISED,
    private readonly now: () => number = Date.now,
  ) {}

  penalise(remoteAddress: string): void {
    if (this.seconds <= 0) return;
    const key = clientKey(remoteAddress);
    this.until.delete(key);
    this.until.set(key, this.now() + this.seconds * 1000);
    if (this.until.size > this.maxClients) this.until.delete(this.until.keys().next().value!);
  }

  /** Seconds until `remoteAddress` may connect again; 0 when it may now. */
  retryAfter(remoteAddress: string): number {
    if (this.until.size === 0) return 0;
    const key = clientKey(remoteAddress);
    const end = this.until.get(key);
    if (end === undefined) return 0;
    const left = end - this.now();
    if (left <= 0) {
      this.until.delete(key);
      return 0;
    }
    return Math.ceil(left / 1000);
  }

  /** Clients under a penalty now (expired ones are dropped: the map is in order of end). */
  get size(): number {
    const now = this.now();
    for (const [key, end] of this.until) {
      if (end > now) break;
      this.until.delete(key);
    }
    return this.until.size;
  }
}

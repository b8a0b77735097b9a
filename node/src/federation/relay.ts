/**
 * The sending half of a peer link. Live entries go straight out while the peer is in
 * step and its socket keeps up; otherwise the origin is marked and streamed from the
 * log, in seq order, from what the peer is known to hold — so a slow or reconnecting
 * peer costs disk reads, never unbounded memory, and is never skipped.
 */
import { EVIDENCE_SIDECAR_VERSION, fromHex, HORIZON_LINK_VERSION } from '@arx/protocol';
import type { NodeContext } from '../context.js';
import type { StoredEvent } from '../ingest/writer.js';
import { evidenceKey, pad, type Sublevels } from '../store/db.js';
import { envelopesByCursor, metasOf } from '../store/envelopes.js';
import type { Session } from '../ws/session.js';
import { type LinkState, peerHolds } from './link-state.js';

/** Entries read from the log per round; the socket's high-water mark is checked between rounds. */
const BATCH = 512;
/** A catch-up that failed to read (storage reopening) is tried again after this long. */
const PUMP_RETRY_MS = 1000;

/**
 * The envelopes of `ids` (undefined where one is gone), read by cursor from the
 * arrival-ordered log (store/envelopes.ts), and with `withEvidence` their detached
 * evidence while held.
 */
async function envelopesWithEvidence(
  subs: Sublevels,
  ids: string[],
  withEvidence: boolean,
): Promise<{ envelopes: (Uint8Array | undefined)[]; evidence: (Uint8Array | undefined)[] }> {
  const metas = await metasOf(subs, ids);
  const envelopes = await envelopesByCursor(
    subs,
    ids,
    metas.map((m) => m?.c),
  );
  if (!withEvidence) return { envelopes, evidence: [] };
  const reports = metas.map((m) => (m?.k === 'report' ? evidenceKey(m.t, m.id) : undefined));
  const keys = reports.filter((k): k is string => k !== undefined);
  const found = keys.length > 0 ? ((await subs.evidence.getMany(keys)) as (Uint8Array | undefined)[]) : [];
  const byKey = new Map(keys.map((k, i) => [k, found[i]]));
  return { envelopes, evidence: reports.map((k) => (k === undefined ? undefined : byKey.get(k))) };
}

export class Relay {
  constructor(private readonly ctx: NodeContext) {}

  /** After the peer's `have`: stream every origin it lacks. */
  catchUp(session: Session, state: LinkState): void {
    for (const [origin, seq] of this.ctx.writer.haveVector()) {
      if ((state.peerHas.get(origin) ?? 0) < seq && !state.diverged.has(origin)) state.dirty.add(origin);
    }
    this.pump(session, state);
  }

  /** The peer asked for `origin` from `from`: it does not hold what we believed it did. */
  rewind(session: Session, state: LinkState, origin: string, from: number, to: number): void {
    // The peer holds another branch: nothing of ours would link to it.
    if (state.diverged.has(origin)) return;
    const has = Math.max(0, from - 1);
    const known = state.peerHas.get(origin) ?? 0;
    // Asked again: a `want` below our floor gets the typed answer again, never silence.
    state.horizonSent.delete(origin);
    state.belowHorizon.delete(origin);
    if (known > has) {
      state.peerHas.set(origin, has);
      // Only from..to was asked for: once it is sent, the peer is back where it was.
      const earlier = state.wants.get(origin);
      if (to >= from && to < known) state.wants.set(origin, { to, resume: Math.max(known, earlier?.resume ?? 0) });
      else state.wants.delete(origin);
    }
    state.dirty.add(origin);
    this.pump(session, state);
  }

  /** A newly stored entry: send it now if the peer is in step, else schedule a log read. */
  onStored(session: Session, state: LinkState, event: StoredEvent): void {
    if (!state.haveReceived) return;
    const { o, s, id } = event.meta;
    // The peer sent us this very entry: it holds it, so it is not echoed back.
    if (state.receiving.has(id)) return peerHolds(state, o, s);
    if (state.diverged.has(o)) return;
    const has = state.peerHas.get(o) ?? 0;
    if (s <= has) return;
    if (s === has + 1 && !state.dirty.has(o) && session.conn.writable()) {
      this.send(session, state, event.entry.bytes, event.entry.evidence);
      state.peerHas.set(o, s);
      if (state.proofs.size > 0) this.flushProofs(session, state, o);
      return;
    }
    state.dirty.add(o);
    this.pump(session, state);
  }

  /** Sends a fork proof once the peer holds the origin far enough to recognise the conflict. */
  queueProof(session: Session, state: LinkState, origin: string, seq: number, bytes: Uint8Array): void {
    const list = state.proofs.get(origin) ?? [];
    list.push({ seq, bytes });
    state.proofs.set(origin, list);
    if (state.haveReceived) this.flushProofs(session, state, origin);
  }

  private flushProofs(session: Session, state: LinkState, origin: string): void {
    const list = state.proofs.get(origin);
    if (!list) return;
    const has = state.peerHas.get(origin) ?? 0;
    // A receiver that holds seq − 1 either stores the entry or sees that it conflicts;
    // one further behind would hold it as a gap and could drop it once the gap fills.
    const ready = list.filter((p) => p.seq - 1 <= has);
    if (ready.length === 0) return;
    for (const p of ready) this.send(session, state, p.bytes);
    const rest = list.filter((p) => p.seq - 1 > has);
    if (rest.length > 0) state.proofs.set(origin, rest);
    else state.proofs.delete(origin);
  }

  private send(session: Session, state: LinkState, bytes: Uint8Array, evidence?: Uint8Array): void {
    // Detached evidence goes only to peers that understand the sidecar (link version 3).
    if (evidence && state.peerVersion >= EVIDENCE_SIDECAR_VERSION) session.conn.send(['entry', bytes, evidence]);
    else session.conn.send(['entry', bytes]);
    state.entriesSent++;
  }

  private pump(session: Session, state: LinkState): void {
    if (state.pumping) return;
    state.pumping = true;
    let failed = false;
    this.pumpLoop(session, state)
      .catch((err) => {
        // Storage closing under a shutdown (the link goes down with it), or being
        // reopened while it recovers from a failure.
        failed = true;
        if (!session.conn.closed()) this.ctx.log.warn({ err }, 'peer catch-up read failed');
      })
      .finally(() => {
        state.pumping = false;
        if (state.dirty.size === 0 || session.conn.closed()) return;
        // After a failed read, try again later: at once would spin without yielding.
        if (!failed) return this.pump(session, state);
        // Not kept with the link's timers: a closed link's pump ends at its first check.
        setTimeout(() => this.pump(session, state), PUMP_RETRY_MS).unref();
      });
  }

  /**
   * The peer lacks entries below our floor, which may be past the horizon: it is told
   * so in a `horizon` frame (or, below link protocol 3, a notice), then sent the entries
   * kept below the floor, one batch a call; the chain from the floor follows.
   */
  private async belowFloor(session: Session, state: LinkState, origin: string, from: number, floor: number) {
    if (state.peerVersion < HORIZON_LINK_VERSION) {
      if (!state.belowHorizon.has(origin)) {
        state.belowHorizon.add(origin);
        const detail = `origin ${origin.slice(0, 16)}… from seq ${from}: this node holds its log from seq ${floor}`;
        session.conn.send(['notice', 'ARX_NODE_BELOW_HORIZON', `${detail}; starting there needs link protocol 3`]);
      }
      state.dirty.delete(origin);
      return;
    }
    if (state.horizonSent.get(origin) !== floor) {
      session.conn.send(['horizon', fromHex(origin), floor]);
      state.horizonSent.set(origin, floor);
    }
    const rows: [number, string][] = [];
    const range = { gte: `${origin}!${pad(from)}`, lt: `${origin}!${pad(floor)}`, limit: BATCH };
    for await (const [key, id] of this.ctx.subs.log.iterator(range)) {
      rows.push([Number(String(key).slice(origin.length + 1)), String(id)]);
    }
    const ids = rows.map(([, id]) => id);
    // Kept entries past the horizon are normally past the evidence window too; not always.
    const { envelopes, evidence } = await envelopesWithEvidence(
      this.ctx.subs,
      ids,
      state.peerVersion >= EVIDENCE_SIDECAR_VERSION,
    );
    if (session.conn.closed()) return;
    let reached = from - 1;
    let complete = true;
    for (const [i, bytes] of envelopes.entries()) {
      // One deleted by a horizon pass since the log was read is not sent: below the floor holes are allowed.
      if (bytes) this.send(session, state, bytes, evidence[i]);
      reached = rows[i]![0];
      if (!session.conn.writable() && i < rows.length - 1) {
        complete = false;
        break;
      }
    }
    // Every kept entry below the floor sent: the peer now stands just below it.
    if (complete && rows.length < BATCH) reached = floor - 1;
    const now = state.peerHas.get(origin) ?? 0;
    if (now >= from - 1) state.peerHas.set(origin, Math.max(now, reached));
  }

  private async pumpLoop(session: Session, state: LinkState): Promise<void> {
    const { subs, writer } = this.ctx;
    while (state.dirty.size > 0 && !session.conn.closed()) {
      const origin = state.dirty.values().next().value as string;
      // Origins no longer in the roster are not relayed: every member would refuse them;
      // nor an origin the peer holds another branch of.
      const relayed = this.ctx.roster().member(origin) && !state.diverged.has(origin);
      const head = relayed ? (writer.head(origin)?.seq ?? 0) : 0;
      const from = (state.peerHas.get(origin) ?? 0) + 1;
      if (from > head) {
        // In step again (synchronously with the head check, so no live entry slips by).
        state.dirty.delete(origin);
        if (state.proofs.size > 0) this.flushProofs(session, state, origin);
        continue;
      }
      const want = state.wants.get(origin);
      const floor = writer.floor(origin);
      if (from < floor) {
        await this.belowFloor(session, state, origin, from, floor);
        if (want && state.wants.get(origin) === want && (state.peerHas.get(origin) ?? 0) >= want.to) {
          state.wants.delete(origin);
          peerHolds(state, origin, want.resume);
        }
        if (!session.conn.closed() && !session.conn.writable()) await session.conn.drained();
        continue;
      }
      const to = Math.min(head, from + BATCH - 1, want?.to ?? head);
      const ids: string[] = [];
      for await (const id of subs.log.values({ gte: `${origin}!${pad(from)}`, lte: `${origin}!${pad(to)}` })) {
        ids.push(String(id));
      }
      const { envelopes, evidence } = await envelopesWithEvidence(
        subs,
        ids,
        state.peerVersion >= EVIDENCE_SIDECAR_VERSION,
      );
      if (session.conn.closed()) return;
      let sent = from - 1;
      for (const [i, bytes] of envelopes.entries()) {
        if (!bytes) break;
        this.send(session, state, bytes, evidence[i]);
        sent++;
        // Stop at the high-water mark: what is buffered for a peer stays within one entry of it.
        if (!session.conn.writable()) break;
      }
      if (sent < from) {
        state.dirty.delete(origin);
        continue;
      }
      // A `want` that arrived during the reads rewound the peer below this round: honour it.
      const now = state.peerHas.get(origin) ?? 0;
      if (now >= from - 1) state.peerHas.set(origin, Math.max(now, sent));
      if (want && state.wants.get(origin) === want && sent >= want.to) {
        state.wants.delete(origin);
        peerHolds(state, origin, want.resume);
      }
      if (state.proofs.size > 0) this.flushProofs(session, state, origin);
      if (!session.conn.writable()) await session.conn.drained();
    }
  }
}

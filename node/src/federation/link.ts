/**
 * Peer links. Each side proves its organisation key by signing the other side's fresh
 * challenge together with both keys and both challenges (linkAuthMessage), so a
 * signature is bound to one connection: it cannot be replayed on another link or
 * reflected back. Only roster members may link. Then both send their `have` vector and
 * each streams what the other lacks (relay.ts), receives in order (inbound.ts), and
 * relays fork proofs (forks.ts).
 */
import {
  bytesEqual,
  type Frame,
  fromHex,
  type HaveItem,
  LINK_PROTOCOL_VERSION,
  linkAuthMessage,
  toHex,
  type VerifiedEntry,
} from '@arx/protocol';
import { nodeEd25519 } from '@arx/protocol/node-crypto';
import type { NodeContext, PeerSummary } from '../context.js';
import { WS_CLOSE } from '../errors.js';
import type { StoredEvent } from '../ingest/writer.js';
import { pad } from '../store/db.js';
import { envelopeOf } from '../store/envelopes.js';
import type { PeerHandler, Session } from '../ws/session.js';
import { BlobExchange } from './blobs.js';
import { type ForkProof, ForkProofs } from './forks.js';
import { Inbound, MAX_WANT_SPAN } from './inbound.js';
import { type LinkState, linkOf, newLinkState } from './link-state.js';
import { Relay } from './relay.js';

/** A link that has not proven its key by then is closed. */
/** Pings keep an idle link from hitting the connection's idle timeout. */
const KEEPALIVE_MAX_MS = 30_000;
/** How often each side re-announces its `have` vector on an open link. */
const HAVE_INTERVAL_MS = 60_000;
const AGENT = 'arx-node/0.1';
/** How long a missing blob is left to the peer that relayed its entry before every peer is asked. */
const BLOB_ASK_ALL_MS = 2000;

export class Federation implements PeerHandler {
  private readonly relay: Relay;
  private readonly inbound: Inbound;
  private readonly forks: ForkProofs;
  private readonly blobs: BlobExchange;
  /** Sessions whose peer has proven its key. */
  private readonly links = new Set<Session>();

  constructor(private readonly ctx: NodeContext) {
    this.relay = new Relay(ctx);
    this.blobs = new BlobExchange(ctx);
    this.inbound = new Inbound(ctx, (session, digest) => this.blobs.request(session, digest));
    this.forks = new ForkProofs(ctx);
    let rosterVersion = ctx.roster().version;
    const rosterMayHaveChanged = () => {
      if (ctx.roster().version === rosterVersion) return;
      rosterVersion = ctx.roster().version;
      this.onRosterChanged();
    };
    // A roster is adopted when its entry is stored, or — detached — when its blob is.
    ctx.writer.on('stored', (event: StoredEvent) => {
      if (event.meta.k !== 'roster') return;
      rosterMayHaveChanged();
      // Stored waiting for its document (the relaying peer is asked at once, inbound.ts);
      // if it is still missing shortly after, every peer is asked.
      const timer = setTimeout(() => {
        for (const session of this.links) this.blobs.requestAll(session);
      }, BLOB_ASK_ALL_MS);
      timer.unref();
    });
    ctx.writer.on('blob', rosterMayHaveChanged);
    ctx.writer.on('storage-recovered', () =>
      this.askAgain(
        (state) => state.unstoredOrigins,
        () => true,
      ),
    );
    ctx.writer.on('fork', (entry: VerifiedEntry, verdict: { seq: number; existingId: Uint8Array }) => {
      void this.forks.onFork(entry, verdict).then(
        (proofs) => {
          if (proofs.length === 0) return;
          this.ctx.log.warn({ origin: ctx.roster().handleOf(entry.originHex), seq: verdict.seq }, 'fork detected');
          for (const session of this.links) {
            const state = linkOf(session)!;
            for (const p of proofs) this.relay.queueProof(session, state, p.origin, p.seq, p.bytes);
          }
        },
        (err) => ctx.log.warn({ err }, 'fork proof not relayed'),
      );
    });
  }

  /** Starts the handshake on a new session (both sides send hello at once). */
  begin(session: Session, url: string | null): void {
    const state = newLinkState(url);
    session.link = state;
    const deadline = setTimeout(() => {
      if (!state.authenticated) session.conn.close(WS_CLOSE.handshakeFailed, 'handshake timeout');
    }, this.ctx.config.limits.handshakeTimeoutSeconds * 1000);
    deadline.unref();
    state.timers.push(deadline);
    session.conn.send([
      'hello',
      { v: LINK_PROTOCOL_VERSION, key: this.ctx.keys.publicKey, challenge: state.challenge, agent: AGENT },
    ]);
  }

  /** True once the session's peer has proven its key (a dialer resets its backoff on that). */
  linked(session: Session): boolean {
    return linkOf(session)?.since != null;
  }

  async onFrame(session: Session, frame: Frame): Promise<void> {
    switch (frame[0]) {
      case 'hello':
        return this.onHello(session, frame[1]);
      case 'auth':
        return this.onAuth(session, frame[1].sig);
      case 'have':
        return this.onHave(session, frame[1]);
      case 'want': {
        const state = linkOf(session);
        if (!state?.authenticated) return;
        // A peer on another branch asks for ours as soon as it sees our `have`, which can
        // be while its own `have` is still being compared with our logs.
        await state.branchesChecked;
        this.relay.rewind(session, state, toHex(frame[1]), frame[2], frame[3]);
        return;
      }
      case 'horizon':
        return this.onHorizon(session, toHex(frame[1]), frame[2]);
      case 'ok':
        if (!frame[2])
          this.ctx.log.warn(
            { peer: this.peerName(session), reason: frame[3], detail: frame[4] },
            'peer refused an entry',
          );
        return;
      case 'notice':
        this.ctx.log.info({ peer: this.peerName(session), code: frame[1], message: frame[2] }, 'peer notice');
        return;
      case 'fetch':
        return this.blobs.onFetch(session, frame[1]);
      case 'blob':
        return this.blobs.onChunk(session, frame);
      default:
        return;
    }
  }

  /**
   * The peer holds `origin`'s log from `floor`, and has sent (or is sending) the entries
   * it kept below it: on this link the entry at the floor may start our chain there, its
   * `prev` trusted, if we hold less than floor − 1 (docs/protocol.md "Horizon").
   */
  private onHorizon(session: Session, origin: string, floor: number): void {
    const state = linkOf(session);
    if (!state?.authenticated || !this.ctx.roster().member(origin)) return;
    if (floor > (state.offers.get(origin) ?? 0)) state.offers.set(origin, floor);
  }

  private peerName(session: Session): string | null {
    return session.peerKey ? (this.ctx.roster().handleOf(session.peerKey) ?? session.peerKey.slice(0, 16)) : null;
  }

  private refuseNonMember(session: Session, keyHex: string): void {
    session.conn.send([
      'notice',
      'ARX_NODE_NOT_MEMBER',
      `key ${keyHex.slice(0, 16)}… is not a member in roster v${this.ctx.roster().version}`,
    ]);
    session.conn.close(WS_CLOSE.notMember, 'not a roster member');
  }

  private onHello(session: Session, hello: { v: number; key: Uint8Array; challenge: Uint8Array }): void {
    if (hello.v < 1 || hello.v > LINK_PROTOCOL_VERSION) {
      // This node speaks link protocol versions 1 to 3 (docs/protocol.md "Websocket frames").
      const speaks = `this node speaks v 1 to ${LINK_PROTOCOL_VERSION}`;
      session.conn.send(['notice', 'ARX_PROTO_BAD_VERSION', `hello v ${hello.v}; ${speaks}`]);
      return session.conn.close(WS_CLOSE.protocolError, 'unsupported protocol version');
    }
    // An inbound connection that says hello wants to be a peer: answer with our own hello.
    if (!session.link) this.begin(session, null);
    const state = linkOf(session)!;
    if (state.peerKey) return session.conn.close(WS_CLOSE.protocolError, 'hello sent twice');
    const keyHex = toHex(hello.key);
    if (!this.ctx.roster().member(keyHex)) return this.refuseNonMember(session, keyHex);
    if (keyHex === this.ctx.ownKey) return session.conn.close(WS_CLOSE.handshakeFailed, 'link to self');
    if (bytesEqual(hello.challenge, state.challenge)) {
      return session.conn.close(WS_CLOSE.handshakeFailed, 'reflected challenge');
    }
    state.peerKey = hello.key;
    state.peerChallenge = hello.challenge;
    state.peerVersion = hello.v;
    const message = linkAuthMessage(this.ctx.keys.publicKey, state.challenge, hello.key, hello.challenge);
    session.conn.send(['auth', { sig: nodeEd25519.sign(message, this.ctx.keys.secretKey) }]);
  }

  private onAuth(session: Session, sig: Uint8Array): void {
    const state = linkOf(session);
    if (!state?.peerKey || !state.peerChallenge || state.authenticated) {
      session.conn.send(['notice', 'ARX_NODE_HANDSHAKE', 'auth without a hello, or twice']);
      return session.conn.close(WS_CLOSE.handshakeFailed, 'auth out of order');
    }
    const message = linkAuthMessage(state.peerKey, state.peerChallenge, this.ctx.keys.publicKey, state.challenge);
    if (!nodeEd25519.verify(sig, message, state.peerKey)) {
      session.conn.send(['notice', 'ARX_NODE_HANDSHAKE', 'signature does not prove the key for this connection']);
      return session.conn.close(WS_CLOSE.handshakeFailed, 'handshake failed');
    }
    const keyHex = toHex(state.peerKey);
    // The roster may have changed between hello and auth.
    if (!this.ctx.roster().member(keyHex)) return this.refuseNonMember(session, keyHex);
    state.authenticated = true;
    state.since = Date.now();
    session.peerKey = keyHex;
    this.links.add(session);
    this.keepAlive(session, state);
    this.ctx.log.info({ peer: this.peerName(session), outbound: session.outbound }, 'peer link up');
    this.sendHave(session);
  }

  private keepAlive(session: Session, state: LinkState): void {
    const { socket } = session.conn;
    socket.on('pong', () => session.conn.touch());
    const every = Math.min(KEEPALIVE_MAX_MS, (this.ctx.config.limits.idleTimeoutSeconds * 1000) / 3);
    const timer = setInterval(() => {
      if (!session.conn.closed()) socket.ping();
    }, every);
    // Anti-entropy: a periodic `have` lets the peer notice anything lost on the way here.
    const resync = setInterval(() => {
      if (!session.conn.closed()) this.sendHave(session);
    }, HAVE_INTERVAL_MS);
    timer.unref();
    resync.unref();
    state.timers.push(timer, resync);
  }

  /**
   * The peer's holdings. The first `have` sets what the peer holds; later ones (sent
   * periodically, and after a roster change) only raise it — a `have` is stale by
   * whatever is in flight — except for an origin the peer reports at the same seq
   * twice running while we believe it holds more: that origin is stuck (an entry lost
   * on the way in), so it is streamed again from where the peer really is.
   */
  private async onHave(session: Session, have: readonly HaveItem[]): Promise<void> {
    const state = linkOf(session);
    if (!state?.authenticated) return;
    const first = !state.haveReceived;
    const reported = new Map(have.map(([origin, seq]) => [toHex(origin), seq]));
    const checking = this.findBranches(session, state, have);
    state.branchesChecked = checking.then(
      () => undefined,
      () => undefined,
    );
    const branchProofs = await checking;
    for (const origin of new Set([...reported.keys(), ...state.peerHas.keys()])) {
      const theirs = reported.get(origin) ?? 0;
      const believed = state.peerHas.get(origin) ?? 0;
      if (first || theirs > believed) state.peerHas.set(origin, theirs);
      else if (theirs < believed && state.lastHave.get(origin) === theirs) {
        this.ctx.log.info(
          { peer: this.peerName(session), origin, theirs, believed },
          'peer stuck on an origin; resending',
        );
        state.peerHas.set(origin, theirs);
      }
      state.lastHave.set(origin, theirs);
    }
    state.haveReceived = true;
    for (const p of branchProofs) this.relay.queueProof(session, state, p.origin, p.seq, p.bytes);
    this.relay.catchUp(session, state);
    // Blobs this node still lacks are asked for again at each `have` round.
    this.blobs.requestAll(session);
    if (!first) return;
    // Fork proofs held here go out once the peer is far enough along each origin.
    void this.forks.all().then(
      (proofs) => {
        for (const p of proofs) this.relay.queueProof(session, state, p.origin, p.seq, p.bytes);
      },
      (err) => this.ctx.log.warn({ err }, 'fork proofs not sent'),
    );
  }

  /**
   * Origins whose log at the peer is another branch than ours: the peer's head id is
   * not the id we hold at its head seq. Logs are hash chains, so two branches never
   * meet again: the origin is marked diverged on this link (nothing of it is streamed
   * to the peer, which would refuse all of it), and our entry at that seq is returned,
   * to go out once as the proof — the peer sees the fork, flags the origin and relays
   * the proof on (forks.ts). Costs one log read per origin the peer is behind on, never
   * more than the origins we hold.
   */
  private async findBranches(session: Session, state: LinkState, have: readonly HaveItem[]): Promise<ForkProof[]> {
    const proofs: ForkProof[] = [];
    for (const [originBytes, seq, head] of have) {
      if (!head) continue;
      const origin = toHex(originBytes);
      const ours = this.ctx.writer.head(origin);
      if (!ours || seq > ours.seq || state.diverged.has(origin)) continue;
      const id = seq === ours.seq ? ours.id : await this.ctx.subs.log.get(`${origin}!${pad(seq)}`);
      // Below the retention horizon nothing is held to compare with.
      if (typeof id !== 'string' || id === toHex(head)) continue;
      state.diverged.set(origin, seq);
      this.ctx.log.warn(
        { peer: this.peerName(session), origin: this.ctx.roster().handleOf(origin) ?? origin, seq },
        'peer holds another branch of an origin (a fork); sending the proof',
      );
      const bytes = await envelopeOf(this.ctx.subs, id);
      if (bytes) proofs.push({ origin, seq, bytes });
    }
    return proofs;
  }

  private sendHave(session: Session): void {
    session.conn.send(['have', this.ctx.writer.haveItems()]);
  }

  /** A new roster was adopted: ask again for refused origins that it admits (it may also allow wider targets). */
  private onRosterChanged(): void {
    const roster = this.ctx.roster();
    this.askAgain(
      (state) => state.refusedOrigins,
      (origin) => roster.member(origin) !== undefined,
    );
  }

  /** Sends a `want` from our head for each origin of a link's set that `now` admits, and forgets it. */
  private askAgain(set: (state: LinkState) => Set<string>, now: (origin: string) => boolean): void {
    for (const session of this.links) {
      const origins = set(linkOf(session)!);
      for (const origin of origins) {
        if (!now(origin)) continue;
        origins.delete(origin);
        const from = (this.ctx.writer.head(origin)?.seq ?? 0) + 1;
        session.conn.send(['want', fromHex(origin), from, from + MAX_WANT_SPAN]);
      }
    }
  }

  async onEntry(session: Session, bytes: Uint8Array, evidence?: Uint8Array): Promise<void> {
    const state = linkOf(session);
    if (!state?.authenticated) return;
    this.inbound.receive(session, state, bytes, evidence);
  }

  onStored(session: Session, event: StoredEvent): void {
    const state = linkOf(session);
    if (state?.authenticated) this.relay.onStored(session, state, event);
  }

  onClose(session: Session): void {
    this.blobs.onClose(session);
    const state = linkOf(session);
    if (!state) return;
    for (const t of state.timers) clearTimeout(t);
    this.links.delete(session);
    if (state.authenticated) this.ctx.log.info({ peer: this.peerName(session) }, 'peer link down');
  }

  /** A summary of a session's link for `GET /v1/peers`. */
  summary(session: Session): PeerSummary | null {
    const state = linkOf(session);
    if (!state) return null;
    const roster = this.ctx.roster();
    const key = session.peerKey;
    return {
      url: state.url,
      handle: key ? roster.handleOf(key) : null,
      key,
      direction: session.outbound ? 'outbound' : 'inbound',
      state: session.conn.closed() ? 'closed' : state.authenticated ? 'open' : 'handshake',
      since: state.since,
      entriesSent: state.entriesSent,
      entriesReceived: state.entriesReceived,
      bytesOut: session.conn.bytesOut,
      bytesIn: session.conn.bytesIn,
      lag: [...this.ctx.writer.haveVector()].map(([origin, ours]) => ({
        origin,
        handle: roster.handleOf(origin),
        theirs: state.peerHas.get(origin) ?? 0,
        ours,
      })),
    };
  }
}

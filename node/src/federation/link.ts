/**
 * Peer links. Each side proves its organisation key by signing the other side's fresh
 * challenge together with both keys and both challenges (linkAuthMessage), so a
 * signature is bound to one connection. Then both send their `have` vector and each
 * streams what the other lacks, per origin in seq order, read from the log; live
 * entries go straight out while the peer is in step and the socket keeps up, and
 * otherwise the link falls back to reading the log — memory stays bounded, nothing is
 * skipped, and (origin, seq) bookkeeping means nothing is sent twice or in a loop.
 */
import { randomBytes } from 'node:crypto';
import { bytesEqual, type Frame, fromHex, linkAuthMessage, toHex } from '@arx/protocol';
import { nodeEd25519 } from '@arx/protocol/node-crypto';
import type { NodeContext, PeerSummary } from '../context.js';
import { describeError, WS_CLOSE } from '../errors.js';
import type { StoredEvent } from '../ingest/writer.js';
import { pad } from '../store/db.js';
import type { PeerHandler, Session } from '../ws/session.js';

const MAX_WANT_SPAN = 100_000;

interface LinkState {
  challenge: Uint8Array;
  peerKey: Uint8Array | null;
  peerChallenge: Uint8Array | null;
  authenticated: boolean;
  /** origin → highest seq the peer is known to hold. */
  peerHas: Map<string, number>;
  /** Origins whose log must be streamed to the peer from peerHas + 1. */
  dirty: Set<string>;
  pumping: boolean;
  haveReceived: boolean;
  since: number | null;
  url: string | null;
}

export class Federation implements PeerHandler {
  constructor(private readonly ctx: NodeContext) {}

  /** Starts the handshake on a new session (both sides send hello at once). */
  begin(session: Session, url: string | null): void {
    const state: LinkState = {
      challenge: randomBytes(32),
      peerKey: null,
      peerChallenge: null,
      authenticated: false,
      peerHas: new Map(),
      dirty: new Set(),
      pumping: false,
      haveReceived: false,
      since: null,
      url,
    };
    session.link = state;
    session.conn.send([
      'hello',
      { v: 1, key: this.ctx.keys.publicKey, challenge: state.challenge, agent: 'arx-node/0.1' },
    ]);
  }

  private state(session: Session): LinkState | null {
    return (session.link as LinkState | null) ?? null;
  }

  async onFrame(session: Session, frame: Frame): Promise<void> {
    switch (frame[0]) {
      case 'hello':
        return this.onHello(session, frame[1]);
      case 'auth':
        return this.onAuth(session, frame[1].sig);
      case 'have':
        return this.onHave(session, frame[1]);
      case 'want':
        return this.onWant(session, frame[1], frame[2], frame[3]);
      case 'ok':
        if (!frame[2])
          this.ctx.log.warn(
            { peer: session.peerKey?.slice(0, 16), reason: frame[3], detail: frame[4] },
            'peer refused an entry',
          );
        return;
      case 'notice':
        this.ctx.log.info({ peer: session.peerKey?.slice(0, 16), code: frame[1], message: frame[2] }, 'peer notice');
        return;
      default:
        return;
    }
  }

  private onHello(session: Session, hello: { key: Uint8Array; challenge: Uint8Array }): void {
    // An inbound connection that says hello wants to be a peer: answer with our own hello.
    if (!session.link) this.begin(session, null);
    const state = this.state(session)!;
    if (state.peerKey) return session.conn.close(WS_CLOSE.protocolError, 'hello sent twice');
    const keyHex = toHex(hello.key);
    const member = this.ctx.roster().member(keyHex);
    if (!member) {
      session.conn.send([
        'notice',
        'ARX_NODE_NOT_MEMBER',
        `key ${keyHex.slice(0, 16)}… is not in roster v${this.ctx.roster().version}`,
      ]);
      return session.conn.close(WS_CLOSE.notMember, 'not a roster member');
    }
    if (bytesEqual(hello.challenge, state.challenge))
      return session.conn.close(WS_CLOSE.handshakeFailed, 'reflected challenge');
    state.peerKey = hello.key;
    state.peerChallenge = hello.challenge;
    const message = linkAuthMessage(this.ctx.keys.publicKey, state.challenge, hello.key, hello.challenge);
    session.conn.send(['auth', { sig: nodeEd25519.sign(message, this.ctx.keys.secretKey) }]);
  }

  private onAuth(session: Session, sig: Uint8Array): void {
    const state = this.state(session);
    if (!state?.peerKey || !state.peerChallenge || state.authenticated) {
      return session.conn.close(WS_CLOSE.handshakeFailed, 'auth before hello');
    }
    const message = linkAuthMessage(state.peerKey, state.peerChallenge, this.ctx.keys.publicKey, state.challenge);
    if (!nodeEd25519.verify(sig, message, state.peerKey)) {
      session.conn.send(['notice', 'ARX_NODE_HANDSHAKE', 'signature does not prove the key for this connection']);
      return session.conn.close(WS_CLOSE.handshakeFailed, 'handshake failed');
    }
    state.authenticated = true;
    state.since = Date.now();
    session.peerKey = toHex(state.peerKey);
    this.ctx.log.info(
      { peer: this.ctx.roster().handleOf(session.peerKey), outbound: session.outbound },
      'peer link up',
    );
    session.conn.send([
      'have',
      [...this.ctx.writer.haveVector()].map(([o, seq]) => [fromHex(o), seq] as [Uint8Array, number]),
    ]);
  }

  private onHave(session: Session, have: [Uint8Array, number][]): void {
    const state = this.state(session);
    if (!state?.authenticated) return;
    for (const [origin, seq] of have) state.peerHas.set(toHex(origin), seq);
    state.haveReceived = true;
    // Stream whatever the peer lacks, per origin, from the log.
    for (const [origin, seq] of this.ctx.writer.haveVector()) {
      if ((state.peerHas.get(origin) ?? 0) < seq) state.dirty.add(origin);
    }
    this.pump(session);
  }

  private onWant(session: Session, origin: Uint8Array, from: number, to: number): void {
    const state = this.state(session);
    if (!state?.authenticated) return;
    const o = toHex(origin);
    // The peer says it lacks `from`: rewind what we believe it holds.
    const has = Math.max(0, from - 1);
    if ((state.peerHas.get(o) ?? 0) > has) state.peerHas.set(o, has);
    void to;
    state.dirty.add(o);
    this.pump(session);
  }

  async onEntry(session: Session, bytes: Uint8Array): Promise<void> {
    const state = this.state(session);
    if (!state?.authenticated) return;
    try {
      const result = await this.ctx.ingest.submit(bytes);
      const { originHex, payload } = result.entry;
      if (result.status === 'gap' && result.missing) {
        const span = Math.min(result.missing.to, result.missing.from + MAX_WANT_SPAN);
        session.conn.send(['want', payload.origin, result.missing.from, span]);
        return;
      }
      // Anything a peer sends, it holds — with everything before it on that origin.
      if (result.status !== 'fork' && (state.peerHas.get(originHex) ?? 0) < payload.seq) {
        state.peerHas.set(originHex, payload.seq);
      }
    } catch (error) {
      const d = describeError(error);
      session.conn.send(['ok', null, false, d.reason, `${d.code}: ${d.message}`.slice(0, 1000)]);
    }
  }

  onStored(session: Session, event: StoredEvent): void {
    const state = this.state(session);
    if (!state?.authenticated || !state.haveReceived) return;
    const { o, s } = event.meta;
    const has = state.peerHas.get(o) ?? 0;
    if (s <= has) return;
    if (s === has + 1 && !state.dirty.has(o) && session.conn.writable()) {
      session.conn.send(['entry', event.entry.bytes]);
      state.peerHas.set(o, s);
      return;
    }
    state.dirty.add(o);
    this.pump(session);
  }

  /** Streams dirty origins from the log while the socket keeps up. */
  private pump(session: Session): void {
    const state = this.state(session);
    if (!state || state.pumping) return;
    state.pumping = true;
    void this.pumpLoop(session, state).finally(() => {
      state.pumping = false;
      if (state.dirty.size > 0 && !session.conn.closed()) this.pump(session);
    });
  }

  private async pumpLoop(session: Session, state: LinkState): Promise<void> {
    const { subs, writer } = this.ctx;
    while (state.dirty.size > 0 && !session.conn.closed()) {
      const origin = state.dirty.values().next().value as string;
      const head = writer.head(origin)?.seq ?? 0;
      const from = (state.peerHas.get(origin) ?? 0) + 1;
      if (from > head) {
        state.dirty.delete(origin);
        continue;
      }
      const to = Math.min(head, from + 255);
      const ids: string[] = [];
      for await (const id of subs.log.values({ gte: `${origin}!${pad(from)}`, lte: `${origin}!${pad(to)}` })) {
        ids.push(String(id));
      }
      const envelopes = (await subs.entries.getMany(ids)) as (Uint8Array | undefined)[];
      let seq = from;
      for (const bytes of envelopes) {
        if (!bytes) break;
        session.conn.send(['entry', bytes]);
        state.peerHas.set(origin, seq++);
      }
      if (seq === from) {
        state.dirty.delete(origin);
        continue;
      }
      if (!session.conn.writable()) await session.conn.drained();
    }
  }

  onClose(session: Session): void {
    const state = this.state(session);
    if (state?.authenticated) {
      this.ctx.log.info({ peer: this.ctx.roster().handleOf(session.peerKey ?? '') }, 'peer link down');
    }
  }

  /** A summary of a session's link for `GET /v1/peers`. */
  summary(session: Session): PeerSummary | null {
    const state = this.state(session);
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
      lag: [...this.ctx.writer.haveVector()].map(([origin, ours]) => ({
        origin,
        handle: roster.handleOf(origin),
        theirs: state.peerHas.get(origin) ?? 0,
        ours,
      })),
    };
  }
}

/**
 * The frames one connection may exchange. Anyone may publish signed entries and
 * subscribe (entries are public within the federation and self-authenticating);
 * `hello`/`auth` turn the connection into an authenticated peer link, after which
 * `have`/`want` catch-up and relay apply (federation/link.ts).
 */
import { ArxProtocolError, decodeFrame, type Frame, type SubFilter } from '@arx/protocol';
import type { NodeContext } from '../context.js';
import { ArxNodeError, describeError, WS_CLOSE } from '../errors.js';
import type { StoredEvent } from '../ingest/writer.js';
import type { Connection } from './connection.js';
import { Subscription } from './subscription.js';

/** Peer-link behaviour plugged into a session by the federation layer. */
export interface PeerHandler {
  onFrame(session: Session, frame: Frame): Promise<void> | void;
  onEntry(session: Session, bytes: Uint8Array): Promise<void>;
  onStored(session: Session, event: StoredEvent): void;
  onClose(session: Session): void;
}

const MAX_SUBSCRIPTIONS = 32;
const MAX_VIOLATIONS = 100;

export class Session {
  private readonly subs = new Map<string, Subscription>();
  private violations = 0;
  /** Set by the federation layer once the peer has proven its key. */
  peerKey: string | null = null;
  /** Per-session state owned by the federation layer. */
  link: unknown = null;

  constructor(
    readonly ctx: NodeContext,
    readonly conn: Connection,
    readonly peers: PeerHandler | null,
    readonly outbound: boolean,
  ) {}

  /** Handles one binary message from the socket. */
  async onMessage(data: Uint8Array): Promise<void> {
    const { conn, ctx } = this;
    conn.touch();
    conn.bytesIn += data.length;
    if (data.length > ctx.config.limits.maxFrameBytes) {
      conn.send([
        'ok',
        null,
        false,
        'too-large',
        `frame of ${data.length} bytes exceeds ${ctx.config.limits.maxFrameBytes}`,
      ]);
      return this.violation();
    }
    // Peers relay in bulk; the rate limit protects against clients, not against catch-up.
    if (!this.peerKey && !conn.allow()) {
      conn.send(['ok', null, false, 'rate-limited', 'slow down']);
      return;
    }
    let frame: Frame;
    try {
      frame = decodeFrame(data);
    } catch (error) {
      conn.send(['notice', 'ARX_PROTO_BAD_FRAME', (error as Error).message.slice(0, 200)]);
      return this.violation();
    }
    try {
      await this.dispatch(frame);
    } catch (error) {
      const d = describeError(error);
      conn.send(['notice', d.code, d.message.slice(0, 500)]);
      if (!(error instanceof ArxNodeError) && !(error instanceof ArxProtocolError))
        ctx.log.error({ err: error }, 'frame failed');
    }
  }

  private violation(): void {
    if (++this.violations > MAX_VIOLATIONS) this.conn.close(WS_CLOSE.protocolError, 'too many malformed frames');
  }

  private async dispatch(frame: Frame): Promise<void> {
    switch (frame[0]) {
      case 'entry':
        if (frame.length === 2) {
          if (this.peerKey && this.peers) return this.peers.onEntry(this, frame[1]);
          return this.publish(frame[1]);
        }
        // A subscription delivery from a node we subscribed to: treat like a relayed entry.
        if (this.peers && this.peerKey) return this.peers.onEntry(this, frame[1]);
        return;
      case 'sub':
        return this.subscribe(frame[1], frame[2]);
      case 'unsub': {
        this.subs.get(frame[1])?.stop();
        this.subs.delete(frame[1]);
        return;
      }
      case 'hello':
      case 'auth':
      case 'have':
      case 'want':
      case 'ok':
      case 'eose':
      case 'notice':
        if (this.peers) return this.peers.onFrame(this, frame);
        return;
    }
  }

  /** A client publishes an entry it signed itself. */
  private async publish(bytes: Uint8Array): Promise<void> {
    try {
      const result = await this.ctx.ingest.submit(bytes);
      const reason =
        result.status === 'accepted'
          ? result.effect?.outcome === 'no-effect'
            ? 'not-authorised'
            : 'accepted'
          : result.status;
      const detail =
        result.status === 'gap'
          ? `missing seq ${result.missing?.from}..${result.missing?.to}`
          : (result.effect?.reason ?? '');
      this.conn.send([
        'ok',
        result.entry.id,
        result.status === 'accepted' || result.status === 'duplicate',
        reason,
        detail,
      ]);
    } catch (error) {
      const d = describeError(error);
      this.conn.send(['ok', null, false, d.reason, `${d.code}: ${d.message}`.slice(0, 1000)]);
    }
  }

  private subscribe(id: string, filter: SubFilter): void {
    this.subs.get(id)?.stop();
    if (!this.subs.has(id) && this.subs.size >= MAX_SUBSCRIPTIONS) {
      this.conn.send(['notice', 'ARX_NODE_RATE_LIMITED', `at most ${MAX_SUBSCRIPTIONS} subscriptions per connection`]);
      return;
    }
    const sub = new Subscription(this.ctx, id, filter, this.conn);
    this.subs.set(id, sub);
    sub.start();
  }

  onStored(event: StoredEvent): void {
    for (const sub of this.subs.values()) sub.onStored(event);
    if (this.peerKey && this.peers) this.peers.onStored(this, event);
  }

  onClose(): void {
    for (const sub of this.subs.values()) sub.stop();
    this.subs.clear();
    this.peers?.onClose(this);
  }
}

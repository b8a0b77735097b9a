/**
 * Outbound peer links: dial every configured peer, and redial after a drop with
 * exponential backoff and full jitter (so a federation restarting at once does not
 * reconnect in lockstep), waiting at most `limits.redialMaxSeconds` between tries.
 */
import WebSocket from 'ws';
import type { NodeContext } from '../context.js';
import type { SessionRegistry } from '../ws/server.js';
import type { Session } from '../ws/session.js';
import type { Federation } from './link.js';

const BASE_DELAY_MS = 250;

/**
 * The wait before dial number `attempt` (0 after a link that was up): full jitter under
 * a cap that doubles from BASE_DELAY_MS with each failed try, up to `maxMs`.
 */
export function redialDelay(attempt: number, maxMs: number, random: () => number = Math.random): number {
  const cap = attempt === 0 ? BASE_DELAY_MS : Math.min(maxMs, BASE_DELAY_MS * 2 ** Math.min(attempt, 20));
  return cap * random();
}

export class Dialer {
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sockets = new Set<WebSocket>();
  readonly sessions = new Map<string, Session>();

  constructor(
    private readonly ctx: NodeContext,
    private readonly registry: SessionRegistry,
    private readonly federation: Federation,
  ) {}

  start(): void {
    for (const peer of this.ctx.config.peers) this.dial(peer.url, 0);
  }

  private dial(url: string, attempt: number): void {
    if (this.stopped) return;
    const socket = new WebSocket(url, { maxPayload: this.ctx.config.limits.maxFrameBytes * 4, handshakeTimeout: 5000 });
    this.sockets.add(socket);
    let session: Session | undefined;
    socket.binaryType = 'nodebuffer';
    socket.on('open', () => {
      session = this.registry.attach(socket, url, true);
      this.sessions.set(url, session);
      this.federation.begin(session, url);
    });
    socket.on('error', (err) => {
      // The first failure of a streak is worth an operator's attention; the retries are not.
      const level = attempt === 0 && !session ? 'warn' : 'debug';
      this.ctx.log[level]({ url, err: err.message }, 'peer unreachable; redialling with backoff');
    });
    socket.on('close', (code: number, reason: Buffer) => {
      this.sockets.delete(socket);
      if (this.sessions.get(url) === session) this.sessions.delete(url);
      if (this.stopped) return;
      // Only a link that proved both keys counts as success: a peer that accepts the
      // socket and then refuses us (not a member, bad handshake) is backed off like a
      // peer that is down, instead of being redialled in a tight loop.
      const linked = session !== undefined && this.federation.linked(session);
      if (!linked && session !== undefined && code >= 4000) {
        this.ctx.log.warn({ url, code, reason: String(reason) }, 'peer refused the link');
      }
      const next = linked ? 0 : attempt + 1;
      const delay = redialDelay(next, this.ctx.config.limits.redialMaxSeconds * 1000);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.dial(url, next);
      }, delay);
      this.timers.add(timer);
    });
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    for (const s of this.sockets) s.terminate();
  }
}

/** The websocket endpoint (`/v1/ws`) on the node's HTTP server. */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import { WebSocketServer } from 'ws';
import type { NodeContext } from '../context.js';
import { NODE_ERRORS, WS_CLOSE } from '../errors.js';
import { clientKey } from '../http/client-key.js';
import { rawRefusal } from '../http/connections.js';
import type { StoredEvent } from '../ingest/writer.js';
import { mirrorCounter } from '../oversight/registry.js';
import { SendBuffers, Slots, TokenBucket } from './budget.js';
import { type ClientBudgets, Connection } from './connection.js';
import { AddressPenalties } from './penalties.js';
import { type PeerHandler, Session } from './session.js';

/**
 * Frames queued on the sockets are handled in one chain of promises per connection,
 * and promise callbacks run before any I/O: a burst of frames (a flood of refused
 * entries, a peer's catch-up) would keep HTTP requests, DNS queries and every other
 * socket waiting until the last frame is done. So frame handling gives the event loop
 * a turn after SLICE_MS of work without one, shared by all connections.
 */
const SLICE_MS = 4;
let sliceStart = performance.now();
/** The turn every connection waits for once a slice is spent (one for all, so they share the next slice). */
let turn: Promise<void> | null = null;

function nextSlice(): Promise<void> | undefined {
  if (turn) return turn;
  if (performance.now() - sliceStart < SLICE_MS) return undefined;
  turn = new Promise((resolve) =>
    setImmediate(() => {
      turn = null;
      sliceStart = performance.now();
      resolve();
    }),
  );
  return turn;
}

export const WS_PATH = '/v1/ws';

export class SessionRegistry {
  readonly sessions = new Set<Session>();
  private readonly stopMetrics: () => void;
  /** Node-wide cap on replay batches reading storage at once. */
  readonly replaySlots: Slots;
  /** Clients that may not open a websocket for a while (closed for their violations). */
  readonly penalties: AddressPenalties;
  /** Budgets each client shares across its open connections: one entry per client with one open. */
  private readonly clients = new Map<string, ClientBudgets & { open: number }>();
  /** Bytes buffered for all sockets together. */
  readonly buffers: SendBuffers;
  /** Connections dropped for not draining while the total was at its cap. */
  private dropped = 0;
  private readonly enforcer: NodeJS.Timeout;

  constructor(
    private readonly ctx: NodeContext,
    private peers: PeerHandler | null,
  ) {
    const { limits } = ctx.config;
    this.replaySlots = new Slots(limits.maxReplaysTotal);
    this.penalties = new AddressPenalties(limits.violationBackoffSeconds, limits.maxPenalisedClients);
    this.buffers = new SendBuffers(limits.maxBufferedBytesTotal, () => this.sockets());
    ctx.writer.on('stored', (event: StoredEvent) => {
      for (const s of this.sessions) s.onStored(event);
    });
    this.stopMetrics = ctx.metrics.onScrape(() => this.setGauges());
    this.enforcer = setInterval(() => this.enforceBufferCap(), 100);
    this.enforcer.unref();
  }

  private *sockets(): Iterable<WebSocket> {
    for (const s of this.sessions) yield s.conn.socket;
  }

  /**
   * While the total buffered is at its cap nothing more is queued (every connection is
   * unwritable), so the cap holds; but one reader that never reads would then stall all
   * the others. So the connection holding the most is dropped — a client before a peer,
   * which reconnects and catches up without loss — until the total is under the cap.
   */
  private enforceBufferCap(): void {
    let total = this.buffers.bufferedTotal(true);
    if (total < this.buffers.cap) return;
    const candidates = [...this.sessions]
      // A connection holding no more than its at-cap allowance is keeping up: never a victim.
      .filter((s) => s.conn.socket.readyState === s.conn.socket.OPEN && s.conn.socket.bufferedAmount > 128 * 1024)
      .sort(
        (a, b) =>
          Number(!!a.peerKey) - Number(!!b.peerKey) || b.conn.socket.bufferedAmount - a.conn.socket.bufferedAmount,
      );
    for (const victim of candidates) {
      if (total < this.buffers.cap * 0.9) break;
      total -= victim.conn.socket.bufferedAmount;
      this.dropped++;
      this.ctx.log.warn(
        { remote: victim.conn.remote, buffered: victim.conn.socket.bufferedAmount },
        'slow reader dropped',
      );
      victim.conn.drop(WS_CLOSE.tooSlow, 'too slow: send buffer not drained while the node is at its buffer cap');
    }
  }

  /** Connection series for /metrics: how many, how much is buffered for slow readers, replays and drops. */
  private setGauges(): void {
    let buffered = 0;
    let subscriptions = 0;
    for (const s of this.sessions) {
      buffered += s.conn.socket.bufferedAmount;
      subscriptions += s.subscriptionCount;
    }
    const m = this.ctx.metrics;
    m.wsConnections.set(this.sessions.size);
    m.wsSubscriptions.set(subscriptions);
    m.wsBufferedBytes.set(buffered);
    mirrorCounter(m.wsSlowDropped, this.dropped);
    mirrorCounter(m.wsReplayReadBytes, this.replaySlots.bytesRead);
    mirrorCounter(m.wsPenaltyRefused, this.penalties.refusals);
    m.wsPenalised.set(this.penalties.size);
    m.wsReplays.set({ state: 'reading' }, this.replaySlots.inUse);
    m.wsReplays.set({ state: 'waiting' }, this.replaySlots.queued);
  }

  /** The budgets `address`'s client shares, held while it has a connection open. */
  private clientBudgets(socket: WebSocket, address: string): ClientBudgets {
    const key = clientKey(address);
    let client = this.clients.get(key);
    if (!client) {
      const { ratePerSecondPerClient: frames, replayReadBytesPerSecondPerClient: bytes } = this.ctx.config.limits;
      client = { frames: new TokenBucket(frames, frames * 2), readBytes: new TokenBucket(bytes, bytes * 2), open: 0 };
      this.clients.set(key, client);
    }
    client.open++;
    const held = client;
    socket.once('close', () => {
      if (--held.open === 0) this.clients.delete(key);
    });
    return client;
  }

  setPeerHandler(peers: PeerHandler): void {
    this.peers = peers;
  }

  /** Wraps an open socket (inbound or outbound) in a session. */
  attach(socket: WebSocket, remote: string, outbound: boolean, address?: string): Session {
    const conn = new Connection(
      socket,
      remote,
      this.ctx.config.limits,
      this.buffers,
      address === undefined ? null : this.clientBudgets(socket, address),
    );
    const session = new Session(this.ctx, conn, this.peers, outbound, this.replaySlots);
    if (address !== undefined) session.onViolationsClose = () => this.penalties.penalise(address);
    this.sessions.add(session);
    // Frames of one connection are handled in order (entries keep their order at the writer).
    let chain: Promise<void> = Promise.resolve();
    socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      if (!isBinary) {
        chain = chain.then(nextSlice).then(() => session.onTextFrame());
        return;
      }
      const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
      chain = chain
        .then(nextSlice)
        .then(() => session.onMessage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
    });
    socket.on('close', () => {
      this.sessions.delete(session);
      session.onClose();
    });
    socket.on('error', (err) => this.ctx.log.debug({ err, remote }, 'websocket error'));
    return session;
  }

  closeAll(): void {
    clearInterval(this.enforcer);
    for (const s of this.sessions) s.conn.close(WS_CLOSE.goingAway, 'node shutting down');
    this.stopMetrics();
  }
}

const PENALTY_MESSAGE = `${NODE_ERRORS.ARX_NODE_RATE_LIMITED.message}: this address sent too many malformed frames or refused entries`;

/** A client under a penalty gets 429 with Retry-After instead of a websocket. */
function refuseUpgrade(socket: Duplex, seconds: number): void {
  socket.on('error', () => {});
  socket.end(rawRefusal('429 Too Many Requests', 'ARX_NODE_RATE_LIMITED', PENALTY_MESSAGE, seconds), () =>
    socket.destroy(),
  );
}

/** Accepts websocket upgrades on WS_PATH of the given HTTP(S) server. */
export function attachWebsocketServer(server: Server, ctx: NodeContext, registry: SessionRegistry): WebSocketServer {
  // The hard cap closes the socket (1009); frames between the soft limit and this get a `too-large` reply.
  const wss = new WebSocketServer({ noServer: true, maxPayload: ctx.config.limits.maxFrameBytes * 4 });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== WS_PATH) {
      socket.destroy();
      return;
    }
    const address = request.socket.remoteAddress ?? '';
    const wait = registry.penalties.retryAfter(address);
    if (wait > 0) {
      registry.penalties.refusals++;
      refuseUpgrade(socket, wait);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      registry.attach(ws, `${address}:${request.socket.remotePort}`, false, address);
    });
  });
  return wss;
}

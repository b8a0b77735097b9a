/**
 * The DNSBL responder's sockets: UDP and TCP on the same address and port (RFC 7766
 * §5: TCP is a required transport), with the 2-byte length framing of RFC 1035
 * §4.2.2, pipelined queries, an idle timeout, back-pressure on slow readers, caps on
 * TCP connections overall and per client, response rate limiting on UDP (rrl.ts), zone
 * transfer over TCP (transfer.ts) and NOTIFY to secondaries after changes (notify.ts).
 */
import dgram from 'node:dgram';
import net from 'node:net';
import type { ListKind } from '@arx/protocol';
import { decode } from 'dns-packet';
import type { ListingIndex, ListingView } from '../state/types.js';
import type { ResponderConfig } from './answer.js';
import {
  addStats,
  count,
  createAnswering,
  type DnsblStats,
  newStats,
  questionOf,
  RCODE,
  TYPE_AXFR,
  TYPE_IXFR,
} from './answering.js';
import { isIpListKind, servedListKinds } from './codes.js';
import { contactToRname, normaliseDomainName, normaliseZone } from './names.js';
import { Notifier, type Secondary } from './notify.js';
import { clientPrefix, ResponseRateLimiter } from './rrl.js';
import { transferAcl, transferAllowed, transferError, transferResponse } from './transfer.js';
import { RCODE_NOTAUTH, type ResponseSigner, tsigKeys, verifyRequest } from './tsig.js';
import type { RemovalUrl } from './txt.js';
import { UdpWorkers } from './workers.js';
import { DnsblZone } from './zone.js';
import { type ZoneListings, zoneListingsFrom } from './zone-listings.js';

export interface DnsblOptions {
  /** Address to listen on, e.g. '127.0.0.1', '0.0.0.0' or '::'. */
  readonly host: string;
  /** Port for both UDP and TCP; 0 picks a port free for both. */
  readonly port: number;
  /** The DNSBL zone, e.g. 'bl.example.org'. */
  readonly zone: string;
  readonly index: ListingIndex;
  /** The same listings as the zone sees them (default: adapted from `index`). */
  readonly zoneListings?: ZoneListings | undefined;
  /** List kinds this zone answers for (default: all). */
  readonly lists?: readonly ListKind[] | undefined;
  /** Name server in the apex NS record and SOA MNAME (default: ns.ZONE; set it to the delegated name). */
  readonly nsName?: string | undefined;
  /** Zone contact, as a mailbox (hostmaster@example.org) or SOA RNAME (default: hostmaster.ZONE). */
  readonly contact?: string | undefined;
  /** URL shown in TXT answers where a listing's removal can be requested. */
  readonly removalUrl?: RemovalUrl | undefined;
  /** Clock (ms since the epoch); decides which listings are active. */
  readonly now?: (() => number) | undefined;
  /** TTL of positive answers in seconds (default 300; capped at the earliest expiry). */
  readonly ttl?: number | undefined;
  /** Negative-caching TTL in seconds: SOA TTL and MINIMUM (default 60). */
  readonly negativeTtl?: number | undefined;
  /**
   * Encoded answers kept for hot questions, per answering process (default 50 000; 0:
   * none). Only an index with a `version` is cached from; see answer-cache.ts.
   */
  readonly answerCache?: number | undefined;
  /** Close TCP connections idle this long (default 10 000 ms; RFC 7766 §6.2.3). */
  readonly tcpIdleTimeoutMs?: number | undefined;
  /** At most this many open TCP connections; past it the longest idle one is closed (default 512). */
  readonly maxTcpConnections?: number | undefined;
  /** At most this many open TCP connections per client address (default 16). */
  readonly maxTcpPerClient?: number | undefined;
  /** Identical UDP responses per second per client prefix (default 20; 0: no limit). */
  readonly rrlResponsesPerSecond?: number | undefined;
  /** Every n-th rate-limited response is sent truncated instead of dropped (default 2). */
  readonly rrlSlip?: number | undefined;
  /** Addresses and prefixes allowed to transfer the zone (default loopback; secondaries are added). */
  readonly allowTransfer?: readonly string[] | undefined;
  /** TSIG keys (RFC 8945, HMAC-SHA256; base64 secrets): when any is given, a transfer must be signed with one. */
  readonly tsigKeys?: readonly { name: string; secret: string }[] | undefined;
  /** Secondaries sent a NOTIFY after every change. */
  readonly secondaries?: readonly Secondary[] | undefined;
  /** Changes are sealed into a new serial (and NOTIFY sent) at most this often (default 1000 ms). */
  readonly notifyDelayMs?: number | undefined;
  /** Records of changes kept for IXFR (default 100 000); older serials get the whole zone. */
  readonly journalRecords?: number | undefined;
  /**
   * UDP worker processes answering from the same socket (workers.ts; default none: this
   * process answers alone), the `removalUrl` template they rebuild it from, and the
   * listing changes kept for a worker while its starting copy is sent (default 50 000).
   */
  readonly workers?:
    | { readonly count: number; readonly removalUrl?: string | null; readonly backlog?: number | undefined }
    | undefined;
  /** Told about socket errors and index failures; the server keeps running. */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** One process's part of a per-client response rate (0, no limit, stays 0). */
const shareOf = (rate: number, processes: number): number =>
  rate === 0 ? 0 : Math.max(1, Math.ceil(rate / processes));

/** Signs each message of a transfer as it is written (the MACs chain, so in order). */
function* signEach(messages: Iterable<Buffer>, signer: ResponseSigner): Generator<Buffer> {
  for (const m of messages) yield signer.sign(m);
}

export interface DnsblServer {
  readonly udp: { readonly address: string; readonly port: number };
  readonly tcp: { readonly address: string; readonly port: number };
  /** Counters of this process and its UDP workers, added up. */
  readonly stats: Readonly<DnsblStats>;
  /** The zone's versions (serials, journal). */
  readonly zone: DnsblZone;
  /** UDP worker processes running (0 when this process answers alone). */
  readonly workers: number;
  /** Workers answering from the socket now (the node's process stops reading once one does). */
  readonly workersAnswering: number;
  /** Their process ids. */
  workerPids(): number[];
  /** Resolves once the configured workers answer (the node's process answers meanwhile). */
  workersReady(): Promise<void>;
  /** A listing of the zone changed: the zone's next version and the workers' copies follow it. */
  listingChanged(before: ListingView | undefined, after: ListingView | undefined): void;
  /** Stops listening and closes open TCP connections. */
  close(): Promise<void>;
}

const DEFAULT_TTL = 300;
const DEFAULT_ANSWER_CACHE = 50_000;
const DEFAULT_WORKER_BACKLOG = 50_000;
const DEFAULT_NEGATIVE_TTL = 60;
const DEFAULT_TCP_IDLE_MS = 10_000;
const DEFAULT_MAX_TCP = 512;
const DEFAULT_MAX_TCP_PER_CLIENT = 16;
const DEFAULT_RRL_RATE = 20;
const DEFAULT_RRL_SLIP = 2;
const RRL_BUCKETS = 100_000;
const DEFAULT_NOTIFY_DELAY_MS = 1000;
const DEFAULT_JOURNAL_RECORDS = 100_000;
const DEFAULT_ALLOW_TRANSFER = ['127.0.0.1', '::1'];
/** How many random ports to try when port 0 gives a UDP port whose TCP twin is taken. */
const PORT_ATTEMPTS = 20;

function ttlOption(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  // RFC 2181 §8: a TTL is an unsigned 31-bit number of seconds.
  if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff) throw new RangeError(`${what} must be 0..2^31-1`);
  return value;
}

function countOption(value: number | undefined, fallback: number, what: string, min = 0): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${what} must be an integer >= ${min}`);
  return value;
}

function bindUdp(socket: dgram.Socket, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    socket.once('error', onError);
    socket.bind(port, host, () => {
      socket.off('error', onError);
      resolve();
    });
  });
}

function listenTcp(server: net.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

const closeUdp = (socket: dgram.Socket) =>
  new Promise<void>((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve();
    }
  });

/**
 * Stops or restarts this process's reading of a UDP socket (datagrams wait in the
 * socket's buffer meanwhile). Every process reading one socket is woken for every
 * datagram and all but one find nothing: under the DNSBL benchmark (one client, 2 cores)
 * the node reading beside one worker answered 15,000 queries/s, the worker alone 37,000.
 * dgram has no public pause, so this calls the socket's libuv handle (recvStop and
 * recvStart), as Node's cluster module does with the UDP handles it shares; where the
 * handle is not found the node reads on, which is slower but answers alike. Returns
 * whether the change was made.
 */
export function setReading(socket: dgram.Socket, reading: boolean): boolean {
  const state = Object.getOwnPropertySymbols(socket).find((s) => s.description === 'state symbol');
  const handle = state && (socket as unknown as Record<symbol, { handle?: Record<string, unknown> }>)[state]?.handle;
  const method = handle?.[reading ? 'recvStart' : 'recvStop'];
  if (typeof method !== 'function') return false;
  return method.call(handle) === 0;
}

/** Checks the answering options and builds the responder's configuration. */
export function responderConfig(
  options: Omit<DnsblOptions, 'host' | 'port'> & { serial?: () => number },
): ResponderConfig {
  const zone = normaliseZone(options.zone);
  if (typeof options.index?.forAddress !== 'function') throw new TypeError('index must be a ListingIndex');
  const lists = servedListKinds(options.lists);
  const now = options.now ?? Date.now;
  return {
    zone,
    index: options.index,
    lists,
    ipKinds: new Set(lists.filter(isIpListKind)),
    domainKinds: new Set(lists.filter((k) => !isIpListKind(k))),
    nsName: options.nsName === undefined ? `ns.${zone}` : normaliseDomainName(options.nsName, 'nsName'),
    rname: contactToRname(options.contact, zone),
    removalUrl: options.removalUrl,
    ttl: ttlOption(options.ttl, DEFAULT_TTL, 'ttl'),
    negativeTtl: ttlOption(options.negativeTtl, DEFAULT_NEGATIVE_TTL, 'negativeTtl'),
    now,
    serial: options.serial ?? (() => Math.floor(now() / 1000) >>> 0),
    answerCache: countOption(options.answerCache, DEFAULT_ANSWER_CACHE, 'answerCache'),
    onError: options.onError,
  };
}

/** Starts a DNSBL responder for `zone` answering from `index`. */
export async function startDnsbl(options: DnsblOptions): Promise<DnsblServer> {
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new RangeError('port must be 0..65535');
  }
  const now = options.now ?? Date.now;
  const lists = servedListKinds(options.lists);
  const zone = new DnsblZone({
    zone: normaliseZone(options.zone),
    listings: options.zoneListings ?? zoneListingsFrom(options.index),
    lists,
    removalUrl: options.removalUrl,
    journalRecords: countOption(options.journalRecords, DEFAULT_JOURNAL_RECORDS, 'journalRecords'),
    now,
  });
  const config = responderConfig({ ...options, serial: () => zone.serial });
  const onError = options.onError;
  const idleMs = countOption(options.tcpIdleTimeoutMs, DEFAULT_TCP_IDLE_MS, 'tcpIdleTimeoutMs', 1);
  const maxTcp = countOption(options.maxTcpConnections, DEFAULT_MAX_TCP, 'maxTcpConnections', 1);
  const maxPerClient = countOption(options.maxTcpPerClient, DEFAULT_MAX_TCP_PER_CLIENT, 'maxTcpPerClient', 1);
  const secondaries = options.secondaries ?? [];
  const keys = tsigKeys(options.tsigKeys ?? []);
  const acl = transferAcl([...(options.allowTransfer ?? DEFAULT_ALLOW_TRANSFER), ...secondaries.map((s) => s.host)]);
  const workerCount = countOption(options.workers?.count, 0, 'workers.count');
  // Every process reading the socket limits the clients it answers: a client's rate is
  // split among the workers (the node reads only while none does), so together they
  // never send it more than the configured rate.
  const rrlOptions = {
    responsesPerSecond: shareOf(
      countOption(options.rrlResponsesPerSecond, DEFAULT_RRL_RATE, 'rrlResponsesPerSecond'),
      Math.max(1, workerCount),
    ),
    slip: countOption(options.rrlSlip, DEFAULT_RRL_SLIP, 'rrlSlip'),
    maxBuckets: RRL_BUCKETS,
  };
  const rrl = new ResponseRateLimiter(rrlOptions);
  const stats = newStats();

  const notifier =
    secondaries.length > 0
      ? new Notifier({
          zone: config.zone,
          secondaries,
          onSent: () => stats.notifySent++,
          onAnswered: () => stats.notifyAnswered++,
          onError,
        })
      : undefined;
  // Changes are sealed into a serial at most every notifyDelayMs, then announced.
  const notifyDelay = countOption(options.notifyDelayMs, DEFAULT_NOTIFY_DELAY_MS, 'notifyDelayMs');
  let sealTimer: NodeJS.Timeout | undefined;
  let expiryTimer: NodeJS.Timeout | undefined;
  let closed = false;
  let workers: UdpWorkers | undefined;
  const sealNow = () => {
    sealTimer = undefined;
    if (closed) return;
    const before = zone.serial;
    try {
      if (zone.seal() !== before && notifier) {
        // Workers answer SOA queries too: they learn the serial before secondaries are told.
        if (workers) void workers.sync().then(() => notifier.notify());
        else notifier.notify();
      }
    } catch (error) {
      onError?.(error);
    }
    scheduleExpiry();
  };
  const scheduleSeal = () => {
    if (sealTimer === undefined && !closed) {
      sealTimer = setTimeout(sealNow, notifyDelay);
      sealTimer.unref();
    }
  };
  const scheduleExpiry = () => {
    if (expiryTimer) clearTimeout(expiryTimer);
    const next = zone.nextExpiry();
    if (!Number.isFinite(next) || closed) return;
    // setTimeout holds at most 2^31-1 ms; a later expiry re-arms on the way.
    expiryTimer = setTimeout(scheduleSeal, Math.min(Math.max(0, next - now()), 0x7fffffff));
    expiryTimer.unref();
  };
  zone.onDirty = scheduleSeal;
  scheduleExpiry();

  const answering = createAnswering({ config, keys, rrl, stats, serial: () => zone.serial, onError });
  const respond = answering.respond;

  /** AXFR/IXFR over TCP: the messages to write, or null when this is not a transfer. */
  const transfer = (message: Buffer, peer: string): Iterable<Buffer> | null => {
    const q = questionOf(message);
    if (!q || (q.type !== TYPE_AXFR && q.type !== TYPE_IXFR)) return null;
    stats.tcpQueries++;
    let query: ReturnType<typeof decode>;
    try {
      query = decode(message);
    } catch {
      return null;
    }
    if ((query.flags ?? 0) & 0x8000 || query.questions?.length !== 1) return null;
    if (!transferAllowed(acl, peer)) {
      count(stats.transfers, 'refused');
      return [transferError(query.id ?? 0, query, RCODE.REFUSED)];
    }
    if (keys.length === 0) {
      const response = transferResponse(query, zone, config);
      count(stats.transfers, response.kind);
      return response.messages;
    }
    // TSIG times are wall-clock times (the requester's clock), whatever clock decides expiry.
    const verdict = verifyRequest(message, keys, Date.now());
    if (verdict.kind === 'unsigned') {
      count(stats.transfers, 'refused');
      return [transferError(query.id ?? 0, query, RCODE.REFUSED)];
    }
    if (verdict.kind === 'failed') {
      count(stats.transfers, 'tsig-failed');
      return [verdict.reply(transferError(query.id ?? 0, query, RCODE_NOTAUTH))];
    }
    const response = transferResponse(query, zone, config);
    count(stats.transfers, response.kind);
    return signEach(response.messages, verdict.signer);
  };

  const udpType = net.isIPv6(options.host) ? 'udp6' : 'udp4';
  const connections = new Map<net.Socket, { client: string; lastActive: number }>();
  const perClient = new Map<string, number>();
  const onConnection = (socket: net.Socket) => {
    const client = clientPrefix(socket.remoteAddress ?? '', 32, 64);
    if ((perClient.get(client) ?? 0) >= maxPerClient) {
      stats.tcpRefused++;
      stats.dropped++;
      socket.destroy();
      return;
    }
    if (connections.size >= maxTcp) {
      // Make room by closing the connection idle longest, so idle sockets cannot hold the
      // cap against clients that have a query to ask (RFC 7766 §6.2.2).
      let oldest: net.Socket | undefined;
      let at = Number.POSITIVE_INFINITY;
      for (const [s, info] of connections) {
        if (info.lastActive < at) {
          at = info.lastActive;
          oldest = s;
        }
      }
      stats.tcpEvicted++;
      oldest?.destroy();
      if (oldest) connections.delete(oldest);
    }
    const info = { client, lastActive: Date.now() };
    connections.set(socket, info);
    perClient.set(client, (perClient.get(client) ?? 0) + 1);
    socket.once('close', () => {
      const n = (perClient.get(client) ?? 1) - 1;
      if (n <= 0) perClient.delete(client);
      else perClient.set(client, n);
      connections.delete(socket);
    });
    socket.on('error', () => socket.destroy());
    socket.setNoDelay(true);
    // RFC 7766 §6.2.3: servers close idle connections; activity in either direction resets it.
    socket.setTimeout(idleMs, () => socket.destroy());
    let pending: Buffer = Buffer.alloc(0);
    let writing: Iterator<Buffer> | undefined;
    const queue: Buffer[] = [];
    const frame = (bytes: Buffer) => {
      const framed = Buffer.allocUnsafe(2 + bytes.length);
      framed.writeUInt16BE(bytes.length, 0);
      bytes.copy(framed, 2);
      return framed;
    };
    /** Writes a transfer's messages as the socket drains; reading waits until it is done. */
    const pump = () => {
      while (writing) {
        const next = writing.next();
        if (next.done) {
          writing = undefined;
          break;
        }
        info.lastActive = Date.now();
        if (!socket.write(frame(next.value))) return;
      }
      socket.resume();
      if (queue.length) readFrames();
    };
    socket.on('drain', pump);
    const readFrames = () => {
      while (pending.length >= 2 && !writing) {
        const length = pending.readUInt16BE(0);
        if (pending.length < 2 + length) break;
        const message = pending.subarray(2, 2 + length);
        pending = pending.subarray(2 + length);
        const messages = transfer(message, socket.remoteAddress ?? '');
        if (messages) {
          writing = messages[Symbol.iterator]();
          socket.pause();
          pump();
          continue;
        }
        const reply = respond(message, 'tcp');
        if (!reply) {
          // Not even a header to answer to: the stream cannot be trusted any more.
          socket.end();
          return;
        }
        // Back-pressure: a client that does not read its answers stops being read.
        if (!socket.write(frame(reply.bytes))) socket.pause();
      }
    };
    socket.on('data', (chunk: Buffer) => {
      if (socket.writableEnded) return;
      info.lastActive = Date.now();
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      readFrames();
    });
  };

  let udp: dgram.Socket | undefined;
  let tcp: net.Server | undefined;
  for (let attempt = 1; ; attempt++) {
    const udpSocket = dgram.createSocket({ type: udpType });
    try {
      await bindUdp(udpSocket, options.port, options.host);
    } catch (error) {
      await closeUdp(udpSocket);
      throw error;
    }
    const tcpServer = net.createServer(onConnection);
    try {
      await listenTcp(tcpServer, udpSocket.address().port, options.host);
      udp = udpSocket;
      tcp = tcpServer;
      break;
    } catch (error) {
      await closeUdp(udpSocket);
      const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (options.port !== 0 || !inUse || attempt >= PORT_ATTEMPTS) throw error;
    }
  }
  const udpSocket = udp;
  const tcpServer = tcp;

  udpSocket.on('error', (error) => onError?.(error));
  tcpServer.on('error', (error) => onError?.(error));
  udpSocket.on('message', (message, peer) =>
    // Send errors (a peer gone away) surface as 'error' events on the socket.
    answering.datagram(message, peer, (bytes: Buffer) => udpSocket.send(bytes, peer.port, peer.address)),
  );

  if (workerCount > 0) {
    workers = UdpWorkers.launch({
      count: workerCount,
      socket: udpSocket,
      responder: {
        zone: config.zone,
        lists: options.lists,
        nsName: options.nsName,
        contact: options.contact,
        ttl: options.ttl,
        negativeTtl: options.negativeTtl,
        answerCache: options.answerCache,
        removalUrl: options.workers?.removalUrl,
      },
      rrl: rrlOptions,
      keys: options.tsigKeys ?? [],
      backlog: countOption(options.workers?.backlog, DEFAULT_WORKER_BACKLOG, 'workers.backlog', 1),
      snapshot: () => options.index.active({}, now()),
      serial: () => zone.serial,
      onError,
      // One reader per socket: the node reads only while no worker does.
      onAnswering: (n) => setReading(udpSocket, n === 0),
    });
  }

  const udpAddress = udpSocket.address();
  const tcpAddress = tcpServer.address() as net.AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    udp: { address: udpAddress.address, port: udpAddress.port },
    tcp: { address: tcpAddress.address, port: tcpAddress.port },
    get stats() {
      return workers ? addStats(addStats(newStats(), stats), workers.stats()) : stats;
    },
    zone,
    get workers() {
      return workers?.size ?? 0;
    },
    get workersAnswering() {
      return workers?.answeringCount ?? 0;
    },
    workerPids: () => workers?.pids() ?? [],
    workersReady: () => workers?.ready ?? Promise.resolve(),
    listingChanged(before, after) {
      zone.listingChanged(before, after);
      workers?.changed(before, after);
    },
    close() {
      closed = true;
      if (sealTimer) clearTimeout(sealTimer);
      if (expiryTimer) clearTimeout(expiryTimer);
      notifier?.close();
      closing ??= Promise.all([
        (workers?.close() ?? Promise.resolve()).then(() => closeUdp(udpSocket)),
        new Promise<void>((resolve) => {
          tcpServer.close(() => resolve());
          for (const socket of connections.keys()) socket.destroy();
        }),
      ]).then(() => undefined);
      return closing;
    },
  };
}

/**
 * The DNSBL responder's sockets: UDP and TCP on the same address and port (RFC 7766
 * §5: TCP is a required transport), with the 2-byte length framing of RFC 1035
 * §4.2.2, pipelined queries, an idle timeout and back-pressure on slow readers.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import type { ListKind } from '@arx/protocol';
import type { ListingIndex } from '../state/types.js';
import { RCODE, type ResponderConfig } from './answer.js';
import { isIpListKind, servedListKinds } from './codes.js';
import { type Reply, respondToMessage, type Transport } from './message.js';
import { contactToRname, normaliseDomainName, normaliseZone } from './names.js';
import type { RemovalUrl } from './txt.js';

export interface DnsblOptions {
  /** Address to listen on, e.g. '127.0.0.1', '0.0.0.0' or '::'. */
  readonly host: string;
  /** Port for both UDP and TCP; 0 picks a port free for both. */
  readonly port: number;
  /** The DNSBL zone, e.g. 'bl.example.org'. */
  readonly zone: string;
  readonly index: ListingIndex;
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
  /** Close TCP connections idle this long (default 10 000 ms; RFC 7766 §6.2.3). */
  readonly tcpIdleTimeoutMs?: number | undefined;
  /** Refuse TCP connections beyond this many open ones (default 512). */
  readonly maxTcpConnections?: number | undefined;
  /** Told about socket errors and index failures; the server keeps running. */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** Counters since start; read them for metrics. */
export interface DnsblStats {
  udpQueries: number;
  tcpQueries: number;
  /** NOERROR responses with at least one answer record. */
  listed: number;
  nxdomain: number;
  /** NOERROR without answers (NODATA). */
  nodata: number;
  refused: number;
  /** FORMERR, NOTIMP, SERVFAIL and BADVERS responses. */
  errors: number;
  truncated: number;
  /** Messages too short to answer, responses sent to us, TCP connections refused. */
  dropped: number;
}

export interface DnsblServer {
  readonly udp: { readonly address: string; readonly port: number };
  readonly tcp: { readonly address: string; readonly port: number };
  readonly stats: Readonly<DnsblStats>;
  /** Stops listening and closes open TCP connections. */
  close(): Promise<void>;
}

const DEFAULT_TTL = 300;
const DEFAULT_NEGATIVE_TTL = 60;
const DEFAULT_TCP_IDLE_MS = 10_000;
const DEFAULT_MAX_TCP = 512;
/** How many random ports to try when port 0 gives a UDP port whose TCP twin is taken. */
const PORT_ATTEMPTS = 20;

function ttlOption(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  // RFC 2181 §8: a TTL is an unsigned 31-bit number of seconds.
  if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff) throw new RangeError(`${what} must be 0..2^31-1`);
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

/** Checks the answering options and builds the responder's configuration. */
export function responderConfig(options: Omit<DnsblOptions, 'host' | 'port'>): ResponderConfig {
  const zone = normaliseZone(options.zone);
  if (typeof options.index?.forAddress !== 'function') throw new TypeError('index must be a ListingIndex');
  const lists = servedListKinds(options.lists);
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
    now: options.now ?? Date.now,
    onError: options.onError,
  };
}

/** Starts a DNSBL responder for `zone` answering from `index`. */
export async function startDnsbl(options: DnsblOptions): Promise<DnsblServer> {
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new RangeError('port must be 0..65535');
  }
  const config = responderConfig(options);
  const onError = options.onError;
  const idleMs = options.tcpIdleTimeoutMs ?? DEFAULT_TCP_IDLE_MS;
  const maxTcp = options.maxTcpConnections ?? DEFAULT_MAX_TCP;
  const stats: DnsblStats = {
    udpQueries: 0,
    tcpQueries: 0,
    listed: 0,
    nxdomain: 0,
    nodata: 0,
    refused: 0,
    errors: 0,
    truncated: 0,
    dropped: 0,
  };

  const respond = (message: Buffer, transport: Transport): Reply | null => {
    if (transport === 'udp') stats.udpQueries++;
    else stats.tcpQueries++;
    let reply: Reply | null;
    try {
      reply = respondToMessage(message, transport, config);
    } catch (error) {
      // respondToMessage handles bad input itself; this is a bug, not the client's fault.
      onError?.(error);
      reply = null;
    }
    if (!reply) stats.dropped++;
    else if (reply.rcode === RCODE.NXDOMAIN) stats.nxdomain++;
    else if (reply.rcode === RCODE.REFUSED) stats.refused++;
    else if (reply.rcode !== RCODE.NOERROR) stats.errors++;
    else if (reply.bytes.readUInt16BE(6) > 0) stats.listed++;
    else stats.nodata++;
    if (reply?.truncated) stats.truncated++;
    return reply;
  };

  const udpType = net.isIPv6(options.host) ? 'udp6' : 'udp4';
  const connections = new Set<net.Socket>();
  const onConnection = (socket: net.Socket) => {
    if (connections.size >= maxTcp) {
      stats.dropped++;
      socket.destroy();
      return;
    }
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setNoDelay(true);
    // RFC 7766 §6.2.3: servers close idle connections; activity in either direction resets it.
    socket.setTimeout(idleMs, () => socket.destroy());
    socket.on('drain', () => socket.resume());
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      if (socket.writableEnded) return;
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (pending.length < 2 + length) break;
        const message = pending.subarray(2, 2 + length);
        pending = pending.subarray(2 + length);
        const reply = respond(message, 'tcp');
        if (!reply) {
          // Not even a header to answer to: the stream cannot be trusted any more.
          socket.end();
          return;
        }
        const framed = Buffer.allocUnsafe(2 + reply.bytes.length);
        framed.writeUInt16BE(reply.bytes.length, 0);
        reply.bytes.copy(framed, 2);
        // Back-pressure: a client that does not read its answers stops being read.
        if (!socket.write(framed)) socket.pause();
      }
    });
  };

  let udp: dgram.Socket | undefined;
  let tcp: net.Server | undefined;
  for (let attempt = 1; ; attempt++) {
    const udpSocket = dgram.createSocket({ type: udpType });
    await bindUdp(udpSocket, options.port, options.host);
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
  udpSocket.on('message', (message, peer) => {
    const reply = respond(message, 'udp');
    // Send errors (a peer gone away) surface as 'error' events on the socket.
    if (reply) udpSocket.send(reply.bytes, peer.port, peer.address);
  });

  const udpAddress = udpSocket.address();
  const tcpAddress = tcpServer.address() as net.AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    udp: { address: udpAddress.address, port: udpAddress.port },
    tcp: { address: tcpAddress.address, port: tcpAddress.port },
    stats,
    close() {
      closing ??= Promise.all([
        closeUdp(udpSocket),
        new Promise<void>((resolve) => {
          tcpServer.close(() => resolve());
          for (const socket of connections) socket.destroy();
        }),
      ]).then(() => undefined);
      return closing;
    },
  };
}

/**
 * A load generator for DNS servers over UDP: one socket, a fixed number of queries in
 * flight, each answer immediately replaced by the next query. Every server under test
 * faces this same client. Queries are encoded once with dns-packet; answers are only
 * read for id, rcode and answer count, so the client stays cheap.
 */
import dgram from 'node:dgram';
import { encode } from 'dns-packet';

export interface LoadOptions {
  readonly port: number;
  readonly names: readonly string[];
  /** Queries in flight at once (at most 1024). */
  readonly inflight: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  /** A query unanswered this long is counted lost and replaced. */
  readonly timeoutMs?: number;
}

export interface LoadResult {
  /** Answers per second over the measured interval. */
  readonly qps: number;
  readonly answered: number;
  readonly lost: number;
  /** Answers with records, NXDOMAIN answers, others (of the measured interval). */
  readonly listed: number;
  readonly nxdomain: number;
  readonly other: number;
}

const SLOT_BITS = 10;

/** Runs the load and resolves with the rate measured after the warm-up. */
export function measureUdp(options: LoadOptions): Promise<LoadResult> {
  const { inflight, names } = options;
  if (inflight < 1 || inflight > 1 << SLOT_BITS) throw new RangeError('inflight must be 1..1024');
  const templates = names.map((name) => encode({ type: 'query', id: 0, questions: [{ name, type: 'A' }] }));
  const timeoutMs = options.timeoutMs ?? 500;
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 1 << 22, sendBufferSize: 1 << 22 });
  const slotId = new Uint16Array(inflight);
  const slotSent = new Float64Array(inflight);
  let generation = 0;
  let next = 0;
  let measuring = false;
  let stopped = false;
  const counts = { answered: 0, lost: 0, listed: 0, nxdomain: 0, other: 0 };

  const send = (slot: number) => {
    if (stopped) return;
    generation = (generation + 1) & ((1 << (16 - SLOT_BITS)) - 1);
    const id = (generation << SLOT_BITS) | slot;
    const message = Buffer.from(templates[next]!);
    next = (next + 1) % templates.length;
    message.writeUInt16BE(id, 0);
    slotId[slot] = id;
    slotSent[slot] = performance.now();
    socket.send(message, options.port, '127.0.0.1');
  };

  socket.on('message', (reply) => {
    if (reply.length < 12) return;
    const id = reply.readUInt16BE(0);
    const slot = id & ((1 << SLOT_BITS) - 1);
    if (slot >= inflight || slotId[slot] !== id) return; // late answer to a query counted lost
    if (measuring) {
      counts.answered++;
      const rcode = reply[3]! & 0xf;
      if (rcode === 0 && reply.readUInt16BE(6) > 0) counts.listed++;
      else if (rcode === 3) counts.nxdomain++;
      else counts.other++;
    }
    send(slot);
  });

  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      for (let slot = 0; slot < inflight; slot++) send(slot);
      const sweep = setInterval(() => {
        const now = performance.now();
        for (let slot = 0; slot < inflight; slot++) {
          if (now - slotSent[slot]! > timeoutMs) {
            if (measuring) counts.lost++;
            send(slot);
          }
        }
      }, 100);
      setTimeout(() => {
        measuring = true;
        const start = performance.now();
        setTimeout(() => {
          measuring = false;
          stopped = true;
          const seconds = (performance.now() - start) / 1000;
          clearInterval(sweep);
          socket.close();
          resolve({ qps: counts.answered / seconds, ...counts });
        }, options.durationMs);
      }, options.warmupMs);
    });
  });
}

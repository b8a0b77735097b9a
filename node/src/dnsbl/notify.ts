/**
 * NOTIFY (RFC 1996) to the zone's secondaries after a change, so they transfer it
 * without waiting for the SOA refresh timer. Each secondary is sent one message per
 * new serial, retried until it answers (RFC 1996 §3.6) or the retries run out.
 */
import dgram from 'node:dgram';
import { isIP } from 'node:net';
import { decode, encode } from 'dns-packet';

/** A secondary to notify: `host:port`, `[v6]:port` or a bare address (port 53). */
export interface Secondary {
  readonly host: string;
  readonly port: number;
}

const OPCODE_NOTIFY = 4;
const FLAG_AA = 0x0400;

/** Parses `dnsbl.secondaries` entries. */
export function parseSecondary(text: string): Secondary {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const plain = /^([^:]+)(?::(\d+))?$/.exec(text);
  const host = bracketed?.[1] ?? (isIP(text) === 6 ? text : plain?.[1]);
  const portText = bracketed ? bracketed[2] : isIP(text) === 6 ? undefined : plain?.[2];
  const port = portText === undefined ? 53 : Number(portText);
  if (!host || !isIP(host) || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new RangeError(
      `secondary "${text}" must be an address with an optional port (192.0.2.53:5353, [2001:db8::53]:53)`,
    );
  }
  return { host, port };
}

export interface NotifierOptions {
  readonly zone: string;
  readonly secondaries: readonly Secondary[];
  /** Time between retries (RFC 1996 §3.6 suggests 60 s; a few seconds suits a DNSBL). */
  readonly retryMs?: number;
  readonly retries?: number;
  readonly onSent?: () => void;
  readonly onAnswered?: () => void;
  readonly onError?: (error: unknown) => void;
}

/** Sends NOTIFY messages from one UDP socket per address family. */
export class Notifier {
  private readonly sockets = new Map<'udp4' | 'udp6', dgram.Socket>();
  private readonly pending = new Map<number, { timer: NodeJS.Timeout; target: Secondary }>();
  private nextId = Math.floor(Math.random() * 0xffff);
  private closed = false;

  constructor(private readonly options: NotifierOptions) {}

  private socket(type: 'udp4' | 'udp6'): dgram.Socket {
    let socket = this.sockets.get(type);
    if (!socket) {
      socket = dgram.createSocket(type);
      socket.on('error', (error) => this.options.onError?.(error));
      socket.on('message', (message) => this.answered(message));
      socket.unref();
      this.sockets.set(type, socket);
    }
    return socket;
  }

  private answered(message: Buffer): void {
    let id: number;
    try {
      id = decode(message).id ?? -1;
    } catch {
      return;
    }
    const p = this.pending.get(id);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(id);
    this.options.onAnswered?.();
  }

  /** Tells every secondary that the zone changed. */
  notify(): void {
    if (this.closed) return;
    for (const target of this.options.secondaries) {
      // A newer NOTIFY replaces an unanswered older one to the same secondary.
      for (const [id, p] of this.pending) {
        if (p.target === target) {
          clearTimeout(p.timer);
          this.pending.delete(id);
        }
      }
      this.send(target, this.options.retries ?? 5);
    }
  }

  // RFC 1996 §3.7 lets the NOTIFY carry the new SOA; secondaries query it either way.
  private send(target: Secondary, retriesLeft: number): void {
    this.nextId = (this.nextId + 1) & 0xffff;
    const id = this.nextId;
    const bytes = encode({
      type: 'query',
      id,
      flags: (OPCODE_NOTIFY << 11) | FLAG_AA,
      questions: [{ name: this.options.zone, type: 'SOA', class: 'IN' }],
    });
    const socket = this.socket(isIP(target.host) === 6 ? 'udp6' : 'udp4');
    socket.send(bytes, target.port, target.host);
    this.options.onSent?.();
    const timer = setTimeout(() => {
      this.pending.delete(id);
      if (retriesLeft > 0 && !this.closed) this.send(target, retriesLeft - 1);
    }, this.options.retryMs ?? 2000);
    timer.unref();
    this.pending.set(id, { timer, target });
  }

  close(): void {
    this.closed = true;
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    for (const s of this.sockets.values()) s.close();
    this.sockets.clear();
  }
}

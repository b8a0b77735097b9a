/**
 * Shared pieces of the abuse tests and the abuse benchmark: a real node process with
 * config overrides, its resident memory, a health monitor that keeps asking while an
 * attack runs, and a way to publish (and later check) entries a normal member sent.
 *
 * Attacks run from 127.0.0.1; the monitor and the normal client connect from
 * 127.0.0.2 (all of 127/8 is loopback on Linux), so the per-address budgets an attack
 * exhausts are not the ones the normal client is measured against — as on the
 * Internet, where an attacker and a member do not share an address.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { decodeFrame, encodeFrame, type Frame, type VerifiedEntry } from '@arx/protocol';
import type WebSocketType from 'ws';
import { OPERATOR_TOKEN, Publisher, tempRoot, writeNodeDir } from '../../node/test/helpers/fixture.js';
import { type NodeProcess, spawnNode } from '../../node/test/helpers/spawn.js';
import { WsClient } from '../../node/test/helpers/ws-client.js';
import { freePorts, waitFor } from '../federation/helpers/cluster.js';

export { waitFor };

// `ws` is a dependency of @arx/node, resolved from there (the test package does not list it).
const ws = createRequire(new URL('../../node/package.json', import.meta.url))('ws') as {
  WebSocket: typeof WebSocketType;
};

/** The address normal clients connect from (attackers use 127.0.0.1). */
export const NORMAL_CLIENT_ADDRESS = '127.0.0.2';

export interface AbuseNode {
  readonly dir: string;
  readonly http: string;
  readonly ws: string;
  readonly port: number;
  readonly proc: NodeProcess;
  readonly pid: number;
  close(): Promise<void>;
}

/** Starts one node process (handle `isc` unless given) with `config` merged over the test defaults. */
export async function startNode(config: Record<string, unknown> = {}, handle = 'isc'): Promise<AbuseNode> {
  const { root, cleanup } = tempRoot('arx-abuse-');
  const [port] = await freePorts(1);
  const dir = writeNodeDir(root, handle, {
    http: { host: '127.0.0.1', port },
    receipts: { intervalSeconds: 3600 },
    ...config,
  });
  const proc = await spawnNode(dir);
  return {
    dir,
    port: port!,
    http: `http://127.0.0.1:${port}`,
    ws: `ws://127.0.0.1:${port}/v1/ws`,
    proc,
    pid: proc.child.pid!,
    async close() {
      if (proc.child.exitCode === null && proc.child.signalCode === null) {
        proc.child.kill('SIGTERM');
        await proc.exited;
      }
      cleanup();
    },
  };
}

/** Resident set size of a process, in MB (VmRSS of /proc/PID/status). */
export function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1]) / 1024;
}

/** Samples a process's RSS every `intervalMs` until stopped; `peak()` is the largest seen. */
export function watchRss(pid: number, intervalMs = 100): { peak(): number; stop(): number } {
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid));
    } catch {
      // The process has exited; the peak so far stands.
    }
  }, intervalMs);
  return {
    peak: () => peak,
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

/** One HTTP GET from `localAddress`; rejects after `timeoutMs`. */
export function httpGet(
  base: string,
  path: string,
  options: { localAddress?: string; timeoutMs?: number; token?: string } = {},
): Promise<{ status: number; body: string }> {
  const { localAddress = NORMAL_CLIENT_ADDRESS, timeoutMs = 10_000, token } = options;
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      { localAddress, headers: token ? { authorization: `Bearer ${token}` } : {}, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`GET ${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

export interface HealthStats {
  readonly samples: number;
  readonly failures: string[];
  /** Latencies in ms, in order. */
  readonly latencies: number[];
  p95(): number;
}

/**
 * Asks `/v1/health` every `intervalMs` from the normal client's address until stopped.
 * A request not answered 200 within `livenessMs` is a failure (a liveness bound, not a
 * latency assertion).
 */
export function monitorHealth(base: string, options: { intervalMs?: number; livenessMs?: number } = {}) {
  const { intervalMs = 100, livenessMs = 8000 } = options;
  const latencies: number[] = [];
  const failures: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      try {
        const res = await httpGet(base, '/v1/health', { timeoutMs: livenessMs });
        if (res.status !== 200) failures.push(`status ${res.status}: ${res.body.slice(0, 200)}`);
        else latencies.push(performance.now() - t0);
      } catch (error) {
        failures.push(String(error));
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    async stop(): Promise<HealthStats> {
      running = false;
      await loop;
      return {
        samples: latencies.length + failures.length,
        failures,
        latencies,
        p95: () => percentile(latencies, 0.95),
      };
    },
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** A websocket client connecting from the normal client's address. */
export function openNormal(url: string): Promise<WsClient> {
  return WsClient.open(url, { localAddress: NORMAL_CLIENT_ADDRESS });
}

/**
 * An attacking websocket client from 127.0.0.1: sends frames, decodes only the small
 * frames it receives (notices, oks) and counts them by code or reason; entries it is
 * sent are dropped unread into the void. `pause()` stops reading from the socket.
 */
export class Attacker {
  /** Notices by code and `ok` refusals by reason. */
  readonly counts = new Map<string, number>();
  bytesIn = 0;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocketType) {
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
    socket.on('error', () => {});
    socket.on('message', (data: Buffer) => {
      this.bytesIn += data.length;
      if (data.length > 2048) return;
      const frame = decodeFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      const key = frame[0] === 'notice' ? frame[1] : frame[0] === 'ok' ? `ok:${frame[3]}` : frame[0];
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    });
  }

  static open(url: string): Promise<Attacker> {
    const socket = new ws.WebSocket(url, { localAddress: '127.0.0.1' });
    const attacker = new Attacker(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(attacker));
      socket.once('error', reject);
    });
  }

  send(frame: Frame | readonly unknown[]): void {
    if (this.socket.readyState === 1) this.socket.send(encodeFrame(frame as Frame));
  }

  sendRaw(bytes: Uint8Array): void {
    if (this.socket.readyState === 1) this.socket.send(bytes);
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** Stops reading: the node's send buffer for this socket fills up. */
  pause(): void {
    this.socket.pause();
  }

  close(): Promise<{ code: number; reason: string }> {
    if (this.socket.readyState <= 1) this.socket.terminate();
    return this.closed;
  }
}

/**
 * Publishes `count` entries signed by `member` over one websocket, `window` in flight,
 * and returns those acknowledged `accepted`.
 */
export async function publishEntries(
  url: string,
  count: number,
  make: (publisher: Publisher, i: number) => VerifiedEntry,
  member = 'aol',
  window = 256,
): Promise<VerifiedEntry[]> {
  const client = await openNormal(url);
  const publisher = new Publisher(member);
  const entries = Array.from({ length: count }, (_, i) => make(publisher, i));
  const accepted: VerifiedEntry[] = [];
  try {
    for (let i = 0; i < entries.length; i += window) {
      const chunk = entries.slice(i, i + window);
      const before = client.oks().length;
      for (const e of chunk) client.send(['entry', e.bytes]);
      const oks = await client.waitCount((f: Frame) => f[0] === 'ok', before + chunk.length, 60_000);
      for (const [j, ok] of oks.slice(before).entries()) if (ok[3] === 'accepted') accepted.push(chunk[j]!);
    }
  } finally {
    await client.close();
  }
  return accepted;
}

/** Ids among `entries` that the node no longer serves (should be none: nothing acknowledged is lost). */
export async function missingEntries(base: string, entries: VerifiedEntry[]): Promise<string[]> {
  const missing: string[] = [];
  for (const e of entries) {
    const res = await httpGet(base, `/v1/entries/${e.idHex}`, { token: OPERATOR_TOKEN });
    if (res.status !== 200) missing.push(e.idHex);
  }
  return missing;
}

/** A value of a Prometheus series without labels from the node's /metrics (operator request: not rate-limited). */
export async function metric(base: string, name: string): Promise<number> {
  const res = await httpGet(base, '/metrics', { token: OPERATOR_TOKEN });
  const line = res.body.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no series ${name}`);
  return Number(line.split(' ')[1]);
}

/** Runs `tick` `count` times, `intervalMs` apart (an attack bounded in count, and so in time). */
export async function repeat(count: number, intervalMs: number, tick: (i: number) => void): Promise<void> {
  for (let i = 0; i < count; i++) {
    tick(i);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

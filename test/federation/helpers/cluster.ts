/**
 * A federation of real node processes on loopback for tests: node directories with
 * concrete ports (peers need each other's URLs before they start), start / SIGTERM /
 * SIGKILL per node, and polling helpers. Nothing here sleeps as an assertion: every
 * wait polls a condition until a deadline.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PeerSummary } from '@arx/node';
import { getJson, OPERATOR_TOKEN, postJson, tempRoot, writeNodeDir } from '../../../node/test/helpers/fixture.js';
import { type NodeProcess, spawnNode } from '../../../node/test/helpers/spawn.js';

/**
 * Ports reserved by this test process, across test processes: a file per port under the
 * temp directory names the live process holding it. A cluster keeps its ports while a
 * node is stopped and restarted; without the reservation another test file's
 * `freePorts` could find such a port free meanwhile and bind it first.
 */
const RESERVED_DIR = join(tmpdir(), 'arx-test-ports');
const reserved = new Set<string>();
let releaseOnExit = false;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the reservation of `port` for this process; false when a live process holds it. */
function reserve(port: number): boolean {
  mkdirSync(RESERVED_DIR, { recursive: true });
  const file = join(RESERVED_DIR, String(port));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      reserved.add(file);
      if (!releaseOnExit) {
        releaseOnExit = true;
        process.once('exit', () => {
          for (const f of reserved) rmSync(f, { force: true });
        });
      }
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8'));
      if (holder === process.pid || (holder > 0 && alive(holder))) return false;
      rmSync(file, { force: true }); // left by a test process that is gone
    }
  }
  return false;
}

function release(port: number): void {
  const file = join(RESERVED_DIR, String(port));
  if (reserved.delete(file)) rmSync(file, { force: true });
}

/**
 * Ports the kernel says are free right now, reserved for this test process until it exits
 * (see `reserve`).
 */
export async function freePorts(count: number): Promise<number[]> {
  // Below Linux's ephemeral range (32768–60999): a port handed out here and bound a moment
  // later by a node cannot meanwhile become the source port of some outgoing connection,
  // nor the answer to another test's listen(0).
  const ports: number[] = [];
  while (ports.length < count) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    // A port this process already holds (one of these, or a cluster's) is not free either.
    if (!reserve(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) ports.push(port);
    else release(port);
  }
  return ports;
}

/** Polls `probe` until it returns a value other than undefined/false; throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export interface Head {
  origin: string;
  handle: string | null;
  seq: number;
  id: string;
}

export interface NodeStatus {
  entries: number;
  heldEntries: number;
  rosterVersion: number;
  heads: Head[];
  forks: { origin: string; handle: string | null; evidence: { seq: number; ids: string[] }[] }[];
  peers: number;
}

export interface ClusterNode {
  readonly handle: string;
  readonly dir: string;
  readonly port: number;
  readonly http: string;
  readonly ws: string;
  proc: NodeProcess | null;
}

export interface ClusterOptions {
  /** [dialer, listener] pairs: the first node dials the second. */
  links: [string, string][];
  /** Extra config for every node (e.g. receipts). */
  config?: Record<string, unknown>;
  /** Extra config per node. */
  perNode?: Record<string, Record<string, unknown>>;
  /** A roster document per node other than the default one. */
  rosters?: Record<string, Uint8Array>;
}

export class Cluster {
  readonly nodes = new Map<string, ClusterNode>();
  private constructor(private readonly cleanupRoot: () => void) {}

  static async create(handles: string[], options: ClusterOptions): Promise<Cluster> {
    const { root, cleanup } = tempRoot('arx-fed-');
    const cluster = new Cluster(cleanup);
    const ports = await freePorts(handles.length);
    const portOf = new Map(handles.map((h, i) => [h, ports[i]!]));
    for (const handle of handles) {
      const port = portOf.get(handle)!;
      const peers = options.links
        .filter(([from]) => from === handle)
        .map(([, to]) => ({ url: `ws://127.0.0.1:${portOf.get(to)}/v1/ws`, handle: to }));
      const config = { http: { host: '127.0.0.1', port }, peers, ...options.config, ...options.perNode?.[handle] };
      const roster = options.rosters?.[handle];
      const dir = roster ? writeNodeDir(root, handle, config, roster) : writeNodeDir(root, handle, config);
      cluster.nodes.set(handle, {
        handle,
        dir,
        port,
        http: `http://127.0.0.1:${port}`,
        ws: `ws://127.0.0.1:${port}/v1/ws`,
        proc: null,
      });
    }
    return cluster;
  }

  node(handle: string): ClusterNode {
    const n = this.nodes.get(handle);
    if (!n) throw new Error(`no node ${handle}`);
    return n;
  }

  async start(handle: string): Promise<void> {
    const n = this.node(handle);
    if (n.proc) throw new Error(`${handle} already running`);
    n.proc = await spawnNode(n.dir);
  }

  async startAll(): Promise<void> {
    await Promise.all([...this.nodes.keys()].map((h) => this.start(h)));
  }

  /** Graceful stop (SIGTERM): the node drains its writes and closes its links. */
  async stop(handle: string): Promise<void> {
    const n = this.node(handle);
    if (!n.proc) return;
    const proc = n.proc;
    n.proc = null;
    proc.child.kill('SIGTERM');
    await proc.exited;
  }

  /** Crash (SIGKILL): no shutdown code runs. */
  async kill(handle: string): Promise<void> {
    const n = this.node(handle);
    if (!n.proc) return;
    const proc = n.proc;
    n.proc = null;
    proc.child.kill('SIGKILL');
    await proc.exited;
  }

  running(): ClusterNode[] {
    return [...this.nodes.values()].filter((n) => n.proc);
  }

  async close(): Promise<void> {
    await Promise.all([...this.nodes.keys()].map((h) => this.kill(h)));
    this.cleanupRoot();
  }

  /** Signs and publishes an entry for a node's organisation (operator token). */
  async publish(handle: string, kind: string, body: unknown): Promise<{ id: string; seq: number }> {
    const res = await postJson(this.node(handle).http, '/v1/publish', { kind, body }, OPERATOR_TOKEN);
    if (res.status !== 200) throw new Error(`publish at ${handle}: ${res.status} ${JSON.stringify(res.json)}`);
    return { id: res.json.id, seq: res.json.seq };
  }

  // biome-ignore lint/suspicious/noExplicitAny: response bodies of many shapes, checked by the tests
  async get(handle: string, path: string): Promise<{ status: number; json: any }> {
    return getJson(this.node(handle).http, path);
  }

  async status(handle: string): Promise<NodeStatus> {
    const res = await this.get(handle, '/v1/status');
    if (res.status !== 200) throw new Error(`status of ${handle}: ${res.status}`);
    return res.json;
  }

  async heads(handle: string): Promise<Head[]> {
    return (await this.status(handle)).heads as Head[];
  }

  /** Open peer links of a node, by peer handle. */
  async links(handle: string): Promise<PeerSummary[]> {
    const res = await this.get(handle, '/v1/peers');
    return (res.json.peers as PeerSummary[]).filter((p) => p.state === 'open');
  }

  /** Waits until every running node reports the same heads (origin → seq → id). */
  async converged(timeoutMs = 30_000, nodes = this.running().map((n) => n.handle)): Promise<Head[]> {
    return waitFor(
      `heads to converge on ${nodes.join(', ')}`,
      async () => {
        const all = await Promise.all(nodes.map((h) => this.heads(h)));
        const key = (hs: Head[]) =>
          JSON.stringify(
            hs.map((h) => [h.origin, h.seq, h.id]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
          );
        const first = key(all[0]!);
        return all.every((hs) => key(hs) === first) ? all[0]! : undefined;
      },
      timeoutMs,
      200,
    );
  }

  /** Waits until a node has `count` open peer links. */
  async linked(handle: string, count: number, timeoutMs = 30_000): Promise<void> {
    await waitFor(
      `${handle} to have ${count} peer links`,
      async () => (await this.links(handle)).length >= count,
      timeoutMs,
    );
  }
}

export function reportJsonBody(about: string, count = 1): Record<string, unknown> {
  const now = Date.now();
  return { about, category: 'spam.source', observed: { first: now - 60_000, last: now, count }, source: 'fbl' };
}

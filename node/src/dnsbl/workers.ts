/**
 * UDP worker processes of the DNSBL responder (`dnsbl.workers`). The node binds the UDP
 * socket and hands it to each worker (a socket handle over the IPC channel); every
 * process reading it takes the next datagram when it is free, so queries are answered
 * on every core while the node's own event loop does ingest. Each worker holds its own
 * compact copy of the zone's listings (about 100 bytes a listing in force), sent whole
 * when it starts and then change by change, and the zone's serial. TCP, transfers and
 * NOTIFY stay in the node. A worker that dies is started again with a fresh copy.
 */
import { type ChildProcess, fork } from 'node:child_process';
import type dgram from 'node:dgram';
import { availableParallelism } from 'node:os';
import type { ListKind } from '@arx/protocol';
import type { ListingView } from '../state/types.js';
import { addStats, type DnsblStats, newStats } from './answering.js';

/**
 * `dnsbl.workers: "auto"`: one worker per core but one, at least one. While workers read
 * the socket the node's process does not (server.ts `setReading`), so its core is left to
 * ingest; more readers of one socket than free cores cost more in wake-ups than they
 * answer (docs/performance.md, DNSBL).
 */
export function autoWorkerCount(cores = availableParallelism()): number {
  return Math.max(1, cores - 1);
}

/** What a worker answers with, as plain data (a removal URL as its template). */
export interface WorkerResponder {
  readonly zone: string;
  readonly lists?: readonly ListKind[] | undefined;
  readonly nsName?: string | undefined;
  readonly contact?: string | undefined;
  readonly ttl?: number | undefined;
  readonly negativeTtl?: number | undefined;
  readonly answerCache?: number | undefined;
  readonly removalUrl?: string | null | undefined;
}

export interface WorkerChange {
  readonly put?: ListingView;
  readonly remove?: string;
}

/** Messages from the node to a worker. */
export type ToWorker =
  | {
      readonly type: 'init';
      readonly responder: WorkerResponder;
      readonly rrl: { readonly responsesPerSecond: number; readonly slip: number; readonly maxBuckets: number };
      readonly keys: readonly { name: string; secret: string }[];
      readonly serial: number;
      readonly listings: readonly ListingView[];
    }
  | { readonly type: 'socket' }
  | {
      readonly type: 'changes';
      readonly changes: readonly WorkerChange[];
      readonly serial?: number;
      /** Asks for a `synced` answer once applied. */
      readonly sync?: number;
    }
  | { readonly type: 'close' };

type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'synced'; readonly sync: number }
  | { readonly type: 'stats'; readonly stats: DnsblStats }
  | { readonly type: 'error'; readonly message: string };

export interface WorkerOptions {
  readonly count: number;
  readonly socket: dgram.Socket;
  readonly responder: WorkerResponder;
  readonly rrl: { readonly responsesPerSecond: number; readonly slip: number; readonly maxBuckets: number };
  readonly keys: readonly { name: string; secret: string }[];
  /**
   * Listing changes kept for a worker while its starting copy is sent. Past it the
   * changes are dropped and the copy starts again from a fresh snapshot (which holds
   * them); a worker whose copy is overtaken MAX_COPY_ATTEMPTS times in a row is stopped.
   */
  readonly backlog: number;
  /** The listings the zone answers for, now (a new worker's starting copy). */
  readonly snapshot: () => ListingView[];
  readonly serial: () => number;
  readonly onError?: ((error: unknown) => void) | undefined;
  /** Told how many workers read the socket, whenever that changes (one took it, one exited). */
  readonly onAnswering?: ((workers: number) => void) | undefined;
}

/** How long a worker may take to take the socket once its copy is sent. */
const READY_TIMEOUT_MS = 60_000;
/** Listings per message of a new worker's starting copy. */
const SNAPSHOT_CHUNK = 10_000;
/** Restarts of dead workers allowed per minute (a worker that keeps dying is left dead). */
const MAX_RESTARTS_PER_MINUTE = 5;
/** Starting copies sent to one worker before giving up when changes keep overflowing its backlog. */
const MAX_COPY_ATTEMPTS = 3;

// Under tsx (tests, development) the worker is the TypeScript source, run the same way.
const SCRIPT = new URL(import.meta.url.endsWith('.ts') ? './udp-worker.ts' : './udp-worker.js', import.meta.url);

interface Worker {
  readonly child: ChildProcess;
  stats: DnsblStats;
  /** Changes made while its starting copy is still being sent: they follow the copy. */
  backlog: WorkerChange[] | null;
  /** The backlog passed its cap during this copy: the copy is stale and starts again. */
  overflowed: boolean;
}

export class UdpWorkers {
  private readonly workers = new Set<Worker>();
  /** Workers that took the socket and read it. */
  private readonly answering = new Set<Worker>();
  /** Counters of workers that exited, so totals never go back. */
  private readonly retired = newStats();
  private pending: WorkerChange[] = [];
  private flushing = false;
  private lastSerial: number;
  private readonly serialTimer: NodeJS.Timeout;
  private restarts: number[] = [];
  private closed = false;
  private syncs = 0;
  private readonly waiting = new Map<number, { left: Set<Worker>; done: () => void }>();

  private constructor(private readonly options: WorkerOptions) {
    this.lastSerial = options.serial();
    // Serials also advance without a listing change (a transfer seals the zone): checked often.
    this.serialTimer = setInterval(() => this.schedule(), 250);
    this.serialTimer.unref();
  }

  /**
   * Starts `count` workers in the background: the node's own process answers until they
   * take the socket (a copy of a million listings takes seconds to build), so start-up
   * does not wait for them. `ready` resolves once every one answers.
   */
  static launch(options: WorkerOptions): UdpWorkers {
    const pool = new UdpWorkers(options);
    pool.ready = Promise.all(Array.from({ length: options.count }, () => pool.spawn())).then(() => undefined);
    pool.ready.catch((error) => options.onError?.(error));
    return pool;
  }

  /** Resolves once the first `count` workers answer from the socket; rejects if one failed to start. */
  ready: Promise<void> = Promise.resolve();

  get size(): number {
    return this.workers.size;
  }

  /** Workers that have taken the socket and answer from it. */
  get answeringCount(): number {
    return this.answering.size;
  }

  /** Process ids of the running workers. */
  pids(): number[] {
    return [...this.workers].map((w) => w.child.pid).filter((pid): pid is number => pid !== undefined);
  }

  /** A listing of the zone changed (the node's listing index already has it). */
  changed(before: ListingView | undefined, after: ListingView | undefined): void {
    if (after) this.pending.push({ put: after });
    else if (before) this.pending.push({ remove: before.id });
    this.schedule();
  }

  /** The workers' counters, added up (those of exited workers included). */
  stats(): DnsblStats {
    const total = addStats(newStats(), this.retired);
    for (const w of this.workers) addStats(total, w.stats);
    return total;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.serialTimer);
    await Promise.all(
      [...this.workers].map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.child.exitCode !== null || w.child.signalCode !== null) return resolve();
            const timer = setTimeout(() => w.child.kill('SIGKILL'), 2000);
            w.child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            if (w.child.connected) w.child.send({ type: 'close' } satisfies ToWorker);
            else w.child.kill('SIGTERM');
          }),
      ),
    );
  }

  /**
   * Sends pending changes and the current serial to every worker now, and resolves once
   * each has applied them (or after a second): the node announces a new serial by NOTIFY
   * only when whichever process takes the secondary's SOA query answers with it.
   */
  sync(): Promise<void> {
    const id = ++this.syncs;
    const serial = this.options.serial();
    const message: ToWorker = { type: 'changes', changes: this.pending, serial, sync: id };
    this.pending = [];
    this.lastSerial = serial;
    for (const w of this.workers) this.keep(w, message.changes);
    const left = new Set([...this.workers].filter((w) => w.child.connected && !w.backlog));
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve();
      };
      const timer = setTimeout(done, 1000);
      this.waiting.set(id, { left, done });
      for (const w of left) w.child.send(message);
      if (left.size === 0) done();
    });
  }

  private synced(worker: Worker, id: number): void {
    const wait = this.waiting.get(id);
    if (!wait) return;
    wait.left.delete(worker);
    if (wait.left.size === 0) wait.done();
  }

  /** Sends the changes collected this tick (and a new serial) to every worker, once per tick. */
  private schedule(): void {
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      const serial = this.options.serial();
      if (this.pending.length === 0 && serial === this.lastSerial) return;
      const message: ToWorker = { type: 'changes', changes: this.pending, serial };
      this.pending = [];
      this.lastSerial = serial;
      for (const w of this.workers) {
        if (!this.keep(w, message.changes) && w.child.connected) w.child.send(message);
      }
    });
  }

  /**
   * Keeps changes for a worker whose starting copy is being sent (false: it has its copy).
   * Past the cap the backlog is emptied and the copy marked stale: the fresh copy sent
   * next holds these changes, so memory stays at the cap whatever the rate of changes.
   */
  private keep(worker: Worker, changes: readonly WorkerChange[]): boolean {
    if (!worker.backlog) return false;
    if (worker.backlog.length + changes.length > this.options.backlog) {
      worker.backlog = [];
      worker.overflowed = true;
    } else for (const change of changes) worker.backlog.push(change);
    return true;
  }

  private spawn(): Promise<void> {
    const { options } = this;
    const child = fork(SCRIPT, [], {
      serialization: 'advanced',
      execArgv: process.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const worker: Worker = { child, stats: newStats(), backlog: [], overflowed: false };
    this.workers.add(worker);
    let timer: NodeJS.Timeout | undefined;
    let fail: (error: Error) => void = () => {};
    const ready = new Promise<void>((resolve, reject) => {
      fail = reject;
      child.on('message', (message: FromWorker) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          this.answering.add(worker);
          options.onAnswering?.(this.answering.size);
          resolve();
        } else if (message.type === 'stats') worker.stats = message.stats;
        else if (message.type === 'synced') this.synced(worker, message.sync);
        else if (message.type === 'error') options.onError?.(new Error(`DNSBL worker: ${message.message}`));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`a DNSBL UDP worker exited (${signal ?? code}) before it was ready`));
        this.exited(worker, code, signal);
      });
    });
    const sent = (message: ToWorker, handle?: dgram.Socket) =>
      new Promise<void>((resolve, reject) =>
        child.send(message, handle as never, (error) => (error ? reject(error) : resolve())),
      );
    const load = async () => {
      // A copy of a million listings takes a while to build: only taking the socket is timed.
      const starting = () => {
        timer = setTimeout(
          () => fail(new Error('a DNSBL UDP worker did not take the socket in time')),
          READY_TIMEOUT_MS,
        );
      };
      for (let attempt = 1; ; attempt++) {
        // Changes committed after this point are in the backlog and follow the copy.
        worker.backlog = [];
        worker.overflowed = false;
        const listings = options.snapshot();
        // An init starts the worker's index afresh: a copy sent again replaces the stale one.
        await sent({
          type: 'init',
          responder: options.responder,
          rrl: options.rrl,
          keys: options.keys,
          serial: options.serial(),
          listings: listings.slice(0, SNAPSHOT_CHUNK),
        });
        // The rest in chunks, each sent before the next is serialised: memory is one chunk.
        for (let at = SNAPSHOT_CHUNK; at < listings.length && !worker.overflowed; at += SNAPSHOT_CHUNK) {
          await sent({ type: 'changes', changes: listings.slice(at, at + SNAPSHOT_CHUNK).map((put) => ({ put })) });
        }
        if (!worker.overflowed) break;
        const why = `more than ${options.backlog} listing changes (dnsbl.workerBacklog) while its copy was sent`;
        if (attempt >= MAX_COPY_ATTEMPTS) {
          child.kill('SIGKILL');
          throw new Error(`a DNSBL UDP worker was stopped: ${why}, ${attempt} times`);
        }
        options.onError?.(new Error(`a DNSBL UDP worker gets a fresh copy: ${why}`));
      }
      const backlog = worker.backlog ?? [];
      worker.backlog = null;
      await sent({ type: 'changes', changes: backlog, serial: options.serial() });
      starting();
      await sent({ type: 'socket' }, options.socket);
    };
    return Promise.all([ready, load()]).then(() => undefined);
  }

  private exited(worker: Worker, code: number | null, signal: NodeJS.Signals | null): void {
    this.workers.delete(worker);
    if (this.answering.delete(worker)) this.options.onAnswering?.(this.answering.size);
    for (const id of [...this.waiting.keys()]) this.synced(worker, id);
    addStats(this.retired, worker.stats);
    if (this.closed) return;
    this.options.onError?.(new Error(`a DNSBL UDP worker exited (${signal ?? code}); starting another`));
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < 60_000);
    if (this.restarts.length >= MAX_RESTARTS_PER_MINUTE) return;
    this.restarts.push(now);
    setTimeout(() => {
      if (!this.closed) this.spawn().catch((error) => this.options.onError?.(error));
    }, 1000).unref();
  }
}

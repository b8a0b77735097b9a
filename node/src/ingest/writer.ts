/**
 * The single writer: every entry, from every source, is stored here, in groups. All
 * entries waiting when a write starts go into one atomic LevelDB batch written with
 * `sync: true`; only when that batch is on disk are their `ok`s released (group
 * commit: durability at the cost of one fsync per group, not per entry).
 */
import { EventEmitter } from 'node:events';
import {
  type BodyByKind,
  checkCombinedSize,
  classifyEntry,
  detachEvidence,
  type EntryKind,
  fromHex,
  type HaveItem,
  type KeyPair,
  type ParsedEntry,
  parseEntry,
  type ReportBody,
  signEntry,
  toHex,
  type VerifiedEntry,
} from '@arx/protocol';
import { ArxNodeError } from '../errors.js';
import {
  type AfterCommit,
  type ApplyContext,
  applyEntry,
  blobRef,
  type Effect,
  pendingOn,
  subjectOf,
} from '../state/apply.js';
import { migrateStore } from '../state/migrate.js';
import { PendingRefs } from '../state/pending.js';
import type { RosterState } from '../state/roster.js';
import { type ArrivalMeta, evidenceKey, pad, type Sublevels } from '../store/db.js';
import { envelopeOf, metaOf } from '../store/envelopes.js';
import { SEAL_KEY } from '../store/seal.js';
import { Txn } from '../store/txn.js';
import { StorageRecovery, type StorageStatus } from './recovery.js';

/** Conflicting entries kept as evidence per origin and seq, unless the options say otherwise. */
const MAX_FORK_EVIDENCE = 4;

export type StoreStatus = 'accepted' | 'duplicate' | 'gap' | 'fork';

export interface StoreResult {
  readonly id: string;
  readonly status: StoreStatus;
  readonly effect?: Effect;
  readonly cursor?: number;
  /** For gaps: the missing range. */
  readonly missing?: { from: number; to: number };
}

/** Emitted after a batch is durable, once per newly stored entry, in cursor order. */
export interface StoredEvent {
  readonly entry: VerifiedEntry;
  readonly meta: ArrivalMeta;
}

type Job =
  | {
      type: 'entry';
      entry: VerifiedEntry;
      /** A floor the sending peer stated for the entry's origin (a `horizon` frame). */
      floor?: number;
      resolve: (r: StoreResult) => void;
      reject: (e: unknown) => void;
    }
  | {
      type: 'publish';
      kind: EntryKind;
      body: unknown;
      check: (ctx: ApplyContext) => Promise<void>;
      also?: SameBatch;
      resolve: (r: StoreResult & { entry: VerifiedEntry }) => void;
      reject: (e: unknown) => void;
    }
  | { type: 'task'; run: (ctx: ApplyContext) => Promise<void>; resolve: () => void; reject: (e: unknown) => void };

/** Writes that belong in the batch that stores an entry (the outbox, complaint identities). */
export type SameBatch = (ctx: ApplyContext, stored: StoredEvent) => void | Promise<void>;

export interface WriterOptions {
  readonly subs: Sublevels;
  readonly keys: KeyPair;
  readonly roster: () => RosterState;
  readonly hooks: AfterCommit;
  readonly now?: () => number;
  /** Max entries held back waiting for a missing predecessor (all origins together). */
  readonly maxHeld?: number;
  /** Max bytes of those entries (a member sending far-ahead 64 KiB entries must not exhaust memory). */
  readonly maxHeldBytes?: number;
  /** Conflicting entries kept as fork evidence per origin and seq (default 4; at least 2 prove a fork). */
  readonly maxForkEvidence?: number;
  /**
   * Wait for each group to reach the disk before answering (default true). Only the
   * bulk loader turns it off: it syncs once at the end, and nothing is acknowledged.
   */
  readonly sync?: boolean;
  /** The database directory on disk, probed while storage fails (see recovery.ts). */
  readonly dataDir?: string;
  /** Called for every newly stored entry, inside its batch: what it writes is durable with the entry. */
  readonly sameBatch?: SameBatch;
  /**
   * How long a report's detached evidence is kept (ms after the report's ts; default for
   * ever). Evidence of a report already past it is not stored, so retention's deletion
   * is not undone by a peer sending the entry again.
   */
  readonly evidenceWindowMs?: number;
}

interface Head {
  seq: number;
  /** Null when the chain started at a floor and the entry before it is past the horizon. */
  id: Uint8Array | null;
}

/** Meta key of the horizon pass's arrival cursor (node/src/store/horizon.ts). */
export const HORIZON_CURSOR_KEY = 'horizon.cursor';

/** Meta key of an origin's floor: the seq from which its log here is gap-free (node/src/store/horizon.ts). */
export const floorKey = (origin: string): string => `floor!${origin}`;

export class Writer extends EventEmitter {
  private readonly heads = new Map<string, Head>();
  /** origin → floor, for origins whose log here starts above seq 1 (see horizon.ts). */
  private readonly floors = new Map<string, number>();
  /**
   * The arrival cursor up to which the horizon pass has judged entries (node/src/store/horizon.ts):
   * a replay from below it misses the entries deleted past the horizon.
   */
  horizonCursor = 0;
  private readonly held = new Map<string, Map<number, VerifiedEntry>>();
  private heldCount = 0;
  private heldBytes = 0;
  private queue: Job[] = [];
  private running: Promise<void> | null = null;
  private nextCursor = 1;
  private closed = false;
  readonly forked = new Set<string>();
  private readonly pending = new PendingRefs();
  private readonly recovery: StorageRecovery;
  /** Whether a group has been committed in this run (the first broke the store's seal). */
  private wrote = false;

  constructor(private readonly opts: WriterOptions) {
    super();
    this.recovery = new StorageRecovery({
      subs: opts.subs,
      dataDir: opts.dataDir,
      now: () => this.now(),
      onRecovered: () => this.emit('storage-recovered'),
    });
  }

  /** Whether storage takes writes, and if not since when and why. */
  get storage(): StorageStatus {
    return this.recovery.status;
  }

  /** Brings the store to the current layout, then loads heads and the arrival cursor. */
  async init(): Promise<void> {
    await migrateStore(this.opts.subs);
    for await (const [origin, head] of this.opts.subs.heads.iterator()) {
      const h = head as { seq: number; id: string | null };
      this.heads.set(origin as string, { seq: h.seq, id: h.id === null ? null : fromHex(h.id) });
    }
    for await (const [key, floor] of this.opts.subs.meta.iterator({ gte: floorKey(''), lt: floorKey('\uffff') })) {
      this.floors.set(String(key).slice(floorKey('').length), floor as number);
    }
    for await (const key of this.opts.subs.arrival.keys({ reverse: true, limit: 1 })) {
      this.nextCursor = Number(key) + 1;
    }
    for await (const key of this.opts.subs.forks.keys()) this.forked.add(String(key).split('!')[0]!);
    this.horizonCursor = ((await this.opts.subs.meta.get(HORIZON_CURSOR_KEY)) as number | undefined) ?? 0;
    await this.pending.load(this.opts.subs.state);
  }

  head(originHex: string): { seq: number; id: string | null } | undefined {
    const h = this.heads.get(originHex);
    return h && { seq: h.seq, id: h.id && toHex(h.id) };
  }

  /** The seq from which this node holds `origin`'s log without a gap (1: all of it). */
  floor(originHex: string): number {
    return this.floors.get(originHex) ?? 1;
  }

  /** origin → floor, for the origins whose log here starts above seq 1. */
  floorVector(): Map<string, number> {
    return new Map(this.floors);
  }

  /**
   * Raises an origin's floor inside a writer task (the horizon pass deleted entries
   * below it): written in the task's batch, in effect once that batch is durable.
   */
  async raiseFloor(ctx: ApplyContext, originHex: string, floor: number): Promise<void> {
    const inBatch = (await ctx.txn.get<number>(this.opts.subs.meta, floorKey(originHex))) ?? 0;
    if (floor <= Math.max(inBatch, this.floor(originHex))) return;
    ctx.txn.put(this.opts.subs.meta, floorKey(originHex), floor);
    ctx.after(() => {
      if (floor > this.floor(originHex)) this.floors.set(originHex, floor);
    });
  }

  /** origin → highest contiguous seq held. */
  haveVector(): Map<string, number> {
    return new Map([...this.heads].map(([o, h]) => [o, h.seq]));
  }

  /** Every origin's head as a `have` item: origin, seq and the id held at that seq. */
  haveItems(): HaveItem[] {
    return [...this.heads].map(([o, h]) => (h.id ? [fromHex(o), h.seq, h.id] : [fromHex(o), h.seq]));
  }

  /** Whether this writer has committed anything: if not, the store is as it was opened. */
  get committed(): boolean {
    return this.wrote;
  }

  get lastCursor(): number {
    return this.nextCursor - 1;
  }

  get heldEntries(): number {
    return this.heldCount;
  }

  /** True when this exact entry (by id) is stored here. */
  async holds(entry: ParsedEntry): Promise<boolean> {
    return (await this.opts.subs.byId.get(entry.idHex)) !== undefined;
  }

  /**
   * Stores a verified entry (from a peer, a client or HTTP). `floor` is the floor the
   * sending peer stated for the entry's origin in a `horizon` frame, if any: the entry
   * at that seq may start the chain here (docs/protocol.md "Horizon").
   */
  store(entry: VerifiedEntry, floor?: number): Promise<StoreResult> {
    return new Promise((resolve, reject) =>
      this.push({ type: 'entry', entry, ...(floor ? { floor } : {}), resolve, reject }),
    );
  }

  /**
   * Signs and stores an entry for this node's organisation with the next seq. The
   * `check` runs inside the writer, against current state, before a seq is used.
   */
  publish<K extends EntryKind>(
    kind: K,
    body: BodyByKind[K],
    check: (ctx: ApplyContext) => Promise<void>,
    also?: SameBatch,
  ): Promise<StoreResult & { entry: VerifiedEntry }> {
    return new Promise((resolve, reject) =>
      this.push({ type: 'publish', kind, body, check, ...(also ? { also } : {}), resolve, reject }),
    );
  }

  /** Runs a state change inside the writer, in the same atomic batch discipline as entries. */
  task(run: (ctx: ApplyContext) => Promise<void>): Promise<void> {
    return new Promise((resolve, reject) => this.push({ type: 'task', run, resolve, reject }));
  }

  /** True when a stored entry commits to this blob (hex digest) and it is not held yet. */
  wantsBlob(digestHex: string): boolean {
    return this.pending.has(blobRef(digestHex));
  }

  /** Digests (hex) of the blobs stored entries commit to and this node does not hold. */
  wantedBlobs(): string[] {
    return this.pending.withPrefix(blobRef(''));
  }

  /**
   * Stores a detached blob whose digest the caller has verified, and applies the entries
   * that were waiting for it, in one batch. Emits `blob` (hex digest) once durable.
   */
  async storeBlob(digestHex: string, bytes: Uint8Array): Promise<void> {
    let stored = false;
    await this.task(async (ctx) => {
      if (await ctx.txn.get(this.opts.subs.blobs, digestHex)) return;
      ctx.txn.put(this.opts.subs.blobs, digestHex, bytes);
      await this.applyPending(ctx, blobRef(digestHex));
      stored = true;
    });
    if (stored) this.emit('blob', digestHex);
  }

  private push(job: Job): void {
    if (this.closed) {
      job.reject(new ArxNodeError('ARX_NODE_SHUTTING_DOWN'));
      return;
    }
    if (this.recovery.failing) {
      job.reject(this.unavailable());
      return;
    }
    this.queue.push(job);
    if (!this.running) this.running = this.drain();
  }

  private async drain(): Promise<void> {
    try {
      // Let callers of this tick join the group.
      await new Promise((r) => setImmediate(r));
      while (this.queue.length > 0) {
        const jobs = this.queue.splice(0, 2048);
        if (this.recovery.failing) {
          // Queued before the failure: refused like every group until storage recovers.
          for (const job of jobs) job.reject(this.unavailable());
          continue;
        }
        await this.commit(jobs);
      }
    } finally {
      // Whatever happened, the next push starts a new drain: the writer never wedges.
      this.running = null;
    }
  }

  /** Waits for queued writes to finish and refuses new ones. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.running) await this.running;
    await this.recovery.stop();
  }

  private unavailable(cause?: unknown): ArxNodeError {
    return new ArxNodeError('ARX_NODE_STORAGE_UNAVAILABLE', this.recovery.reason, cause === undefined ? {} : { cause });
  }

  private async commit(jobs: Job[]): Promise<void> {
    const txn = new Txn(this.opts.subs);
    const hooks: ((h: AfterCommit) => void)[] = [];
    const ctx: ApplyContext = {
      txn,
      subs: this.opts.subs,
      roster: this.opts.roster,
      after: (fn) => hooks.push(fn),
      pending: this.pending,
    };
    const headOverlay = new Map<string, Head>();
    const floorOverlay = new Map<string, number>();
    const stored: StoredEvent[] = [];
    const settle: (() => void)[] = [];
    let cursor = this.nextCursor;
    const headOf = (o: string) => headOverlay.get(o) ?? this.heads.get(o);

    const storeOne = async (entry: VerifiedEntry, offered = 0): Promise<StoreResult> => {
      const o = entry.originHex;
      const head = headOf(o);
      const held = floorOverlay.get(o) ?? this.floors.get(o) ?? 0;
      const floor = Math.max(held, offered);
      let earlier: Uint8Array | undefined;
      if ((head && entry.payload.seq < head.seq) || entry.payload.seq < floor || !head?.id) {
        const id = await txn.get<string>(this.opts.subs.log, `${o}!${pad(entry.payload.seq)}`);
        earlier = id ? fromHex(id) : undefined;
      }
      let verdict = classifyEntry({ ...entry.payload, id: entry.id }, head, () => earlier, floor);
      // Below this node's own floor or head, an entry not held was deleted past the horizon
      // here (or never held): history, as before. Stored again it would be applied again, and
      // counted twice in the oversight aggregates, which keep the history of what was deleted.
      // Only a link that stated a floor above our head (a `horizon` frame) brings kept entries.
      const beyondOwn = entry.payload.seq < offered && entry.payload.seq > (head?.seq ?? 0);
      if (verdict.kind === 'kept' && !beyondOwn) verdict = { kind: 'duplicate' };
      if (verdict.kind === 'duplicate') {
        // The entry is held, its evidence perhaps not (it came from a peer that had none).
        const key = evidenceKey(entry.payload.ts, entry.idHex);
        if (this.keepsEvidence(entry) && !(await txn.get(this.opts.subs.evidence, key))) {
          txn.put(this.opts.subs.evidence, key, entry.evidence);
        }
        return { id: entry.idHex, status: 'duplicate' };
      }
      // Storing below a floor, or starting the chain at one, makes that floor this node's own:
      // from then on every entry below it is a kept one, so none is stored twice.
      if ((verdict.kind === 'kept' || verdict.kind === 'start') && floor > held) {
        txn.put(this.opts.subs.meta, floorKey(o), floor);
        floorOverlay.set(o, floor);
      }
      if (verdict.kind === 'gap') {
        this.hold(entry);
        return { id: entry.idHex, status: 'gap', missing: { from: verdict.from, to: verdict.to } };
      }
      if (verdict.kind === 'fork') {
        // Both entries are kept as proof, each listed under its own seq: the held one
        // and the one that contradicts it — at the same seq, or one further on with a
        // `prev` that is not the held entry. The origin is flagged on this node.
        const existingHex = toHex(verdict.existingId);
        await this.keepEvidence(txn, o, verdict.seq, existingHex);
        if (await this.keepEvidence(txn, o, entry.payload.seq, entry.idHex)) {
          txn.put(this.opts.subs.entries, entry.idHex, entry.bytes);
        }
        settle.push(() => {
          this.forked.add(o);
          // Entries held beyond the fork may belong to either branch and may never link:
          // they are dropped (a peer on this node's branch sends them again).
          this.dropHeld(o, verdict.seq);
          this.emit('fork', entry, verdict);
        });
        return { id: entry.idHex, status: 'fork' };
      }
      const subject = await subjectOf(ctx, entry);
      const meta: ArrivalMeta = {
        id: entry.idHex,
        c: cursor++,
        o,
        s: entry.payload.seq,
        k: entry.payload.kind,
        t: entry.payload.ts,
        r: subject.responsible,
        ip: subject.ip,
        len: subject.len,
      };
      const { subs } = this.opts;
      if (this.keepsEvidence(entry)) txn.put(subs.evidence, evidenceKey(meta.t, meta.id), entry.evidence);
      txn.put(subs.log, `${o}!${pad(meta.s)}`, meta.id);
      // A kept entry (past the horizon, below the floor) is stored and applied beside the chain.
      if (verdict.kind !== 'kept') txn.put(subs.heads, o, { seq: meta.s, id: meta.id });
      txn.put(subs.arrival, pad(meta.c), meta);
      txn.put(subs.replay, pad(meta.c), entry.bytes);
      // By id only the cursor (store layout 7): the meta is kept once, in its arrival row.
      txn.put(subs.byId, meta.id, meta.c);
      // Index rows end with the cursor, and readers go from it to the arrival row: no value.
      txn.put(subs.index, `k!${meta.k}!${pad(meta.c)}`, '');
      if (meta.r) txn.put(subs.index, `r!${meta.r}!${pad(meta.c)}`, '');
      if (meta.ip) txn.put(subs.index, `i!${meta.ip}!${pad(meta.c)}`, '');
      if (verdict.kind !== 'kept') headOverlay.set(o, { seq: meta.s, id: entry.id });
      const effect = await applyEntry(ctx, entry);
      await this.applyPending(ctx, meta.id);
      stored.push({ entry, meta });
      await this.opts.sameBatch?.(ctx, { entry, meta });
      return { id: meta.id, status: 'accepted', effect, cursor: meta.c };
    };

    const outcomes: { job: Job; result?: StoreResult & { entry?: VerifiedEntry }; error?: unknown }[] = [];
    try {
      for (const job of jobs) {
        try {
          if (job.type === 'entry') {
            outcomes.push({ job, result: await storeOne(job.entry, job.floor) });
          } else if (job.type === 'task') {
            await job.run(ctx);
            outcomes.push({ job });
          } else {
            await job.check(ctx);
            const own = toHex(this.opts.keys.publicKey);
            const head = headOf(own);
            // A report's evidence is signed by digest and stored beside the entry (protocol/src/evidence.ts).
            const { body, evidence } =
              job.kind === 'report' ? detachEvidence(job.body as ReportBody) : { body: job.body, evidence: undefined };
            const signed = signEntry(
              {
                seq: (head?.seq ?? 0) + 1,
                prev: head?.id ?? null,
                ts: this.now(),
                kind: job.kind,
                body: body as never,
              },
              this.opts.keys,
            );
            if (evidence) checkCombinedSize(signed.payloadBytes.length, evidence.length);
            const entry: VerifiedEntry = evidence ? { ...signed, evidence } : signed;
            const result = await storeOne(entry);
            if (result.status === 'accepted' && job.also) await job.also(ctx, stored.at(-1)!);
            outcomes.push({ job, result: { ...result, entry } });
          }
        } catch (error) {
          if (!(error instanceof ArxNodeError) && !isProtocolError(error)) throw error;
          outcomes.push({ job, error });
        }
      }
      // The first group of a run breaks the seal of the last clean close (store/seal.ts) in
      // its own batch: what was saved at that close no longer describes the store.
      if (!this.wrote) txn.del(this.opts.subs.meta, SEAL_KEY);
      await txn.commit(this.opts.sync ?? true);
      this.wrote = true;
    } catch (error) {
      // Nothing of this group is durable: refuse every job; state in memory is untouched.
      // Until a probe write succeeds, later groups are refused without touching the disk.
      this.recovery.failed(error);
      const failure = this.unavailable(error);
      for (const job of jobs) job.reject(failure);
      this.emit('storage-error', error);
      return;
    }
    this.nextCursor = cursor;
    for (const [o, h] of headOverlay) this.heads.set(o, h);
    for (const [o, f] of floorOverlay) this.floors.set(o, f);
    // The group is durable: every caller gets its answer and every listener its event,
    // whatever one of them throws (a failing subscriber must not stop ingest).
    for (const fn of hooks) this.notify(() => fn(this.opts.hooks));
    for (const fn of settle) this.notify(fn);
    for (const { job, result, error } of outcomes) {
      if (error !== undefined) job.reject(error);
      else job.resolve(result as never);
    }
    for (const event of stored) this.notify(() => this.emit('stored', event));
    this.releaseHeld([...new Set([...headOverlay.keys(), ...floorOverlay.keys()])]);
  }

  /**
   * Lists `id` as fork evidence of `origin` at `seq` (the seq of that entry). Two
   * entries prove a fork; a few more are kept, never an unbounded stream of them.
   * Returns whether it was added.
   */
  private async keepEvidence(txn: Txn, origin: string, seq: number, id: string): Promise<boolean> {
    const key = `${origin}!${pad(seq)}`;
    const record = (await txn.get<{ ids: string[] }>(this.opts.subs.forks, key)) ?? { ids: [] };
    if (record.ids.includes(id) || record.ids.length >= (this.opts.maxForkEvidence ?? MAX_FORK_EVIDENCE)) return false;
    txn.put(this.opts.subs.forks, key, { ids: [...record.ids, id], ts: this.now() });
    return true;
  }

  private notify(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.emit('listener-error', error);
    }
  }

  private async applyPending(ctx: ApplyContext, ref: string): Promise<void> {
    for (const id of await pendingOn(ctx, ref)) {
      const bytes = await envelopeOf(this.opts.subs, id, ctx.txn);
      if (!bytes) continue;
      // Stored entries were verified on the way in; only the structure is needed here.
      const entry: ParsedEntry = parseEntry(bytes);
      await applyEntry(ctx, entry);
      await this.indexLateSubject(ctx, entry);
      await this.applyPending(ctx, id);
    }
  }

  /**
   * An entry stored before the entry it refers to (an ack before its report) could not
   * be indexed by responsible member and address then; now that its reference is held,
   * it is, under its original arrival cursor, so queries and replays find it.
   */
  private async indexLateSubject(ctx: ApplyContext, entry: ParsedEntry): Promise<void> {
    const { subs } = this.opts;
    const meta = await metaOf(subs, entry.idHex, ctx.txn);
    if (!meta || meta.r !== null || meta.ip !== null) return;
    const subject = await subjectOf(ctx, entry);
    if (subject.responsible === null && subject.ip === null) return;
    const updated: ArrivalMeta = { ...meta, r: subject.responsible, ip: subject.ip, len: subject.len };
    ctx.txn.put(subs.arrival, pad(meta.c), updated);
    if (updated.r) ctx.txn.put(subs.index, `r!${updated.r}!${pad(meta.c)}`, '');
    if (updated.ip) ctx.txn.put(subs.index, `i!${updated.ip}!${pad(meta.c)}`, '');
  }

  private hold(entry: VerifiedEntry): void {
    const maxHeld = this.opts.maxHeld ?? 50_000;
    const maxHeldBytes = this.opts.maxHeldBytes ?? 64 * 1024 * 1024;
    // Holding is an optimisation (the sender or a peer sends the run again once the gap
    // is filled), so past either bound an entry is simply not held.
    if (this.heldCount >= maxHeld || this.heldBytes + heldSize(entry) > maxHeldBytes) return;
    let byOrigin = this.held.get(entry.originHex);
    if (!byOrigin) {
      byOrigin = new Map();
      this.held.set(entry.originHex, byOrigin);
    }
    if (byOrigin.has(entry.payload.seq)) return;
    byOrigin.set(entry.payload.seq, entry);
    this.heldCount++;
    this.heldBytes += heldSize(entry);
  }

  private unhold(byOrigin: Map<number, VerifiedEntry>, seq: number): VerifiedEntry | undefined {
    const entry = byOrigin.get(seq);
    if (!entry) return undefined;
    byOrigin.delete(seq);
    this.heldCount--;
    this.heldBytes -= heldSize(entry);
    return entry;
  }

  /** Forgets the entries held for `origin` above `seq`. */
  private dropHeld(origin: string, seq: number): void {
    const byOrigin = this.held.get(origin);
    if (!byOrigin) return;
    for (const s of [...byOrigin.keys()]) if (s > seq) this.unhold(byOrigin, s);
    if (byOrigin.size === 0) this.held.delete(origin);
  }

  /** Re-submits held entries whose predecessor has now arrived. */
  private releaseHeld(origins: string[]): void {
    for (const o of origins) {
      const byOrigin = this.held.get(o);
      const head = this.heads.get(o);
      if (!byOrigin || !head) continue;
      for (const seq of [...byOrigin.keys()]) if (seq <= head.seq) this.unhold(byOrigin, seq);
      // Queue the whole contiguous run at once: the writer stores it in order, in one group.
      for (let next = head.seq + 1; byOrigin.has(next); next++) {
        this.store(this.unhold(byOrigin, next)!).catch(() => {});
      }
      if (byOrigin.size === 0) this.held.delete(o);
    }
  }

  /** True when the entry carries detached evidence still inside its window. */
  private keepsEvidence(entry: VerifiedEntry): entry is VerifiedEntry & { evidence: Uint8Array } {
    if (!entry.evidence) return false;
    const window = this.opts.evidenceWindowMs;
    return window === undefined || entry.payload.ts >= this.now() - window;
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }
}

/** What a held entry costs in memory: its envelope and the evidence sent with it. */
const heldSize = (entry: VerifiedEntry): number => entry.bytes.length + (entry.evidence?.length ?? 0);

function isProtocolError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ArxProtocolError';
}

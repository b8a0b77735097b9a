/**
 * Storage recovery without a restart. When a group commit fails (a full disk, an I/O
 * error) the writer is degraded: it refuses every new group at once with
 * ARX_NODE_STORAGE_UNAVAILABLE — nothing is acknowledged that is not on disk, and
 * nothing acknowledged before is touched — while this loop probes storage with
 * backoff.
 *
 * Before any further write the database is closed and reopened. A failed write can
 * leave half a record at the end of LevelDB's write-ahead log; records appended after
 * it would sit in a block that recovery skips as corrupt, so entries acknowledged
 * after the disk came back would be lost at the next crash (the disk-full test saw
 * exactly that). Reopening starts a fresh log (and clears the error LevelDB keeps
 * from a failed background flush or sync). It is tried only once the file system
 * takes a write again, then one small synced write proves the database does too.
 */
import { closeSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { reopenDb, type Sublevels, storageCause } from '../store/db.js';

/** First retry after this long; doubling up to the maximum. */
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5000;
/** The file-system probe asks for this much room: enough for a group to have a chance. */
const DISK_PROBE_BYTES = 1024 * 1024;

/** What `/v1/health` and `/metrics` say about storage. */
export interface StorageStatus {
  readonly ok: boolean;
  /** Errno-style reason of the last failure (ENOSPC, EIO, …) while degraded. */
  readonly code: string | null;
  /** The storage layer's own message for it. */
  readonly cause: string | null;
  /** When storage started failing (ms since epoch), while degraded. */
  readonly since: number | null;
  /** Group commits that failed since the node started. */
  readonly failures: number;
  /** Times the database was reopened to clear a sticky error. */
  readonly reopened: number;
}

export interface RecoveryOptions {
  readonly subs: Sublevels;
  /** The database directory, for the file-system probe (absent for an in-memory database). */
  readonly dataDir?: string | undefined;
  readonly now: () => number;
  /** Called once storage takes writes again. */
  readonly onRecovered: () => void;
}

export class StorageRecovery {
  private degradedSince: number | null = null;
  private last: { code: string | null; message: string } | null = null;
  private failures = 0;
  private reopened = 0;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly opts: RecoveryOptions) {}

  /** True while storage is failing and new groups are refused. */
  get failing(): boolean {
    return this.degradedSince !== null;
  }

  get status(): StorageStatus {
    return {
      ok: !this.failing,
      code: this.failing ? (this.last?.code ?? null) : null,
      cause: this.failing ? (this.last?.message ?? null) : null,
      since: this.degradedSince,
      failures: this.failures,
      reopened: this.reopened,
    };
  }

  /** The storage layer's reason for the current failure, for refusals. */
  get reason(): string {
    return this.last ? `${this.last.code ?? 'error'}: ${this.last.message}` : 'storage is failing';
  }

  /** A group commit failed: degrade and start probing (once). */
  failed(error: unknown): void {
    this.failures++;
    this.last = storageCause(error);
    this.degradedSince ??= this.opts.now();
    if (!this.loop && !this.stopped) {
      this.loop = this.probeUntilWritable().finally(() => {
        this.loop = null;
      });
    }
  }

  /** Stops probing (the node is closing); waits for a probe or reopen in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private async probeUntilWritable(): Promise<void> {
    let delay = FIRST_RETRY_MS;
    const onDisk = this.opts.dataDir !== undefined;
    while (this.failing && !this.stopped) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        timer.unref();
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
      if (this.stopped) return;
      delay = Math.min(MAX_RETRY_MS, delay * 2);
      if (onDisk) {
        if (!diskTakesWrites(this.opts.dataDir!)) continue;
        try {
          await reopenDb(this.opts.subs);
          this.reopened++;
        } catch (error) {
          this.last = storageCause(error);
          continue;
        }
      }
      if (await this.probe()) return this.recovered();
    }
  }

  private async probe(): Promise<boolean> {
    try {
      await this.opts.subs.meta.put('storage-probe', this.opts.now(), { sync: true } as never);
      return true;
    } catch (error) {
      this.last = storageCause(error);
      return false;
    }
  }

  private recovered(): void {
    this.degradedSince = null;
    this.last = null;
    this.opts.onRecovered();
  }
}

/** Whether the file system under `dir` takes (and syncs) a write of DISK_PROBE_BYTES again. */
function diskTakesWrites(dir: string): boolean {
  const file = join(dir, '.arx-storage-probe');
  let fd: number | undefined;
  try {
    fd = openSync(file, 'w');
    writeSync(fd, Buffer.alloc(DISK_PROBE_BYTES));
    fsyncSync(fd);
    return true;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
    rmSync(file, { force: true });
  }
}

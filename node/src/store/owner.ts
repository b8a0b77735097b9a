/**
 * Who owns a node directory. The lock itself is LevelDB's `LOCK` file in the data
 * directory: an fcntl lock (LockFileEx on Windows) that the kernel drops when the
 * holder exits, however it exits — so a second process can never open the database
 * while a node runs, and nothing a dead node left behind can block a restart.
 *
 * `run/listen.json` only names the holder, for people and for the CLI: it is written
 * as soon as the lock is taken (pid, the process's start time, no addresses yet) and
 * again once the node listens. A pid alone would be misleading — pid 1 in a
 * container, a pid reused by another program, a killed node whose pid lingers as a
 * zombie — so the start time from /proc/PID/stat (field 22, clock ticks since boot,
 * proc(5)) must match too where /proc exists.
 *
 * Kept free of the node's heavy imports: the CLI loads it for every command.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/** What `run/listen.json` says about the process that holds the directory. */
export interface OwnerRecord {
  readonly pid: number;
  /** The holder's start time as /proc/PID/stat gives it; null where /proc is not available. */
  readonly procStart: string | null;
}

/**
 * The start time of a live process from /proc/PID/stat, or null when there is no such
 * process, it is a zombie (dead, not yet reaped), or /proc cannot be read.
 */
export function processStartTime(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // proc(5): "pid (comm) state ppid …"; comm may hold spaces and parentheses, so the
  // fields are counted from the last ")": state is field 3, starttime field 22.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return null;
  return fields[19] ?? null;
}

/** True when /proc describes processes here (Linux); elsewhere only the pid can be checked. */
function hasProc(): boolean {
  return processStartTime(process.pid) !== null;
}

/** This process as an owner record. */
export function ownRecord(): OwnerRecord {
  return { pid: process.pid, procStart: processStartTime(process.pid) };
}

/**
 * Whether the process a record names is still the one that wrote it: the pid is alive
 * and, where /proc exists, has the same start time.
 */
export function ownerAlive(record: { pid?: unknown; procStart?: unknown }): boolean {
  const { pid } = record;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return false;
  if (hasProc()) {
    const start = processStartTime(pid);
    if (start === null) return false;
    // A record without a start time comes from a node that could not read /proc: trust the pid.
    return typeof record.procStart !== 'string' || record.procStart === start;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads the owner of a run file, or undefined when there is none or it cannot be parsed. */
export function readOwner(file: string): (OwnerRecord & Record<string, unknown>) | undefined {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    if (typeof value['pid'] !== 'number') return undefined;
    return value as OwnerRecord & Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Writes a run file atomically (a reader never sees half of it). */
export function writeRunFile(file: string, value: object): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, file);
}

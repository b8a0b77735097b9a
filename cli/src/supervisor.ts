/**
 * Runs several nodes as child processes (`arx federation start`, `arx demo`): each is
 * `node <cli>/main.js start --dir <node dir>`. Log lines are prefixed with the
 * member's handle (or written to <node dir>/run/node.log), readiness is the node's
 * own run/listen.json carrying the child's pid, and stop() forwards SIGTERM and waits
 * for every child to exit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ListenInfo } from './client.js';
import type { Ctx } from './context.js';
import { failure } from './errors.js';
import { nodeFiles } from './files.js';
import { padEnd } from './table.js';

/** The built CLI entry point next to this module. */
export const CLI_MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

const COLOURS = [36, 33, 35, 32, 34, 31, 96, 93, 95, 92];
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Renders one pino JSON log line readably (other lines pass through unchanged). */
export function formatLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const {
      level,
      time,
      msg,
      pid: _pid,
      hostname: _host,
      node: _node,
      ...rest
    } = JSON.parse(line) as Record<string, unknown>;
    const when = typeof time === 'number' ? new Date(time).toISOString().slice(11, 19) : '';
    const fields = Object.entries(rest)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    return `${when} ${padEnd(LEVELS[level as number] ?? String(level), 5)} ${String(msg ?? '')}${fields ? ` ${fields}` : ''}`;
  } catch {
    return line;
  }
}

export interface Member {
  handle: string;
  dir: string;
}

interface Running extends Member {
  child: ChildProcess;
  exited: Promise<number | null>;
  exitCode: number | null | undefined;
}

export type LogMode = 'prefix' | 'file';

export class Supervisor {
  private readonly running: Running[] = [];
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly ctx: Ctx,
    private readonly logs: LogMode,
    private readonly colour = process.stdout.isTTY === true,
  ) {}

  /** Spawns one child per member. */
  start(members: Member[]): void {
    const width = Math.max(...members.map((m) => m.handle.length));
    members.forEach((m, i) => {
      const child = spawn(process.execPath, [CLI_MAIN, 'start', '--dir', m.dir], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ARX_LANG: this.ctx.lang },
      });
      const running: Running = {
        ...m,
        child,
        exitCode: undefined,
        exited: new Promise((resolve) => {
          child.on('exit', (code, signal) => {
            running.exitCode = code ?? (signal ? 128 : null);
            resolve(running.exitCode);
          });
          child.on('error', () => resolve(null));
        }),
      };
      this.running.push(running);
      if (this.logs === 'file') {
        mkdirSync(join(m.dir, 'run'), { recursive: true });
        const log = createWriteStream(join(m.dir, 'run', 'node.log'), { flags: 'a' });
        // Two sources, one file: neither may end it; the child's exit does.
        child.stdout?.pipe(log, { end: false });
        child.stderr?.pipe(log, { end: false });
        child.on('close', () => log.end());
      } else {
        const tag = padEnd(`[${m.handle}]`, width + 2);
        const prefix = this.colour ? `\x1b[${COLOURS[i % COLOURS.length]}m${tag}\x1b[0m` : tag;
        for (const stream of [child.stdout, child.stderr]) {
          if (!stream) continue;
          createInterface({ input: stream }).on('line', (line) => this.ctx.io.out(`${prefix} ${formatLogLine(line)}`));
        }
      }
    });
  }

  /** Members whose child has exited. */
  exited(): Member[] {
    return this.running.filter((r) => r.exitCode !== undefined);
  }

  /** Resolves when any child exits (after start), with that member. */
  anyExit(): Promise<Member & { code: number | null }> {
    return Promise.race(this.running.map((r) => r.exited.then((code) => ({ handle: r.handle, dir: r.dir, code }))));
  }

  /**
   * Waits until every child has written its run/listen.json (with its own pid), by
   * polling; fails when a child exits first or the deadline passes. The deadline only
   * catches a child that hangs (one that fails exits, and is reported at once), so it
   * is generous: on a loaded machine starting a node process takes tens of seconds.
   */
  async waitReady(timeoutMs = 120_000): Promise<Map<string, ListenInfo>> {
    const deadline = Date.now() + timeoutMs;
    const ready = new Map<string, ListenInfo>();
    while (ready.size < this.running.length) {
      for (const r of this.running) {
        if (ready.has(r.handle)) continue;
        if (r.exitCode !== undefined) {
          throw failure(
            this.ctx.t('federation.childExited', { handle: r.handle, code: String(r.exitCode), dir: r.dir }),
          );
        }
        try {
          const info = JSON.parse(readFileSync(nodeFiles(r.dir).listenFile, 'utf8')) as ListenInfo;
          if (info.pid === r.child.pid && typeof info.http === 'string') ready.set(r.handle, info);
        } catch {
          // Not written yet.
        }
      }
      if (ready.size === this.running.length) break;
      if (Date.now() > deadline) {
        const waiting = this.running.filter((r) => !ready.has(r.handle)).map((r) => r.handle);
        throw failure(this.ctx.t('federation.notReady', { handles: waiting.join(', ') }));
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return ready;
  }

  /** Sends SIGTERM to every child still running and waits for all to exit (SIGKILL after graceMs). */
  stop(graceMs = 15_000): Promise<void> {
    this.stopping ??= (async () => {
      for (const r of this.running) if (r.exitCode === undefined) r.child.kill('SIGTERM');
      const all = Promise.all(this.running.map((r) => r.exited));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), graceMs);
      });
      if ((await Promise.race([all, timeout])) === 'timeout') {
        for (const r of this.running) if (r.exitCode === undefined) r.child.kill('SIGKILL');
        await all;
      }
      clearTimeout(timer);
    })();
    return this.stopping;
  }

  /** Kills children synchronously (for process 'exit', when nothing can be awaited). */
  killAll(): void {
    for (const r of this.running) if (r.exitCode === undefined) r.child.kill('SIGTERM');
  }
}

/** Resolves on the first SIGINT or SIGTERM (handlers removed afterwards). */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      // Keep later signals from killing the process while children shut down.
      process.on('SIGINT', () => {});
      process.on('SIGTERM', () => {});
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** Member handles and directories of a federation directory, in start order. */
export function federationMembers(ctx: Ctx, dir: string): Member[] {
  let handles: string[];
  try {
    const index = JSON.parse(readFileSync(join(dir, 'federation.json'), 'utf8')) as { members?: unknown };
    if (!Array.isArray(index.members)) throw new Error('members');
    handles = index.members.filter((h): h is string => typeof h === 'string');
  } catch {
    throw failure(ctx.t('federation.noIndex', { dir }));
  }
  return handles.map((handle) => ({ handle, dir: join(dir, handle) }));
}

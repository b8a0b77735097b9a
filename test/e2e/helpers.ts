/**
 * Driving the BUILT `arx` command (node cli/dist/main.js) as an operator would from a
 * shell: run a command, parse its --json, wait for something to travel, and run a
 * local federation made by `arx federation init` and `arx federation start`.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../cli/dist/main.js', import.meta.url));
export const ENV = { ...process.env, ARX_LANG: 'en', ARX_DEBUG: '' };

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `arx …` to completion. */
export function arx(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: ENV, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs `arx … --json` and parses stdout, failing with stderr when the command fails. */
export async function arxJson<T>(...args: string[]): Promise<T> {
  const r = await arx(...args, '--json');
  assert.equal(r.code, 0, `arx ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** Polls until `probe` returns a value (entries travel between nodes asynchronously). */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`not observed in time: ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A base port with `n` free ports after it. */
export async function freeBasePort(n: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    let ok = true;
    for (let i = 0; i < n && ok; i++) ok = await portFree(base + i);
    if (ok) return base;
  }
  throw new Error('no free port range found');
}

export interface RunningFederation {
  /** A temporary directory for the test, holding the federation directory. */
  readonly root: string;
  /** The federation directory (one node directory per member inside). */
  readonly fed: string;
  /** A member's node directory. */
  dir(handle: string): string;
  /** Whether `arx federation start` is still running. */
  running(): boolean;
  /** Sends SIGTERM to `arx federation start`; resolves to its exit code. */
  terminate(): Promise<number | null>;
  /** Stops the federation if it runs and removes the temporary directory. */
  stop(): Promise<void>;
}

/** `arx federation init` on free ports in a temporary directory, then `arx federation start`. */
export async function startFederation(members: readonly string[], hub: string): Promise<RunningFederation> {
  const root = mkdtempSync(join(tmpdir(), 'arx-e2e-'));
  const fed = join(root, 'fed');
  // HTTP ports, then the DNSBL ports.
  const base = await freeBasePort(2 * members.length);
  const created = await arx(
    'federation',
    'init',
    '--dir',
    fed,
    '--members',
    members.join(','),
    '--hub',
    hub,
    '--base-port',
    String(base),
  );
  assert.equal(created.code, 0, created.stderr);
  const federation: ChildProcess = spawn(process.execPath, [CLI, 'federation', 'start', '--dir', fed], {
    env: ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => federation.on('exit', (code) => resolve(code)));
  let stderr = '';
  federation.stdout!.resume();
  await new Promise<void>((resolve, reject) => {
    federation.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk;
      if (stderr.includes('All nodes are up.')) resolve();
    });
    federation.on('exit', (code) => reject(new Error(`federation start exited with ${code}: ${stderr}`)));
  });
  const terminate = () => {
    if (federation.exitCode === null) federation.kill('SIGTERM');
    return exited;
  };
  return {
    root,
    fed,
    dir: (handle) => join(fed, handle),
    running: () => federation.exitCode === null,
    terminate,
    async stop() {
      await terminate();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

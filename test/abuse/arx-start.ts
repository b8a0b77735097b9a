/**
 * `arx start` as an operator runs it: the built CLI in its own process, so a test can
 * kill it with SIGKILL and start it again. Ready once run/listen.json names this
 * process and its HTTP address.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../cli/dist/main.js', import.meta.url));

export interface ArxProcess {
  readonly child: ChildProcess;
  readonly http: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly stderr: () => string;
}

/** Runs `arx ARGS…` to completion. */
export function runArx(args: string[], timeoutMs = 30_000): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += String(d);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    }),
  );
}

/** Starts `arx start --dir DIR` and waits until the node listens. */
export async function startArx(dir: string, timeoutMs = 30_000): Promise<ArxProcess> {
  const child = spawn(process.execPath, [CLI, 'start', '--dir', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => {
    err += String(d);
    if (err.length > 100_000) err = err.slice(-50_000);
  });
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    }),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitInfo) throw new Error(`arx start ${dir} exited (${exitInfo.code ?? exitInfo.signal}): ${err}`);
    try {
      const info = JSON.parse(readFileSync(join(dir, 'run', 'listen.json'), 'utf8'));
      if (info.pid === child.pid && typeof info.http === 'string') {
        return { child, http: info.http, exited, stderr: () => err };
      }
    } catch {
      // Not written yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`arx start ${dir} did not listen in time: ${err}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Stops a started node with SIGTERM and waits for it. */
export async function stopArx(p: ArxProcess): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
  await p.exited;
}

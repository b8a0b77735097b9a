/**
 * Spawns a node process (node-process.mjs, on the built @arx/node: run `pnpm build` after
 * changing node/src) and waits until it listens.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Listeners } from '@arx/node';

const SCRIPT = fileURLToPath(new URL('./node-process.mjs', import.meta.url));

export interface NodeProcess {
  child: ChildProcess;
  listen: Listeners;
  /** Resolves with the exit code/signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

/** Extra Node.js flags for every spawned node, e.g. `ARX_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/p'`. */
const FLAGS = (process.env['ARX_NODE_FLAGS'] ?? '').split(' ').filter(Boolean);

export interface SpawnOptions {
  /** The node's pino level (its log goes to stderr as JSON lines); default `warn`. */
  readonly logLevel?: string;
}

export function spawnNode(dir: string, timeoutMs = 60_000, options: SpawnOptions = {}): Promise<NodeProcess> {
  const env = options.logLevel ? { ...process.env, ARX_LOG: options.logLevel } : process.env;
  const child = spawn(process.execPath, [...FLAGS, SCRIPT, dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let err = '';
  child.stderr!.on('data', (d) => {
    err += String(d);
    if (err.length > 100_000) err = err.slice(-50_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node at ${dir} did not start in time: ${err}`));
    }, timeoutMs);
    child.stdout!.on('data', (d) => {
      out += String(d);
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      const msg = JSON.parse(line) as { listen: Listeners };
      resolve({ child, listen: msg.listen, exited, stderr: () => err });
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`node at ${dir} exited (${code ?? signal}) before listening: ${err}`));
    });
  });
}

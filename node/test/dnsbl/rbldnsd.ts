/**
 * Runs rbldnsd (Debian package rbldnsd) on loopback with exported zone files, for the
 * comparison test and the benchmark. rbldnsd cannot pick a port itself (no port 0),
 * so a free UDP port is found first; it serves UDP only.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { accessSync, chmodSync, closeSync, constants, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';

/** Path of the rbldnsd binary, or null when it is not installed. */
export function findRbldnsd(): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const path = join(dir, 'rbldnsd');
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {}
  }
  return null;
}

/** A UDP port that was free a moment ago on 127.0.0.1. */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

export interface RbldnsdProcess {
  readonly port: number;
  readonly pid: number;
  readonly dir: string;
  stop(): Promise<void>;
}

/**
 * rbldnsd refuses to run as root and drops to a user (`-u`); the Debian package
 * creates `rbldns`. The zone directory must be readable by that user.
 */
function userArgs(): string[] {
  if (userInfo().uid !== 0) return [];
  try {
    execFileSync('id', ['rbldns'], { stdio: 'ignore' });
    return ['-u', 'rbldns'];
  } catch {
    return ['-u', 'nobody'];
  }
}

/** Writes text given whole or as lines (large zone files), in chunks of about 1 MiB. */
function writeText(path: string, content: string | Iterable<string>): void {
  const fd = openSync(path, 'w', 0o644);
  try {
    if (typeof content === 'string') writeSync(fd, content);
    else {
      let chunk = '';
      for (const line of content) {
        chunk += line;
        if (chunk.length > 1 << 20) {
          writeSync(fd, chunk);
          chunk = '';
        }
      }
      writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
}

/** Writes zone files (name → content or lines) to a fresh directory rbldnsd can read. */
export function writeZoneDir(files: Readonly<Record<string, string | Iterable<string>>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'arx-rbldnsd-'));
  chmodSync(dir, 0o755);
  for (const [name, content] of Object.entries(files)) writeText(join(dir, name), content);
  return dir;
}

/**
 * Starts rbldnsd serving `zone` from the files in `dir` (see writeZoneDir; `datasets`:
 * dataset type → file name). Resolves once it listens; stop() also removes `dir`.
 */
export async function startRbldnsd(
  binary: string,
  zone: string,
  dir: string,
  datasets: readonly (readonly [type: string, file: string])[],
): Promise<RbldnsdProcess> {
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freeUdpPort();
    const args = [
      '-n', // stay in the foreground, so the child is the daemon
      '-a', // minimal answers: no NS in the authority section, as the node does
      '-c',
      '0', // no reload checks
      '-b',
      `127.0.0.1/${port}`,
      '-w',
      dir,
      ...userArgs(),
      ...datasets.map(([type, file]) => `${zone}:${type}:${file}`),
    ];
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const started = await waitForStart(child);
    if (started === true) {
      return {
        port,
        pid: child.pid!,
        dir,
        stop: () => stopChild(child).then(() => rmSync(dir, { recursive: true, force: true })),
      };
    }
    lastError = new Error(`rbldnsd ${args.join(' ')} did not start: ${started}`);
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

function waitForStart(child: ChildProcess): Promise<true | string> {
  return new Promise((resolve) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/ started \(/.test(output)) resolve(true);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => resolve(`exit ${code}: ${output}`));
    child.once('error', (error) => resolve(error.message));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

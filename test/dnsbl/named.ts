/**
 * BIND 9 (Debian package bind9) as a secondary of a node's DNSBL zone, for tests: its
 * own configuration, zone file and log in a temporary directory, listening on
 * loopback on a port of the test's choice. A missing `named` is a failure with
 * instructions, not a skip: CI installs the package.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CANDIDATES = ['/usr/sbin/named', '/usr/bin/named'];

/** The path of named, or a clear error. */
export function requireNamed(): string {
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  try {
    return execFileSync('sh', ['-c', 'command -v named'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('named is not installed: install the Debian package bind9 (apt-get install -y bind9)');
  }
}

export interface SecondaryOptions {
  readonly dir: string;
  readonly port: number;
  readonly zone: string;
  /** The node's DNSBL (the primary). */
  readonly primaryPort: number;
  /** A TSIG key (HMAC-SHA256) that signs the transfers from the primary. */
  readonly tsigKey?: { readonly name: string; readonly secret: string };
}

export interface NamedProcess {
  readonly port: number;
  /** named's log so far (transfers, NOTIFYs). */
  log(): string;
  stop(): Promise<void>;
}

/** Writes named.conf for a secondary of `zone` and starts named in the foreground. */
export async function startSecondary(options: SecondaryOptions): Promise<NamedProcess> {
  const named = requireNamed();
  const { dir } = options;
  const logFile = join(dir, 'named.log');
  const conf = join(dir, 'named.conf');
  const key = options.tsigKey;
  writeFileSync(
    conf,
    `${key ? `key "${key.name}" { algorithm hmac-sha256; secret "${key.secret}"; };\n` : ''}options {
  directory "${dir}";
  pid-file "${join(dir, 'named.pid')}";
  session-keyfile "${join(dir, 'session.key')}";
  managed-keys-directory "${dir}";
  listen-on port ${options.port} { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
  notify no;
  minimal-responses yes;
};
controls { };
logging {
  channel log { file "${logFile}"; severity info; print-time yes; print-category yes; };
  category default { log; };
  category xfer-in { log; };
  category notify { log; };
};
zone "${options.zone}" {
  type secondary;
  primaries { 127.0.0.1 port ${options.primaryPort}${key ? ` key "${key.name}"` : ''}; };
  file "${join(dir, `${options.zone}.db`)}";
  masterfile-format text;
  request-ixfr yes;
  allow-notify { 127.0.0.1; };
  // Retry a failed first transfer soon (on a loaded machine the primary may be slow to answer).
  min-retry-time 1;
  max-retry-time 3;
};
`,
  );
  const child: ChildProcess = spawn(named, ['-f', '-c', conf, '-n', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += String(d);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  // named logs "running" once it listens; a config error makes it exit at once.
  const deadline = Date.now() + 20_000;
  while (!log().includes('running')) {
    if (child.exitCode !== null) throw new Error(`named exited: ${stderr}\n${log()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`named did not start: ${stderr}\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port: options.port,
    log,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

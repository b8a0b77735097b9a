/** Runs the CLI in-process with captured output. */
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Ctx, createCtx, type Io } from '../src/context.js';
import type { Lang } from '../src/i18n.js';
import { run } from '../src/index.js';

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function captureIo(tty = false): { io: Io; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    out: (t) => void out.push(`${t}\n`),
    err: (t) => void err.push(`${t}\n`),
    errRaw: (t) => void err.push(t),
    stderrIsTTY: tty,
    stdoutIsTTY: tty,
  };
  return { io, out, err };
}

export async function arx(...args: string[]): Promise<Result> {
  const { io, out, err } = captureIo();
  const code = await run(args, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Runs the CLI as if stderr were a terminal (progress bars show). */
export async function arxOnTerminal(...args: string[]): Promise<Result> {
  const { io, out, err } = captureIo(true);
  const code = await run(args, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** A context for calling command helpers directly. */
export function testCtx(lang: Lang = 'en'): Ctx {
  return createCtx(lang, false, captureIo().io);
}

export function tempDir(prefix = 'arx-cli-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Starts `server` on a loopback port and writes a node directory whose listen.json points at it. */
export async function fakeNodeDir(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const dir = tempDir();
  mkdirSync(join(dir, 'run'));
  writeFileSync(
    join(dir, 'run', 'listen.json'),
    JSON.stringify({
      pid: process.pid,
      http: `http://127.0.0.1:${port}`,
      ws: `ws://127.0.0.1:${port}/v1/ws`,
      dns: null,
      smtp: null,
    }),
  );
  writeFileSync(join(dir, 'operator.token'), 'f'.repeat(64));
  return dir;
}

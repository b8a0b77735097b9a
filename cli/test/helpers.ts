/** Runs the CLI in-process with captured output. */
import { mkdtempSync } from 'node:fs';
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

function captureIo(): { io: Io; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    out: (t) => void out.push(`${t}\n`),
    err: (t) => void err.push(`${t}\n`),
    errRaw: (t) => void err.push(t),
    stderrIsTTY: false,
    stdoutIsTTY: false,
  };
  return { io, out, err };
}

export async function arx(...args: string[]): Promise<Result> {
  const { io, out, err } = captureIo();
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

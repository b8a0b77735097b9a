/** What every command receives: the language, output streams and the translator. */
import { type CodeTable, describeCode } from '@arx/protocol';
import { type Lang, type MessageKey, translate, type Vars } from './i18n.js';

/** Where output goes; tests capture it, the real command writes to the process streams. */
export interface Io {
  /** Writes a line (or lines) to stdout. */
  out(text: string): void;
  /** Writes a line (or lines) to stderr. */
  err(text: string): void;
  /** Writes raw text to stderr (progress bars redraw the same line). */
  errRaw(text: string): void;
  readonly stderrIsTTY: boolean;
  /** True when stdout is a terminal (watch commands redraw in place there). */
  readonly stdoutIsTTY: boolean;
}

export interface Ctx {
  readonly lang: Lang;
  readonly debug: boolean;
  readonly io: Io;
  /** A CLI message in the chosen language. */
  t(key: MessageKey, vars?: Vars): string;
  /** The display text of a protocol code in the chosen language. */
  label(table: CodeTable, code: string): string;
}

/** Io writing to the process's own streams. */
export const processIo: Io = {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
  errRaw: (text) => void process.stderr.write(text),
  get stderrIsTTY() {
    return process.stderr.isTTY === true;
  },
  get stdoutIsTTY() {
    return process.stdout.isTTY === true;
  },
};

export function createCtx(lang: Lang, debug: boolean, io: Io): Ctx {
  return {
    lang,
    debug,
    io,
    t: (key, vars) => translate(lang, key, vars),
    label: (table, code) => describeCode(table, code, lang),
  };
}

/** Prints a value as pretty JSON on stdout (the `--json` form of every command). */
export function printJson(ctx: Ctx, value: unknown): void {
  ctx.io.out(JSON.stringify(value, null, 2));
}

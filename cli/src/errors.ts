/**
 * Exit codes and the one error type commands throw. Exit codes are a contract for
 * scripts (documented in docs/cli.md); messages are for people and may change.
 */

/** Process exit codes of `arx`. */
export const EXIT = {
  /** The command did what was asked. */
  ok: 0,
  /** The operation failed or the node refused it (the node's error code is printed). */
  failed: 1,
  /** The command line was wrong: unknown option, missing value, malformed input. */
  usage: 2,
  /** The node is not running or did not answer. */
  unreachable: 3,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * An error meant for the person at the terminal: `message` is already translated,
 * `code` is a stable machine code (`ARX_…`) when one exists (printed and in --json).
 */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly code: string | undefined;
  constructor(exitCode: ExitCode, message: string, options?: { code?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.code = options?.code;
  }
}

/** A usage error (exit 2). */
export function usageError(message: string, code?: string): CliError {
  return new CliError(EXIT.usage, message, code === undefined ? undefined : { code });
}

/** An operation that failed or was refused (exit 1). */
export function failure(message: string, code?: string, cause?: unknown): CliError {
  return new CliError(EXIT.failed, message, { ...(code === undefined ? {} : { code }), cause });
}

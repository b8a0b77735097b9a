/**
 * `--watch`: run a sampling step every few seconds until it says it is done or the
 * user presses Ctrl-C. On a terminal each frame replaces the last one (cursor home,
 * clear to end); otherwise each frame is printed once, and only when it changed, so
 * a log or a pipe gets plain lines.
 */
import type { Ctx } from './context.js';

export interface WatchFrame {
  /** What to show (lines of text, or one JSON line with --json). */
  text: string;
  /** Stop after showing this frame. */
  done: boolean;
}

/** ANSI: cursor to the top left, clear the screen below it. */
const REDRAW = '\x1b[H\x1b[J';

/** Repeats `frame` every `intervalMs` until done or SIGINT; resolves when it stops. */
export async function watch(
  ctx: Ctx,
  intervalMs: number,
  frame: () => Promise<WatchFrame>,
  json = false,
): Promise<void> {
  let stopped = false;
  let wake: (() => void) | undefined;
  const onSignal = () => {
    stopped = true;
    wake?.();
  };
  process.once('SIGINT', onSignal);
  const redraw = ctx.io.stdoutIsTTY && !json;
  let last: string | undefined;
  try {
    while (!stopped) {
      const { text, done } = await frame();
      if (redraw) ctx.io.out(`${REDRAW}${text}`);
      else if (json || text !== last) ctx.io.out(text);
      last = text;
      if (done) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, intervalMs);
      });
    }
  } finally {
    process.off('SIGINT', onSignal);
  }
}

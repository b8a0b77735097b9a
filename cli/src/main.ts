#!/usr/bin/env node
/** Entry point of the `arx` command. */
import { run } from './index.js';

// `arx … | head` closes the pipe early: stop quietly, as other Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

const code = await run(process.argv.slice(2));
process.exitCode = code;
// Anything a library left running (a stray timer or socket) must not keep a finished
// command alive; the unref'd timer only fires if something else holds the process.
setTimeout(() => process.exit(code), 2000).unref();

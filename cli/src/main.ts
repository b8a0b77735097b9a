#!/usr/bin/env node
/** Entry point of the `arx` command. */
import { run } from './index.js';

const code = await run(process.argv.slice(2));
process.exitCode = code;
// Anything a library left running (a stray timer or socket) must not keep a finished
// command alive; the unref'd timer only fires if something else holds the process.
setTimeout(() => process.exit(code), 2000).unref();

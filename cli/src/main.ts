#!/usr/bin/env node
/** Entry point of the `arx` command. */
import { run } from './index.js';

process.exitCode = await run(process.argv.slice(2));

/**
 * Runs one node in its own process (for tests that kill it): `node node-process.mjs DIR`.
 * Prints one JSON line `{ "ready": true, "listen": {...} }` on stdout when listening;
 * closes gracefully on SIGTERM/SIGINT.
 *
 * Plain JavaScript on the built `@arx/node` (dist/, which `pnpm build` writes before the
 * tests run), so a spawned node starts without a TypeScript loader: tsx in every spawned
 * process roughly doubled its start-up time, and the federation tests start dozens.
 */
import { loadConfig, startNode } from '@arx/node';
import pino from 'pino';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node-process.mjs DIR');
  process.exit(2);
}
const config = loadConfig(dir);
const starting = startNode(config, {
  logger: pino({ level: process.env['ARX_LOG'] ?? 'warn' }, pino.destination(2)),
});
// Installed before the ready line, so a signal sent the moment it is read closes the node
// (and writes its listing snapshot); one sent while it starts closes it once started.
const stop = () => {
  starting
    .then((node) => node.close())
    .then(
      () => process.exit(0),
      () => process.exit(1),
    );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
const node = await starting;
process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid, listen: node.listen })}\n`);

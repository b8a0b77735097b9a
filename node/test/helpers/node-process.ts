/**
 * Runs one node in its own process (for tests that kill it): `node --import tsx
 * node-process.ts DIR`. Prints one JSON line `{ "ready": true, "listen": {...} }` on
 * stdout when listening; closes gracefully on SIGTERM/SIGINT.
 */
import { loadConfig, startNode } from '@arx/node';
import pino from 'pino';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node-process.ts DIR');
  process.exit(2);
}
const config = loadConfig(dir);
const node = await startNode(config, {
  logger: pino({ level: process.env['ARX_LOG'] ?? 'warn' }, pino.destination(2)),
});
process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid, listen: node.listen })}\n`);
const stop = () => {
  node.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

/**
 * Child process of the DNSBL benchmark, so that the server under test has a core and
 * an event loop of its own, as rbldnsd has. Modes (argv[2]):
 * - `dnsbl <count> <zone> [workers]`: the node's DNSBL answering from `count` benchmark
 *   listings, with that many UDP worker processes (default none);
 * - `echo`: a UDP server that sends every datagram back (the baseline without rbldnsd).
 * `ARX_BENCH_DNSBL_CACHE` sets the answer cache's size (0: off).
 * Tells its parent `{ port, listings, loadMs }` over IPC, answers 'rss' with the
 * resident memory in bytes of it and its workers, stops on the message 'stop'.
 */
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { startDnsbl } from '../../src/dnsbl/index.js';
import { benchListing } from './bench-data.js';
import { TestListingIndex } from './memory-index.js';

const [mode = 'dnsbl', countText = '0', zone = 'bl.bench.test', workersText = '0'] = process.argv.slice(2);

/** VmRSS of a process from /proc (Linux), in bytes. */
const rssOf = (pid: number): number =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

async function main(): Promise<void> {
  if (!process.send) throw new Error('run as a child process with an IPC channel');
  if (mode === 'echo') {
    const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 1 << 22 });
    socket.on('message', (message, peer) => socket.send(message, peer.port, peer.address));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    process.send({ port: socket.address().port, listings: 0, loadMs: 0 });
    process.on('message', (m) => m === 'stop' && socket.close(() => process.exit(0)));
    return;
  }
  const count = Number(countText);
  const start = performance.now();
  const index = new TestListingIndex();
  for (let i = 0; i < count; i++) index.add(benchListing(i, count));
  const loadMs = performance.now() - start;
  // One client asks every question many times: response rate limiting (a defence against
  // forged sources, which rbldnsd does not have) would measure the limit, not the server.
  const workers = { count: Number(workersText) };
  // ARX_BENCH_DNSBL_CACHE sets dnsbl.answerCache (0: every answer computed), else the default.
  const cache = process.env['ARX_BENCH_DNSBL_CACHE'];
  const answerCache = cache === undefined ? undefined : Number(cache);
  const server = await startDnsbl({
    host: '127.0.0.1',
    port: 0,
    zone,
    index,
    rrlResponsesPerSecond: 0,
    workers,
    answerCache,
  });
  await server.workersReady();
  process.send({ port: server.udp.port, listings: index.size, loadMs });
  process.on('message', (m) => {
    if (m === 'rss') {
      const rss = server.workerPids().reduce((n, pid) => n + rssOf(pid), process.memoryUsage().rss);
      process.send!({ rss });
    }
    if (m === 'stop') server.close().then(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

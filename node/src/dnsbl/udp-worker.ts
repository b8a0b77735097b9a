/**
 * One UDP worker process of the DNSBL responder (workers.ts starts them): it holds its
 * own compact index of the zone's listings, kept current by the node's messages, and
 * answers datagrams from the node's UDP socket, shared with it. Every process reading
 * that socket takes the next datagram when it is free, so answering uses every core.
 */
import type dgram from 'node:dgram';
import { CompactListingIndex } from '../state/listing-index.js';
import { createAnswering, type DnsblStats, newStats } from './answering.js';
import { ResponseRateLimiter } from './rrl.js';
import { responderConfig } from './server.js';
import { tsigKeys } from './tsig.js';
import { removalUrlFrom } from './txt.js';
import type { ToWorker } from './workers.js';

const STATS_INTERVAL_MS = 250;

let index = new CompactListingIndex();
const stats: DnsblStats = newStats();
let serial = 0;
let answering: ReturnType<typeof createAnswering> | undefined;
let socket: dgram.Socket | undefined;

const send = (message: unknown) => {
  if (process.connected) process.send?.(message);
};

process.on('message', (message: ToWorker, handle?: unknown) => {
  switch (message.type) {
    case 'init': {
      // A second init (the copy overtaken by changes, workers.ts) starts from nothing again.
      index = new CompactListingIndex();
      for (const view of message.listings) index.put(view);
      serial = message.serial;
      const { responder, rrl, keys } = message;
      const config = responderConfig({
        ...responder,
        removalUrl: removalUrlFrom(responder.removalUrl),
        index,
        serial: () => serial,
        onError: (error) => send({ type: 'error', message: String(error) }),
      });
      answering = createAnswering({
        config,
        keys: tsigKeys(keys),
        rrl: new ResponseRateLimiter(rrl),
        stats,
        serial: () => serial,
      });
      return;
    }
    case 'socket': {
      socket = handle as dgram.Socket;
      const shared = socket;
      shared.on('error', (error) => send({ type: 'error', message: String(error) }));
      shared.on('message', (datagram, peer) =>
        answering?.datagram(datagram, peer, (bytes) => shared.send(bytes, peer.port, peer.address)),
      );
      send({ type: 'ready' });
      return;
    }
    case 'changes':
      for (const change of message.changes) {
        if (change.put) index.put(change.put);
        else if (change.remove) index.remove(change.remove);
      }
      if (message.serial !== undefined) serial = message.serial;
      if (message.sync !== undefined) send({ type: 'synced', sync: message.sync });
      return;
    case 'close':
      send({ type: 'stats', stats });
      socket?.close();
      // Not at once: when 'close' is among the messages that arrived before this process
      // listened, Node emits them in a loop that touches the channel after the last one.
      setImmediate(() => process.connected && process.disconnect());
      return;
  }
});

const PARENT = process.ppid;

/** Whether the node that started this worker still runs (signal 0 only checks). */
function parentAlive(): boolean {
  try {
    process.kill(PARENT, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

setInterval(() => {
  // The node went away (killed, crashed): a worker never outlives it, or it would hold
  // the DNSBL port against the node's next start. 'disconnect' says so at once, but not
  // always: a node killed while it sends this worker its copy of the listings left the
  // worker running with no 'disconnect' (Node 20), so the parent is checked here too.
  if (!process.connected || !parentAlive()) process.exit(0);
  send({ type: 'stats', stats });
}, STATS_INTERVAL_MS).unref();
process.on('disconnect', () => process.exit(0));

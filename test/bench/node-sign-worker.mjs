/**
 * Signs one origin's chain for node.bench.ts on a worker thread, a batch at a time on
 * request, so that signing runs beside the writer that stores what was signed.
 *
 * workerData: { seed: number[] (32-byte secret), kind: 'listing' | 'report', count, batch }
 * message in: 'next'; message out: { buffer, lengths } (envelopes packed back to back,
 * the buffer transferred) or null when the chain is done.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { keyPairFromSecret, parsePrefix, signEntry } from '@arx/protocol';
import { nodeEd25519 } from '@arx/protocol/node-crypto';

const { seed, kind, count, batch } = workerData;
const keys = keyPairFromSecret(Uint8Array.from(seed), nodeEd25519);
const ts = Date.now();
let seq = 0;
let prev = null;

/** The listed /32s are 10.0.0.0 + i; reports are about the same addresses. */
function address(i) {
  const ip = 0x0a000000 + i;
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}/32`;
}

function body(i) {
  const target = parsePrefix(address(i));
  if (kind === 'listing') return { list: 'spam-source', op: 'add', target, reason: 'spam.source' };
  return {
    about: target,
    category: 'spam.source',
    observed: { first: ts - 60_000, last: ts, count: 1 },
    source: 'trap',
  };
}

parentPort.on('message', () => {
  if (seq >= count) {
    parentPort.postMessage(null);
    return;
  }
  const envelopes = [];
  let size = 0;
  for (let n = 0; n < batch && seq < count; n++) {
    const entry = signEntry({ seq: seq + 1, prev, ts, kind, body: body(seq) }, keys, nodeEd25519);
    seq++;
    prev = entry.id;
    envelopes.push(entry.bytes);
    size += entry.bytes.length;
  }
  const packed = new Uint8Array(size);
  let pos = 0;
  for (const e of envelopes) {
    packed.set(e, pos);
    pos += e.length;
  }
  parentPort.postMessage({ buffer: packed.buffer, lengths: envelopes.map((e) => e.length) }, [packed.buffer]);
});

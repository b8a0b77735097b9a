/**
 * Signature verification on worker threads, so that both cores verify. Each worker
 * runs the same OpenSSL backend; requests are batched per message to keep the
 * postMessage overhead small relative to a ~90 µs verification.
 *
 * A batch is sent at the end of the event-loop turn that filled it (setImmediate), not
 * at the end of the microtask that asked first: a connection's frames are handled one
 * microtask chain after another, so a microtask flush sent every verification alone —
 * a message, a result event and their promises per entry on the main thread. While a
 * worker holds MAX_INFLIGHT batches, requests wait for the next result, so under load a
 * batch holds whatever arrived while the worker was busy, and at rest a request is sent
 * in the turn it was made.
 */
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Batches a worker holds at once: one being verified, one queued behind it so it never waits for the main thread. */
export const MAX_INFLIGHT = 2;

interface Pending {
  resolve: (ok: boolean) => void;
}

// A batch travels as one transferred ArrayBuffer, not as an array of byte arrays:
// structured-cloning thousands of small arrays cost the main thread about half a
// verification per entry, which is what the pool is meant to save.
//   per item: signature (64) | public key (32) | message length (u32 LE) | message
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createPublicKey, verify } = require('node:crypto');
const keys = new Map();
parentPort.on('message', ({ buffer, count }) => {
  const bytes = Buffer.from(buffer);
  const results = new Uint8Array(count);
  let pos = 0;
  for (let i = 0; i < count; i++) {
    const sig = bytes.subarray(pos, pos + 64);
    const pub = bytes.subarray(pos + 64, pos + 96);
    const length = bytes.readUInt32LE(pos + 96);
    const msg = bytes.subarray(pos + 100, pos + 100 + length);
    pos += 100 + length;
    try {
      const x = pub.toString('base64url');
      let key = keys.get(x);
      if (!key) {
        key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
        if (keys.size > 10000) keys.clear();
        keys.set(x, key);
      }
      results[i] = verify(null, msg, key, sig) ? 1 : 0;
    } catch {
      results[i] = 0;
    }
  }
  parentPort.postMessage(results, [results.buffer]);
});
`;

class VerifyWorker {
  private readonly worker: Worker;
  private readonly inflight: Pending[][] = [];
  private batch: [Uint8Array, Uint8Array, Uint8Array][] = [];
  private batchBytes = 0;
  private waiting: Pending[] = [];
  private scheduled = false;
  load = 0;
  /** Batches and requests sent (the pool's test reads them). */
  readonly sent = { batches: 0, requests: 0 };

  constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true });
    this.worker.unref();
    this.worker.on('message', (results: Uint8Array) => {
      const pending = this.inflight.shift() ?? [];
      this.load -= pending.length;
      for (let i = 0; i < pending.length; i++) pending[i]!.resolve(results[i] === 1);
      // What arrived while the worker was busy goes now, as one batch.
      if (this.batch.length > 0 && !this.scheduled) this.flush();
    });
  }

  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): Promise<boolean> {
    this.load++;
    return new Promise((resolve) => {
      this.batch.push([signature, message, publicKey]);
      this.batchBytes += 100 + message.length;
      this.waiting.push({ resolve });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    if (this.batch.length === 0 || this.inflight.length >= MAX_INFLIGHT) return;
    const packed = Buffer.allocUnsafeSlow(this.batchBytes);
    let pos = 0;
    for (const [signature, message, publicKey] of this.batch) {
      // Shapes were checked before (64-byte signature, 32-byte key); a wrong one fails the verify.
      packed.set(signature.subarray(0, 64), pos);
      packed.set(publicKey.subarray(0, 32), pos + 64);
      packed.writeUInt32LE(message.length, pos + 96);
      packed.set(message, pos + 100);
      pos += 100 + message.length;
    }
    this.inflight.push(this.waiting);
    this.sent.batches++;
    this.sent.requests += this.batch.length;
    this.worker.postMessage({ buffer: packed.buffer, count: this.batch.length }, [packed.buffer]);
    this.batch = [];
    this.batchBytes = 0;
    this.waiting = [];
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

/** A pool of verification workers; `size` defaults to the number of cores. */
export class VerifyPool {
  private readonly workers: VerifyWorker[];

  constructor(size = cpus().length) {
    this.workers = Array.from({ length: Math.max(1, size) }, () => new VerifyWorker());
  }

  verify = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): Promise<boolean> => {
    let best = this.workers[0]!;
    for (const w of this.workers) if (w.load < best.load) best = w;
    return best.verify(signature, message, publicKey);
  };

  /** Batches and requests sent to the workers so far. */
  get sent(): { batches: number; requests: number } {
    let batches = 0;
    let requests = 0;
    for (const w of this.workers) {
      batches += w.sent.batches;
      requests += w.sent.requests;
    }
    return { batches, requests };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

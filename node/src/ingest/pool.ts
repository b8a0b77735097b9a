/**
 * Signature verification on worker threads, so that both cores verify. Each worker
 * runs the same OpenSSL backend; requests are batched per message to keep the
 * postMessage overhead small relative to a ~90 µs verification.
 */
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';

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

  constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true });
    this.worker.unref();
    this.worker.on('message', (results: Uint8Array) => {
      const pending = this.inflight.shift() ?? [];
      this.load -= pending.length;
      for (let i = 0; i < pending.length; i++) pending[i]!.resolve(results[i] === 1);
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
        queueMicrotask(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    if (this.batch.length === 0) return;
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

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Detached blobs over websocket links: an entry commits to a blob by SHA-256; the blob
 * travels after the entry. A node storing such an entry without its blob asks the
 * connection that sent the entry (`fetch`), and asks every peer again when a link comes
 * up and at each `have` round, until it holds it. The answer is a run of `blob` frames
 * (one chunk each, in order); the receiver reassembles, verifies the digest and size,
 * and only then stores the blob (Writer.storeBlob), which applies the waiting entries.
 *
 * Bounded: a node accepts chunks only for blobs a stored entry commits to and it does
 * not hold, at most `limits.maxBlobBytes` each, a few assemblies per connection and
 * four blobs' worth of assemblies in all; a
 * `fetch` for a blob the node is itself still waiting for is remembered (a few per
 * connection) and answered once the blob arrives; any other `fetch` gets a notice.
 */
import { BlobAssembly, blobChunks, fromHex, toHex } from '@arx/protocol';
import type { NodeContext } from '../context.js';
import { describeError } from '../errors.js';
import type { Session } from '../ws/session.js';
import { linkOf } from './link-state.js';

/** Blobs reassembled at once from one connection. */
const MAX_ASSEMBLIES = 4;
/** Bytes of all assemblies together, in blobs of `limits.maxBlobBytes`. */
const MAX_ASSEMBLY_BLOBS = 4;
/** `fetch`es of one connection waiting for a blob this node does not hold yet. */
const MAX_WAITING = 16;
/** A `fetch` is not repeated to the same connection sooner than this. */
const REFETCH_MS = 5000;

interface SessionBlobs {
  readonly assemblies: Map<string, BlobAssembly>;
  readonly waiting: Set<string>;
  /** digest → when it was last asked for on this connection. */
  readonly asked: Map<string, number>;
}

export class BlobExchange {
  private readonly sessions = new Map<Session, SessionBlobs>();
  /** Bytes allocated by assemblies on every connection. */
  private assembling = 0;

  constructor(private readonly ctx: NodeContext) {
    ctx.writer.on('blob', (digest: string) => this.onStoredBlob(digest));
  }

  private of(session: Session): SessionBlobs {
    let s = this.sessions.get(session);
    if (!s) {
      s = { assemblies: new Map(), waiting: new Set(), asked: new Map() };
      this.sessions.set(session, s);
    }
    return s;
  }

  /** Asks `session` for a blob this node wants (peers that state link protocol 2 or more). */
  request(session: Session, digest: string): void {
    const state = linkOf(session);
    if (!state?.authenticated || state.peerVersion < 2 || !this.ctx.writer.wantsBlob(digest)) return;
    const s = this.of(session);
    const now = Date.now();
    if (s.assemblies.has(digest) || now - (s.asked.get(digest) ?? 0) < REFETCH_MS) return;
    s.asked.set(digest, now);
    session.conn.send(['fetch', fromHex(digest)]);
  }

  /** Asks `session` for every blob this node wants (a link came up, or a `have` round). */
  requestAll(session: Session): void {
    for (const digest of this.ctx.writer.wantedBlobs()) this.request(session, digest);
  }

  /** A `fetch`: send the blob, or remember the asker until it arrives here. */
  async onFetch(session: Session, digestBytes: Uint8Array): Promise<void> {
    const digest = toHex(digestBytes);
    const bytes = (await this.ctx.subs.blobs.get(digest)) as Uint8Array | undefined;
    if (bytes) return this.send(session, digestBytes, bytes);
    const s = this.of(session);
    if (this.ctx.writer.wantsBlob(digest) && s.waiting.size < MAX_WAITING) {
      s.waiting.add(digest);
      return;
    }
    session.conn.send(['notice', 'ARX_NODE_UNKNOWN_BLOB', `no blob ${digest.slice(0, 16)}… here`]);
  }

  private async send(session: Session, digest: Uint8Array, bytes: Uint8Array): Promise<void> {
    for (const c of blobChunks(bytes, digest)) {
      if (session.conn.closed()) return;
      session.conn.send(['blob', c.digest, c.offset, c.total, c.chunk]);
      // A blob is sent at the pace the peer reads it, not buffered whole.
      if (!session.conn.writable()) await session.conn.drained();
    }
  }

  /** One `blob` frame: a chunk of a wanted blob, or ignored. */
  async onChunk(session: Session, frame: readonly ['blob', Uint8Array, number, number, Uint8Array]): Promise<void> {
    const [, digestBytes, offset, total, chunk] = frame;
    const digest = toHex(digestBytes);
    // Unrequested bytes are dropped: only what a stored entry commits to is worth memory.
    if (!this.ctx.writer.wantsBlob(digest)) return;
    const s = this.of(session);
    // A chunk at offset 0 starts the blob (again: a sender that stalled may retry).
    if (offset === 0) this.drop(s, digest);
    let assembly = s.assemblies.get(digest);
    try {
      if (!assembly) {
        if (offset !== 0 || s.assemblies.size >= MAX_ASSEMBLIES) return;
        const { maxBlobBytes } = this.ctx.config.limits;
        if (total > maxBlobBytes) {
          session.conn.send(['notice', 'ARX_NODE_BLOB_TOO_LARGE', `${total} bytes`]);
          return;
        }
        // Past the global bound the chunks are dropped; the blob is asked for again later.
        if (this.assembling + total > MAX_ASSEMBLY_BLOBS * maxBlobBytes) return;
        assembly = new BlobAssembly({ digest: digestBytes, size: total });
        s.assemblies.set(digest, assembly);
        this.assembling += total;
      }
      const blob = assembly.add({ digest: digestBytes, offset, total, chunk });
      if (!blob) return;
      this.drop(s, digest);
      await this.ctx.writer.storeBlob(digest, blob);
      this.ctx.log.info({ digest, bytes: blob.length }, 'blob stored');
    } catch (error) {
      this.drop(s, digest);
      const d = describeError(error);
      session.conn.send(['notice', d.code, d.message.slice(0, 500)]);
      this.ctx.log.warn({ digest, err: error }, 'blob refused');
    }
  }

  private drop(s: SessionBlobs, digest: string): void {
    const assembly = s.assemblies.get(digest);
    if (!assembly) return;
    s.assemblies.delete(digest);
    this.assembling -= assembly.ref.size;
  }

  private onStoredBlob(digest: string): void {
    for (const [session, s] of this.sessions) {
      this.drop(s, digest);
      if (!s.waiting.delete(digest)) continue;
      void this.onFetch(session, fromHex(digest)).catch((err) => this.ctx.log.warn({ err }, 'blob not sent'));
    }
  }

  onClose(session: Session): void {
    const s = this.sessions.get(session);
    if (s) for (const digest of [...s.assemblies.keys()]) this.drop(s, digest);
    this.sessions.delete(session);
  }
}

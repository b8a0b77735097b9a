/**
 * Detached blobs: bytes too large (or too personal) to sit inside a signed entry. The
 * entry commits to a blob by its SHA-256 digest and size; the bytes travel beside the
 * entry or after it (`blob` frames, fetched with `fetch`), and a receiver verifies the
 * digest before storing them. The entry's id and signature do not depend on whether
 * the blob is held. See docs/protocol.md "Detached blobs".
 */
import { sha256 } from '#default-sha256';
import { bytesEqual, toHex } from './bytes.js';
import { fail } from './errors.js';

/** The largest blob the protocol describes (a national roster is a few MiB at most). */
export const MAX_BLOB_BYTES = 16 * 1024 * 1024;
/** Bytes carried by one `blob` frame: well inside the 70,000-byte frame limit. */
export const BLOB_CHUNK_BYTES = 48 * 1024;

/** An entry's commitment to a detached blob. */
export interface BlobRef {
  readonly digest: Uint8Array;
  readonly size: number;
}

/** SHA-256 of a blob's bytes: its address. */
export function blobDigest(bytes: Uint8Array): Uint8Array {
  return sha256(bytes);
}

/** Throws ARX_PROTO_BLOB_MISMATCH unless `bytes` are exactly what `ref` commits to. */
export function checkBlob(bytes: Uint8Array, ref: BlobRef): void {
  if (bytes.length !== ref.size) fail('ARX_PROTO_BLOB_MISMATCH', `${bytes.length} bytes, committed ${ref.size}`);
  if (!bytesEqual(blobDigest(bytes), ref.digest)) {
    fail('ARX_PROTO_BLOB_MISMATCH', `digest is not ${toHex(ref.digest).slice(0, 16)}…`);
  }
}

/** One `blob` frame's content: the blob's digest and total size, and one chunk at `offset`. */
export interface BlobChunk {
  readonly digest: Uint8Array;
  readonly offset: number;
  readonly total: number;
  readonly chunk: Uint8Array;
}

/** Splits a blob into the chunks its `blob` frames carry, in order. */
export function* blobChunks(bytes: Uint8Array, digest = blobDigest(bytes)): Generator<BlobChunk> {
  for (let offset = 0; offset < bytes.length; offset += BLOB_CHUNK_BYTES) {
    yield { digest, offset, total: bytes.length, chunk: bytes.subarray(offset, offset + BLOB_CHUNK_BYTES) };
  }
}

/**
 * Reassembles one blob from its chunks, which must arrive in order (a websocket keeps
 * them so). Memory is the blob's declared size, allocated once; the caller decides
 * which blobs it wants and how large it accepts them before creating an assembly.
 */
export class BlobAssembly {
  private readonly buffer: Uint8Array;
  private received = 0;

  constructor(readonly ref: BlobRef) {
    if (ref.size < 1 || ref.size > MAX_BLOB_BYTES)
      fail('ARX_PROTO_BLOB_MISMATCH', `size ${ref.size} outside 1..${MAX_BLOB_BYTES}`);
    this.buffer = new Uint8Array(ref.size);
  }

  /** Adds the next chunk; returns the verified blob once it is complete, else undefined. */
  add(chunk: BlobChunk): Uint8Array | undefined {
    if (!bytesEqual(chunk.digest, this.ref.digest) || chunk.total !== this.ref.size) {
      fail('ARX_PROTO_BLOB_MISMATCH', 'chunk of another blob');
    }
    if (chunk.offset !== this.received)
      fail('ARX_PROTO_BLOB_MISMATCH', `chunk at ${chunk.offset}, expected ${this.received}`);
    if (this.received + chunk.chunk.length > this.ref.size) fail('ARX_PROTO_BLOB_MISMATCH', 'chunks exceed the size');
    if (chunk.chunk.length === 0) fail('ARX_PROTO_BLOB_MISMATCH', 'empty chunk');
    this.buffer.set(chunk.chunk, this.received);
    this.received += chunk.chunk.length;
    if (this.received < this.ref.size) return undefined;
    checkBlob(this.buffer, this.ref);
    return this.buffer;
  }
}

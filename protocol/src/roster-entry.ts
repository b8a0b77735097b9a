/**
 * A `roster` entry's document: inline in the body, or detached (a blob the entry
 * commits to by digest, size and version). One function checks either form against
 * the roster held, so a node adopts exactly the documents the entry vouches for.
 */
import { defaultEd25519 } from '#default-ed25519';
import { blobDigest, checkBlob } from './blob.js';
import type { Ed25519Backend } from './ed25519/types.js';
import { fail } from './errors.js';
import { type DetachedRosterBody, isDetachedRoster, type RosterBody } from './kinds/roster.js';
import { type Roster, type VerifiedRoster, verifyRosterDocument } from './roster.js';

/** The detached body committing to `document` (which must already be a roster document). */
export function detachedRosterBody(document: Uint8Array, version: number): DetachedRosterBody {
  return { digest: blobDigest(document), size: document.length, version };
}

/**
 * Verifies the roster a `roster` entry carries. For the detached form `document` is the
 * blob received for it: it must match the digest and size (ARX_PROTO_BLOB_MISMATCH)
 * and hold the version committed to (ARX_PROTO_BAD_ROSTER); then, as for the inline
 * form, the steward threshold and rollback rules apply against `held`.
 */
export function verifyRosterEntry(
  body: RosterBody,
  document: Uint8Array | undefined,
  held: Roster | undefined,
  backend: Ed25519Backend = defaultEd25519,
): VerifiedRoster {
  if (!isDetachedRoster(body)) return verifyRosterDocument(body.document, held, backend);
  if (!document) fail('ARX_PROTO_BLOB_MISMATCH', 'the detached document is not held');
  checkBlob(document, body);
  const verified = verifyRosterDocument(document, held, backend);
  if (verified.roster.version !== body.version) {
    fail('ARX_PROTO_BAD_ROSTER', `document is version ${verified.roster.version}, entry commits to ${body.version}`);
  }
  return verified;
}

/**
 * `roster`: a roster version (a COSE_Sign document, tag 98, one signature per steward),
 * in one of two forms:
 *
 *   { "document": bstr }                          the document inline (≤ 61,440 bytes)
 *   { "digest": bstr, "size": uint, "version": uint }
 *                                                 the document detached (blob.ts): the
 *                                                 entry commits to its SHA-256 digest,
 *                                                 size and roster version
 *
 * A national roster (thousands of netblock claims) does not fit an entry, so it travels
 * detached. The entry's body is only checked for shape here; the document's signatures
 * and threshold are checked by verifyRosterDocument against the roster held, and a
 * detached document must also match the digest, size and version committed to.
 */
import { MAX_BLOB_BYTES } from '../blob.js';
import { bytes, type Check, struct, uint } from '../validate.js';

export const MAX_INLINE_ROSTER_BYTES = 60 * 1024;

const checkInline = struct({ document: bytes(undefined, MAX_INLINE_ROSTER_BYTES) });
const checkDetached = struct({
  digest: bytes(32),
  size: uint(MAX_BLOB_BYTES, 1),
  version: uint(Number.MAX_SAFE_INTEGER, 1),
});

export type InlineRosterBody = ReturnType<typeof checkInline>;
export type DetachedRosterBody = ReturnType<typeof checkDetached>;
export type RosterBody = InlineRosterBody | DetachedRosterBody;

/** The form is chosen by the `document` key; each form then allows only its own fields. */
export const checkRosterBody: Check<RosterBody> = (value, path) => {
  const inline = typeof value === 'object' && value !== null && Object.hasOwn(value, 'document');
  return inline ? checkInline(value, path) : checkDetached(value, path);
};

/** True for the detached form (the document travels as a blob). */
export function isDetachedRoster(body: RosterBody): body is DetachedRosterBody {
  return 'digest' in body;
}

/**
 * Detached evidence: the personal part of a report (ARF fields, redacted headers, the
 * message digest) kept out of the signed payload. The payload commits to the evidence
 * by `evidenceDigest`, the SHA-256 of its deterministic CBOR; the bytes travel beside
 * the entry (the `entry` frame's sidecar item, the `evidence` field over HTTP) and a
 * receiver checks them before storing. Without them the entry is still valid, with the
 * same id and signature — which is what lets a node delete evidence after its retention
 * window and still relay the log. See docs/protocol.md "Detached evidence".
 */
import { sha256 } from '#default-sha256';
import { bytesEqual, toHex } from './bytes.js';
import { decodeDeterministic, encodeDeterministic, isWellFormed, NotDeterministic } from './cbor.js';
import { MAX_PAYLOAD_BYTES } from './cose.js';
import type { ParsedEntry } from './entry.js';
import { ArxProtocolError, fail } from './errors.js';
import { checkEvidence, type Evidence, type ReportBody } from './kinds/report.js';

/** The largest evidence sidecar a frame may carry (the size of a whole payload). */
export const MAX_EVIDENCE_BYTES = MAX_PAYLOAD_BYTES;

/**
 * A report and its evidence together fit the 64 KiB a payload may have, as when the
 * evidence was inline: an `entry` frame carrying both stays inside the frame limit.
 */
export function checkCombinedSize(payloadBytes: number, evidenceBytes: number): void {
  if (payloadBytes + evidenceBytes > MAX_PAYLOAD_BYTES) {
    fail('ARX_PROTO_TOO_LARGE', `payload of ${payloadBytes} and evidence of ${evidenceBytes} bytes`);
  }
}

/** The deterministic CBOR of an evidence map: the bytes `evidenceDigest` commits to. */
export function encodeEvidence(evidence: Evidence): Uint8Array {
  const bytes = encodeDeterministic(evidence as never);
  checkCombinedSize(0, bytes.length);
  return bytes;
}

/**
 * Splits a report body as a publisher wrote it (evidence inline) into the body that is
 * signed (committing to the evidence by digest) and the evidence bytes. A body without
 * evidence is returned as it is.
 */
export function detachEvidence(body: ReportBody): { body: ReportBody; evidence?: Uint8Array } {
  if (!body.evidence) return { body };
  const { evidence, ...rest } = body;
  const bytes = encodeEvidence(evidence);
  return { body: { ...rest, evidenceDigest: sha256(bytes) }, evidence: bytes };
}

/** The digest an entry commits its evidence to, if it is a report that commits to one. */
export function committedEvidence(entry: ParsedEntry): Uint8Array | undefined {
  if (entry.payload.kind !== 'report') return undefined;
  return (entry.payload.body as ReportBody).evidenceDigest;
}

/**
 * Checks evidence bytes received with an entry: the entry must commit to evidence
 * (ARX_PROTO_EVIDENCE_UNCOMMITTED), the bytes must hash to the commitment and be a valid
 * evidence map in deterministic CBOR (ARX_PROTO_EVIDENCE_MISMATCH). Returns the map.
 */
export function checkEntryEvidence(entry: ParsedEntry, bytes: Uint8Array): Evidence {
  const digest = committedEvidence(entry);
  if (!digest) fail('ARX_PROTO_EVIDENCE_UNCOMMITTED', `${entry.payload.kind} ${entry.idHex.slice(0, 16)}…`);
  checkCombinedSize(entry.payloadBytes.length, bytes.length);
  if (!bytesEqual(sha256(bytes), digest)) {
    fail('ARX_PROTO_EVIDENCE_MISMATCH', `SHA-256 is not the committed ${toHex(digest).slice(0, 16)}…`);
  }
  return decodeEvidence(bytes);
}

/** Decodes evidence bytes already known to match their commitment (e.g. read from storage). */
export function decodeEvidence(bytes: Uint8Array): Evidence {
  let value: unknown;
  try {
    value = decodeDeterministic(bytes);
  } catch (cause) {
    if (!(cause instanceof NotDeterministic)) throw cause;
    fail('ARX_PROTO_EVIDENCE_MISMATCH', isWellFormed(bytes) ? 'not deterministic CBOR' : 'not well-formed CBOR', cause);
  }
  try {
    return checkEvidence(value, 'evidence');
  } catch (error) {
    if (error instanceof ArxProtocolError) fail('ARX_PROTO_EVIDENCE_MISMATCH', error.message, error);
    throw error;
  }
}

/**
 * A report body as its readers want it (exports, complaint identity): the evidence
 * inline, whether it was signed inline (a version-2 publisher) or travelled detached.
 */
export function withEvidence(body: ReportBody, evidence: Evidence | undefined): ReportBody {
  if (body.evidence || !evidence) return body;
  return { ...body, evidence };
}

/** The entry with its evidence bytes attached, after checking them (see checkEntryEvidence). */
export function attachEvidence<E extends ParsedEntry>(entry: E, bytes: Uint8Array): E {
  checkEntryEvidence(entry, bytes);
  return { ...entry, evidence: bytes };
}

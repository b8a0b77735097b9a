/**
 * @arx/protocol — ARX entries: types, deterministic CBOR, COSE_Sign1 signatures,
 * strict verification, per-origin chains, roster documents, websocket frames and the
 * bilingual code tables. No I/O: bytes in, values or typed errors out.
 */

export { defaultEd25519 } from '#default-ed25519';
export * from './address.js';
export {
  BLOB_CHUNK_BYTES,
  BlobAssembly,
  type BlobChunk,
  type BlobRef,
  blobChunks,
  blobDigest,
  checkBlob,
  MAX_BLOB_BYTES,
} from './blob.js';
export {
  base32Decode,
  base32Encode,
  bytesEqual,
  compareBytes,
  concatBytes,
  fromHex,
  toHex,
} from './bytes.js';
export {
  CborTag,
  type CborValue,
  decodeCbor,
  decodeDeterministic,
  encodeDeterministic,
  isDeterministicEncoding,
  isWellFormed,
  NotDeterministic,
  textIsValidUtf8,
} from './cbor.js';
export { type ChainHead, type ChainVerdict, classifyEntry } from './chain.js';
export * from './codes/index.js';
export { encodeSign1, MAX_ENVELOPE_BYTES, MAX_PAYLOAD_BYTES, parseSign1, sign1Message } from './cose.js';
export { nobleEd25519 } from './ed25519/noble.js';
export { checkPublicKey, checkSignatureShape, isCanonicalPointEncoding } from './ed25519/strict.js';
export type { Ed25519Backend } from './ed25519/types.js';
export {
  checkClockSkew,
  checkPayload,
  type EntryDraft,
  type EntryPayload,
  MAX_CLOCK_SKEW_MS,
  type ParsedEntry,
  parseEntry,
  signEntry,
  tryVerifyEntry,
  type VerifiedEntry,
  verifyEntry,
  verifyParsedEntry,
  verifyParsedEntryWith,
} from './entry.js';
export { ArxProtocolError, PROTOCOL_ERRORS, type ProtocolErrorCode, WireReason } from './errors.js';
export {
  attachEvidence,
  checkCombinedSize,
  checkEntryEvidence,
  committedEvidence,
  decodeEvidence,
  detachEvidence,
  encodeEvidence,
  MAX_EVIDENCE_BYTES,
  withEvidence,
} from './evidence.js';
export {
  decodeFrame,
  type EntryEffect,
  EVIDENCE_SIDECAR_VERSION,
  encodeFrame,
  entryFrameParts,
  type Frame,
  type FrameType,
  type HaveItem,
  HORIZON_LINK_VERSION,
  LINK_PROTOCOL_VERSION,
  linkAuthMessage,
  type SubFilter,
} from './frames.js';
export {
  bodyFromJson,
  type EntryJson,
  entryToJson,
  formatTarget,
  type JsonValue,
  parseTarget,
  toJsonValue,
} from './json.js';
export {
  exportKeyPair,
  formatKeyId,
  generateKeyPair,
  importKeyPair,
  type KeyPair,
  keyPairFromSecret,
  parseKeyId,
} from './keys.js';
export * from './kinds/index.js';
export { type Claim, findOverlaps, type Overlap } from './overlaps.js';
export { checkNotReserved, DNSBL_RESERVED_ADDRESSES, DNSBL_RESERVED_DOMAINS, reservedIn } from './reserved.js';
export {
  addRosterSignature,
  checkRoster,
  createRosterDocument,
  DEFAULT_WIDEST,
  findMember,
  type PrefixFloor,
  type Roster,
  type RosterMember,
  readRosterDocument,
  type VerifiedRoster,
  verifyRosterDocument,
  type WidestPolicy,
  widestAllowed,
} from './roster.js';
export { detachedRosterBody, verifyRosterEntry } from './roster-entry.js';
export { isIpTarget, type LangText, type Target } from './validate.js';

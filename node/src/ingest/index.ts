/**
 * The ingest pipeline every entry goes through, whatever its source:
 * size limit → decode + structure (protocol) → origin is a roster member whose role
 * allows the kind → not dated ahead of the clock → signature → chain check and durable
 * store (writer) → result.
 * Checks that need only the entry and the roster come before the signature, so a
 * non-member's flood costs a CBOR decode, not a verification.
 */
import {
  ArxProtocolError,
  attachEvidence,
  checkClockSkew,
  KINDS,
  MAX_CLOCK_SKEW_MS,
  MAX_ENVELOPE_BYTES,
  type ParsedEntry,
  parseEntry,
  type VerifiedEntry,
  verifyParsedEntry,
  verifyParsedEntryWith,
} from '@arx/protocol';
import { nodeEd25519 } from '@arx/protocol/node-crypto';
import { ArxNodeError, withEntryId } from '../errors.js';
import type { RosterState } from '../state/roster.js';
import type { VerifyPool } from './pool.js';
import { checkTargetPolicy } from './target-policy.js';
import type { StoreResult, Writer } from './writer.js';

export interface IngestOptions {
  readonly writer: Writer;
  readonly roster: () => RosterState;
  readonly pool?: VerifyPool | undefined;
  /** How far ahead of this node's clock an entry may be dated (ms; default MAX_CLOCK_SKEW_MS). */
  readonly maxClockSkewMs?: number;
  /** The node's clock (tests move it). */
  readonly now?: () => number;
  /** The node's own key (hex): entries of it are signed here, never submitted from outside. */
  readonly ownKey?: string;
}

/** Checks membership, role for the entry's kind and the roster's target policy against the roster held. */
export function authorise(parsed: ParsedEntry, roster: RosterState): void {
  const member = roster.member(parsed.originHex);
  if (!member) throw new ArxNodeError('ARX_NODE_NOT_MEMBER', `origin ${parsed.originHex.slice(0, 16)}…`);
  const allowed = KINDS[parsed.payload.kind].roles;
  if (!member.roles.some((r) => allowed.includes(r))) {
    throw new ArxNodeError(
      'ARX_NODE_ROLE_FORBIDDEN',
      `${member.handle} (${member.roles.join(', ')}) may not publish ${parsed.payload.kind}; needs ${allowed.join(' or ')}`,
    );
  }
  checkTargetPolicy(parsed.payload.kind, parsed.payload.body, roster.roster);
}

export class Ingest {
  constructor(private readonly opts: IngestOptions) {}

  /**
   * Verifies received bytes, and the detached evidence sent with them, up to (not
   * including) storage; throws typed errors.
   */
  async verify(bytes: Uint8Array, evidence?: Uint8Array): Promise<VerifiedEntry> {
    if (bytes.length > MAX_ENVELOPE_BYTES) throw new ArxProtocolError('ARX_PROTO_TOO_LARGE', `${bytes.length} bytes`);
    let parsed = parseEntry(bytes);
    try {
      authorise(parsed, this.opts.roster());
      // A hash, cheaper than the signature: bad evidence costs no verification.
      if (evidence) parsed = attachEvidence(parsed, evidence);
      checkClockSkew(parsed.payload, (this.opts.now ?? Date.now)(), this.opts.maxClockSkewMs ?? MAX_CLOCK_SKEW_MS);
      if (this.opts.pool) return await verifyParsedEntryWith(parsed, this.opts.pool.verify);
      return verifyParsedEntry(parsed, nodeEd25519);
    } catch (error) {
      throw withEntryId(error, parsed.id);
    }
  }

  /**
   * Verifies an entry a client submits (websocket `entry` from a non-peer, POST
   * /v1/entries). One key has one signer: the node signs its organisation's entries
   * itself, so an entry of the node's own key from outside (other than one it already
   * holds) is refused before it can fork the log (docs/protocol.md "One key, one signer").
   */
  async verifyFromClient(bytes: Uint8Array, evidence?: Uint8Array): Promise<VerifiedEntry> {
    const entry = await this.verify(bytes, evidence);
    if (entry.originHex === this.opts.ownKey && !(await this.opts.writer.holds(entry))) {
      throw withEntryId(new ArxNodeError('ARX_NODE_OWN_KEY', `seq ${entry.payload.seq}`), entry.id);
    }
    return entry;
  }

  /** Runs the whole pipeline for bytes a client submitted. */
  async submitFromClient(bytes: Uint8Array, evidence?: Uint8Array): Promise<StoreResult & { entry: VerifiedEntry }> {
    const entry = await this.verifyFromClient(bytes, evidence);
    return { ...(await this.opts.writer.store(entry)), entry };
  }

  /** Runs the whole pipeline for received bytes. */
  async submit(bytes: Uint8Array, evidence?: Uint8Array): Promise<StoreResult & { entry: VerifiedEntry }> {
    const entry = await this.verify(bytes, evidence);
    return { ...(await this.opts.writer.store(entry)), entry };
  }
}

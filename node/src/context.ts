/** What the node's subsystems (HTTP, websocket, federation, DNSBL) share. */
import type { KeyPair } from '@arx/protocol';
import type { Logger } from 'pino';
import type { NodeConfig } from './config.js';
import type { DnsblServer } from './dnsbl/server.js';
import type { PeerJson } from './http/api-types.js';
import type { Ingest } from './ingest/index.js';
import type { Writer } from './ingest/writer.js';
import type { NodeMetrics } from './oversight/registry.js';
import type { CompactListingIndex } from './state/listing-index.js';
import type { RosterState } from './state/roster.js';
import type { ReportSubjects } from './state/subjects.js';
import type { ListingView } from './state/types.js';
import type { Sublevels } from './store/db.js';

export interface Listeners {
  http: string | null;
  ws: string | null;
  dns: string | null;
  smtp: string | null;
}

export interface NodeContext {
  readonly config: NodeConfig;
  readonly keys: KeyPair;
  readonly ownKey: string;
  readonly subs: Sublevels;
  readonly writer: Writer;
  readonly ingest: Ingest;
  readonly listings: CompactListingIndex;
  readonly reportSubjects: ReportSubjects;
  readonly log: Logger;
  readonly operatorToken: string;
  readonly startedAt: number;
  readonly listen: Listeners;
  /** The node's Prometheus series (`GET /metrics`). */
  readonly metrics: NodeMetrics;
  roster(): RosterState;
  /** The running DNSBL responder (null when disabled or not started yet). */
  readonly dnsbl: { server: DnsblServer | null };
  /** Calls `listener` after every committed listing change with the id's view before and after. */
  onListingChanged(listener: ListingListener): () => void;
  /** Peer link summaries for `GET /v1/peers` (filled in by federation). */
  peers(): PeerSummary[];
}

/** A listing's view before and after a change (undefined: not in the index). */
export type ListingListener = (before: ListingView | undefined, after: ListingView | undefined) => void;

/** A peer link as `GET /v1/peers` shows it. */
export type PeerSummary = PeerJson;

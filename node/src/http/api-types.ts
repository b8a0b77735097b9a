/**
 * The JSON shapes of the node's views, as its HTTP API sends them: one declaration that
 * the node's views are typed by and that the CLI (`import type … from '@arx/node'`) and
 * the dashboard (bundled from node/static/dashboard, `import type` of this file) read.
 * Types only, and self-contained: importing it costs nothing at run time and pulls in
 * none of the node. Documented in docs/api.md.
 */

/** A member as the roster shows it (`GET /v1/roster`, `members`). */
export interface MemberViewJson {
  /** Ed25519 public key, hex. */
  key: string;
  /** The key as an `arx1…` id. */
  id: string;
  handle: string;
  /** Display names by language tag (`en`, `zh-CN`). */
  names: Record<string, string>;
  roles: readonly string[];
  netblocks: readonly string[];
  contacts: { abuse: readonly string[]; escalation: readonly string[] };
  languages: readonly string[];
  endpoint: string | null;
}

/** `GET /v1/roster`: the roster in force. */
export interface RosterJson {
  version: number;
  issued: number;
  /** The federation's name by language tag (null: none). */
  name: Record<string, string> | null;
  threshold: number;
  stewards: { key: string; id: string }[];
  members: MemberViewJson[];
  /** SHA-256 (hex) of the signed document served by `GET /v1/roster/document`. */
  digest: string;
}

/** The member responsible for an address: the claim that matched, not its whole list of claims. */
export interface ResponsibleJson extends Omit<MemberViewJson, 'netblocks'> {
  /** The netblock claim containing the address. */
  claim: string;
  /** How many claims the member holds. */
  netblockCount: number;
}

/** One step of a report's life: published, acknowledged, resolved, … or a comment. */
export interface ReportStepJson {
  status: string;
  ts: number;
  /** Id of the entry that made the step. */
  entry: string;
  /** Handle of the member that made it (null: a key not in the roster). */
  by: string | null;
  action: string | null;
  reason: string | null;
}

/** A report with its status (`GET /v1/reports`, `/v1/reports/:id`, in lookups). */
export interface ReportJson {
  id: string;
  origin: string;
  originHandle: string | null;
  about: string;
  category: string;
  observed: { first: number; last: number; count: number };
  source: string;
  ts: number;
  note: Record<string, string> | null;
  /**
   * The evidence in JSON form: as signed, or for evidence sent beside the entry, decoded
   * from storage; once deleted by retention `{ pruned: true, evidenceDigest }`, and
   * `{ held: false, evidenceDigest }` while it has not arrived.
   */
  evidence: unknown;
  /** Handle and key of the member responsible for `about` (null: nobody claims it). */
  responsible: string | null;
  responsibleKey: string | null;
  status: string;
  /** Publication first, then every status step, oldest first. */
  timeline: ReportStepJson[];
  comments: ReportStepJson[];
  retracted: boolean;
}

/** A listing (`GET /v1/listings`, in lookups and delisting views). */
export interface ListingJson {
  /** Id of the `listing` entry that added it. */
  id: string;
  list: string;
  /** CIDR text for IP targets, the domain or URL otherwise (`targetText` says the same). */
  target: string;
  targetText: string;
  reason: string;
  /** Key and handle of the list operator. */
  origin: string;
  originHandle: string | null;
  /** When it was listed, when it expires (null: never) and when it was removed (null: not), ms. */
  since: number;
  expires: number | null;
  removedAt: number | null;
  /** Ids of the delisting requests filed against it, newest last. */
  requests: readonly string[];
  active: boolean;
  /** How to have it removed: the command, and the list operator's contacts. */
  removal: { how: string; contacts: string[] };
}

/** `GET /v1/lookup/:address`: who is responsible, what lists it, what was reported. */
export interface LookupJson {
  address: string;
  responsible: (ResponsibleJson & { source: string }) | null;
  listings: ListingJson[];
  reports: ReportJson[];
}

/** A list operator's decision on a delisting request. */
export interface DelistDecisionJson {
  decision: 'granted' | 'denied';
  reason: string | null;
  ts: number;
  entry: string;
}

/** A delisting request against a listing, as the address's delisting status shows it. */
export interface DelistRequestJson {
  id: string;
  by: string | null;
  /** Filed by this node's organisation. */
  mine: boolean;
  remediation: string[];
  ts: number;
  decision: DelistDecisionJson | null;
}

/** A listing of an address with the delisting requests against it. */
export interface AddressListingJson extends Omit<ListingJson, 'requests'> {
  operator: string | null;
  /** The delisting requests against it (retracted ones left out), oldest first. */
  requests: DelistRequestJson[];
}

/** `GET /v1/delist/status/:address`: every listing of an address, with requests and decisions. */
export interface DelistStatusJson {
  address: string;
  listings: AddressListingJson[];
}

/** `POST /v1/delist/address`: what was filed with each list operator. */
export interface DelistFiledJson {
  address: string;
  requests: {
    listing: string;
    operator: string | null;
    list: string;
    target: string;
    /** `requested`: a request was published now; `pending`: one of ours awaits a decision. */
    outcome: 'requested' | 'pending';
    request: string;
  }[];
}

/** One request of `GET /v1/delist/queue`. */
export interface DelistQueueItemJson {
  id: string;
  listing: ListingJson;
  listOperator: string | null;
  by: string | null;
  remediation: string[];
  ts: number;
  decision: DelistDecisionJson | null;
  /** The listing is this node's organisation's: it decides. */
  mine: boolean;
}

/** `GET /v1/delist/queue`: every delisting request, oldest first. */
export interface DelistQueueJson {
  requests: DelistQueueItemJson[];
}

/** `GET /v1/contacts/:address`: the abuse contacts of an address, as an RDAP-like network object (RFC 9083 §5.4). */
export interface ContactsJson {
  objectClassName: string;
  /** The claim containing the address, or the address itself when nobody claims it. */
  handle: string;
  query: string;
  responsible: ResponsibleJson | null;
  lang?: string;
  entities: { objectClassName: string; handle: string; roles: string[]; vcardArray: unknown[] }[];
  remarks?: { title: string; description: string[] }[];
  source: { roster: number; claim?: string; signedBy?: string };
}

/** `GET /v1/health`: liveness and storage health (always HTTP 200). */
export interface HealthJson {
  /** `degraded` while storage writes fail: reads are answered, writes refused until it recovers. */
  status: 'ok' | 'degraded';
  handle: string;
  id: string;
  uptimeSeconds: number;
  storage: {
    ok: boolean;
    /** Errno-style reason of the last failure (ENOSPC, EIO, …) and the storage layer's message, while degraded. */
    code: string | null;
    cause: string | null;
    since: number | null;
    failures: number;
    reopened: number;
  };
}

/** The forwarding outbox (counts since the node started). */
export interface OutboxJson {
  queued: number;
  oldestQueuedAt: number | null;
  nextAttemptAt: number | null;
  lastError: string | null;
  counts: { queued: number; sent: number; retried: number; failed: number };
}

/** `GET /v1/status`: how the node is doing. */
/** What one horizon pass did (node/src/store/horizon.ts). */
export interface HorizonPassJson {
  /** When it ran and its cutoff (ms). */
  at: number;
  cutoff: number;
  /** Entries deleted, and entries past the horizon kept for their live state. */
  deleted: number;
  kept: number;
}

export interface NodeStatusJson {
  handle: string;
  key: string;
  id: string;
  rosterVersion: number;
  /** Entries stored (the last cursor) and entries held waiting for a predecessor. */
  entries: number;
  heldEntries: number;
  storageBytes: number;
  /**
   * Per origin: the highest contiguous seq held, that entry's id (null for a chain started
   * at a peer's floor with nothing above it yet), and the floor: the seq from which the
   * log is held without a gap (node/src/store/horizon.ts).
   */
  heads: { origin: string; handle: string | null; seq: number; id: string | null; floor: number }[];
  /** The log's horizon: horizonDays, the ts before which entries are past it, and the last pass. */
  horizon: { days: number; cutoff: number; lastPass: HorizonPassJson | null };
  /** Listener addresses (null: not listening). */
  listen: { http: string | null; ws: string | null; dns: string | null; smtp: string | null };
  dnsbl: { zone: string } | null;
  /** Origins with proof of a fork: the conflicting entry ids kept at each seq. */
  forks: { origin: string; handle: string | null; evidence: { seq: number; ids: string[] }[] }[];
  /** Open peer links. */
  peers: number;
  /** Null when forwarding is off. */
  outbox: OutboxJson | null;
  limits: { arfBytes: number; xarfBytes: number };
}

/** One peer link of `GET /v1/peers`. */
export interface PeerJson {
  url: string | null;
  handle: string | null;
  key: string | null;
  direction: 'outbound' | 'inbound';
  state: string;
  since: number | null;
  /** Entry frames sent and received on this link, and websocket bytes each way. */
  entriesSent: number;
  entriesReceived: number;
  bytesOut: number;
  bytesIn: number;
  /** Per origin: the seq the peer holds and the seq this node holds. */
  lag: { origin: string; handle: string | null; theirs: number; ours: number }[];
}

/** `GET /v1/peers`. */
export interface PeersJson {
  peers: PeerJson[];
}

/** `POST /v1/roster`: a roster version published. */
export interface RosterPublishedJson {
  /** The `roster` entry committing to the document, and its seq. */
  id: string;
  seq: number;
  version: number;
  digest: string;
  size: number;
  members: number;
  claims: number;
  signers: number;
  /** This node holds the new version now. */
  adopted: boolean;
}

/** `GET /v1/roster/status`: which members' nodes hold which roster version, from their signed receipts. */
export interface RosterStatusJson {
  version: number;
  digest: string;
  size: number;
  members: number;
  claims: number;
  wantedBlobs: string[];
  byVersion: { version: number | null; count: number }[];
  /** `version` null: not reported yet. */
  nodes: {
    handle: string;
    key: string;
    self: boolean;
    node: string | null;
    version: number | null;
    ts: number | null;
  }[];
}

/**
 * One traceable figure of `GET /v1/metrics/resolution`: the number, how many entries it
 * rests on, and its path, which `?trace=<path>` (with the same `until`) lists.
 */
export interface FigureJson {
  /** Null when the figure is undefined (a median of nothing, a share of nothing). */
  value: number | null;
  n: number;
  trace: string;
  /** The entry ids behind it, with `?entries=true`, for figures computed exactly. */
  entries?: string[];
}

export interface PercentilesJson {
  median: FigureJson;
  p90: FigureJson;
}

/** The figures of one responsible member, or of the whole federation. */
export interface ResolutionFiguresJson {
  /** The member's key (hex); absent on the federation's figures. */
  key?: string;
  received: FigureJson;
  acknowledged: FigureJson;
  resolved: FigureJson;
  rejected: FigureJson;
  open: FigureJson;
  timeToAcknowledge: PercentilesJson;
  timeToResolve: PercentilesJson;
  due: FigureJson;
  resolvedWithinTarget: FigureJson;
  withinTargetShare: FigureJson;
  oldestOpen: FigureJson;
  oldestOpenReport: { id: string; ts: number; about: string } | null;
  repeatOffenders: FigureJson;
  repeatOffenderAddresses: { address: string; reports: FigureJson }[];
  listingsAgainst: FigureJson;
  /** Empty with `charts=false`. */
  timeToResolveHistogram: { from: number; to: number | null; reports: FigureJson }[];
  /** Empty with `charts=false`. */
  openOverTime: { t: number; open: FigureJson }[];
}

/** The figures of one list operator. */
export interface OperatorFiguresJson {
  key: string;
  activeListings: FigureJson;
  activeByList: Record<string, FigureJson>;
  listed: FigureJson;
  delistRequests: FigureJson;
  decisions: FigureJson;
  granted: FigureJson;
  denied: FigureJson;
  pending: FigureJson;
  timeToDecision: PercentilesJson;
}

/** `GET /v1/metrics/resolution`: the figures over a window. */
export interface MetricsJson {
  window: { spec: string; from: number; to: number; targetHours: number };
  cursor: number;
  /** Replace `{figure}` with a figure's `trace` to list the entries behind it. */
  traceUrl: string;
  federation: ResolutionFiguresJson;
  members: Record<string, ResolutionFiguresJson & { key: string }>;
  operators: Record<string, OperatorFiguresJson>;
  unrouted: {
    reports: FigureJson;
    /** The busiest blocks first, at most `?prefixes=` (default 100) of them. */
    prefixes: { prefix: string; reports: FigureJson }[];
    /** Blocks in the window, listed or not. */
    prefixCount: number;
    otherTargets: FigureJson;
  };
}

/** `GET /v1/metrics/resolution?trace=<path>`: one page of the entries behind a figure. */
export interface TraceJson {
  figure: string;
  value: number | null;
  window: MetricsJson['window'];
  total: number;
  offset: number;
  entries: {
    id: string;
    kind: string | null;
    origin: string | null;
    originHandle: string | null;
    ts: number | null;
    url: string;
  }[];
  /** For durations and percentiles: the samples of the page. */
  samples?: { seconds: number; from: string; to: string }[];
  /** For percentiles: the index in the samples the value was taken from. */
  pick?: number | null;
}

/** The node's HTTP API as the dashboard uses it (same origin), with the JSON shapes it reads. */

export interface FigureJson {
  value: number | null;
  n: number;
  trace: string;
}

export interface Percentiles {
  median: FigureJson;
  p90: FigureJson;
}

export interface ResolutionFiguresJson {
  key?: string;
  received: FigureJson;
  acknowledged: FigureJson;
  resolved: FigureJson;
  rejected: FigureJson;
  open: FigureJson;
  timeToAcknowledge: Percentiles;
  timeToResolve: Percentiles;
  due: FigureJson;
  resolvedWithinTarget: FigureJson;
  withinTargetShare: FigureJson;
  oldestOpen: FigureJson;
  oldestOpenReport: { id: string; ts: number; about: string } | null;
  repeatOffenders: FigureJson;
  repeatOffenderAddresses: { address: string; reports: FigureJson }[];
  listingsAgainst: FigureJson;
  timeToResolveHistogram: { from: number; to: number | null; reports: FigureJson }[];
  openOverTime: { t: number; open: FigureJson }[];
}

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
  timeToDecision: Percentiles;
}

export interface MetricsJson {
  window: { spec: string; from: number; to: number; targetHours: number };
  cursor: number;
  traceUrl: string;
  federation: ResolutionFiguresJson;
  members: Record<string, ResolutionFiguresJson & { key: string }>;
  operators: Record<string, OperatorFiguresJson>;
  unrouted: {
    reports: FigureJson;
    prefixes: { prefix: string; reports: FigureJson }[];
    otherTargets: FigureJson;
  };
}

export interface TraceJson {
  figure: string;
  value: number | null;
  total: number;
  entries: { id: string; kind: string | null; originHandle: string | null; ts: number | null }[];
  samples?: { seconds: number; from: string; to: string }[];
  pick?: number | null;
}

export interface ListingJson {
  id: string;
  list: string;
  target: string;
  reason: string;
  origin: string;
  originHandle: string | null;
  since: number;
  expires: number | null;
  removedAt: number | null;
  requests: string[];
  active: boolean;
  removal: { how: string; contacts: string[] };
}

export interface ReportJson {
  id: string;
  originHandle: string | null;
  about: string;
  category: string;
  ts: number;
  responsible: string | null;
  status: string;
  timeline: { status: string; ts: number; entry: string; by: string | null; action: string | null }[];
}

export interface MemberJson {
  key: string;
  id: string;
  handle: string;
  names: Record<string, string>;
  roles: string[];
  netblocks: string[];
  contacts: { abuse: string[]; escalation: string[] };
}

export interface LookupJson {
  address: string;
  /** The member with the claim that matched (`claim`), not its whole list of claims. */
  responsible: (Omit<MemberJson, 'netblocks'> & { claim: string; netblockCount: number; source: string }) | null;
  listings: ListingJson[];
  reports: ReportJson[];
}

export interface QueueItemJson {
  id: string;
  listing: ListingJson;
  listOperator: string | null;
  by: string | null;
  remediation: string[];
  ts: number;
  decision: { decision: string; reason: string | null; ts: number; entry: string } | null;
}

/** `GET /v1/delist/status/:address`: every listing of an address, with requests and decisions. */
export interface DelistStatusJson {
  address: string;
  listings: (Omit<ListingJson, 'requests'> & {
    operator: string | null;
    requests: {
      id: string;
      by: string | null;
      mine: boolean;
      remediation: string[];
      ts: number;
      decision: { decision: string; reason: string | null; ts: number; entry: string } | null;
    }[];
  })[];
}

/** `POST /v1/delist/address`: what was filed with each operator. */
export interface DelistFiledJson {
  address: string;
  requests: {
    listing: string;
    operator: string | null;
    list: string;
    target: string;
    outcome: 'requested' | 'pending';
    request: string;
  }[];
}

/** POSTs JSON with a bearer token; a non-2xx answer throws with the node's error code and message. */
export async function postJson<T>(path: string, body: unknown, token: string): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!res.ok) {
    throw new Error(json?.error ? `${json.error.message ?? ''} (${json.error.code ?? res.status})` : `${res.status}`);
  }
  return json as T;
}

/** GETs a JSON document; a non-2xx answer throws with the node's error message. */
export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!res.ok) throw new Error(body?.error?.message ?? `${res.status} ${res.statusText}`);
  return body as T;
}

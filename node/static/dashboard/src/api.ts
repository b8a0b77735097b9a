/**
 * The node's HTTP API as the dashboard uses it (same origin), with the JSON shapes it
 * reads: the views' shapes are the node's own declarations (src/http/api-types.ts, a
 * types-only module the bundle erases); the metrics' shapes are declared here.
 */
export type {
  DelistFiledJson,
  DelistQueueItemJson,
  DelistQueueJson,
  DelistStatusJson,
  HealthJson,
  ListingJson,
  LookupJson,
  MemberViewJson,
  ReportJson,
  RosterJson,
} from '../../../src/http/api-types.js';

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

/**
 * The node's HTTP API as the dashboard uses it (same origin), with the JSON shapes it
 * reads: the node's own declarations (src/http/api-types.ts, a types-only module the
 * bundle erases).
 */
export type {
  DelistFiledJson,
  DelistQueueItemJson,
  DelistQueueJson,
  DelistStatusJson,
  FigureJson,
  HealthJson,
  ListingJson,
  LookupJson,
  MemberViewJson,
  MetricsJson,
  OperatorFiguresJson,
  PercentilesJson,
  ReportJson,
  ResolutionFiguresJson,
  RosterJson,
  TraceJson,
} from '../../../src/http/api-types.js';

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

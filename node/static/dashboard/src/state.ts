/** What the page shows, in one place; views read it and `render()` redraws from it. */
import type {
  DelistFiledJson,
  DelistQueueItemJson,
  DelistStatusJson,
  FigureJson,
  ListingJson,
  LookupJson,
  MemberViewJson,
  MetricsJson,
  ReportJson,
  TraceJson,
} from './api.js';

export interface TraceView {
  readonly figure: FigureJson;
  readonly label: string;
  data: TraceJson | null;
  error: string | null;
}

export interface LookupView {
  readonly query: string;
  result: LookupJson | null;
  /** Every listing of the address and the decision on each delisting request. */
  delisting: DelistStatusJson | null;
  /** The outcome of the last "request delisting from every list" from this page. */
  filed: DelistFiledJson | null;
  filing: boolean;
  fileError: string | null;
  error: string | null;
}

export const state = {
  windowSpec: '30d',
  nodeHandle: '',
  metrics: null as MetricsJson | null,
  error: null as string | null,
  roster: new Map<string, MemberViewJson>(),
  listings: [] as ListingJson[],
  queue: [] as DelistQueueItemJson[],
  /** Member whose open reports are shown. */
  selected: null as string | null,
  memberReports: null as ReportJson[] | null,
  /** Charts scope: '' for the federation, else a member handle. */
  scope: '',
  lookup: null as LookupView | null,
  trace: null as TraceView | null,
  live: false,
};

/** Display name of a member handle, from the roster. */
export function rosterNames(handle: string | null): Record<string, string> | undefined {
  return handle ? state.roster.get(handle)?.names : undefined;
}

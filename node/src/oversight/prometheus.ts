/**
 * The resolution figures as Prometheus series (on `/metrics`), over a fixed window
 * of 30 days ending at scrape time. Federation-wide samples carry no `member` /
 * `operator` label; per-member samples do. Undefined figures (a median of nothing)
 * are left out rather than exported as NaN.
 */
import type { NodeContext } from '../context.js';
import type { Figure } from './figures.js';
import { computeResolution, type OperatorFigures, type ResolutionFigures } from './resolution.js';
import { memberInfos, snapshot } from './snapshot.js';
import { DEFAULT_WINDOW, windowOf } from './window.js';

/** Same shape as the series in http/metrics.ts. */
export interface Series {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: [Record<string, string>, number][];
}

export const PROMETHEUS_WINDOW = DEFAULT_WINDOW;

type Labels = Record<string, string>;

class SeriesSet {
  private readonly byName = new Map<string, Series>();
  constructor(private readonly window: string) {}

  add(name: string, help: string, labels: Labels, figure: Figure | number | null, windowed = true): void {
    const value = typeof figure === 'number' || figure === null ? figure : figure.value;
    let series = this.byName.get(name);
    if (!series) {
      series = { name, help, type: 'gauge', samples: [] };
      this.byName.set(name, series);
    }
    if (value !== null) series.samples.push([windowed ? { ...labels, window: this.window } : labels, value]);
  }

  all(): Series[] {
    return [...this.byName.values()];
  }
}

function resolutionSeries(set: SeriesSet, labels: Labels, f: ResolutionFigures): void {
  const p = 'arx_oversight_';
  set.add(`${p}reports_received`, 'Reports in the window about the scope (member or federation).', labels, f.received);
  set.add(`${p}reports_acknowledged`, 'Reports in the window with at least one step.', labels, f.acknowledged);
  set.add(`${p}reports_resolved`, 'Reports in the window whose status is resolved.', labels, f.resolved);
  set.add(`${p}reports_rejected`, 'Reports in the window whose status is rejected.', labels, f.rejected);
  set.add(`${p}reports_open`, 'Reports in the window not resolved or rejected.', labels, f.open);
  const quantiles = (name: string, help: string, q: { median: Figure; p90: Figure }) => {
    set.add(name, help, { ...labels, quantile: '0.5' }, q.median);
    set.add(name, help, { ...labels, quantile: '0.9' }, q.p90);
  };
  quantiles(
    `${p}time_to_acknowledge_seconds`,
    'Report to first step by the responsible member (nearest-rank quantile).',
    f.timeToAcknowledge,
  );
  quantiles(
    `${p}time_to_resolve_seconds`,
    'Report to the step that resolved it (nearest-rank quantile).',
    f.timeToResolve,
  );
  set.add(`${p}reports_due`, 'Reports in the window whose target time has passed (not rejected).', labels, f.due);
  set.add(
    `${p}reports_resolved_within_target`,
    'Due reports resolved within the target time.',
    labels,
    f.resolvedWithinTarget,
  );
  set.add(
    `${p}resolved_within_target_ratio`,
    'Share of due reports resolved within target.',
    labels,
    f.withinTargetShare,
  );
  set.add(`${p}oldest_open_report_age_seconds`, 'Age of the oldest open report in the window.', labels, f.oldestOpen);
  set.add(
    `${p}repeat_offender_addresses`,
    'Addresses reported again after a report about them was resolved.',
    labels,
    f.repeatOffenders,
  );
  set.add(
    `${p}listings_against`,
    'Active listings of addresses in the scope (member or federation).',
    labels,
    f.listingsAgainst,
  );
}

function operatorSeries(set: SeriesSet, operator: string, f: OperatorFigures): void {
  const p = 'arx_oversight_';
  const labels = { operator };
  for (const [list, figure] of Object.entries(f.activeByList)) {
    set.add(`${p}listings_active`, 'Active listings by list operator and list.', { ...labels, list }, figure);
  }
  set.add(`${p}listings_added`, 'Listings added in the window.', labels, f.listed);
  set.add(`${p}delist_requests`, 'Delisting requests filed in the window.', labels, f.delistRequests);
  set.add(
    `${p}delist_decisions`,
    'Delisting requests of the window decided.',
    { ...labels, decision: 'granted' },
    f.granted,
  );
  set.add(
    `${p}delist_decisions`,
    'Delisting requests of the window decided.',
    { ...labels, decision: 'denied' },
    f.denied,
  );
  set.add(`${p}delist_pending`, 'Delisting requests of the window not decided yet.', labels, f.pending);
  set.add(
    `${p}time_to_decision_seconds`,
    'Delisting request to decision (nearest-rank quantile).',
    { ...labels, quantile: '0.5' },
    f.timeToDecision.median,
  );
  set.add(
    `${p}time_to_decision_seconds`,
    'Delisting request to decision (nearest-rank quantile).',
    { ...labels, quantile: '0.9' },
    f.timeToDecision.p90,
  );
}

/** The oversight series for one node (pushed into `metricSources`). */
export async function oversightSeries(ctx: NodeContext, now = Date.now()): Promise<Series[]> {
  const snap = await snapshot(ctx);
  const metrics = computeResolution({
    ...snap,
    members: memberInfos(ctx),
    window: windowOf(PROMETHEUS_WINDOW, now),
    targetHours: ctx.config.metrics.targetHours,
    charts: false,
  });
  const set = new SeriesSet(PROMETHEUS_WINDOW);
  set.add(
    'arx_oversight_target_seconds',
    'Agreed time to resolve (config metrics.targetHours).',
    {},
    metrics.targetHours * 3600,
    false,
  );
  resolutionSeries(set, {}, metrics.federation);
  for (const [member, f] of Object.entries(metrics.members)) resolutionSeries(set, { member }, f);
  for (const [operator, f] of Object.entries(metrics.operators)) operatorSeries(set, operator, f);
  set.add(
    'arx_oversight_unrouted_reports',
    'Reports in the window about addresses no member claims.',
    {},
    metrics.unrouted.reports,
  );
  // The busiest blocks only: a label per prefix must not grow without bound.
  for (const { prefix, reports } of metrics.unrouted.prefixes.slice(0, 50)) {
    set.add('arx_oversight_unrouted_prefix_reports', 'Unrouted reports by address block.', { prefix }, reports);
  }
  set.add(
    'arx_oversight_other_target_reports',
    'Reports in the window about domains or URLs (not routed by netblock).',
    {},
    metrics.unrouted.otherTargets,
  );
  return set.all();
}

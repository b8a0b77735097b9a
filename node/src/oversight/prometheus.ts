/**
 * The resolution figures as Prometheus gauges (on `/metrics`), over a fixed window
 * of 30 days ending at scrape time. Federation-wide samples carry no `member` /
 * `operator` label; per-member samples do. Undefined figures (a median of nothing)
 * are left out rather than exported as NaN.
 *
 * Percentiles are nearest-rank values over the window's samples, computed from the
 * signed log rather than observed by this process, so they are separate gauges
 * (`…_p50_seconds`, `…_p90_seconds`): a `quantile` label belongs to a summary, whose
 * `_sum` and `_count` would have to describe the same observations.
 */
import type { Gauge } from 'prom-client';
import type { NodeContext } from '../context.js';
import type { Figure } from './figures.js';
import { aggregateResolution } from './incremental.js';
import { memberInfos } from './members.js';
import type { NodeMetrics } from './registry.js';
import type { OperatorFigures, ResolutionFigures } from './resolution.js';
import { DEFAULT_WINDOW, windowOf } from './window.js';

export const PROMETHEUS_WINDOW = DEFAULT_WINDOW;

const P = 'arx_oversight_';
type Labels = Record<string, string>;
type Pick<F> = (f: F) => Figure;

/** Per-scope series: name (after the prefix), help, the figure. */
const RESOLUTION: [string, string, Pick<ResolutionFigures>][] = [
  ['reports_received', 'Reports in the window about the scope (member or federation).', (f) => f.received],
  ['reports_acknowledged', 'Reports in the window with at least one step.', (f) => f.acknowledged],
  ['reports_resolved', 'Reports in the window whose status is resolved.', (f) => f.resolved],
  ['reports_rejected', 'Reports in the window whose status is rejected.', (f) => f.rejected],
  ['reports_open', 'Reports in the window not resolved or rejected.', (f) => f.open],
  [
    'time_to_acknowledge_p50_seconds',
    'Report to first step by the responsible member, median (nearest rank).',
    (f) => f.timeToAcknowledge.median,
  ],
  [
    'time_to_acknowledge_p90_seconds',
    'Report to first step by the responsible member, 90th percentile (nearest rank).',
    (f) => f.timeToAcknowledge.p90,
  ],
  [
    'time_to_resolve_p50_seconds',
    'Report to the step that resolved it, median (nearest rank).',
    (f) => f.timeToResolve.median,
  ],
  [
    'time_to_resolve_p90_seconds',
    'Report to the step that resolved it, 90th percentile (nearest rank).',
    (f) => f.timeToResolve.p90,
  ],
  ['reports_due', 'Reports in the window whose target time has passed (not rejected).', (f) => f.due],
  ['reports_resolved_within_target', 'Due reports resolved within the target time.', (f) => f.resolvedWithinTarget],
  ['resolved_within_target_ratio', 'Share of due reports resolved within target.', (f) => f.withinTargetShare],
  ['oldest_open_report_age_seconds', 'Age of the oldest open report in the window.', (f) => f.oldestOpen],
  [
    'repeat_offender_addresses',
    'Addresses reported again after a report about them was resolved.',
    (f) => f.repeatOffenders,
  ],
  ['listings_against', 'Active listings of addresses in the scope (member or federation).', (f) => f.listingsAgainst],
];

/** Per-operator series. */
const OPERATOR: [string, string, Pick<OperatorFigures>][] = [
  ['listings_added', 'Listings added in the window.', (f) => f.listed],
  ['delist_requests', 'Delisting requests filed in the window.', (f) => f.delistRequests],
  ['delist_pending', 'Delisting requests of the window not decided yet.', (f) => f.pending],
  [
    'time_to_decision_p50_seconds',
    'Delisting request to decision, median (nearest rank).',
    (f) => f.timeToDecision.median,
  ],
  [
    'time_to_decision_p90_seconds',
    'Delisting request to decision, 90th percentile (nearest rank).',
    (f) => f.timeToDecision.p90,
  ],
];

/** The oversight gauges of one node, read from the oversight aggregates at each scrape. */
class OversightSeries {
  private readonly gauges: Gauge<string>[] = [];
  private readonly target: Gauge;
  private readonly resolution: [Gauge<string>, Pick<ResolutionFigures>][];
  private readonly operator: [Gauge<string>, Pick<OperatorFigures>][];
  private readonly listingsActive: Gauge<string>;
  private readonly delistDecisions: Gauge<string>;
  private readonly unrouted: Gauge<string>;
  private readonly unroutedPrefix: Gauge<string>;
  private readonly otherTargets: Gauge<string>;

  constructor(metrics: NodeMetrics) {
    const gauge = (name: string, help: string, labels: string[]) => {
      const g = metrics.gauge(`${P}${name}`, help, labels);
      this.gauges.push(g);
      return g;
    };
    this.target = gauge('target_seconds', 'Agreed time to resolve (config metrics.targetHours).', []);
    this.resolution = RESOLUTION.map(([name, help, pick]) => [gauge(name, help, ['member', 'window']), pick]);
    this.operator = OPERATOR.map(([name, help, pick]) => [gauge(name, help, ['operator', 'window']), pick]);
    this.listingsActive = gauge('listings_active', 'Active listings by list operator and list.', [
      'operator',
      'list',
      'window',
    ]);
    this.delistDecisions = gauge('delist_decisions', 'Delisting requests of the window decided.', [
      'operator',
      'decision',
      'window',
    ]);
    this.unrouted = gauge('unrouted_reports', 'Reports in the window about addresses no member claims.', ['window']);
    this.unroutedPrefix = gauge('unrouted_prefix_reports', 'Unrouted reports by address block.', ['prefix', 'window']);
    this.otherTargets = gauge(
      'other_target_reports',
      'Reports in the window about domains or URLs (not routed by netblock).',
      ['window'],
    );
  }

  async update(ctx: NodeContext, now = Date.now()): Promise<void> {
    const metrics = await aggregateResolution(ctx.subs, {
      members: memberInfos(ctx),
      window: windowOf(PROMETHEUS_WINDOW, now),
      targetHours: ctx.config.metrics.targetHours,
      charts: false,
    });
    // Label sets of members or prefixes that left the window must not linger.
    for (const g of this.gauges) g.reset();
    const window = PROMETHEUS_WINDOW;
    const set = (g: Gauge<string>, labels: Labels, figure: Figure) => {
      if (figure.value !== null) g.set({ ...labels, window }, figure.value);
    };
    this.target.set(metrics.targetHours * 3600);
    const scope = (labels: Labels, f: ResolutionFigures) => {
      for (const [g, pick] of this.resolution) set(g, labels, pick(f));
    };
    scope({}, metrics.federation);
    for (const [member, f] of Object.entries(metrics.members)) scope({ member }, f);
    for (const [operator, f] of Object.entries(metrics.operators)) {
      for (const [g, pick] of this.operator) set(g, { operator }, pick(f));
      for (const [list, figure] of Object.entries(f.activeByList)) set(this.listingsActive, { operator, list }, figure);
      set(this.delistDecisions, { operator, decision: 'granted' }, f.granted);
      set(this.delistDecisions, { operator, decision: 'denied' }, f.denied);
    }
    set(this.unrouted, {}, metrics.unrouted.reports);
    // The busiest blocks only: a label per prefix must not grow without bound.
    for (const { prefix, reports } of metrics.unrouted.prefixes.slice(0, 50)) {
      set(this.unroutedPrefix, { prefix }, reports);
    }
    set(this.otherTargets, {}, metrics.unrouted.otherTargets);
  }
}

/** Declares the oversight gauges in the node's registry and keeps them current; returns the stop function. */
export function registerOversightSeries(ctx: NodeContext): () => void {
  const series = new OversightSeries(ctx.metrics);
  return ctx.metrics.onScrape(() => series.update(ctx));
}

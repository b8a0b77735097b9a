/**
 * The resolution metrics as a pure computation: fixed records in, figures out,
 * each figure checked by hand against the definitions in docs/oversight.md.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { percentileFigure } from '../../node/src/oversight/figures.ts';
import { figureAt, figuresJson } from '../../node/src/oversight/json.ts';
import { unroutedBucket } from '../../node/src/oversight/prefixes.ts';
import { computeResolution, type MemberInfo, seriesInstants } from '../../node/src/oversight/resolution.ts';
import { windowOf, windowSpan } from '../../node/src/oversight/window.ts';
import type { DelistRecord, ListingRecord, ReportRecord, ReportStep } from '../../node/src/state/records.ts';

const H = 3_600_000;
const D = 24 * H;
const T0 = 1_764_000_000_000;
const K1 = '11'.repeat(32);
const K2 = '22'.repeat(32);
const S = '55'.repeat(32);
const AOL = 'aa'.repeat(32);

const members: MemberInfo[] = [
  { key: 'ee'.repeat(32), handle: 'isc', roles: ['steward', 'observer', 'reporter'], netblocks: 0 },
  { key: K1, handle: 'cnisp1', roles: ['provider'], netblocks: 2 },
  { key: K2, handle: 'cnisp2', roles: ['provider'], netblocks: 1 },
  { key: AOL, handle: 'aol', roles: ['reporter'], netblocks: 0 },
  { key: S, handle: 'sorbs', roles: ['list-operator'], netblocks: 0 },
];

function step(entry: string, status: ReportStep['status'], ts: number, by = K1): ReportStep {
  return { entry, by, status, ts, action: null, reason: null };
}

function report(
  id: string,
  ts: number,
  responsible: string | null,
  about: string,
  steps: ReportStep[] = [],
  extra: Partial<ReportRecord> = {},
): ReportRecord {
  return {
    id,
    origin: AOL,
    ts,
    about,
    ip: about.startsWith('192.0.2.') ? 'c0000201' : null,
    len: about.includes('/') ? Number(about.split('/')[1]) : null,
    category: 'spam.source',
    observed: { first: ts, last: ts, count: 1 },
    source: 'fbl',
    note: null,
    evidence: null,
    responsible,
    steps,
    comments: [],
    retracted: null,
    ...extra,
  };
}

const A1 = '192.0.2.1/32';
const reports: ReportRecord[] = [
  report('r6', T0 - D, K1, A1, [step('r6s', 'resolved', T0 - D + H)]),
  report('r1', T0 + H, K1, A1, [step('r1a', 'received', T0 + 2 * H), step('r1s', 'resolved', T0 + 5 * H)]),
  report('r2', T0 + 2 * H, K1, '192.0.2.2/32', [step('r2a', 'investigating', T0 + 5 * H)]),
  report('r3', T0 + 3 * H, K1, '192.0.2.3/32', [step('r3a', 'rejected', T0 + 4 * H)]),
  report('r4', T0 + 10 * D, K1, A1),
  report('r5', T0 + 29 * D + 23 * H, K1, '192.0.2.5/32', [step('r5s', 'resolved', T0 + 30 * D - 10 * 60_000)]),
  report('r7', T0 + 4 * D, K1, '192.0.2.7/32', [], { retracted: 'r7x' }),
  report('r8', T0 + D, K1, '192.0.2.8/32', [
    step('r8a', 'resolved', T0 + D + 2 * H),
    step('r8b', 'investigating', T0 + D + 3 * H),
    step('r8c', 'resolved', T0 + D + 6 * H),
  ]),
  report('r9', T0 + 20 * D, K1, '192.0.2.9/32', [step('r9s', 'resolved', T0 + 31 * D)]),
  report('q1', T0 + 5 * D, K2, '198.51.100.1/32', [step('q1a', 'received', T0 + 5 * D + 30 * 60_000, K2)]),
  report('u1', T0 + 2 * D, null, '203.0.113.7/32', [], { ip: 'cb007107', len: 32 }),
  report('u2', T0 + 3 * D, null, '203.0.113.9/32', [], { ip: 'cb007109', len: 32 }),
  report('u3', T0 + 3 * D, null, '2001:db8:ffff::1/128', [], {
    ip: '20010db8ffff00000000000000000001',
    len: 128,
  }),
  report('d1', T0 + 3 * D, null, 'spam.example', [], { ip: null, len: null }),
];

function listing(id: string, list: ListingRecord['list'], since: number, extra: Partial<ListingRecord> = {}) {
  return {
    id,
    list,
    target: '192.0.2.1/32',
    ip: 'c0000201',
    len: 32,
    domain: null,
    reason: 'spam.source',
    origin: S,
    since,
    expires: null,
    responsible: K1,
    removedAt: null,
    removedBy: null,
    requests: [],
    ...extra,
  } satisfies ListingRecord;
}

const listings: ListingRecord[] = [
  listing('L1', 'spam-source', T0 + D),
  listing('L2', 'dynamic', T0 + D, { removedAt: T0 + 3 * D, removedBy: 'dd1' }),
  listing('L3', 'spam-source', T0 - 10 * D, { expires: T0 + 2 * D, responsible: K2 }),
];

const delist = (id: string, listingId: string, ts: number, extra: Partial<DelistRecord> = {}): DelistRecord => ({
  id,
  listing: listingId,
  by: K1,
  ts,
  remediation: ['host-cleaned'],
  decision: null,
  retracted: null,
  ...extra,
});

const delists: DelistRecord[] = [
  delist('D1', 'L2', T0 + 2 * D, { decision: { decision: 'granted', reason: null, ts: T0 + 3 * D, entry: 'dd1' } }),
  delist('D2', 'L1', T0 + 5 * D),
  delist('D3', 'L1', T0 + 6 * D, { retracted: 'D3x' }),
];

const window = { from: T0, to: T0 + 30 * D };
const metrics = computeResolution({ reports, listings, delists, members, window, targetHours: 72 });
const c1 = metrics.members['cnisp1']!;

describe('resolution figures per responsible member', () => {
  test('only providers and claimants of address space are listed, in handle order', () => {
    assert.deepEqual(Object.keys(metrics.members), ['cnisp1', 'cnisp2']);
    assert.equal(c1.key, K1);
  });

  test('received counts the window’s reports and leaves out older and retracted ones', () => {
    assert.equal(c1.received.value, 7);
    assert.deepEqual([...c1.received.entries].sort(), ['r1', 'r2', 'r3', 'r4', 'r5', 'r8', 'r9']);
  });

  test('statuses are taken at the window’s end: a later step does not count yet', () => {
    assert.equal(c1.acknowledged.value, 5, 'r1 r2 r3 r5 r8 (r9 is resolved only after the window)');
    assert.equal(c1.resolved.value, 3);
    assert.deepEqual([...c1.resolved.entries].sort(), ['r1', 'r1s', 'r5', 'r5s', 'r8', 'r8c'].sort());
    assert.equal(c1.rejected.value, 1);
    assert.deepEqual(c1.rejected.entries, ['r3', 'r3a']);
    assert.equal(c1.open.value, 3);
    assert.deepEqual([...c1.open.entries].sort(), ['r2', 'r4', 'r9']);
  });

  test('time to acknowledge is the first step; percentiles are nearest-rank', () => {
    // Samples (s): 3000 (r5), 3600 (r1), 3600 (r3), 7200 (r8), 10800 (r2).
    assert.equal(c1.timeToAcknowledge.median.value, 3600);
    assert.equal(c1.timeToAcknowledge.p90.value, 10800);
    assert.equal(c1.timeToAcknowledge.median.samples?.length, 5);
    const picked = c1.timeToAcknowledge.p90.samples![c1.timeToAcknowledge.p90.pick!]!;
    assert.deepEqual(picked, { seconds: 10800, from: 'r2', to: 'r2a' });
  });

  test('time to resolve runs to the start of the final run of resolved steps', () => {
    // r8 was resolved, reopened, and resolved again at +6 h: 21600 s, not 7200 s.
    assert.deepEqual(
      c1.timeToResolve.median.samples!.map((s) => [s.from, s.to, s.seconds]),
      [
        ['r5', 'r5s', 3000],
        ['r1', 'r1s', 14400],
        ['r8', 'r8c', 21600],
      ],
    );
    assert.equal(c1.timeToResolve.median.value, 14400);
    assert.equal(c1.timeToResolve.p90.value, 21600);
  });

  test('the share within target counts only due reports, and not rejected ones', () => {
    assert.deepEqual([...c1.due.entries].sort(), ['r1', 'r2', 'r4', 'r8', 'r9']);
    assert.equal(c1.resolvedWithinTarget.value, 2);
    assert.equal(c1.withinTargetShare.value, 0.4);
    assert.deepEqual([...c1.withinTargetShare.entries].sort(), ['r1', 'r1s', 'r8', 'r8c']);
  });

  test('the oldest open report and its age at the window’s end', () => {
    assert.deepEqual(c1.oldestOpenReport, { id: 'r2', ts: T0 + 2 * H, about: '192.0.2.2/32' });
    assert.equal(c1.oldestOpen.value, (30 * D - 2 * H) / 1000);
    assert.deepEqual(c1.oldestOpen.entries, ['r2']);
  });

  test('an address reported again after a resolved report is a repeat offender', () => {
    assert.equal(c1.repeatOffenders.value, 1);
    const [offender] = c1.repeatOffenderAddresses;
    assert.equal(offender?.address, A1);
    assert.equal(offender?.reports.value, 2, 'r1 (after r6 was resolved) and r4');
    assert.deepEqual(offender?.reports.entries, ['r6', 'r6s', 'r1', 'r4']);
  });

  test('listings against the member’s space are those active at the window’s end', () => {
    assert.deepEqual(c1.listingsAgainst.entries, ['L1']);
  });

  test('the time-to-resolve histogram puts each sample in one bucket', () => {
    assert.deepEqual(
      c1.timeToResolveHistogram.map((b) => b.reports.value),
      [1, 0, 2, 0, 0, 0, 0],
    );
    assert.equal(c1.timeToResolveHistogram.at(-1)!.to, null);
  });

  test('open reports over time count the backlog at each instant', () => {
    const series = c1.openOverTime;
    assert.equal(series.length, 30);
    assert.equal(series.at(-1)!.t, window.to);
    assert.deepEqual([...series.at(-1)!.open.entries].sort(), ['r2', 'r4', 'r9']);
    assert.equal(series[0]!.t, T0 + D);
    assert.deepEqual(
      [...series[0]!.open.entries].sort(),
      ['r2', 'r8'],
      'r8 is open from T0+1d until its first resolution',
    );
  });

  test('a member nobody reported has zeros and undefined medians', () => {
    const c2 = metrics.members['cnisp2']!;
    assert.equal(c2.received.value, 1);
    assert.equal(c2.timeToAcknowledge.median.value, 1800);
    assert.equal(c2.timeToResolve.median.value, null);
    assert.equal(c2.withinTargetShare.value, 0);
  });
});

describe('federation, list operators and unrouted space', () => {
  test('the federation is every routed report', () => {
    const f = metrics.federation;
    assert.equal(f.received.value, 8);
    assert.equal(f.open.value, 4);
    assert.equal(f.timeToAcknowledge.median.value, 3600);
    assert.equal(f.timeToAcknowledge.p90.value, 10800);
    assert.equal(f.due.value, 6);
    assert.equal(f.withinTargetShare.value, 2 / 6);
  });

  test('a list operator’s listings, requests and decisions', () => {
    const s = metrics.operators['sorbs']!;
    assert.deepEqual(Object.keys(metrics.operators), ['sorbs']);
    assert.deepEqual(s.activeListings.entries, ['L1'], 'L2 was removed and L3 expired before the end');
    assert.equal(s.activeByList['spam-source'].value, 1);
    assert.equal(s.activeByList.dynamic.value, 0);
    assert.deepEqual(s.listed.entries, ['L1', 'L2']);
    assert.deepEqual(s.delistRequests.entries, ['D1', 'D2'], 'the retracted request is left out');
    assert.deepEqual(s.granted.entries, ['D1', 'dd1']);
    assert.equal(s.denied.value, 0);
    assert.deepEqual(s.pending.entries, ['D2']);
    assert.equal(s.timeToDecision.median.value, 86400);
  });

  test('reports no member is responsible for are grouped by address block', () => {
    assert.equal(metrics.unrouted.reports.value, 3);
    assert.deepEqual(
      metrics.unrouted.prefixes.map((p) => [p.prefix, p.reports.value]),
      [
        ['203.0.113.0/24', 2],
        ['2001:db8:ffff::/48', 1],
      ],
    );
    assert.deepEqual(metrics.unrouted.otherTargets.entries, ['d1']);
  });
});

// biome-ignore lint/suspicious/noExplicitAny: JSON walked freely in assertions
type Json = any;

describe('figures as JSON and their trace paths', () => {
  const json = figuresJson(metrics, false) as Json;

  test('every figure carries its value, how many entries are behind it and its trace path', () => {
    assert.deepEqual(json.members.cnisp1.resolved, { value: 3, n: 6, trace: 'members.cnisp1.resolved' });
    assert.equal(json.federation.timeToResolve.median.trace, 'federation.timeToResolve.median');
    assert.equal(json.unrouted.prefixes[0].reports.trace, 'unrouted.prefixes.0.reports');
    assert.equal(json.operators.sorbs.activeByList['spam-source'].trace, 'operators.sorbs.activeByList.spam-source');
  });

  test('a trace path leads back to the same figure', () => {
    for (const path of [
      'members.cnisp1.resolved',
      'federation.timeToResolve.median',
      'unrouted.prefixes.0.reports',
      'operators.sorbs.activeByList.spam-source',
      'members.cnisp1.openOverTime.29.open',
    ]) {
      const figure = figureAt(metrics, path);
      assert.ok(figure, path);
    }
    assert.equal(figureAt(metrics, 'members.cnisp1.resolved'), c1.resolved);
    assert.equal(figureAt(metrics, 'members.nobody.resolved'), undefined);
    assert.equal(figureAt(metrics, 'members.cnisp1.key'), undefined);
    assert.equal(figureAt(metrics, 'members.cnisp1.openOverTime.x'), undefined);
    assert.equal(figureAt(metrics, '__proto__.constructor'), undefined);
  });

  test('with entries inlined, each figure lists its entry ids', () => {
    const inline = figuresJson(metrics, true) as Json;
    assert.deepEqual(inline.members.cnisp1.rejected.entries, ['r3', 'r3a']);
  });
});

describe('building blocks', () => {
  test('nearest-rank percentiles (labelled vectors)', () => {
    const s = (n: number[]) => n.map((seconds, i) => ({ seconds, from: `f${i}`, to: `t${i}` }));
    const cases: [string, number[], number, number | null][] = [
      ['no samples: undefined', [], 0.5, null],
      ['one sample is every percentile', [7], 0.9, 7],
      ['even count: the lower middle', [1, 2, 3, 4], 0.5, 2],
      ['odd count: the middle', [5, 1, 3], 0.5, 3],
      ['p90 of ten is the ninth', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9],
      ['p90 of eleven is the tenth', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9, 10],
    ];
    for (const [label, samples, p, expected] of cases) {
      assert.equal(percentileFigure(s(samples), p).value, expected, label);
    }
    assert.throws(() => percentileFigure([], 0), RangeError);
  });

  test('window specs', () => {
    assert.equal(windowSpan('24h'), H * 24);
    assert.equal(windowSpan('30d'), 30 * D);
    assert.equal(windowSpan('2w'), 14 * D);
    for (const bad of ['0d', '30', 'd', '30y', '-1d', '99999w']) {
      assert.throws(() => windowSpan(bad), { code: 'ARX_NODE_BAD_REQUEST' }, bad);
    }
    assert.deepEqual(windowOf('1d', T0), { from: T0 - D, to: T0 });
  });

  test('series instants end at the window’s end', () => {
    const instants = seriesInstants({ from: 0, to: 10 * H }, 5);
    assert.deepEqual(instants, [2 * H, 4 * H, 6 * H, 8 * H, 10 * H]);
  });

  test('unrouted blocks', () => {
    assert.equal(unroutedBucket('cb007107', 32), '203.0.113.0/24');
    assert.equal(unroutedBucket('0a000000', 8), '10.0.0.0/8');
    assert.equal(unroutedBucket('20010db8ffff00000000000000000001', 128), '2001:db8:ffff::/48');
  });
});

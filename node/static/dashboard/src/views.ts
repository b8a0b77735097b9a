/** The sections built from the figures: overview, charts, members, operators, listings, unrouted space. */
import { ACTIONS, DELIST_DECISIONS, LIST_KINDS, REPORT_CATEGORIES, REPORT_STATUSES } from '@arx/protocol';
import type { FigureJson, ResolutionFiguresJson } from './api.js';
import { histogram, openOverTime } from './charts.js';
import { type Child, fill, h } from './dom.js';
import { fig } from './figures.js';
import { time } from './format.js';
import { code, memberName, type StringKey, t } from './i18n.js';
import { rosterNames, state } from './state.js';
import { badge } from './verify.js';

/** A table; headers are string keys (translated here) or text already translated. */
function table(
  headers: (StringKey | { text: string })[],
  rows: Child[][],
  attrs: Record<string, string> = {},
): HTMLTableElement {
  return h(
    'table',
    attrs,
    h(
      'thead',
      {},
      h('tr', {}, ...headers.map((k) => h('th', { scope: 'col' }, typeof k === 'string' ? t(k) : k.text))),
    ),
    h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((c) => h('td', {}, c))))),
  );
}

function withinTargetLabel(): string {
  return t('withinTarget', { h: state.metrics?.window.targetHours ?? 72 });
}

function card(label: string, value: HTMLElement, note?: Child): HTMLElement {
  return h(
    'div',
    { class: 'card' },
    h('div', { class: 'label' }, label),
    value,
    note ? h('div', { class: 'note' }, note) : null,
  );
}

export function renderOverview(): void {
  const m = state.metrics;
  if (!m) return void fill('overview-body', state.error ? t('loadError', { e: state.error }) : t('loading'));
  const f = m.federation;
  fill(
    'overview-body',
    h(
      'div',
      { class: 'cards' },
      card(t('received'), fig(f.received, 'count', t('received'))),
      card(t('acknowledged'), fig(f.acknowledged, 'count', t('acknowledged'))),
      card(t('resolved'), fig(f.resolved, 'count', t('resolved'))),
      card(t('rejected'), fig(f.rejected, 'count', t('rejected'))),
      card(t('open'), fig(f.open, 'count', t('open'))),
      card(t('ttaMedian'), fig(f.timeToAcknowledge.median, 'duration', t('ttaMedian'))),
      card(t('ttaP90'), fig(f.timeToAcknowledge.p90, 'duration', t('ttaP90'))),
      card(t('ttrMedian'), fig(f.timeToResolve.median, 'duration', t('ttrMedian'))),
      card(t('ttrP90'), fig(f.timeToResolve.p90, 'duration', t('ttrP90'))),
      card(
        withinTargetLabel(),
        fig(f.withinTargetShare, 'share', withinTargetLabel()),
        h(
          'span',
          {},
          fig(f.resolvedWithinTarget, 'count', withinTargetLabel()),
          ' ',
          t('dueCount', { n: f.due.value ?? 0 }),
        ),
      ),
      card(
        t('oldestOpen'),
        fig(f.oldestOpen, 'duration', t('oldestOpen')),
        f.oldestOpenReport ? `${f.oldestOpenReport.about} · ${time(f.oldestOpenReport.ts)}` : null,
      ),
      card(t('repeatOffenders'), fig(f.repeatOffenders, 'count', t('repeatOffenders'))),
      card(t('listingsAgainst'), fig(f.listingsAgainst, 'count', t('listingsAgainst'))),
      card(t('unroutedReports'), fig(m.unrouted.reports, 'count', t('unroutedReports'))),
    ),
    h('p', { class: 'hint' }, t('clickHint'), ' ', t('updated', { t: time(m.window.to) })),
  );
}

function scopeFigures(): ResolutionFiguresJson | undefined {
  const m = state.metrics;
  if (!m) return undefined;
  return state.scope ? m.members[state.scope] : m.federation;
}

export function renderCharts(onFigure: (f: FigureJson, label: string) => void): void {
  const m = state.metrics;
  const f = scopeFigures();
  if (!m || !f) return void fill('charts-body');
  const select = h(
    'select',
    {
      id: 'scope',
      'aria-label': t('scope'),
      onchange: (e: Event) => {
        state.scope = (e.target as HTMLSelectElement).value;
        renderCharts(onFigure);
      },
    },
    h('option', { value: '', selected: state.scope === '' }, t('wholeFederation')),
    ...Object.keys(m.members).map((handle) =>
      h('option', { value: handle, selected: state.scope === handle }, memberName(handle, rosterNames(handle))),
    ),
  );
  const resolvedAny = f.timeToResolveHistogram.some((b) => (b.reports.value ?? 0) > 0);
  fill(
    'charts-body',
    h('label', { class: 'scope' }, `${t('scope')}: `, select),
    h(
      'div',
      { class: 'chart-row' },
      h(
        'figure',
        { id: 'histogram' },
        h('figcaption', {}, t('histogramTitle')),
        histogram(f.timeToResolveHistogram, m.window.targetHours * 3600, (x) => onFigure(x, t('histogramTitle'))),
        resolvedAny ? null : h('p', { class: 'hint' }, t('histogramEmpty')),
      ),
      h(
        'figure',
        { id: 'open-over-time' },
        h('figcaption', {}, t('openTitle')),
        openOverTime(f.openOverTime, (x) => onFigure(x, t('openTitle'))),
      ),
    ),
  );
}

export function renderMembers(select: (handle: string) => void): void {
  const m = state.metrics;
  if (!m) return void fill('members-body');
  const rows = Object.entries(m.members).map(([handle, f]) => [
    h(
      'button',
      {
        type: 'button',
        class: `member${state.selected === handle ? ' selected' : ''}`,
        'data-member': handle,
        onclick: () => select(handle),
      },
      memberName(handle, rosterNames(handle)),
    ),
    fig(f.received, 'count', `${handle} · ${t('received')}`),
    fig(f.acknowledged, 'count', `${handle} · ${t('acknowledged')}`),
    fig(f.resolved, 'count', `${handle} · ${t('resolved')}`),
    fig(f.rejected, 'count', `${handle} · ${t('rejected')}`),
    fig(f.open, 'count', `${handle} · ${t('open')}`),
    fig(f.timeToAcknowledge.median, 'duration', `${handle} · ${t('ttaMedian')}`),
    fig(f.timeToAcknowledge.p90, 'duration', `${handle} · ${t('ttaP90')}`),
    fig(f.timeToResolve.median, 'duration', `${handle} · ${t('ttrMedian')}`),
    fig(f.timeToResolve.p90, 'duration', `${handle} · ${t('ttrP90')}`),
    fig(f.withinTargetShare, 'share', `${handle} · ${withinTargetLabel()}`),
    fig(f.oldestOpen, 'duration', `${handle} · ${t('oldestOpen')}`),
    fig(f.repeatOffenders, 'count', `${handle} · ${t('repeatOffenders')}`),
    fig(f.listingsAgainst, 'count', `${handle} · ${t('listingsAgainst')}`),
  ]);
  const headers: (StringKey | { text: string })[] = [
    'member',
    'received',
    'acknowledged',
    'resolved',
    'rejected',
    'open',
    'ttaMedian',
    'ttaP90',
    'ttrMedian',
    'ttrP90',
    { text: withinTargetLabel() },
    'oldestOpen',
    'repeatOffenders',
    'listingsAgainst',
  ];
  fill('members-body', table(headers, rows, { id: 'members-table' }));
}

const OPEN_STATUSES = new Set(['published', 'received', 'investigating']);

export function renderMemberDetail(): void {
  const handle = state.selected;
  fill(
    'member-title',
    handle ? t('memberDetail', { m: memberName(handle, rosterNames(handle)) }) : t('memberDetail', { m: '…' }),
  );
  if (!handle) return void fill('member-body', h('p', { class: 'hint' }, t('chooseMember')));
  if (!state.memberReports) return void fill('member-body', t('loading'));
  const open = state.memberReports.filter((r) => OPEN_STATUSES.has(r.status));
  if (open.length === 0) return void fill('member-body', h('p', {}, t('noOpen')));
  fill(
    'member-body',
    table(
      ['about', 'category', 'status', 'reportedBy', 'time', 'signature'],
      open
        .slice(0, 200)
        .map((r) => [
          r.about,
          code(REPORT_CATEGORIES, r.category),
          code(REPORT_STATUSES, r.status),
          r.originHandle ?? '?',
          time(r.ts),
          badge(r.id),
        ]),
      { id: 'member-open-reports' },
    ),
  );
}

export function renderOperators(): void {
  const m = state.metrics;
  if (!m) return void fill('operators-body');
  const rows = Object.entries(m.operators).map(([handle, f]) => [
    memberName(handle, rosterNames(handle)),
    fig(f.activeListings, 'count', `${handle} · ${t('listingsAgainst')}`),
    h(
      'span',
      { class: 'by-list' },
      ...Object.entries(f.activeByList)
        .filter(([, x]) => (x.value ?? 0) > 0)
        .flatMap(([list, x]) => [
          h('span', { class: 'list-kind' }, code(LIST_KINDS, list), ' ', fig(x, 'count', code(LIST_KINDS, list))),
        ]),
    ),
    fig(f.listed, 'count', `${handle} · ${t('listed')}`),
    fig(f.delistRequests, 'count', `${handle} · ${t('delistRequests')}`),
    fig(f.decisions, 'count', `${handle} · ${t('decisions')}`),
    fig(f.granted, 'count', `${handle} · ${t('granted')}`),
    fig(f.denied, 'count', `${handle} · ${t('denied')}`),
    fig(f.pending, 'count', `${handle} · ${t('pending')}`),
    fig(f.timeToDecision.median, 'duration', `${handle} · ${t('ttdMedian')}`),
  ]);
  fill(
    'operators-body',
    table(
      [
        'operator',
        'listingsAgainst',
        'activeByList',
        'listed',
        'delistRequests',
        'decisions',
        'granted',
        'denied',
        'pending',
        'ttdMedian',
      ],
      rows,
      { id: 'operators-table' },
    ),
  );
}

export function renderListings(): void {
  fill(
    'listings-body',
    state.listings.length === 0
      ? h('p', {}, t('noListings'))
      : table(
          ['target_', 'list', 'reason', 'operator', 'since', 'expires', 'signature'],
          state.listings
            .slice(0, 200)
            .map((l) => [
              l.target,
              code(LIST_KINDS, l.list),
              code(REPORT_CATEGORIES, l.reason),
              l.originHandle ?? '?',
              time(l.since),
              l.expires === null ? t('never') : time(l.expires),
              badge(l.id),
            ]),
          { id: 'listings-table' },
        ),
  );
  fill(
    'queue-body',
    state.queue.length === 0
      ? h('p', {}, t('emptyQueue'))
      : table(
          ['target_', 'list', 'operator', 'requestedBy', 'remediation', 'filed', 'decision', 'signature'],
          state.queue
            .slice(-200)
            .map((q) => [
              q.listing.target,
              code(LIST_KINDS, q.listing.list),
              q.listOperator ?? '?',
              q.by ?? '?',
              q.remediation.map((a) => code(ACTIONS, a)).join(', '),
              time(q.ts),
              q.decision ? `${code(DELIST_DECISIONS, q.decision.decision)} · ${time(q.decision.ts)}` : t('pending'),
              badge(q.id),
            ]),
          { id: 'queue-table' },
        ),
  );
}

export function renderUnrouted(): void {
  const m = state.metrics;
  if (!m) return void fill('unrouted-body');
  const u = m.unrouted;
  fill(
    'unrouted-body',
    u.prefixes.length === 0
      ? h('p', {}, t('noUnrouted'))
      : table(
          ['prefix', 'received'],
          u.prefixes.map((p) => [p.prefix, fig(p.reports, 'count', `${p.prefix} · ${t('received')}`)]),
          { id: 'unrouted-table' },
        ),
    u.prefixCount > u.prefixes.length
      ? h(
          'p',
          {},
          t('moreBlocks').replace('{shown}', String(u.prefixes.length)).replace('{all}', String(u.prefixCount)),
        )
      : '',
    h('p', {}, `${t('otherTargets')}: `, fig(u.otherTargets, 'count', t('otherTargets'))),
  );
}

/** The lookup box: who is responsible for an address, is it listed (by whom, why, since when, how to get off), what was reported. */
import { ACK_STATUSES, LIST_KINDS, REPORT_CATEGORIES, REPORT_STATUSES } from '@arx/protocol';
import { getJson, type LookupJson } from './api.js';
import { delistingSection, delistStatus } from './delisting.js';
import { fill, h } from './dom.js';
import { time } from './format.js';
import { code, memberName, t } from './i18n.js';
import { type LookupView, state } from './state.js';
import { badge } from './verify.js';

/** Runs a lookup and redraws its result; `quiet` keeps the old result on screen until the new one is in. */
export async function runLookup(query: string, quiet = false): Promise<void> {
  const view: LookupView = {
    query,
    result: null,
    delisting: null,
    filed: null,
    filing: false,
    fileError: null,
    error: null,
  };
  if (!quiet) {
    state.lookup = view;
    renderLookup();
  }
  try {
    [view.result, view.delisting] = await Promise.all([
      getJson<LookupJson>(`/v1/lookup/${encodeURIComponent(query)}`),
      delistStatus(query),
    ]);
  } catch (error) {
    view.error = (error as Error).message;
  }
  if (quiet && state.lookup?.query === query) state.lookup = view;
  if (state.lookup === view) renderLookup();
}

export function renderLookupForm(): void {
  // The page re-renders on every refresh: keep what the user is typing (and the focus),
  // or a refresh between typing and pressing the button would look up the old query.
  const previous = document.getElementById('lookup-input') as HTMLInputElement | null;
  const typing = previous !== null && document.activeElement === previous;
  const input = h('input', {
    id: 'lookup-input',
    type: 'search',
    name: 'address',
    placeholder: t('lookupPlaceholder'),
    'aria-label': t('lookup'),
    autocomplete: 'off',
    value: previous?.value ?? state.lookup?.query ?? '',
  });
  fill(
    'lookup-form-holder',
    h(
      'form',
      {
        id: 'lookup-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          const q = input.value.trim();
          if (q) void runLookup(q);
        },
      },
      input,
      h('button', { type: 'submit', id: 'lookup-button' }, t('lookupButton')),
    ),
  );
  if (typing) input.focus();
}

export function renderLookup(): void {
  const view = state.lookup;
  if (!view) return void fill('lookup-result');
  if (view.error) return void fill('lookup-result', h('p', { class: 'error' }, t('loadError', { e: view.error })));
  const r = view.result;
  if (!r) return void fill('lookup-result', t('loading'));
  const who = r.responsible;
  fill(
    'lookup-result',
    h('h3', {}, r.address),
    h(
      'section',
      { id: 'lookup-responsible' },
      h('h4', {}, t('responsible')),
      who
        ? h(
            'dl',
            {},
            h('dt', {}, t('member')),
            h('dd', { 'data-handle': who.handle }, memberName(who.handle, who.names)),
            h('dt', {}, t('abuseContact')),
            h('dd', {}, who.contacts.abuse.join(', ') || t('none')),
            h('dt', {}, t('escalation')),
            h('dd', {}, who.contacts.escalation.join(', ') || t('none')),
            h('dt', {}, t('basis')),
            h('dd', { class: 'muted' }, who.source),
          )
        : h('p', {}, t('noResponsible')),
    ),
    h(
      'section',
      { id: 'lookup-listings' },
      h('h4', {}, t('listings')),
      r.listings.length === 0
        ? h('p', {}, t('notListed'))
        : h(
            'ul',
            { class: 'listings' },
            ...r.listings.map((l) =>
              h(
                'li',
                { 'data-listing': l.id },
                h('strong', {}, code(LIST_KINDS, l.list)),
                ` · ${l.target} · `,
                badge(l.id),
                h(
                  'dl',
                  {},
                  h('dt', {}, t('listedBy')),
                  h(
                    'dd',
                    { class: 'listed-by' },
                    memberName(l.originHandle ?? '?', state.roster.get(l.originHandle ?? '')?.names),
                  ),
                  h('dt', {}, t('reason')),
                  h('dd', {}, code(REPORT_CATEGORIES, l.reason)),
                  h('dt', {}, t('since')),
                  h('dd', {}, time(l.since)),
                  h('dt', {}, t('expires')),
                  h('dd', {}, l.expires === null ? t('never') : time(l.expires)),
                  h('dt', {}, t('howToRemove')),
                  h('dd', {}, h('code', {}, l.removal.how)),
                  h('dt', {}, t('contact')),
                  h('dd', {}, l.removal.contacts.join(', ') || t('none')),
                ),
              ),
            ),
          ),
    ),
    delistingSection(view, renderLookup),
    h(
      'section',
      { id: 'lookup-reports' },
      h('h4', {}, t('reports')),
      r.reports.length === 0
        ? h('p', {}, t('noReports'))
        : h(
            'table',
            {},
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...(['category', 'status', 'reportedBy', 'time', 'signature'] as const).map((k) => h('th', {}, t(k))),
              ),
            ),
            h(
              'tbody',
              {},
              ...r.reports.map((rep) =>
                h(
                  'tr',
                  { 'data-report': rep.id },
                  h('td', {}, code(REPORT_CATEGORIES, rep.category)),
                  h(
                    'td',
                    {},
                    code(REPORT_STATUSES, rep.status),
                    ...rep.timeline
                      .slice(1)
                      .map((s) => h('div', { class: 'muted' }, `${code(ACK_STATUSES, s.status)} · ${time(s.ts)}`)),
                  ),
                  h('td', {}, rep.originHandle ?? '?'),
                  h('td', {}, time(rep.ts)),
                  h('td', {}, badge(rep.id)),
                ),
              ),
            ),
          ),
    ),
  );
}

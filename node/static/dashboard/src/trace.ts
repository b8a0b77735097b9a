/** The trace panel: from a number to the signed entries behind it, each verified here. */
import { type FigureJson, getJson, type TraceJson } from './api.js';
import { fill, h } from './dom.js';
import { duration, shortId, time } from './format.js';
import { kindName, t } from './i18n.js';
import { state } from './state.js';
import { badge } from './verify.js';

/** Opens the panel for a figure and loads its entries (same window end as the figures). */
export async function openTrace(figure: FigureJson, label: string): Promise<void> {
  const m = state.metrics;
  if (!m) return;
  const view = { figure, label, data: null as TraceJson | null, error: null as string | null };
  state.trace = view;
  renderTrace();
  try {
    view.data = await getJson<TraceJson>(m.traceUrl.replace('{figure}', encodeURIComponent(figure.trace)));
  } catch (error) {
    view.error = (error as Error).message;
  }
  if (state.trace === view) renderTrace();
}

export function renderTrace(): void {
  const panel = document.getElementById('trace');
  if (!panel) return;
  const view = state.trace;
  panel.hidden = view === null;
  if (!view) return void fill('trace');
  const close = h(
    'button',
    {
      type: 'button',
      class: 'close',
      onclick: () => {
        state.trace = null;
        renderTrace();
      },
    },
    t('close'),
  );
  const d = view.data;
  fill(
    'trace',
    h('header', {}, h('h2', {}, t('trace', { f: view.label })), close),
    h('p', { class: 'muted' }, view.figure.trace),
    view.error ? h('p', { class: 'error' }, t('loadError', { e: view.error })) : null,
    d ? h('p', {}, t('traceTotal', { n: d.total })) : h('p', {}, t('loading')),
    d?.samples && d.samples.length > 0
      ? h(
          'table',
          { class: 'samples' },
          h('caption', {}, t('durations')),
          h('thead', {}, h('tr', {}, h('th', {}, t('duration')), h('th', {}, t('from')), h('th', {}, t('to')))),
          h(
            'tbody',
            {},
            ...d.samples.map((s, i) =>
              h(
                'tr',
                { class: i === d.pick ? 'picked' : '' },
                h('td', {}, duration(s.seconds)),
                h('td', {}, h('code', {}, shortId(s.from))),
                h('td', {}, h('code', {}, shortId(s.to))),
              ),
            ),
          ),
        )
      : null,
    d
      ? h(
          'table',
          { class: 'entries' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, t('kind')),
              h('th', {}, t('origin')),
              h('th', {}, t('time')),
              h('th', {}, t('entry')),
              h('th', {}, t('signature')),
            ),
          ),
          h(
            'tbody',
            {},
            ...d.entries
              .slice(0, 300)
              .map((e) =>
                h(
                  'tr',
                  { 'data-entry': e.id },
                  h('td', {}, kindName(e.kind)),
                  h('td', {}, e.originHandle ?? '?'),
                  h('td', {}, time(e.ts)),
                  h(
                    'td',
                    {},
                    h('a', { href: `/v1/entries/${e.id}`, target: '_blank', rel: 'noopener' }, shortId(e.id)),
                  ),
                  h('td', {}, badge(e.id)),
                ),
              ),
          ),
        )
      : null,
  );
}

/**
 * The lookup box's delisting part: every list operator's listing of the address with
 * the decision on each request, and one form that asks every operator at once
 * (`POST /v1/delist/address`, the same as `arx delist request --address`).
 */
import { ACTIONS, DELIST_DECISIONS, LIST_KINDS, REJECTION_REASONS } from '@arx/protocol';
import { type DelistFiledJson, type DelistStatusJson, getJson, postJson } from './api.js';
import { h } from './dom.js';
import { time } from './format.js';
import { code, memberName, t } from './i18n.js';
import { type LookupView, rosterNames } from './state.js';

/** Fetches the delisting status of an address. */
export function delistStatus(address: string): Promise<DelistStatusJson> {
  return getJson<DelistStatusJson>(`/v1/delist/status/${encodeURIComponent(address)}`);
}

type Listing = DelistStatusJson['listings'][number];

/** What the form holds across redraws (the token only in this page's memory, never stored). */
const form = { remediation: 'relay-closed', token: '' };

function decisionCell(l: Listing): string {
  const latest = l.requests.at(-1);
  if (!latest) return t('noRequest');
  if (!latest.decision) return t('pendingDecision');
  const reason = latest.decision.reason ? ` (${code(REJECTION_REASONS, latest.decision.reason)})` : '';
  return `${code(DELIST_DECISIONS, latest.decision.decision)}${reason} · ${time(latest.decision.ts)}`;
}

function statusTable(status: DelistStatusJson): HTMLElement {
  const columns = ['operator', 'listings', 'state', 'requestedBy', 'remediation', 'decision'] as const;
  return h(
    'table',
    { id: 'delist-status' },
    h('thead', {}, h('tr', {}, ...columns.map((k) => h('th', {}, t(k))))),
    h(
      'tbody',
      {},
      ...status.listings.map((l) => {
        const latest = l.requests.at(-1);
        return h(
          'tr',
          {
            'data-listing': l.id,
            'data-operator': l.operator ?? '',
            'data-decision': latest ? (latest.decision?.decision ?? 'pending') : 'none',
          },
          h('td', {}, memberName(l.operator ?? '?', rosterNames(l.operator))),
          h('td', {}, `${code(LIST_KINDS, l.list)} · ${l.target}`),
          h('td', {}, l.active ? t('listedNow') : t('removedAt', { t: time(l.removedAt ?? l.expires ?? l.since) })),
          h('td', {}, latest?.by ?? '–'),
          h('td', {}, latest ? latest.remediation.map((a) => code(ACTIONS, a)).join(', ') : '–'),
          h('td', { class: 'decision' }, decisionCell(l)),
        );
      }),
    ),
  );
}

function filedSummary(filed: DelistFiledJson): HTMLElement {
  const count = (outcome: string) => filed.requests.filter((r) => r.outcome === outcome).length;
  return h(
    'p',
    { id: 'delist-filed', 'data-requested': count('requested'), 'data-pending': count('pending') },
    t('filedSummary', { requested: count('requested'), pending: count('pending') }),
  );
}

/** The delisting section of a lookup; `redraw` is called when the form changes the view. */
export function delistingSection(view: LookupView, redraw: () => void): HTMLElement {
  const status = view.delisting;
  const active = status?.listings.filter((l) => l.active) ?? [];
  const remediation = h(
    'select',
    { id: 'delist-remediation', name: 'remediation', 'aria-label': t('remediation') },
    ...Object.keys(ACTIONS)
      .filter((a) => a !== 'no-action')
      .map((a) => h('option', { value: a, selected: a === form.remediation }, code(ACTIONS, a))),
  );
  remediation.addEventListener('change', () => {
    form.remediation = remediation.value;
  });
  const token = h('input', {
    id: 'delist-token',
    type: 'password',
    name: 'token',
    autocomplete: 'off',
    placeholder: t('operatorToken'),
    'aria-label': t('operatorToken'),
    value: form.token,
  });
  token.addEventListener('input', () => {
    form.token = token.value;
  });
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!status || view.filing) return;
    view.filing = true;
    view.fileError = null;
    redraw();
    try {
      view.filed = await postJson<DelistFiledJson>(
        '/v1/delist/address',
        { address: status.address, remediation: [form.remediation] },
        form.token.trim(),
      );
      view.delisting = await delistStatus(status.address);
    } catch (error) {
      view.fileError = (error as Error).message;
    }
    view.filing = false;
    redraw();
  };
  return h(
    'section',
    { id: 'lookup-delisting' },
    h('h4', {}, t('delistEverywhere')),
    !status ? t('loading') : status.listings.length === 0 ? h('p', {}, t('delistNone')) : statusTable(status),
    status && active.length > 0
      ? h(
          'form',
          { id: 'delist-form', onsubmit: submit },
          h('p', { class: 'muted' }, t('requestAllHint')),
          remediation,
          token,
          h('button', { type: 'submit', id: 'delist-button', disabled: view.filing }, t('requestAll')),
          view.filing ? h('span', { class: 'muted' }, ` ${t('sending')}`) : null,
          h(
            'p',
            { class: 'muted' },
            `${t('sameFromCli')} `,
            h('code', {}, `arx delist request --address ${status.address} --remediation <action>`),
          ),
        )
      : null,
    view.fileError ? h('p', { class: 'error', id: 'delist-error' }, view.fileError) : null,
    view.filed ? filedSummary(view.filed) : null,
  );
}

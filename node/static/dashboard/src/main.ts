/**
 * The oversight dashboard: figures from `GET /v1/metrics/resolution`, lists from the
 * node's API, entries verified in the browser, and live refresh over the websocket.
 * Plain TypeScript and DOM; every string comes from the bilingual table in i18n.ts.
 */
import {
  type DelistQueueJson,
  getJson,
  type HealthJson,
  type ListingJson,
  type MemberViewJson,
  type MetricsJson,
  type ReportJson,
  type RosterJson,
} from './api.js';
import { fill, h } from './dom.js';
import { onFigureClick } from './figures.js';
import { initialLang, LANGS, type Lang, lang, type StringKey, setLang, t } from './i18n.js';
import { startLive } from './live.js';
import { renderLookup, renderLookupForm, runLookup } from './lookup.js';
import { state } from './state.js';
import { openTrace, renderTrace } from './trace.js';
import {
  renderCharts,
  renderListings,
  renderMemberDetail,
  renderMembers,
  renderOperators,
  renderOverview,
  renderUnrouted,
} from './views.js';

const WINDOWS = ['7d', '30d', '90d'];

function renderHeader(): void {
  fill(
    'controls',
    h(
      'label',
      {},
      `${t('window')}: `,
      h(
        'select',
        {
          id: 'window',
          onchange: (e: Event) => {
            state.windowSpec = (e.target as HTMLSelectElement).value;
            void refresh();
          },
        },
        ...WINDOWS.map((w) =>
          h('option', { value: w, selected: state.windowSpec === w }, t('lastDays', { n: Number.parseInt(w, 10) })),
        ),
      ),
    ),
    h(
      'span',
      { id: 'live', class: state.live ? 'live on' : 'live off', 'data-live': state.live ? 'on' : 'off' },
      state.live ? t('liveOn') : t('liveOff'),
    ),
    h(
      'span',
      { class: 'lang', role: 'group', 'aria-label': t('language') },
      ...LANGS.map((l) =>
        h(
          'button',
          {
            type: 'button',
            'data-lang': l,
            // Each button's label is in its own language, whatever the page's is.
            lang: l,
            'aria-pressed': lang() === l ? 'true' : 'false',
            onclick: () => switchLang(l),
          },
          l === 'en' ? 'English' : '中文',
        ),
      ),
    ),
  );
  fill('node', state.nodeHandle ? `${t('node')}: ${state.nodeHandle}` : '');
}

/** Static headings carry `data-i18n="key"`. */
function renderStatic(): void {
  document.title = t('title');
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    el.textContent = t(el.dataset['i18n'] as StringKey);
  }
}

function render(): void {
  renderStatic();
  renderHeader();
  renderOverview();
  renderCharts((figure, label) => void openTrace(figure, label));
  renderMembers(selectMember);
  renderMemberDetail();
  renderOperators();
  renderListings();
  renderUnrouted();
  renderLookupForm();
  renderLookup();
  renderTrace();
  const m = state.metrics;
  if (m) {
    // For scripts and tests: which log position and instant the figures on screen are for.
    document.body.dataset['cursor'] = String(m.cursor);
    document.body.dataset['until'] = String(m.window.to);
  }
}

function switchLang(next: Lang): void {
  setLang(next);
  globalThis.localStorage?.setItem('arx.lang', next);
  render();
}

async function loadMemberReports(): Promise<void> {
  const handle = state.selected;
  if (!handle) return;
  const { reports } = await getJson<{ reports: ReportJson[] }>(
    `/v1/reports?responsible=${encodeURIComponent(handle)}&limit=500`,
  );
  if (state.selected === handle) state.memberReports = reports;
}

function selectMember(handle: string): void {
  state.selected = handle;
  state.memberReports = null;
  state.scope = handle;
  render();
  void loadMemberReports().then(render, (error) => {
    state.error = String(error);
    render();
  });
}

let refreshing: Promise<void> | null = null;
let again = false;

/** Fetches figures and lists again; calls made while one runs coalesce into one more. */
async function refresh(): Promise<void> {
  if (refreshing) {
    again = true;
    return refreshing;
  }
  refreshing = (async () => {
    try {
      const [metrics, listings, queue] = await Promise.all([
        getJson<MetricsJson>(`/v1/metrics/resolution?window=${state.windowSpec}`),
        getJson<{ listings: ListingJson[] }>('/v1/listings'),
        getJson<DelistQueueJson>('/v1/delist/queue'),
        loadMemberReports(),
      ]);
      state.metrics = metrics;
      state.listings = listings.listings;
      state.queue = queue.requests;
      state.error = null;
      if (state.lookup?.result) await runLookup(state.lookup.query, true);
    } catch (error) {
      state.error = (error as Error).message;
    }
    render();
  })();
  try {
    await refreshing;
  } finally {
    refreshing = null;
  }
  if (again) {
    again = false;
    await refresh();
  }
}

let timer: ReturnType<typeof setTimeout> | undefined;
function scheduleRefresh(): void {
  clearTimeout(timer);
  timer = setTimeout(() => void refresh(), 300);
}

async function start(): Promise<void> {
  setLang(initialLang());
  onFigureClick((figure, label) => void openTrace(figure, label));
  render();
  const [health, roster] = await Promise.all([
    getJson<HealthJson>('/v1/health').catch(() => ({ handle: '' })),
    getJson<RosterJson>('/v1/roster').catch(() => ({ members: [] as MemberViewJson[] })),
  ]);
  state.nodeHandle = health.handle;
  for (const m of roster.members) state.roster.set(m.handle, m);
  await refresh();
  startLive({
    cursor: () => state.metrics?.cursor ?? 0,
    onEntry: scheduleRefresh,
    onStatus: (open) => {
      state.live = open;
      renderHeader();
    },
  });
  document.body.dataset['ready'] = 'true';
}

void start();

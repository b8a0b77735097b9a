/**
 * The oversight dashboard in headless Chromium (Debian's /usr/bin/chromium driven by
 * playwright-core) against a three-node federation: the figures on the page are the
 * JSON API's, the language switches, the lookup box answers, entries are verified in
 * the browser (and a tampered one is flagged), and new entries show up live.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { getJson, OPERATOR_TOKEN, Publisher, postEntry, reportBody } from '../../node/test/helpers/fixture.ts';
import { type Federation, publish, spread, startFederation, waitFor } from './federation.ts';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const H = 3_600_000;

let fed: Federation;
let browser: Browser;
let page: Page;
const problems: string[] = [];
const aol = new Publisher('aol');
const ids: Record<string, string> = {};

async function postReport(name: string, about: string, ageMs: number): Promise<string> {
  const entry = aol.next('report', reportBody(about), Date.now() - ageMs);
  const res = await postEntry(fed.base(fed.hub), entry);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  ids[name] = entry.idHex;
  return entry.idHex;
}

before(async () => {
  // CI installs Chromium with apt; a missing browser is a failure, not a skip.
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} not found: install Debian's Chromium (apt-get install -y chromium)`);
  const built = spawnSync(process.execPath, ['node/scripts/build-dashboard.mjs'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(built.status, 0, `dashboard build failed: ${built.stderr}`);

  fed = await startFederation();
  const { hub, cnisp1, sorbs, nodes } = fed;
  await postReport('resolvedTen', '192.0.2.10/32', 10 * H);
  await postReport('investigating', '192.0.2.11/32', 100 * H);
  await postReport('fresh', '192.0.2.12/32', 2 * H);
  await postReport('cnisp2', '198.51.100.5/32', 5 * H);
  await postReport('unrouted', '203.0.113.5/32', 1 * H);
  await Promise.all(Object.values(ids).map((id) => spread([cnisp1], id)));
  await publish(cnisp1, 'ack', { report: ids['resolvedTen']!, status: 'received' });
  const resolved = await publish(cnisp1, 'ack', {
    report: ids['resolvedTen']!,
    status: 'resolved',
    action: 'host-cleaned',
  });
  await publish(cnisp1, 'ack', { report: ids['investigating']!, status: 'investigating' });
  await spread([hub], resolved.id);
  // Reported again after it was resolved: a repeat offender.
  await postReport('again', '192.0.2.10/32', 0);
  const listing = await publish(sorbs, 'listing', {
    list: 'spam-source',
    op: 'add',
    target: '192.0.2.12/32',
    reason: 'spam.source',
  });
  await spread(nodes, listing.id);
  const request = await publish(cnisp1, 'delist-request', { listing: listing.id, remediation: ['host-cleaned'] });
  await spread([hub], request.id);
  ids['listing'] = listing.id;
  ids['request'] = request.id;

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ locale: 'en-GB', viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  // The node serves this entry intact; the browser receives it with one signature bit flipped.
  await page.route(`**/v1/entries/${ids['investigating']}`, async (route) => {
    const response = await route.fetch();
    const json = await response.json();
    const hex: string = json.envelope;
    const last = (Number.parseInt(hex.slice(-2), 16) ^ 0x01).toString(16).padStart(2, '0');
    await route.fulfill({ response, json: { ...json, envelope: hex.slice(0, -2) + last } });
  });
  await page.goto(`${fed.base(hub)}/dashboard/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
});

after(async () => {
  await browser?.close();
  await fed?.close();
});

/** Every figure on the page: its trace path, the raw value it carries, and the text shown. */
async function figuresOnPage(): Promise<{ path: string; value: string; text: string; button: boolean }[]> {
  return page.$$eval('[data-figure]', (els) =>
    els.map((el) => ({
      path: el.getAttribute('data-figure') ?? '',
      value: el.getAttribute('data-value') ?? '',
      text: el.textContent ?? '',
      button: el.tagName === 'BUTTON',
    })),
  );
}

function at(json: unknown, path: string): { value: number | null } {
  let node = json as Record<string, unknown>;
  for (const segment of path.split('.')) node = node[segment] as Record<string, unknown>;
  return node as unknown as { value: number | null };
}

/** The JSON figures for the instant the page's figures were computed at. */
async function apiFigures(): Promise<unknown> {
  const until = await page.getAttribute('body', 'data-until');
  assert.ok(until, 'the page says which instant its figures are for');
  return (await getJson(fed.base(fed.hub), `/v1/metrics/resolution?window=30d&until=${until}`)).json;
}

test('the figures shown are the JSON API’s, figure for figure', async () => {
  const json = await apiFigures();
  const shown = await figuresOnPage();
  assert.ok(shown.length > 40, `figures on the page: ${shown.length}`);
  const paths = new Set(shown.map((f) => f.path));
  for (const path of [
    'federation.received',
    'federation.open',
    'federation.timeToAcknowledge.median',
    'federation.withinTargetShare',
    'members.cnisp1.resolved',
    'members.cnisp2.open',
    'operators.sorbs.pending',
    'unrouted.reports',
  ]) {
    assert.ok(paths.has(path), `${path} is on the page`);
  }
  for (const f of shown) {
    const expected = at(json, f.path).value;
    assert.equal(f.value, expected === null ? '' : String(expected), f.path);
    if (f.button && /\.(received|acknowledged|resolved|rejected|open|pending|reports)$/.test(f.path)) {
      assert.equal(f.text, String(expected), `${f.path} as shown`);
    }
  }
  const fedJson = (json as { federation: { received: { value: number }; repeatOffenders: { value: number } } })
    .federation;
  assert.equal(fedJson.received.value, 5, 'the seeded routed reports');
  assert.equal(fedJson.repeatOffenders.value, 1);
  assert.equal(
    await page.textContent('[data-figure="members.cnisp1.timeToAcknowledge.p90"]'),
    '4.2 d',
    'durations are shown in readable units',
  );
});

test('the charts draw the histogram and the open-reports series from the same figures', async () => {
  const json = (await apiFigures()) as {
    federation: { timeToResolveHistogram: { reports: { value: number } }[]; openOverTime: unknown[] };
  };
  const bars = await page.$$eval('#histogram rect.bar', (els) => els.map((el) => el.getAttribute('data-value')));
  assert.deepEqual(
    bars,
    json.federation.timeToResolveHistogram.map((b) => String(b.reports.value)),
  );
  assert.equal(await page.locator('#open-over-time circle.dot').count(), json.federation.openOverTime.length);
});

test('a figure opens the signed entries behind it, each verified in the browser', async () => {
  await page.click('#overview [data-figure="federation.resolved"]');
  await page.waitForSelector('#trace:not([hidden]) table.entries');
  const rows = page.locator('#trace tr[data-entry]');
  assert.equal(await rows.count(), 2, 'the report and the ack that resolved it');
  await page.waitForSelector(`#trace [data-verify="${ids['resolvedTen']}"][data-state="verified"]`);
  const kinds = await page.$$eval('#trace tr[data-entry] td:first-child', (els) => els.map((e) => e.textContent));
  assert.deepEqual(kinds, ['Report', 'Acknowledgement']);
  await page.click('#trace button.close');
  assert.equal(await page.isHidden('#trace'), true);
});

test('the lookup box shows who is responsible, who listed the address and how to get off', async () => {
  await page.fill('#lookup-input', '192.0.2.12');
  await page.click('#lookup-button');
  await page.waitForSelector('#lookup-listings li[data-listing]');
  assert.equal(await page.getAttribute('#lookup-responsible dd[data-handle]', 'data-handle'), 'cnisp1');
  assert.match((await page.textContent('#lookup-listings .listed-by')) ?? '', /sorbs/);
  assert.match((await page.textContent('#lookup-listings code')) ?? '', new RegExp(ids['listing']!));
  await page.waitForSelector(`#lookup-listings [data-verify="${ids['listing']}"][data-state="verified"]`);
  await page.waitForSelector(`#lookup-reports [data-verify="${ids['fresh']}"][data-state="verified"]`);
});

test('the lookup box shows each list operator’s decision and asks every list at once', async () => {
  // On the hub's page: cnisp1's request to SORBS, still pending.
  await page.fill('#lookup-input', '192.0.2.12');
  await page.click('#lookup-button');
  await page.waitForSelector('#delist-status tr[data-operator="sorbs"]');
  assert.equal(await page.getAttribute('#delist-status tr[data-operator="sorbs"]', 'data-decision'), 'pending');

  // On cnisp1's own node, with its operator token: one click files a request with SORBS.
  const { cnisp1, sorbs, nodes } = fed;
  const listing = await publish(sorbs, 'listing', {
    list: 'open-relay',
    op: 'add',
    target: '192.0.2.14/32',
    reason: 'relay.open',
  });
  await spread(nodes, listing.id);
  const own = await browser.newPage({ locale: 'en-GB', viewport: { width: 1400, height: 1000 } });
  try {
    own.on('pageerror', (error) => problems.push(`page error (cnisp1): ${error.message}`));
    await own.goto(`${fed.base(cnisp1)}/dashboard/`);
    await own.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    await own.fill('#lookup-input', '192.0.2.14');
    await own.click('#lookup-button');
    await own.waitForSelector('#delist-form');
    assert.equal(await own.getAttribute('#delist-status tr[data-operator="sorbs"]', 'data-decision'), 'none');
    await own.selectOption('#delist-remediation', 'relay-closed');
    await own.fill('#delist-token', 'not-the-token-0123456789');
    await own.click('#delist-button');
    await own.waitForSelector('#delist-error');
    assert.match((await own.textContent('#delist-error')) ?? '', /ARX_NODE_UNAUTHORISED/);
    await own.fill('#delist-token', OPERATOR_TOKEN);
    await own.click('#delist-button');
    await own.waitForSelector('#delist-filed[data-requested="1"]');
    assert.equal(await own.getAttribute('#delist-status tr[data-operator="sorbs"]', 'data-decision'), 'pending');
    const status = (await getJson(fed.base(cnisp1), '/v1/delist/status/192.0.2.14')).json;
    assert.deepEqual(
      status.listings.map((l: { id: string; requests: { by: string; remediation: string[] }[] }) => [
        l.id,
        l.requests.map((r) => [r.by, r.remediation]),
      ]),
      [[listing.id, [['cnisp1', ['relay-closed']]]]],
    );
    // Asking again files nothing new.
    await own.click('#delist-button');
    await own.waitForSelector('#delist-filed[data-requested="0"][data-pending="1"]');
  } finally {
    await own.close();
  }
});

test('an entry whose signature does not verify is flagged, never badged as verified', async () => {
  await page.fill('#lookup-input', '192.0.2.11');
  await page.click('#lookup-button');
  const badge = `#lookup-reports [data-verify="${ids['investigating']}"]`;
  await page.waitForSelector(`${badge}:not([data-state="pending"])`);
  assert.equal(await page.getAttribute(badge, 'data-state'), 'failed');
  assert.match((await page.textContent(badge)) ?? '', /signature check failed/);
  assert.match((await page.getAttribute(badge, 'title')) ?? '', /ARX_PROTO_/);
});

test('selecting a member lists its open reports, verified', async () => {
  await page.click('button.member[data-member="cnisp1"]');
  await page.waitForSelector('#member-open-reports');
  await page.waitForSelector(`#member-open-reports [data-verify="${ids['fresh']}"][data-state="verified"]`);
  const rows = await page.locator('#member-open-reports tbody tr').count();
  const json = await apiFigures();
  assert.equal(rows, at(json, 'members.cnisp1.open').value);
});

test('switching to Chinese changes the labels, not the figures', async () => {
  const before = await figuresOnPage();
  await page.click('button[data-lang="zh-CN"]');
  assert.equal(await page.textContent('#overview h2'), '联盟概览');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.match((await page.textContent('#members h2')) ?? '', /各责任成员/);
  assert.match((await page.textContent('#listings-table')) ?? '', /垃圾邮件来源/, 'code tables in Chinese too');
  const after = await figuresOnPage();
  assert.deepEqual(
    after.map((f) => [f.path, f.value]),
    before.map((f) => [f.path, f.value]),
  );
  await page.click('button[data-lang="en"]');
  assert.equal(await page.textContent('#overview h2'), 'Federation overview');
});

/** The fonts Chromium drew a node's text with (CDP CSS.getPlatformFontsForNode). */
async function platformFonts(selector: string): Promise<{ familyName: string; glyphCount: number }[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    assert.ok(nodeId, `${selector} on the page`);
    // The text node child carries the glyphs; asking for the element covers its own text.
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts;
  } finally {
    await cdp.detach();
  }
}

/**
 * Draws each character of an element's text alone, in the element's computed font,
 * and returns how many distinct pictures came out. Characters missing from every
 * font all come out as the same box, so distinct characters must give distinct
 * pictures.
 */
async function distinctGlyphPictures(selector: string): Promise<{ chars: number; pictures: number }> {
  return page.$eval(selector, (el) => {
    const text = [...new Set([...(el.textContent ?? '')].filter((c) => /\p{Script=Han}/u.test(c)))];
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 64;
    const g = canvas.getContext('2d')!;
    g.font = getComputedStyle(el).font.replace(/\d+(\.\d+)?px/, '40px');
    const pictures = new Set(
      text.map((c) => {
        g.clearRect(0, 0, 64, 64);
        g.fillText(c, 8, 48);
        return canvas.toDataURL();
      }),
    );
    return { chars: text.length, pictures: pictures.size };
  });
}

test('Chinese labels are drawn with a Chinese font, not as missing-glyph boxes', async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // The language button says 中文 on the English page: it must render there too.
  const cjk = /CJK|Source Han|PingFang|YaHei|Hiragino|WenQuanYi|Droid Sans Fallback|Noto Sans SC/;
  for (const fonts of [await platformFonts('button[data-lang="zh-CN"]')]) {
    assert.ok(fonts.length > 0, 'Chromium reports the fonts of the button');
    assert.ok(
      fonts.every((f) => cjk.test(f.familyName)),
      `中文 drawn with ${fonts.map((f) => f.familyName).join(', ')}`,
    );
  }
  await page.click('button[data-lang="zh-CN"]');
  try {
    for (const selector of ['#overview h2', '#members h2', 'button[data-lang="zh-CN"]']) {
      const fonts = await platformFonts(selector);
      const text = (await page.textContent(selector)) ?? '';
      assert.ok(
        fonts.some((f) => cjk.test(f.familyName)),
        `${selector} (${text}) drawn with ${fonts.map((f) => `${f.familyName} ×${f.glyphCount}`).join(', ')}`,
      );
      const { chars, pictures } = await distinctGlyphPictures(selector);
      assert.ok(chars >= 2, `${selector} has Chinese text: ${text}`);
      assert.equal(pictures, chars, `${selector}: each of ${chars} Chinese characters has its own glyph`);
    }
    await page.screenshot({ path: `${ARTIFACTS}dashboard-zh-CN.png`, fullPage: true });
  } finally {
    await page.click('button[data-lang="en"]');
  }
});

test('a new entry reaches the page over the websocket and the figures follow', async () => {
  await page.waitForSelector('#live[data-live="on"]');
  const before = Number(await page.getAttribute('[data-figure="federation.received"]', 'data-value'));
  const id = await postReport('live', '192.0.2.13/32', 0);
  await page.waitForSelector(`#overview [data-figure="federation.received"][data-value="${before + 1}"]`, {
    timeout: 10_000,
  });
  const json = await apiFigures();
  assert.equal(at(json, 'federation.received').value, before + 1);
  await waitFor('the new report on the page', async () => {
    await page.click('button.member[data-member="cnisp1"]');
    return page.isVisible(`#member-open-reports [data-verify="${id}"][data-state="verified"]`);
  });
});

test('screenshot, and no errors in the page', async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.fill('#lookup-input', '192.0.2.12');
  await page.click('#lookup-button');
  await page.waitForSelector('#lookup-listings li[data-listing]');
  await page.screenshot({ path: `${ARTIFACTS}dashboard.png`, fullPage: true });
  assert.ok(existsSync(`${ARTIFACTS}dashboard.png`));
  assert.deepEqual(problems, []);
});

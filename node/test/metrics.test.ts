/**
 * `GET /metrics`: the exposition parses strictly, passes `promtool check metrics`,
 * and its DNSBL, SMTP intake, forwarding and storage series count what happened.
 */
import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { NodeHandle } from '@arx/node';
import { parsePrefix } from '@arx/protocol';
import nodemailer from 'nodemailer';
import { type SmtpIntake, startSmtpIntake } from '../src/interop/index.js';

import { assertPromtoolClean, parseExposition, sampleValue } from './helpers/exposition.js';
import { Publisher, postEntry, reportBody, startTestNode, tempRoot, writeNodeDir } from './helpers/fixture.js';

const CORPUS = new URL('./interop/corpus/arf/', import.meta.url);
const { root, cleanup } = tempRoot('arx-metrics-');
let node: NodeHandle;
let mailbox: SmtpIntake;
const mailed: Buffer[] = [];

before(async () => {
  mailbox = await startSmtpIntake({
    onMessage: async (raw) => {
      mailed.push(raw);
      return { accepted: true, code: 'accepted', message: 'stored' };
    },
  });
  node = await startTestNode(writeNodeDir(root, 'cnisp1'), 'cnisp1', {
    dnsbl: { enabled: true, zone: 'dnsbl.arx.test', origins: 'all' },
    smtp: { enabled: true },
    arf: { allowDocumentationAddresses: true },
    forward: {
      enabled: true,
      to: ['abuse@cnisp1.example'],
      smtpHost: mailbox.address.host,
      smtpPort: mailbox.address.port,
      from: 'arx@cnisp1.example',
    },
  });
});
after(async () => {
  await node?.close();
  await mailbox?.close();
  cleanup();
});

async function scrape() {
  const res = await fetch(`${node.listen.http}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  return { text, families: parseExposition(text) };
}

/** Scrapes until a sample has the value (counters of deliveries move just after the delivery). */
async function waitForSample(name: string, value: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { families } = await scrape();
    if (sampleValue(families, name) === value) return;
    assert.ok(Date.now() < deadline, `${name} never reached ${value}: ${sampleValue(families, name)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a fresh node’s exposition is well formed and promtool finds nothing to lint', async () => {
  const { text, families } = await scrape();
  assertPromtoolClean(text);
  for (const family of families.values()) {
    assert.match(family.name, /^arx_/, family.name);
    assert.ok(family.help.length > 0, `${family.name} has help`);
    if (family.type === 'counter') assert.match(family.name, /_total$/, `counter ${family.name}`);
    else assert.doesNotMatch(family.name, /_total$/, `${family.type} ${family.name}`);
  }
  assert.equal(sampleValue(families, 'arx_entries_stored_total'), 0);
  assert.ok((sampleValue(families, 'arx_storage_bytes') ?? 0) > 0, 'LevelDB files have a size');
  assert.equal(sampleValue(families, 'arx_storage_write_failures_total'), 0);
  assert.equal(sampleValue(families, 'arx_storage_degraded'), 0);
});

test('DNSBL queries, SMTP intake, forwarding and stored entries are counted', async () => {
  const base = node.listen.http!;
  const listing = new Publisher('sorbs').next('listing', {
    list: 'open-relay',
    op: 'add',
    target: parsePrefix('192.0.2.25'),
    reason: 'relay.open',
  });
  assert.equal((await postEntry(base, listing)).status, 200);
  assert.equal((await postEntry(base, new Publisher('aol').next('report', reportBody('192.0.2.77')))).status, 200);

  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  resolver.setServers([node.listen.dns!]);
  assert.deepEqual(await resolver.resolve4('25.2.0.192.dnsbl.arx.test'), ['127.0.0.3']);
  await assert.rejects(resolver.resolve4('26.2.0.192.dnsbl.arx.test'), /ENOTFOUND/);
  await assert.rejects(resolver.resolve4('example.org'));

  const [host, port] = node.listen.smtp!.split(':');
  const transport = nodemailer.createTransport({ host, port: Number(port), secure: false, ignoreTLS: true });
  // cnisp1 is a provider: a report it would sign is refused by the roster's roles, with a code.
  const raw = readFileSync(new URL('sisimai-arf-01.eml', CORPUS));
  await assert.rejects(transport.sendMail({ envelope: { from: 'fbl@example.net', to: ['fbl@cnisp1.example'] }, raw }));
  transport.close();

  const deadline = Date.now() + 10_000;
  while (mailed.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(mailed.length, 1, 'the report about cnisp1’s netblock was forwarded');

  const { text, families } = await scrape();
  assertPromtoolClean(text);
  assert.equal(sampleValue(families, 'arx_entries_stored_total'), 2);
  assert.equal(sampleValue(families, 'arx_listings_active'), 1);
  assert.equal(sampleValue(families, 'arx_origin_head_seq', { origin: 'aol' }), 1);
  assert.equal(sampleValue(families, 'arx_dnsbl_received_total', { transport: 'udp' }), 3);
  assert.equal(sampleValue(families, 'arx_dnsbl_responses_total', { result: 'listed' }), 1);
  assert.equal(sampleValue(families, 'arx_dnsbl_responses_total', { result: 'nxdomain' }), 1);
  assert.equal(sampleValue(families, 'arx_dnsbl_responses_total', { result: 'refused' }), 1);
  // The zone-transfer build's series, by query type and result, and the zone's serial.
  assert.equal(sampleValue(families, 'arx_dnsbl_queries_total', { type: 'A', result: 'listed' }), 1);
  assert.equal(sampleValue(families, 'arx_dnsbl_queries_total', { type: 'A', result: 'nxdomain' }), 1);
  assert.equal(sampleValue(families, 'arx_dnsbl_tcp_closed_total', { reason: 'evicted' }), 0);
  assert.ok((sampleValue(families, 'arx_dnsbl_zone_serial') ?? 0) > 0);
  const smtp = families.get('arx_smtp_messages_total')!.samples;
  assert.deepEqual(
    smtp.map((s) => [s.labels['outcome'], s.value]),
    [['refused', 1]],
    JSON.stringify(smtp),
  );
  assert.match(smtp[0]!.labels['code']!, /^ARX_/);
  assert.equal(sampleValue(families, 'arx_forward_queued_total'), 1);
  await waitForSample('arx_forward_sent_total', 1);
  // Oversight figures: separate percentile gauges, never a quantile label on a gauge.
  assert.equal(sampleValue(families, 'arx_oversight_reports_received', { window: '30d' }), 1);
  assert.equal(sampleValue(families, 'arx_oversight_reports_received', { member: 'cnisp1', window: '30d' }), 1);
  for (const family of families.values()) {
    for (const s of family.samples) assert.ok(!('quantile' in s.labels) || family.type === 'summary', s.name);
  }
});

import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { NodeHandle } from '@arx/node';
import nodemailer from 'nodemailer';
import { isRefusal, parseArf, startSmtpIntake } from '../src/interop/index.js';
import {
  getJson,
  OPERATOR_TOKEN,
  Publisher,
  postEntry,
  postJson,
  reportBody,
  startTestNode,
  tempRoot,
  writeNodeDir,
} from './helpers/fixture.js';

const CORPUS = new URL('./interop/corpus/arf/', import.meta.url);
const { root, cleanup } = tempRoot();
let sorbs: NodeHandle;
let aol: NodeHandle;

before(async () => {
  sorbs = await startTestNode(writeNodeDir(root, 'sorbs'), 'sorbs', {
    dnsbl: { enabled: true, zone: 'dnsbl.sorbs.arx.test' },
  });
  aol = await startTestNode(writeNodeDir(root, 'aol'), 'aol', {
    smtp: { enabled: true },
    arf: { allowDocumentationAddresses: true },
  });
});
after(async () => {
  await sorbs?.close();
  await aol?.close();
  cleanup();
});

test('a node with the DNSBL enabled answers for its listings and reports the zone in its status', async () => {
  const base = sorbs.listen.http!;
  // The node signs its own organisation's listing (one key, one signer).
  const body = { list: 'open-relay', op: 'add', target: '192.0.2.25', reason: 'relay.open' };
  assert.equal((await postJson(base, '/v1/publish', { kind: 'listing', body }, OPERATOR_TOKEN)).status, 200);
  const status = (await getJson(base, '/v1/status')).json;
  assert.deepEqual(status.dnsbl, { zone: 'dnsbl.sorbs.arx.test' });
  assert.match(status.listen.dns, /^127\.0\.0\.1:\d+$/);
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  resolver.setServers([status.listen.dns]);
  assert.deepEqual(await resolver.resolve4('25.2.0.192.dnsbl.sorbs.arx.test'), ['127.0.0.3']);
  await assert.rejects(resolver.resolve4('26.2.0.192.dnsbl.sorbs.arx.test'), /ENOTFOUND/);

  const cidr = await fetch(`${base}/v1/lists/open-relay/export?format=cidr`);
  assert.equal(cidr.status, 200);
  assert.match(await cidr.text(), /192\.0\.2\.25/);
});

test('an ARF message sent to a reporter’s SMTP intake becomes a report signed by that organisation', async () => {
  const [host, port] = aol.listen.smtp!.split(':');
  const transport = nodemailer.createTransport({ host, port: Number(port), secure: false, ignoreTLS: true });
  const raw = readFileSync(new URL('sisimai-arf-01.eml', CORPUS));
  const info = await transport.sendMail({ envelope: { from: 'fbl@example.net', to: ['fbl@aol.example'] }, raw });
  transport.close();
  assert.match(String(info.response), /^250 /);
  const id = /report ([0-9a-f]{64})/.exec(String(info.response))?.[1];
  assert.ok(id, `report id in the SMTP reply: ${info.response}`);
  const report = (await getJson(aol.listen.http!, `/v1/reports/${id}`)).json;
  assert.equal(report.originHandle, 'aol');
  assert.equal(report.category, 'spam.source');
  assert.equal(report.responsible, 'cnisp1');
});

test('importing the same ARF message twice over HTTP gives one report', async () => {
  const raw = readFileSync(new URL('mail-auth-002.eml', CORPUS));
  const post = () =>
    fetch(`${aol.listen.http}/v1/import/arf`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${OPERATOR_TOKEN}` },
      body: raw,
    }).then((r) => r.json() as Promise<{ accepted: boolean; id: string; duplicate: boolean }>);
  const first = await post();
  const second = await post();
  assert.equal(first.accepted, true, JSON.stringify(first));
  assert.equal(second.id, first.id);
  assert.equal(second.duplicate, true);
  const arf = await fetch(`${aol.listen.http}/v1/reports/${first.id}/arf`);
  assert.equal(arf.status, 200);
  assert.match(await arf.text(), /message\/feedback-report/);
});

test('a provider that asks for forwarding gets new reports about its netblocks mailed to its abuse desk as ARF', async () => {
  const received: Buffer[] = [];
  const mailbox = await startSmtpIntake({
    onMessage: async (raw) => {
      received.push(raw);
      return { accepted: true, code: 'accepted', message: 'stored' };
    },
  });
  const cnisp1 = await startTestNode(writeNodeDir(root, 'cnisp1'), 'cnisp1', {
    forward: {
      enabled: true,
      to: ['abuse@cnisp1.example'],
      smtpHost: mailbox.address.host,
      smtpPort: mailbox.address.port,
      from: 'arx@cnisp1.example',
    },
  });
  try {
    const aolChain = new Publisher('aol');
    const ours = aolChain.next('report', reportBody('192.0.2.77'));
    const theirs = aolChain.next('report', reportBody('198.51.100.77'));
    for (const e of [ours, theirs]) assert.equal((await postEntry(cnisp1.listen.http!, e)).status, 200);
    const deadline = Date.now() + 10_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(received.length, 1, 'only the report about cnisp1’s own netblock is forwarded');
    const parsed = await parseArf(received[0]!);
    assert.ok(!isRefusal(parsed), 'the forwarded message is ARF');
    assert.equal(parsed.sourceIp, '192.0.2.77');
  } finally {
    await cnisp1.close();
    await mailbox.close();
  }
});

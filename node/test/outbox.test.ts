/**
 * The forwarding outbox against a real SMTP server on loopback that is down for the
 * first part of the test: every report arrives exactly once after it comes up, also
 * across a node restart in between; a report undeliverable past forward.giveUpHours is
 * given up and counted.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, test } from 'node:test';
import type { NodeHandle } from '@arx/node';
import { isRefusal, parseArf, type SmtpIntake, startSmtpIntake } from '../src/interop/index.js';
import { ForwardingOutbox } from '../src/interop/outbox.js';
import { metaOf } from '../src/store/envelopes.js';
import { Publisher, postEntry, reportBody, startTestNode, tempRoot, writeNodeDir } from './helpers/fixture.js';

const { root, cleanup } = tempRoot();
const closing: (() => Promise<void>)[] = [];
after(async () => {
  for (const close of closing.reverse()) await close();
  cleanup();
});

/** A loopback port nobody listens on (yet). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function metric(node: NodeHandle, name: string): Promise<number> {
  const text = await (await fetch(`${node.listen.http}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : Number.NaN;
}

interface OutboxJson {
  queued: number;
  lastError: string | null;
  nextAttemptAt: number | null;
  counts: { queued: number; sent: number; retried: number; failed: number };
}
const outbox = async (node: NodeHandle) =>
  ((await (await fetch(`${node.listen.http}/v1/status`)).json()) as { outbox: OutboxJson | null }).outbox;

test('with the MTA down, reports wait in the outbox, survive a restart, and each arrives exactly once when it is up', async () => {
  const port = await freePort();
  const dir = writeNodeDir(root, 'cnisp1');
  const config = {
    // No forward.to: the recipient is cnisp1's abuse contact in the roster.
    forward: {
      enabled: true,
      smtpHost: '127.0.0.1',
      smtpPort: port,
      from: 'arx@cnisp1.example',
      retrySeconds: 1,
      maxRetrySeconds: 2,
    },
  };
  const aol = new Publisher('aol');
  const sent: string[] = [];
  const post = async (node: NodeHandle, about: string) => {
    const entry = aol.next('report', reportBody(about));
    assert.equal((await postEntry(node.listen.http!, entry)).status, 200);
    return entry.idHex;
  };

  let node = await startTestNode(dir, 'cnisp1', config);
  for (const about of ['192.0.2.61', '192.0.2.62', '192.0.2.63']) sent.push(await post(node, about));
  // Not cnisp1's netblock: never queued.
  await post(node, '198.51.100.61');
  await until('a failed attempt', async () => (await metric(node, 'arx_forward_retried_total')) >= 3);
  const down = await outbox(node);
  assert.equal(down?.queued, 3);
  assert.match(down?.lastError ?? '', /ECONNREFUSED/);
  assert.equal(down?.counts.queued, 3);
  assert.equal(await metric(node, 'arx_forward_queued_total'), 3);
  assert.equal(await metric(node, 'arx_forward_outbox_depth'), 3);

  await node.close();
  node = await startTestNode(dir, 'cnisp1', config);
  closing.push(() => node.close());
  assert.equal((await outbox(node))?.queued, 3, 'the queue survived the restart');
  for (const about of ['192.0.2.64', '2001:db8:1::65']) sent.push(await post(node, about));

  const received: Buffer[] = [];
  const rcpt: string[][] = [];
  const mta: SmtpIntake = await startSmtpIntake({
    port,
    onMessage: async (raw, envelope) => {
      received.push(raw);
      rcpt.push([...envelope.rcptTo]);
      return { accepted: true, code: 'accepted', message: 'queued' };
    },
  });
  closing.push(() => mta.close());
  await until('every report delivered', async () => (await outbox(node))?.queued === 0 && received.length >= 5);
  // Give a stray second delivery the time of two retry intervals to show up.
  await new Promise((r) => setTimeout(r, 2500));
  const ids = [];
  for (const raw of received) {
    const parsed = await parseArf(raw);
    assert.ok(!isRefusal(parsed));
    ids.push(/Message-ID: <([0-9a-f]{64})@/i.exec(raw.toString('latin1'))?.[1]);
  }
  assert.deepEqual(ids.sort(), [...sent].sort(), 'each report once, none twice');
  assert.deepEqual(rcpt, Array(5).fill(['abuse@cnisp1.example']));
  assert.equal(await metric(node, 'arx_forward_sent_total'), 5);
  assert.equal(await metric(node, 'arx_forward_failed_total'), 0);
});

test('a report still undeliverable after forward.giveUpHours is given up: dropped from the queue, logged and counted', async () => {
  const port = await freePort();
  const dir = writeNodeDir(root, 'cnisp2');
  // Forwarding off in the node itself; an outbox with a clock that can be moved on runs on its context.
  const node = await startTestNode(dir, 'cnisp2', {
    forward: { enabled: false, smtpHost: '127.0.0.1', smtpPort: port, to: ['desk@cnisp2.example'], retrySeconds: 1 },
  });
  closing.push(() => node.close());
  let skew = 0;
  const box = new ForwardingOutbox(node.context, () => Date.now() + skew);
  await box.start();
  closing.push(() => box.stop());
  const entry = new Publisher('aol').next('report', reportBody('198.51.100.70'));
  assert.equal((await postEntry(node.listen.http!, entry)).status, 200);
  const meta = (await metaOf(node.context.subs, entry.idHex))!;
  await node.context.writer.task(async (a) => box.enqueue(a, { entry, meta }));
  await until('a failed attempt', async () => (await box.status()).counts.retried >= 1);
  assert.equal((await box.status()).queued, 1);
  skew = 97 * 3_600_000;
  await until('the report given up', async () => (await box.status()).counts.failed === 1);
  const status = await box.status();
  assert.equal(status.queued, 0);
  assert.equal(status.nextAttemptAt, null);
});

/**
 * The SMTP intake of a real node process under the attacks a feedback-loop address
 * draws from the open Internet: a flood of recipients, senders that trickle a byte at
 * a time or say nothing, one client opening connection after connection, and one
 * client sending message after message. Each is cut off with its RFC 5321 reply while
 * a normal sender, from another address, still gets its report in.
 *
 * The attackers speak SMTP over plain sockets (they need to misbehave); the normal
 * sender is nodemailer. Loopback has all of 127.0.0.0/8, so clients bind 127.0.0.x to
 * be different clients.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import { getJson, tempRoot, writeNodeDir } from '../../node/test/helpers/fixture.js';
import { type NodeProcess, spawnNode } from '../../node/test/helpers/spawn.js';

const LIMITS = {
  maxConnections: 12,
  maxConnectionsPerClient: 4,
  maxRecipients: 100,
  commandTimeoutSeconds: 2,
  dataTimeoutSeconds: 3,
  messagesPerMinutePerClient: 5,
};
/** Liveness bound for anything the node must do; never a latency assertion. */
const LIVENESS_MS = 20_000;

let sequence = 0;
/** An ARF report (RFC 5965) about a documentation address; each one a distinct message. */
function arfReport(): string {
  sequence += 1;
  return [
    'From: fbl@aol.example',
    'To: abuse@cnisp1.example',
    'Subject: Abuse report',
    'Date: Thu, 1 May 2024 08:00:00 +0000',
    `Message-ID: <r${sequence}-${process.pid}@aol.example>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=feedback-report; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain',
    '',
    'This is an abuse report for a message received from 192.0.2.55.',
    '--b1',
    'Content-Type: message/feedback-report',
    '',
    'Feedback-Type: abuse',
    'User-Agent: AOL-FBL/1.0',
    'Version: 1',
    'Source-IP: 192.0.2.55',
    'Arrival-Date: Thu, 1 May 2024 07:59:00 +0000',
    '',
    '--b1',
    'Content-Type: message/rfc822',
    '',
    'From: sender@bulk.example',
    'To: user@aol.example',
    'Subject: Buy now',
    `Message-ID: <s${sequence}-${process.pid}@bulk.example>`,
    '',
    'Buy now!',
    '--b1--',
    '',
  ].join('\r\n');
}

/** A client speaking SMTP over a plain socket: sends raw text, collects reply lines. */
class RawSmtp {
  readonly replies: string[] = [];
  readonly closed: Promise<void>;
  private buffer = '';
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end = this.buffer.indexOf('\r\n');
      while (end >= 0) {
        this.replies.push(this.buffer.slice(0, end));
        this.buffer = this.buffer.slice(end + 2);
        end = this.buffer.indexOf('\r\n');
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    void this.closed.then(() => {
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static open(port: number, localAddress: string): Promise<RawSmtp> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, localAddress }, () => resolve(new RawSmtp(socket)));
      socket.once('error', reject);
    });
  }

  send(text: string): void {
    this.socket.write(text);
  }

  /** Waits until a reply line matches (or the socket closes); returns it. */
  async reply(pattern: RegExp, timeoutMs = LIVENESS_MS): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.replies.find((line) => pattern.test(line));
      if (hit) return hit;
      if (this.socket.destroyed) throw new Error(`closed without ${pattern}: ${this.replies.slice(-3).join(' | ')}`);
      if (Date.now() > deadline) throw new Error(`no ${pattern} in time: ${this.replies.slice(-3).join(' | ')}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  /** Resolves once the server has closed the connection, within the liveness bound. */
  async closedByServer(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the server did not close the connection')), LIVENESS_MS);
    });
    try {
      await Promise.race([this.closed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Resident memory of a process, from /proc (Linux). */
function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) * 1024;
}

describe('the SMTP intake under hostile senders', () => {
  const tmp = tempRoot('arx-abuse-smtp-');
  let node: NodeProcess;
  let base: string;
  let port: number;
  const open: RawSmtp[] = [];

  /** A normal sender (nodemailer) from `localAddress`: its report must be accepted. */
  async function normalSenderIsServed(localAddress: string): Promise<void> {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      ignoreTLS: true,
      localAddress,
      connectionTimeout: LIVENESS_MS,
      greetingTimeout: LIVENESS_MS,
      socketTimeout: LIVENESS_MS,
    });
    try {
      const info = await transport.sendMail({
        envelope: { from: 'fbl@aol.example', to: ['abuse@cnisp1.example'] },
        raw: arfReport(),
      });
      assert.match(info.response, /^250 .*(imported|repeated|duplicate): report [0-9a-f]{64}/);
    } finally {
      transport.close();
    }
  }

  async function rawClient(localAddress: string): Promise<RawSmtp> {
    const client = await RawSmtp.open(port, localAddress);
    open.push(client);
    return client;
  }

  before(async () => {
    const dir = writeNodeDir(tmp.root, 'aol', {
      smtp: { enabled: true, port: 0, ...LIMITS },
      arf: { allowDocumentationAddresses: true },
    });
    node = await spawnNode(dir);
    base = node.listen.http!;
    port = Number(node.listen.smtp!.split(':').pop());
  });

  after(async () => {
    for (const client of open) client.close();
    node?.child.kill('SIGTERM');
    await node?.exited;
    tmp.cleanup();
  });

  test('100,000 RCPT commands: 100 accepted, 100 refused with 452, then 421; a normal sender is served meanwhile', async () => {
    const rssBefore = rssBytes(node.child.pid!);
    const flood = await rawClient('127.0.0.10');
    await flood.reply(/^220 /);
    flood.send('EHLO flood.example\r\nMAIL FROM:<flood@flood.example>\r\n');
    await flood.reply(/^250 .*Accepted/);
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) lines.push(`RCPT TO:<user${i}@victim.example>\r\n`);
    flood.send(lines.join(''));
    const normal = normalSenderIsServed('127.0.0.11');
    await flood.closedByServer();
    await normal;
    const rcptReplies = flood.replies.slice(flood.replies.findIndex((r) => /Accepted/.test(r)) + 1);
    const accepted = rcptReplies.filter((r) => r.startsWith('250 ')).length;
    const refused = rcptReplies.filter((r) => r.startsWith('452 '));
    assert.equal(accepted, 100, 'exactly maxRecipients recipients are accepted');
    // RFC 5321 §4.5.3.1.10: 452 for each recipient beyond the limit; as many refusals again end the session.
    assert.equal(refused.length, LIMITS.maxRecipients, 'the next ones are refused with 452');
    assert.ok(refused.every((r) => /too many recipients/.test(r)));
    assert.match(rcptReplies.find((r) => r.startsWith('421 ')) ?? '', /too many recipients refused/);
    const growth = rssBytes(node.child.pid!) - rssBefore;
    assert.ok(growth < 64 * 1024 * 1024, `RSS grew by ${growth} bytes`);
  });

  test('a sender that trickles a command, or a message, a byte at a time is closed with 421', async () => {
    const command = await rawClient('127.0.0.20');
    await command.reply(/^220 /);
    command.send('EHLO slow.example\r\n');
    await command.reply(/^250 /);
    const body = await rawClient('127.0.0.21');
    await body.reply(/^220 /);
    body.send('EHLO slow.example\r\nMAIL FROM:<slow@slow.example>\r\nRCPT TO:<abuse@cnisp1.example>\r\nDATA\r\n');
    await body.reply(/^354 /);
    // One byte every 250 ms: far faster than any idle timeout, far slower than a command needs.
    const text = `MAIL FROM:<${'s'.repeat(200)}@slow.example>`;
    let i = 0;
    const trickle = setInterval(() => {
      if (!command.socket.destroyed) command.socket.write(text[i % text.length]!);
      if (!body.socket.destroyed) body.socket.write('x');
      i += 1;
    }, 250);
    try {
      await Promise.all([command.closedByServer(), body.closedByServer()]);
    } finally {
      clearInterval(trickle);
    }
    assert.ok(i > 8, `bytes kept arriving (${i}) until the node closed the connections`);
    assert.match(command.replies.at(-1) ?? '', /^421 .*timeout/);
    assert.match(body.replies.at(-1) ?? '', /^421 .*timeout/);
    await normalSenderIsServed('127.0.0.22');
  });

  test('a client that says nothing after the greeting is closed with 421', async () => {
    const silent = await rawClient('127.0.0.30');
    await silent.reply(/^220 /);
    await silent.closedByServer();
    assert.match(silent.replies.at(-1) ?? '', /^421 /);
  });

  test('one client gets at most its share of connections, and another client is still served', async () => {
    const held: RawSmtp[] = [];
    for (let n = 0; n < LIMITS.maxConnectionsPerClient; n++) {
      const client = await rawClient('127.0.0.40');
      await client.reply(/^220 /);
      held.push(client);
    }
    const extra = await rawClient('127.0.0.40');
    assert.match(await extra.reply(/^421 /), /too many connections from your address/);
    await extra.closedByServer();
    await normalSenderIsServed('127.0.0.41');
    for (const client of held) client.close();
  });

  test('connections beyond the overall cap get 421, and the intake serves again once they go', async () => {
    const held: RawSmtp[] = [];
    for (let n = 0; n < LIMITS.maxConnections; n++) {
      const client = await rawClient(`127.0.1.${n + 1}`);
      await client.reply(/^220 /);
      held.push(client);
    }
    const extra = await rawClient('127.0.2.1');
    assert.match(await extra.reply(/^421 /), /Too many connected clients/);
    await extra.closedByServer();
    for (const client of held) client.close();
    await Promise.all(held.map((c) => c.closed));
    const deadline = Date.now() + LIVENESS_MS;
    for (;;) {
      try {
        await normalSenderIsServed('127.0.2.2');
        break;
      } catch (error) {
        // The node may not have seen every close yet; liveness, not latency, is asserted.
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  });

  test('a client past its message rate gets 450 on MAIL, and the node is still healthy', async () => {
    const sender = await rawClient('127.0.0.50');
    await sender.reply(/^220 /);
    sender.send('EHLO busy.example\r\n');
    await sender.reply(/^250 /);
    for (let n = 0; n < LIMITS.messagesPerMinutePerClient; n++) {
      const before = sender.replies.length;
      sender.send('MAIL FROM:<fbl@aol.example>\r\nRSET\r\n');
      await sender.reply(/^250 .*Flushed|^250 .*reset/i);
      assert.ok(
        sender.replies.slice(before).some((r) => /^250 .*Accepted/.test(r)),
        `message ${n + 1} starts`,
      );
      sender.replies.length = 0;
    }
    sender.send('MAIL FROM:<fbl@aol.example>\r\n');
    assert.match(await sender.reply(/^450 /), /too many messages from your address/);
    const health = await getJson(base, '/v1/health');
    assert.equal(health.status, 200);
    await normalSenderIsServed('127.0.0.51');
  });
});

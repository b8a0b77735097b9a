import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { formatPrefix, isIpTarget, type ReportBody } from '@arx/protocol';
import nodemailer from 'nodemailer';
import {
  createArfForwarder,
  exportArf,
  importArf,
  isRefusal,
  refusalVerdict,
  type SmtpEnvelope,
  type SmtpIntake,
  type SmtpIntakeVerdict,
  startSmtpIntake,
} from '../../src/interop/index.js';
import { arfSample, CORPUS_OPTIONS } from './corpus.js';

const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** An intake on a free loopback port that imports each message as ARF and records what it got. */
async function arfIntake(maxBytes?: number) {
  const received: Array<{ raw: Buffer; envelope: SmtpEnvelope; body?: ReportBody }> = [];
  const intake: SmtpIntake = await startSmtpIntake({
    port: 0,
    ...(maxBytes ? { maxBytes } : {}),
    async onMessage(raw, envelope): Promise<SmtpIntakeVerdict> {
      const result = await importArf(raw, CORPUS_OPTIONS);
      if (isRefusal(result)) {
        received.push({ raw, envelope });
        return refusalVerdict(result);
      }
      received.push({ raw, envelope, body: result.body });
      return { accepted: true, code: 'accepted', message: 'report queued' };
    },
  });
  cleanups.push(() => intake.close());
  const forwarder = createArfForwarder({
    host: intake.address.host,
    port: intake.address.port,
    from: 'fbl@isp.example',
  });
  cleanups.push(() => forwarder.close());
  return { intake, received, forwarder };
}

const crlf = (bytes: Uint8Array) =>
  Buffer.from(Buffer.from(bytes).toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
const about = (b: ReportBody | undefined) => (b && isIpTarget(b.about) ? formatPrefix(b.about) : undefined);

test('the intake listens on loopback by default and reports the bound port', async () => {
  const { intake } = await arfIntake();
  assert.equal(intake.address.host, '127.0.0.1');
  assert.ok(intake.address.port > 0);
});

test('an ARF report sent over SMTP reaches onMessage byte for byte and is imported', async () => {
  const { received, forwarder } = await arfIntake();
  const sample = arfSample('sisimai-arf-17.eml');
  await forwarder.send(['abuse@isp.example'], Buffer.from(sample).toString('latin1'));
  assert.equal(received.length, 1);
  const [got] = received;
  // SMTP carries lines with CRLF (RFC 5321 §2.3.8); nothing else changes.
  assert.deepEqual(got!.raw, crlf(sample));
  assert.deepEqual(got!.envelope.rcptTo, ['abuse@isp.example']);
  assert.equal(got!.envelope.mailFrom, 'fbl@isp.example');
  assert.equal(about(got!.body), '192.0.2.3/32');
  assert.equal(got!.body?.category, 'spam.source');
});

test('a refused message gets 550 with the refusal code; the sender sees why', async () => {
  const { received, forwarder } = await arfIntake();
  await assert.rejects(
    forwarder.send(['abuse@isp.example'], 'Subject: hello\r\n\r\njust mail\r\n'),
    (error: unknown) => {
      const e = error as { responseCode?: number; response?: string };
      assert.equal(e.responseCode, 550);
      // The code once, then the English text: "550 no-feedback-report: The message is …".
      assert.match(e.response ?? '', /^550 no-feedback-report: The message is neither/);
      assert.equal((e.response ?? '').split('no-feedback-report').length, 2, e.response);
      return true;
    },
  );
  assert.equal(received.length, 1);
});

test('a message over the size limit is refused with 552 before onMessage sees it', async () => {
  const { received, intake } = await arfIntake(512);
  const transport = nodemailer.createTransport({ host: intake.address.host, port: intake.address.port, secure: false });
  cleanups.push(() => transport.close());
  await assert.rejects(
    transport.sendMail({
      envelope: { from: 'a@isp.example', to: ['abuse@isp.example'] },
      raw: Buffer.from(arfSample('sisimai-arf-17.eml')),
    }),
    (error: unknown) => {
      const e = error as { responseCode?: number; response?: string };
      assert.equal(e.responseCode, 552);
      // RFC 1870 §6.2 says 552; the text is the typed refusal.
      assert.match(
        e.response ?? '',
        /^552 too-large: The report is larger than this node accepts\. \(\d+ bytes, limit 512\)/,
      );
      return true;
    },
  );
  assert.equal(received.length, 0);
});

test('a failing onMessage answers 451 so the sender retries', async () => {
  const intake = await startSmtpIntake({
    port: 0,
    onMessage: async () => {
      throw new Error('storage unavailable');
    },
  });
  cleanups.push(() => intake.close());
  const forwarder = createArfForwarder({ host: intake.address.host, port: intake.address.port, from: 'a@isp.example' });
  cleanups.push(() => forwarder.close());
  await assert.rejects(forwarder.send(['abuse@isp.example'], 'Subject: x\r\n\r\ny\r\n'), (error: unknown) => {
    assert.equal((error as { responseCode?: number }).responseCode, 451);
    return true;
  });
});

test('an exported report forwarded over SMTP parses back to the same report', async () => {
  const { received, forwarder } = await arfIntake();
  const original = await importArf(arfSample('sisimai-arf-18.eml'), CORPUS_OPTIONS);
  assert.ok(!isRefusal(original));
  const message = exportArf(
    {
      body: original.body,
      id: 'e5'.repeat(32),
      ts: Date.parse('2025-03-01T00:00:00Z'),
      origin: { org: 'Example ISP', contact: 'abuse@isp.example', domain: 'isp.example' },
    },
    { from: 'arx@isp.example', to: 'abuse@sender.example' },
  );
  await forwarder.send(['abuse@sender.example'], message);
  assert.equal(received.length, 1);
  const back = received[0]!.body;
  assert.ok(back, 'the forwarded report was accepted');
  assert.deepEqual(back.about, original.body.about);
  assert.equal(back.category, 'auth.failure');
  assert.deepEqual(back.observed, original.body.observed);
  assert.equal(back.evidence?.arf?.['auth-failure'], 'dmarc');
  assert.equal(back.evidence?.headers, original.body.evidence?.headers);
});

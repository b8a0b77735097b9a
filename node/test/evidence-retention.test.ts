/**
 * Detached evidence at one node, end to end: a report's personal fields travel beside
 * the signed entry, are checked against the digest the entry commits to, are served
 * while the retention window lasts — and after it are deleted from every file of the
 * node's directory and never sent again, while the entry keeps its id and signature.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { detachEvidence, type Evidence, encodeEvidence, type Frame, LINK_PROTOCOL_VERSION, toHex } from '@arx/protocol';
import { linkAs, type RawPeer } from '../../test/federation/helpers/raw-peer.js';
import type { NodeHandle } from '../src/node.js';
import { pruneEvidence } from '../src/store/retention.js';
import {
  getJson,
  keyFor,
  OPERATOR_TOKEN,
  Publisher,
  postJson,
  reportBody,
  startTestNode,
  tempRoot,
  writeNodeDir,
} from './helpers/fixture.js';

const DAY = 86_400_000;

/** Every file under `dir` whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const found: string[] = [];
  const bytes = Buffer.from(needle);
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (readFileSync(path).includes(bytes)) found.push(path);
    }
  };
  walk(dir);
  return found;
}

/** The `entry` frames a freshly linked peer (stating this link version) is sent while catching up. */
async function catchUp(node: NodeHandle, count: number): Promise<Frame[]> {
  const peer: RawPeer = await linkAs(node.listen.ws!, keyFor('hotmail'), [], LINK_PROTOCOL_VERSION);
  try {
    const entries = () => peer.frames.filter((f) => f[0] === 'entry');
    await peer.waitFor(() => entries().length >= count, 15_000, `${count} entries`);
    return entries();
  } finally {
    peer.close();
  }
}

describe('detached evidence and its deletion after the retention window', () => {
  const { root, cleanup } = tempRoot();
  const dir = writeNodeDir(root, 'isc', { retentionDays: 60 });
  let node: NodeHandle;
  let base: string;
  const marker = `evidence-marker-${randomBytes(8).toString('hex')}`;
  const evidence: Evidence = {
    arf: { 'feedback-type': 'abuse', 'original-rcpt-to': `${marker}@mail.example` },
    headers: `Subject: ${marker}\nFrom: sender@spam.example`,
  };
  const aol = new Publisher('aol');
  const detached = detachEvidence({ ...reportBody('192.0.2.77'), evidence });
  const report = aol.next('report', detached.body, Date.now() - 10 * DAY);
  const submit = (envelope: Uint8Array, bytes?: Uint8Array) =>
    postJson(base, '/v1/entries', { envelope: toHex(envelope), ...(bytes ? { evidence: toHex(bytes) } : {}) });

  before(async () => {
    node = await startTestNode(dir, 'isc', { retentionDays: 60 });
    base = node.listen.http!;
  });
  after(async () => {
    await node.close();
    cleanup();
  });

  test('the signed payload commits to the evidence by digest and carries none of it', () => {
    assert.ok(detached.evidence);
    assert.deepEqual(detached.evidence, encodeEvidence(evidence));
    assert.equal(Buffer.from(report.bytes).includes(Buffer.from(marker)), false);
    assert.equal((report.payload.body as { evidence?: unknown }).evidence, undefined);
  });

  test('evidence that does not match its digest, or that nothing commits to, is refused', async () => {
    const tampered = detached.evidence!.slice();
    tampered[tampered.length - 1] ^= 1;
    const wrong = await submit(report.bytes, tampered);
    assert.equal(wrong.status, 400);
    assert.equal(wrong.json.error.code, 'ARX_PROTO_EVIDENCE_MISMATCH');
    const hotmail = new Publisher('hotmail');
    const plain = hotmail.next('report', reportBody('192.0.2.78'));
    const uncommitted = await submit(plain.bytes, detached.evidence);
    assert.equal(uncommitted.json.error.code, 'ARX_PROTO_EVIDENCE_UNCOMMITTED');
    // Neither refusal stored anything.
    assert.equal((await getJson(base, `/v1/entries/${report.idHex}`)).status, 404);
    assert.equal((await getJson(base, `/v1/entries/${plain.idHex}`)).status, 404);
  });

  test('accepted with its evidence: served by the report API, stored on disk, sent to a peer', async () => {
    const res = await submit(report.bytes, detached.evidence);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const shown = (await getJson(base, `/v1/reports/${report.idHex}`)).json;
    assert.deepEqual(shown.evidence.arf, evidence.arf);
    const entry = (await getJson(base, `/v1/entries/${report.idHex}`)).json;
    assert.equal(entry.evidence, toHex(detached.evidence!));
    assert.equal(entry.body.evidenceDigest, toHex(detached.body.evidenceDigest!));
    assert.ok(filesContaining(dir, marker).length > 0, 'the evidence is in the data directory');

    const frames = await catchUp(node, 1);
    const sent = frames.find((f) => toHex(f[1] as Uint8Array) === toHex(report.bytes));
    assert.ok(sent, 'the report is sent');
    assert.equal(sent.length, 3, 'with its evidence as the sidecar item');
    assert.deepEqual(sent[2], detached.evidence);
  });

  test('the node publishing for its own organisation detaches evidence the same way', async () => {
    const res = await postJson(
      base,
      '/v1/publish',
      {
        kind: 'report',
        body: {
          about: '198.51.100.9',
          category: 'spam.source',
          observed: { first: Date.now() - 1000, last: Date.now(), count: 1 },
          source: 'fbl',
          evidence: { headers: `Subject: ${marker}-own` },
        },
      },
      OPERATOR_TOKEN,
    );
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.equal(typeof res.json.entry.body.evidenceDigest, 'string');
    assert.equal(res.json.entry.body.evidence, undefined);
    assert.equal(Buffer.from(res.json.entry.envelope, 'hex').includes(Buffer.from(marker)), false);
    const shown = (await getJson(base, `/v1/reports/${res.json.id}`)).json;
    assert.equal(shown.evidence.headers, `Subject: ${marker}-own`);
  });

  test('past the window the evidence is deleted from every file and a peer catching up gets the entry without it', async () => {
    const pruned = await pruneEvidence(node.context, Date.now() + 61 * DAY);
    assert.ok(pruned >= 2, `pruned ${pruned}`);
    assert.deepEqual(filesContaining(dir, marker), [], 'no file of the node directory holds the marker');

    // (Shown as held: false here — the pass ran on a clock 61 days ahead; see the last test for `pruned`.)
    const shown = (await getJson(base, `/v1/reports/${report.idHex}`)).json;
    assert.equal(shown.evidence.evidenceDigest, toHex(detached.body.evidenceDigest!));
    assert.equal(shown.evidence.arf, undefined);
    assert.equal(shown.status, 'published');
    const entry = (await getJson(base, `/v1/entries/${report.idHex}`)).json;
    assert.equal(entry.id, report.idHex, 'same id');
    assert.equal(entry.envelope, toHex(report.bytes), 'same signed envelope');
    assert.equal(entry.evidence, undefined);

    const frames = await catchUp(node, 1);
    const sent = frames.find((f) => toHex(f[1] as Uint8Array) === toHex(report.bytes));
    assert.ok(sent, 'the report is still relayed');
    assert.equal(sent.length, 2, 'without evidence');
    assert.equal(
      frames.some((f) => Buffer.from(f.at(-1) as Uint8Array).includes(Buffer.from(marker))),
      false,
      'the marker is in no frame',
    );
  });

  test('evidence of a report already past the window is not stored when it arrives', async () => {
    const old = aol.next(
      'report',
      detachEvidence({ ...reportBody('192.0.2.79'), evidence }).body,
      Date.now() - 61 * DAY,
    );
    const bytes = encodeEvidence(evidence);
    assert.equal((await submit(old.bytes, bytes)).status, 200);
    const entry = (await getJson(base, `/v1/entries/${old.idHex}`)).json;
    assert.equal(entry.evidence, undefined);
    const shown = (await getJson(base, `/v1/reports/${old.idHex}`)).json;
    assert.deepEqual(shown.evidence, { pruned: true, evidenceDigest: toHex(old.payload.body.evidenceDigest!) });
  });
});

/**
 * frames.json (docs/conformance.md): every frame decodes and re-encodes to its bytes, the
 * handshake signatures verify over the stated link-auth messages, the entries verify, and
 * each stated `ok` frame says what its case expects. node/test/frame-vectors.test.ts
 * replays the node-side behaviour against a real node.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeFrame,
  encodeFrame,
  fromHex,
  keyPairFromSecret,
  linkAuthMessage,
  nobleEd25519,
  toHex,
  verifyEntry,
  verifyRosterDocument,
} from '@arx/protocol';
import { nodeEd25519 } from '@arx/protocol/node-crypto';
import { frameVectors as v } from './vectors.ts';

const roundTrip = (frameHex: string, label: string) => {
  const frame = decodeFrame(fromHex(frameHex));
  assert.equal(toHex(encodeFrame(frame)), frameHex, label);
  return frame;
};

test('the vector roster verifies and holds the replaying node', () => {
  const roster = verifyRosterDocument(fromHex(v.roster_hex)).roster;
  const hub = keyPairFromSecret(fromHex(v.hub_seed_hex));
  assert.ok(roster.members.some((m) => toHex(m.key) === toHex(hub.publicKey)));
});

test('every vector entry verifies with both backends and has the stated id', () => {
  for (const e of v.entries) {
    for (const backend of [nodeEd25519, nobleEd25519]) {
      assert.equal(verifyEntry(fromHex(e.envelope_hex), backend).idHex, e.id_hex, e.comment);
    }
  }
});

test('the handshake transcript: frames are exact, and each auth signs the stated message', () => {
  const { a, b, transcript } = v.handshake;
  const frames = transcript.map((t, i) => roundTrip(t.frame_hex, `transcript[${i}]`));
  const [helloA, helloB, authA, authB] = frames as [any, any, any, any];
  assert.deepEqual(
    [helloA[0], toHex(helloA[1].key), toHex(helloA[1].challenge)],
    ['hello', a.key_hex, a.challenge_hex],
  );
  assert.deepEqual(
    [helloB[0], toHex(helloB[1].key), toHex(helloB[1].challenge)],
    ['hello', b.key_hex, b.challenge_hex],
  );
  const messageA = linkAuthMessage(
    fromHex(a.key_hex),
    fromHex(a.challenge_hex),
    fromHex(b.key_hex),
    fromHex(b.challenge_hex),
  );
  const messageB = linkAuthMessage(
    fromHex(b.key_hex),
    fromHex(b.challenge_hex),
    fromHex(a.key_hex),
    fromHex(a.challenge_hex),
  );
  assert.equal(toHex(messageA), v.handshake.auth_message_a_hex);
  assert.equal(toHex(messageB), v.handshake.auth_message_b_hex);
  assert.equal(messageA.length, 144);
  for (const backend of [nodeEd25519, nobleEd25519]) {
    assert.ok(backend.verify(authA[1].sig, messageA, fromHex(a.key_hex)), 'a signs its own challenge first');
    assert.ok(backend.verify(authB[1].sig, messageB, fromHex(b.key_hex)));
    // A signature over the message as the other side would build it does not verify.
    assert.ok(!backend.verify(authA[1].sig, messageB, fromHex(a.key_hex)));
  }
  assert.equal(toHex(keyPairFromSecret(fromHex(a.seed_hex)).publicKey), a.key_hex);
});

test('each stated ok frame carries exactly its case’s id, verdict, reason and effect', () => {
  let stated = 0;
  for (const c of v.ok_script) {
    if (!c.frame_hex) continue;
    stated++;
    const f = roundTrip(c.frame_hex, c.comment) as readonly unknown[];
    assert.equal(f[0], 'ok');
    assert.equal(f[1] === null ? null : toHex(f[1] as Uint8Array), c.expect.id_hex, c.comment);
    assert.deepEqual([f[2], f[3]], [c.expect.accepted, c.expect.reason], c.comment);
    assert.deepEqual(f[5] ?? null, c.expect.effect, c.comment);
  }
  assert.ok(stated >= 6);
  const reasons = new Set(v.ok_script.map((c) => c.expect.reason));
  for (const r of ['accepted', 'duplicate', 'gap', 'fork', 'not-member', 'invalid']) assert.ok(reasons.has(r), r);
});

test('catch-up and subscription frames are exact', () => {
  for (const c of v.catchup) roundTrip(c.frame_hex, c.comment);
  for (const f of v.filters) {
    const frame = roundTrip(f.sub_hex, f.comment) as readonly unknown[];
    assert.equal(frame[0], 'sub');
    for (const m of f.matches) assert.ok(m >= 0 && m < 8, `${f.comment}: entry ${m} is one of 0..7`);
  }
});

test('the horizon frames decode to their origin and floor; the invalid ones are refused with their code', () => {
  for (const f of v.horizon.frames) {
    const frame = roundTrip(f.frame_hex, f.comment) as readonly ['horizon', Uint8Array, number];
    assert.deepEqual([frame[0], toHex(frame[1]), frame[2]], ['horizon', f.origin_hex, f.floor], f.comment);
  }
  for (const f of v.horizon.invalid) {
    assert.throws(() => decodeFrame(fromHex(f.frame_hex)), { code: f.error }, f.comment);
  }
  assert.equal(v.horizon.replay.horizon_hex, v.horizon.frames[0]!.frame_hex, 'the replay states the first frame');
});

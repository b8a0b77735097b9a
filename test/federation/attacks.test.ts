/**
 * What an attacker on the network, or a misbehaving member, can try against a peer
 * link — and what a node does about it: impostors and replayed handshakes fail,
 * strangers are refused with a reason, forged entries are refused one by one without
 * spoiling the valid ones, and a member removed from the roster is cut off at once.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type Frame, fromHex, generateKeyPair, toHex, verifyEntry } from '@arx/protocol';
import { DEFAULT_MEMBERS, keyFor, postEntry, rosterDocument } from '../../node/test/helpers/fixture.js';
import { Cluster, reportJsonBody, waitFor } from './helpers/cluster.js';
import { linkAs, RawPeer, RawServer, signAt } from './helpers/raw-peer.js';

const isNotice = (code: string) => (f: Frame) => f[0] === 'notice' && f[1] === code;

describe('attacks on peer links', () => {
  let cluster: Cluster;
  let recorder: RawServer;

  before(async () => {
    recorder = await RawServer.listen();
    cluster = await Cluster.create(['isc', 'aol', 'hotmail', 'cnisp1'], {
      links: [
        ['aol', 'isc'],
        ['hotmail', 'isc'],
      ],
      config: { receipts: { intervalSeconds: 3600 } },
      // cnisp1 dials the recorder, which lets the test see a real node's handshake.
      perNode: { cnisp1: { peers: [{ url: `ws://127.0.0.1:${recorder.port}/v1/ws` }] } },
    });
    await cluster.startAll();
    await cluster.linked('isc', 2);
  });

  after(async () => {
    await cluster?.close();
    await recorder?.close();
  });

  test('an impostor with a member’s public key but not its secret fails the handshake', async () => {
    const peer = await RawPeer.connect(cluster.node('isc').ws);
    peer.send(['hello', { v: 1, key: keyFor('cnisp1').publicKey, challenge: randomBytes(32) }]);
    await peer.waitFor((f) => f[0] === 'hello');
    peer.send(['auth', { sig: randomBytes(64) }]);
    await peer.waitFor(isNotice('ARX_NODE_HANDSHAKE'));
    assert.equal((await peer.closed).code, 4001);
    const handles = (await cluster.links('isc')).map((p) => p.handle);
    assert.ok(!handles.includes('cnisp1'), 'no link as cnisp1');
  });

  test('a handshake recorded on one connection is refused when replayed on another', async () => {
    // Play the hub for cnisp1 and record what it sends.
    const victim = await recorder.nextPeer();
    const hello = (await victim.waitFor((f) => f[0] === 'hello')) as Extract<Frame, readonly ['hello', unknown]>;
    assert.equal(toHex(hello[1].key), toHex(keyFor('cnisp1').publicKey));
    victim.send(['hello', { v: 1, key: keyFor('isc').publicKey, challenge: randomBytes(32) }]);
    const auth = await victim.waitFor((f) => f[0] === 'auth');

    const replay = await RawPeer.connect(cluster.node('isc').ws);
    replay.send(hello);
    await replay.waitFor((f) => f[0] === 'hello');
    replay.send(auth);
    await replay.waitFor(isNotice('ARX_NODE_HANDSHAKE'));
    assert.equal((await replay.closed).code, 4001, 'the signature is bound to the recorded connection’s challenges');
    assert.ok(!(await cluster.links('isc')).some((p) => p.handle === 'cnisp1'));
  });

  test('a key that is not in the roster is refused with a reason and close code 4003', async () => {
    const stranger = generateKeyPair();
    const peer = await RawPeer.connect(cluster.node('isc').ws);
    peer.send(['hello', { v: 1, key: stranger.publicKey, challenge: randomBytes(32) }]);
    const notice = await peer.waitFor(isNotice('ARX_NODE_NOT_MEMBER'));
    assert.match(String(notice[2]), /not a member/);
    assert.equal((await peer.closed).code, 4003);
  });

  test('a forged entry from a peer is refused as invalid and the peer’s valid entries still count', async () => {
    const sorbs = keyFor('sorbs');
    const notice = (text: string) => ({ topic: 'help' as const, urgency: 'low' as const, text: { en: text } });
    const first = signAt(sorbs, 1, null, 'notice', notice('one'));
    const forged = signAt(sorbs, 2, first.id, 'notice', notice('forged'));
    const tampered = new Uint8Array(forged.bytes);
    tampered[tampered.length - 64] ^= 0x01; // a bit of R: the signature no longer verifies
    const second = signAt(sorbs, 2, first.id, 'notice', notice('two'));
    const third = signAt(sorbs, 3, second.id, 'notice', notice('three'));

    const peer = await linkAs(cluster.node('isc').ws, sorbs);
    for (const e of [first.bytes, tampered, second.bytes, third.bytes]) peer.send(['entry', e]);
    const refusal = await peer.waitFor((f) => f[0] === 'ok');
    // The forged entry parsed, so the refusal names it (docs/protocol.md, `ok`).
    assert.deepEqual(refusal.slice(0, 4), ['ok', forged.id, false, 'invalid']);
    assert.match(String(refusal[4]), /ARX_PROTO_BAD_SIGNATURE/);
    await waitFor('sorbs’s valid entries at isc', async () => {
      const heads = await cluster.heads('isc');
      return heads.find((h) => h.handle === 'sorbs')?.id === third.idHex;
    });
    assert.equal((await cluster.get('isc', `/v1/entries/${forged.idHex}`)).status, 404);
    assert.equal(peer.frames.filter((f) => f[0] === 'ok').length, 1, 'only the forged entry is answered');
    peer.close();
  });

  test('a member removed by a new roster version is disconnected at once and refused afterwards', async () => {
    const before = await cluster.publish('hotmail', 'report', reportJsonBody('192.0.2.77/32'));
    await waitFor(
      'hotmail’s report at aol',
      async () => (await cluster.get('aol', `/v1/entries/${before.id}`)).status === 200,
    );

    const v2 = rosterDocument(
      DEFAULT_MEMBERS.filter((m) => m.handle !== 'hotmail'),
      2,
    );
    await cluster.publish('isc', 'roster', { document: toHex(v2) });
    for (const handle of ['isc', 'aol']) {
      await waitFor(`${handle} to adopt roster v2`, async () => (await cluster.status(handle)).rosterVersion === 2);
    }
    await waitFor(
      'isc to drop hotmail’s link',
      async () => !(await cluster.links('isc')).some((p) => p.handle === 'hotmail'),
    );

    // Its node keeps redialling and is refused; its entries do not get in by any door.
    const after = await cluster.publish('hotmail', 'report', reportJsonBody('192.0.2.78/32'));
    const direct = await postEntry(cluster.node('isc').http, await entryBytes(cluster, after.id));
    assert.equal(direct.status, 403);
    assert.equal(direct.json.error.code, 'ARX_NODE_NOT_MEMBER');
    const peer = await RawPeer.connect(cluster.node('isc').ws);
    peer.send(['hello', { v: 1, key: keyFor('hotmail').publicKey, challenge: randomBytes(32) }]);
    await peer.waitFor(isNotice('ARX_NODE_NOT_MEMBER'));
    assert.equal((await peer.closed).code, 4003);

    // A sync point: aol's next entry reaches isc, hotmail's never does.
    const marker = await cluster.publish('aol', 'report', reportJsonBody('192.0.2.79/32'));
    await waitFor(
      'aol’s marker at isc',
      async () => (await cluster.get('isc', `/v1/entries/${marker.id}`)).status === 200,
    );
    assert.equal((await cluster.get('isc', `/v1/entries/${after.id}`)).status, 404);
    assert.equal((await cluster.get('aol', `/v1/entries/${after.id}`)).status, 404);
    assert.equal((await cluster.links('hotmail')).length, 0, 'hotmail has no open link');
  });
});

/** The raw envelope of an entry as a node serves it. */
async function entryBytes(cluster: Cluster, id: string) {
  const res = await cluster.get('hotmail', `/v1/entries/${id}`);
  return verifyEntry(fromHex(res.json.envelope));
}

/**
 * Catch-up cost, flow control and redialling, measured frame by frame with a
 * hand-driven peer: a peer missing 10 entries is sent those 10; a peer that stops
 * reading is sent less (never dropped, never skipped) and later reads everything in
 * order; a node whose peer is down keeps retrying and links once it is up.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type Frame, fromHex, linkAuthMessage, parseEntry, toHex } from '@arx/protocol';
import { nodeEd25519 } from '@arx/protocol/node-crypto';
import { keyFor } from '../../node/test/helpers/fixture.js';
import { Cluster, freePorts, reportJsonBody, waitFor } from './helpers/cluster.js';
import { linkAs, RawServer, signAt } from './helpers/raw-peer.js';

/** Publishes `count` entries at a node, `concurrency` requests at a time. */
async function publishMany(
  cluster: Cluster,
  handle: string,
  count: number,
  body: (i: number) => { kind: string; body: unknown },
  concurrency = 32,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const b = body(next++);
        await cluster.publish(handle, b.kind, b.body);
      }
    }),
  );
}

describe('catch-up and flow control', () => {
  let cluster: Cluster;

  before(async () => {
    // The smallest allowed high-water mark, so flow control engages with a few MB.
    cluster = await Cluster.create(['isc'], {
      links: [],
      config: { receipts: { intervalSeconds: 3600 }, limits: { maxBufferedBytes: 65536 } },
    });
    await cluster.startAll();
  });

  after(async () => {
    await cluster?.close();
  });

  test('a peer missing 10 entries out of many is sent exactly those 10', async () => {
    await publishMany(cluster, 'isc', 500, (i) => ({ kind: 'report', body: reportJsonBody(`192.0.2.${i % 256}/32`) }));
    const [head] = await cluster.heads('isc');
    assert.equal(head?.seq, 500);
    const peer = await linkAs(cluster.node('isc').ws, keyFor('hotmail'), [[head.origin, head.seq - 10]]);
    await waitFor('10 entries', () => peer.entries().length >= 10);
    // A sync point: one more entry goes out live on the same link, after the catch-up.
    await cluster.publish('isc', 'report', reportJsonBody('192.0.2.1/32'));
    await waitFor('the live entry', () => peer.entries().length >= 11);
    const seqs = peer.entries().map((b) => parseEntry(b).payload.seq);
    assert.deepEqual(seqs, [491, 492, 493, 494, 495, 496, 497, 498, 499, 500, 501]);
    const link = (await cluster.links('isc')).find((p) => p.handle === 'hotmail');
    assert.equal(link?.entriesSent, 11);
    peer.close();
  });

  test('a peer that stops reading is sent less, never dropped, and later reads everything in order', async () => {
    const origin = (await cluster.heads('isc'))[0]!.origin;
    const already = (await cluster.heads('isc'))[0]!.seq;
    const peer = await linkAs(cluster.node('isc').ws, keyFor('aol'), [[origin, already]]);
    peer.socket.pause();

    // ~16 KB notices (four languages of 4,000 characters): 1,000 of them are far more than socket buffers hold.
    const text = 'x'.repeat(4000);
    const count = 1000;
    await publishMany(cluster, 'isc', count, (i) => ({
      kind: 'notice',
      body: { topic: 'help', urgency: 'low', text: { en: `${i} ${text}`, 'zh-CN': text, fr: text, de: text } },
    }));
    const published = count * 16_000;
    const link = (await cluster.links('isc')).find((p) => p.handle === 'aol');
    assert.ok(link, 'the slow peer is still linked');
    assert.ok(
      link.bytesOut < published / 2,
      `sending paused: ${link.bytesOut} of ${published} bytes handed to the socket`,
    );

    peer.socket.resume();
    await waitFor('every entry at the slow peer', () => peer.entries().length >= count, 60_000);
    const seqs = peer.entries().map((b) => parseEntry(b).payload.seq);
    assert.deepEqual(
      seqs,
      Array.from({ length: count }, (_, i) => already + 1 + i),
      'in order, no gap, no duplicate',
    );
    assert.ok(!peer.frames.some((f) => f[0] === 'notice'), 'no complaint from the node');
    peer.close();
  });
});

describe('gaps and anti-entropy', () => {
  let cluster: Cluster;

  before(async () => {
    cluster = await Cluster.create(['isc'], { links: [], config: { receipts: { intervalSeconds: 3600 } } });
    await cluster.startAll();
  });

  after(async () => {
    await cluster?.close();
  });

  test('an entry ahead of the chain is held and the missing range asked for once', async () => {
    const sorbs = keyFor('sorbs');
    const body = (text: string) => ({ topic: 'help' as const, urgency: 'low' as const, text: { en: text } });
    const chain = [signAt(sorbs, 1, null, 'notice', body('1'))];
    for (let seq = 2; seq <= 5; seq++) chain.push(signAt(sorbs, seq, chain.at(-1)!.id, 'notice', body(String(seq))));
    const peer = await linkAs(cluster.node('isc').ws, sorbs);
    for (const e of [chain[0]!, chain[2]!, chain[3]!, chain[4]!]) peer.send(['entry', e.bytes]);
    const want = await peer.waitFor((f) => f[0] === 'want');
    assert.deepEqual(want.slice(2), [2, 2]);
    assert.equal(toHex(want[1] as Uint8Array), toHex(sorbs.publicKey));
    peer.send(['entry', chain[1]!.bytes]);
    await waitFor('the held entries to be stored', async () => {
      const status = await cluster.status('isc');
      return status.heads.find((h) => h.handle === 'sorbs')?.seq === 5 && status.heldEntries === 0;
    });
    assert.equal(peer.frames.filter((f) => f[0] === 'want').length, 1, 'one want for the whole gap');
    peer.close();
  });

  test('a peer that reports the same holdings twice while behind is sent the rest again, once', async () => {
    for (let i = 0; i < 100; i++) await cluster.publish('isc', 'report', reportJsonBody(`192.0.2.${i}/32`));
    const origin = (await cluster.heads('isc')).find((h) => h.handle === 'isc')!;
    const others = (await cluster.heads('isc')).filter((h) => h.handle !== 'isc');
    const have = (seq: number): [string, number][] => [
      [origin.origin, seq],
      ...others.map((h): [string, number] => [h.origin, h.seq]),
    ];
    const peer = await linkAs(cluster.node('isc').ws, keyFor('aol'), have(0));
    await waitFor('the first stream', () => peer.entries().length >= origin.seq);
    // As if everything after seq 5 had been lost on the way in: a first, stale-looking
    // report is not acted on; the same report again means the peer is stuck.
    const stuck = ['have', have(5).map(([o, seq]) => [fromHex(o), seq])] as const;
    peer.send(stuck);
    peer.send(stuck);
    const total = origin.seq + (origin.seq - 5);
    await waitFor('the resend', () => peer.entries().length >= total);
    await cluster.publish('isc', 'report', reportJsonBody('192.0.2.200/32'));
    await waitFor('a live entry after the resend', () => peer.entries().length >= total + 1);
    const seqs = peer.entries().map((b) => parseEntry(b).payload.seq);
    assert.equal(seqs.length, total + 1, 'resent once, not once per have, and nothing else');
    assert.deepEqual(
      seqs.slice(origin.seq, total),
      Array.from({ length: origin.seq - 5 }, (_, i) => i + 6),
    );
    peer.close();
  });
});

describe('redialling', () => {
  test('a node whose peer is down keeps retrying with backoff and links once the peer is up', async () => {
    const [port] = await freePorts(1);
    const cluster = await Cluster.create(['aol'], {
      links: [],
      perNode: { aol: { peers: [{ url: `ws://127.0.0.1:${port}/v1/ws` }], receipts: { intervalSeconds: 3600 } } },
    });
    let server: RawServer | undefined;
    try {
      await cluster.start('aol');
      // Nothing listens yet: the first dials fail. Then the "hub" comes up on that port.
      server = await RawServer.listen(port);
      const hub = await server.nextPeer(30_000);
      const isc = keyFor('isc');
      const hello = (await hub.waitFor((f) => f[0] === 'hello')) as Extract<Frame, readonly ['hello', unknown]>;
      const challenge = randomBytes(32);
      hub.send(['hello', { v: 1, key: isc.publicKey, challenge }]);
      hub.send([
        'auth',
        {
          sig: nodeEd25519.sign(
            linkAuthMessage(isc.publicKey, challenge, hello[1].key, hello[1].challenge),
            isc.secretKey,
          ),
        },
      ]);
      await hub.waitFor((f) => f[0] === 'have');
      await waitFor('aol to report the link open', async () =>
        (await cluster.links('aol')).some((p) => p.handle === 'isc' && p.direction === 'outbound'),
      );
    } finally {
      await server?.close();
      await cluster.close();
    }
  });
});

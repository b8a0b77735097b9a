/**
 * Replays protocol/test/vectors/frames.json against a real node, as another
 * implementation would (docs/conformance.md): the `ok` script on one connection, then
 * catch-up (`have`, `want`) over a peer link and every subscription filter against a
 * node holding entries 0..7, and a `want` below the floor once its horizon deleted some.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decodeFrame, encodeFrame, exportKeyPair, fromHex, keyPairFromSecret, parseEntry, toHex } from '@arx/protocol';
import { frameVectors as v } from '../../protocol/test/vectors.ts';
import { linkAs } from '../../test/federation/helpers/raw-peer.js';
import { applyHorizon } from '../src/store/horizon.js';
import { getJson, postJson, startTestNode, tempRoot, writeNodeDir } from './helpers/fixture.js';
import { WsClient } from './helpers/ws-client.js';

const entryBytes = (i: number) => fromHex(v.entries[i]!.envelope_hex);

/** A node that is the vector roster's member "hub". */
async function vectorNode() {
  const { root, cleanup } = tempRoot();
  const dir = writeNodeDir(root, 'hub', {}, fromHex(v.roster_hex));
  writeFileSync(join(dir, 'org.key.json'), JSON.stringify(exportKeyPair(keyPairFromSecret(fromHex(v.hub_seed_hex)))));
  const node = await startTestNode(dir, 'hub');
  return {
    node,
    ws: node.listen.ws!,
    base: node.listen.http!,
    async close() {
      await node.close();
      cleanup();
    },
  };
}

test('the ok script: every reply as frames.json states it, in order', async () => {
  const node = await vectorNode();
  try {
    const client = await WsClient.open(node.ws);
    for (const [i, c] of v.ok_script.entries()) {
      const bytes = 'entry' in c.send ? entryBytes(c.send.entry) : fromHex(c.send.bytes_hex);
      client.send(['entry', bytes]);
      const [ok] = (await client.waitCount((f) => f[0] === 'ok', i + 1)).slice(i) as [readonly unknown[]];
      const detail = String(ok[4]);
      assert.deepEqual(
        {
          id_hex: ok[1] === null ? null : toHex(ok[1] as Uint8Array),
          accepted: ok[2],
          reason: ok[3],
          detail_code: detail === '' ? '' : detail.split(':')[0],
          effect: ok[5] ?? null,
        },
        c.expect,
        c.comment,
      );
    }
    await client.close();
  } finally {
    await node.close();
  }
});

describe('against a node holding entries 0..7', () => {
  let node: Awaited<ReturnType<typeof vectorNode>>;
  before(async () => {
    node = await vectorNode();
    for (let i = 0; i < 8; i++) {
      const res = await postJson(node.base, '/v1/entries', { envelope: v.entries[i]!.envelope_hex });
      assert.equal(res.status, 200, v.entries[i]!.comment);
    }
  });
  after(async () => node.close());

  test('catch-up: have, then want, stream exactly what the vectors say', async () => {
    const [have, want] = v.catchup as [(typeof v.catchup)[0], (typeof v.catchup)[0]];
    const haveFrame = decodeFrame(fromHex(have.frame_hex)) as readonly ['have', [Uint8Array, number][]];
    // The isp seed of the handshake vectors is a member: link as isp, announcing the vector's have.
    const isp = keyPairFromSecret(fromHex(v.handshake.a.seed_hex));
    const peer = await linkAs(
      node.ws,
      isp,
      haveFrame[1].map(([o, s]) => [toHex(o), s]),
    );
    const streamed = () =>
      peer.entries().map((b) => {
        const e = parseEntry(b);
        return [e.originHex, e.payload.seq] as const;
      });
    const bySeqs = (expect: { origin_hex: string; seqs: number[] }[]) => expect.reduce((n, e) => n + e.seqs.length, 0);
    const group = (pairs: (readonly [string, number])[]) => {
      const out = new Map<string, number[]>();
      for (const [o, s] of pairs) out.set(o, [...(out.get(o) ?? []), s]);
      return out;
    };
    const asMap = (expect: { origin_hex: string; seqs: number[] }[]) =>
      new Map(expect.map((e) => [e.origin_hex, e.seqs]));

    await peer.waitFor(() => streamed().length >= bySeqs(have.expect), 10_000, 'the catch-up');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(group(streamed()), asMap(have.expect), have.comment);

    const before = streamed().length;
    peer.socket.send(fromHex(want.frame_hex));
    await peer.waitFor(() => streamed().length >= before + bySeqs(want.expect), 10_000, 'the wanted entries');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(group(streamed().slice(before)), asMap(want.expect), want.comment);
    peer.close();
  });

  for (const f of v.filters) {
    test(`filter: ${f.comment}`, async () => {
      const client = await WsClient.open(node.ws);
      client.sendRaw(fromHex(f.sub_hex));
      await client.waitFor((fr) => fr[0] === 'eose');
      const ids = client.frames
        .filter((fr) => fr[0] === 'entry')
        .map((fr) => toHex(parseEntry(fr[1] as Uint8Array).id));
      await client.close();
      assert.deepEqual(
        ids,
        f.matches.map((i) => v.entries[i]!.id_hex),
        JSON.stringify(f.filter),
      );
    });
  }
});

test('past the horizon: a want below the floor gets the horizon frame first, then the log from the floor', async () => {
  const { replay } = v.horizon;
  const node = await vectorNode();
  try {
    for (let i = 0; i < 8; i++) {
      assert.equal((await postJson(node.base, '/v1/entries', { envelope: v.entries[i]!.envelope_hex })).status, 200);
    }
    // Every vector entry is dated long before the default horizon (90 days) ends.
    await applyHorizon(node.node.context);
    for (const [i, e] of v.entries.slice(0, 8).entries()) {
      const status = (await getJson(node.base, `/v1/entries/${e.id_hex}`)).status;
      assert.equal(status, replay.deleted.includes(i) ? 404 : 200, e.comment);
    }
    // Linked as isp at link protocol 3, holding every vector origin's head: nothing to catch up.
    const isp = keyPairFromSecret(fromHex(v.handshake.a.seed_hex));
    const heads = new Map<string, number>();
    for (const e of v.entries.slice(0, 8).map((x) => parseEntry(fromHex(x.envelope_hex)))) {
      heads.set(e.originHex, Math.max(heads.get(e.originHex) ?? 0, e.payload.seq));
    }
    const peer = await linkAs(node.ws, isp, [...heads], 3);
    const wanted = replay.expect[0]!;
    const ofOrigin = () =>
      peer.frames.filter((f) =>
        f[0] === 'entry' ? parseEntry(f[1] as Uint8Array).originHex === wanted.origin_hex : f[0] === 'horizon',
      );
    peer.socket.send(fromHex(replay.want_hex));
    await peer.waitFor(() => ofOrigin().length >= 1 + wanted.seqs.length, 10_000, 'the horizon frame and the entries');
    await new Promise((r) => setTimeout(r, 300));
    const [first, ...rest] = ofOrigin();
    assert.equal(toHex(encodeFrame(first!)), replay.horizon_hex, 'the horizon frame comes first');
    assert.deepEqual(
      rest.map((f) => parseEntry(f[1] as Uint8Array).payload.seq),
      wanted.seqs,
      'then the log from the floor',
    );
    peer.close();
  } finally {
    await node.close();
  }
});

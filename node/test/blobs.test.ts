/**
 * Detached blobs at one node: a `roster` entry committing to a document it does not
 * hold is stored and waits; the document is accepted only with the exact bytes the
 * entry commits to (over HTTP or as `blob` frames), and then adopted; a `fetch` is
 * answered once the blob is held; nothing is stored that no entry commits to.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BlobAssembly, blobChunks, blobDigest, detachedRosterBody, type Frame, fromHex, toHex } from '@arx/protocol';
import { DEFAULT_MEMBERS, getJson, Publisher, postEntry, rosterDocument } from './helpers/fixture.js';
import { type FreshNode, freshNode } from './helpers/fresh-node.js';
import { WsClient } from './helpers/ws-client.js';

async function putBlob(base: string, digest: string, bytes: Uint8Array) {
  const res = await fetch(`${base}/v1/blobs/${digest}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: new Blob([new Uint8Array(bytes)]),
  });
  return { status: res.status, json: await res.json() };
}

describe('detached blobs', () => {
  let env: FreshNode;
  const v2 = rosterDocument([...DEFAULT_MEMBERS, { handle: 'newco', roles: ['reporter'] }], 2);
  const digest = toHex(blobDigest(v2));
  const tampered = v2.slice();
  tampered[tampered.length - 100] ^= 1;
  const aol = new Publisher('aol');

  before(async () => {
    env = await freshNode('isc');
  });
  after(async () => {
    await env.close();
  });

  test('a roster entry whose document is not held is stored and waits for it', async () => {
    const res = await postEntry(env.base, aol.next('roster', detachedRosterBody(v2, 2)));
    assert.equal(res.status, 200);
    assert.equal(res.json.effect, 'pending');
    const status = await getJson(env.base, '/v1/roster/status');
    assert.equal(status.json.version, 1);
    assert.deepEqual(status.json.wantedBlobs, [digest]);
  });

  test('a blob nothing commits to, or bytes that do not match the digest, are refused', async () => {
    const other = toHex(blobDigest(tampered));
    assert.equal((await putBlob(env.base, other, tampered)).json.error.code, 'ARX_NODE_UNKNOWN_BLOB');
    const wrong = await putBlob(env.base, digest, tampered);
    assert.equal(wrong.status, 400);
    assert.equal(wrong.json.error.code, 'ARX_PROTO_BLOB_MISMATCH');

    const client = await WsClient.open(env.ws);
    for (const c of blobChunks(tampered, fromHex(digest))) client.send(['blob', c.digest, c.offset, c.total, c.chunk]);
    const notice = await client.waitFor((f) => f[0] === 'notice' && f[1] === 'ARX_PROTO_BLOB_MISMATCH');
    assert.ok(notice);
    client.send(['fetch', blobDigest(Uint8Array.of(1))]);
    await client.waitFor((f) => f[0] === 'notice' && f[1] === 'ARX_NODE_UNKNOWN_BLOB');
    client.close();
    assert.equal((await getJson(env.base, '/v1/status')).json.rosterVersion, 1);
    assert.equal((await getJson(env.base, `/v1/blobs/${digest}`)).status, 404);
  });

  test('the exact document is stored and adopted, and a waiting fetch is answered with it', async () => {
    const asker = await WsClient.open(env.ws);
    asker.send(['fetch', fromHex(digest)]);
    // The node waits for the blob itself: the fetch is answered once it arrives.
    const stored = await putBlob(env.base, digest, v2);
    assert.deepEqual(stored.json, { digest, stored: true, held: true });
    assert.equal((await getJson(env.base, '/v1/status')).json.rosterVersion, 2);
    const assembly = new BlobAssembly({ digest: fromHex(digest), size: v2.length });
    let blob: Uint8Array | undefined;
    const isBlob = (f: Frame) => f[0] === 'blob';
    const frames = await asker.waitCount(isBlob, Math.ceil(v2.length / (48 * 1024)));
    for (const f of frames) {
      const [, d, offset, total, chunk] = f as readonly ['blob', Uint8Array, number, number, Uint8Array];
      blob = assembly.add({ digest: d, offset, total, chunk }) ?? blob;
    }
    assert.deepEqual(blob, v2);
    asker.close();
    const status = await getJson(env.base, '/v1/roster/status');
    assert.deepEqual(status.json.wantedBlobs, []);
    assert.equal(status.json.digest, digest);
    const res = await fetch(`${env.base}/v1/blobs/${digest}`);
    assert.deepEqual(new Uint8Array(await res.arrayBuffer()), v2);
  });

  test('a detached version not above the one held changes nothing and is not fetched', async () => {
    const old = rosterDocument(DEFAULT_MEMBERS, 2);
    const res = await postEntry(env.base, aol.next('roster', detachedRosterBody(old, 2)));
    assert.equal(res.json.effect, 'no-effect');
    const status = await getJson(env.base, '/v1/roster/status');
    assert.deepEqual(status.json.wantedBlobs, []);
    assert.equal(status.json.version, 2);
  });
});

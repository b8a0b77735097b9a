/**
 * Nothing is acknowledged before it is durable: a node killed with SIGKILL in the
 * middle of a stream of publishes still holds, after a restart, every entry it said
 * `ok` to — and the origin's log has no gap.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHex } from '@arx/protocol';
import { getJson, Publisher, reportBody, tempRoot, writeNodeDir } from './helpers/fixture.js';
import { spawnNode } from './helpers/spawn.js';
import { WsClient } from './helpers/ws-client.js';

const TOTAL = 1200;
const WINDOW = 400;
const KILL_AFTER = 600;

test('entries acknowledged before a SIGKILL are all there after a restart, with no gap', async () => {
  const { root, cleanup } = tempRoot('arx-durability-');
  try {
    // No receipt of the node's own during the test: the entry count is the publisher's log alone.
    const dir = writeNodeDir(root, 'isc', { receipts: { intervalSeconds: 3600 } });
    const aol = new Publisher('aol');
    const entries = Array.from({ length: TOTAL }, (_, i) =>
      aol.next('report', reportBody(`192.0.2.${i % 250}/32`, i % 2 ? 'spam.source' : 'phishing')),
    );
    const first = await spawnNode(dir);
    const client = await WsClient.open(first.listen.ws!);
    const acknowledged = new Set<string>();
    let answered = 0;
    let sent = 0;
    let killed = false;
    const killedAt = new Promise<void>((resolve) => {
      client.onFrame((f) => {
        if (f[0] !== 'ok') return;
        answered++;
        if (f[2] === true) acknowledged.add(toHex(f[1] as Uint8Array));
        if (!killed && answered >= KILL_AFTER) {
          killed = true;
          first.child.kill('SIGKILL');
          resolve();
          return;
        }
        // Keep a window of entries in flight.
        while (!killed && sent < TOTAL && sent - answered < WINDOW) client.send(['entry', entries[sent++]!.bytes]);
      });
    });
    while (sent < WINDOW) client.send(['entry', entries[sent++]!.bytes]);
    await killedAt;
    const exit = await first.exited;
    assert.equal(exit.signal, 'SIGKILL');
    await client.closed;
    assert.ok(acknowledged.size >= KILL_AFTER - 10, `${acknowledged.size} acknowledged before the kill`);
    assert.ok(sent > acknowledged.size, 'entries were still in flight when the node died');

    const second = await spawnNode(dir);
    try {
      const base = second.listen.http!;
      const status = (await getJson(base, '/v1/status')).json;
      const head = status.heads.find((h: { handle: string }) => h.handle === 'aol');
      assert.ok(head, 'the origin has a head');
      // Entries were sent in seq order, so what survived is a prefix of the chain that
      // covers everything acknowledged.
      assert.ok(head.seq >= acknowledged.size, `head ${head.seq} < ${acknowledged.size} acknowledged`);
      assert.equal(status.entries, head.seq, 'every stored entry is in the log');
      assert.equal(head.id, entries[head.seq - 1]!.idHex);

      const seqs: number[] = [];
      const listed = new Set<string>();
      let cursor: string | null = null;
      do {
        const page = (await getJson(base, `/v1/entries?origin=aol&limit=1000${cursor ? `&cursor=${cursor}` : ''}`))
          .json;
        for (const e of page.entries as { id: string; seq: number }[]) {
          seqs.push(e.seq);
          listed.add(e.id);
        }
        cursor = page.next;
      } while (cursor);
      assert.deepEqual(
        seqs,
        Array.from({ length: head.seq }, (_, i) => i + 1),
      );
      for (const id of acknowledged) assert.ok(listed.has(id), `acknowledged ${id} is in the log`);

      // And each acknowledged entry is served by id.
      const ids = [...acknowledged];
      for (let i = 0; i < ids.length; i += 32) {
        const batch = ids.slice(i, i + 32);
        const found = await Promise.all(batch.map((id) => fetch(`${base}/v1/entries/${id}`).then((r) => r.status)));
        assert.deepEqual(
          found,
          batch.map(() => 200),
        );
      }

      // The chain continues where the survivors end.
      const resumed = await WsClient.open(second.listen.ws!);
      resumed.send(['entry', entries[head.seq]!.bytes]);
      const ok = await resumed.waitFor((f) => f[0] === 'ok');
      assert.equal(ok[3], 'accepted');
      await resumed.close();
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  } finally {
    cleanup();
  }
});

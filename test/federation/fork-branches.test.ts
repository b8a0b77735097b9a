/**
 * Forks found by head id. Two sides of a partition each store their own branch of one
 * origin's log; after the partition heals, the heads named in `have` (seq and id)
 * reveal the fork even when both branches have the same length, the proof is
 * exchanged and every node flags the origin, with each entry of the evidence listed
 * under its own seq. The other branch is then never streamed to a node holding the
 * other one — not after the heal, not on any reconnect — and nothing stays held in
 * memory waiting for a predecessor that cannot come.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { VerifiedEntry } from '@arx/protocol';
import { keyFor, postEntry } from '../../node/test/helpers/fixture.js';
import { Cluster, waitFor } from './helpers/cluster.js';
import { signAt } from './helpers/raw-peer.js';

const PREFIX = 3;
/** Branch lengths after the common prefix: sorbs forks with equal lengths, hotmail with unequal ones. */
const BRANCHES = { sorbs: [1, 1], hotmail: [50, 200] } as const;
/** What a reconnect may carry for the forked origins: the proofs, a few entries, never a branch. */
const MAX_PROOF_ENTRIES = 12;

type Origin = keyof typeof BRANCHES;

/** The seq of every entry the test signed, by id. */
const seqOf = new Map<string, number>();

function chain(origin: Origin, from: VerifiedEntry | null, count: number, label: string): VerifiedEntry[] {
  const keys = keyFor(origin);
  const out: VerifiedEntry[] = [];
  let prev = from;
  for (let i = 0; i < count; i++) {
    const seq = (prev?.payload.seq ?? 0) + 1;
    const body = { topic: 'standards' as const, urgency: 'low' as const, text: { en: `${label} ${seq}` } };
    prev = signAt(keys, seq, prev?.id ?? null, 'notice', body);
    seqOf.set(prev.idHex, seq);
    out.push(prev);
  }
  return out;
}

describe('fork detection by head id', () => {
  let cluster: Cluster;

  before(async () => {
    // aol — isc — cnisp1: with isc down, aol and cnisp1 are partitioned.
    cluster = await Cluster.create(['isc', 'aol', 'cnisp1'], {
      links: [
        ['aol', 'isc'],
        ['cnisp1', 'isc'],
      ],
      config: { receipts: { intervalSeconds: 3600 } },
    });
    // One at a time: on a loaded machine three node processes starting at once are slow.
    for (const handle of ['isc', 'aol', 'cnisp1']) await cluster.start(handle);
    await cluster.linked('isc', 2);
  });

  after(async () => {
    await cluster?.close();
  });

  const post = async (handle: string, entries: VerifiedEntry[]) => {
    for (const e of entries) {
      const { status } = await postEntry(cluster.node(handle).http, e);
      assert.equal(status, 200, `${handle} takes seq ${e.payload.seq}`);
    }
  };

  const forkedAt = async (handle: string) => {
    const { forks } = await cluster.status(handle);
    return new Set(forks.map((f) => f.handle));
  };

  test('equal and unequal branches are flagged on every node, and never streamed across', async (t) => {
    const prefixes = new Map<Origin, VerifiedEntry[]>();
    for (const origin of Object.keys(BRANCHES) as Origin[]) {
      const prefix = chain(origin, null, PREFIX, 'common');
      prefixes.set(origin, prefix);
      await post('aol', prefix);
    }
    await cluster.converged();

    await cluster.stop('isc');
    for (const [origin, [a, b]] of Object.entries(BRANCHES) as [Origin, readonly [number, number]][]) {
      const last = prefixes.get(origin)!.at(-1)!;
      await post('aol', chain(origin, last, a, 'aol side'));
      await post('cnisp1', chain(origin, last, b, 'cnisp1 side'));
    }
    await cluster.start('isc');

    for (const handle of ['isc', 'aol', 'cnisp1']) {
      await waitFor(`${handle} to flag both forked origins`, async () => {
        const flagged = await forkedAt(handle);
        return flagged.has('sorbs') && flagged.has('hotmail');
      });
    }

    // Each piece of evidence is an entry of that origin at exactly the seq it is listed under.
    for (const handle of ['isc', 'aol', 'cnisp1']) {
      const { forks } = await cluster.status(handle);
      for (const fork of forks) {
        const ids = new Set<string>();
        for (const { seq, ids: listed } of fork.evidence) {
          for (const id of listed) {
            assert.equal(seqOf.get(id), seq, `${handle}: evidence ${id} of ${fork.handle} listed under its own seq`);
            ids.add(id);
          }
        }
        assert.ok(ids.size >= 2, `${handle}: the fork of ${fork.handle} is proved by two entries`);
      }
    }

    // Reconnect the two edges again and again: each link carries the proofs at most.
    for (let round = 0; round < 2; round++) {
      await Promise.all([cluster.stop('aol'), cluster.stop('cnisp1')]);
      await cluster.start('aol');
      await cluster.start('cnisp1');
      await cluster.linked('isc', 2);
      for (const handle of ['aol', 'cnisp1']) {
        await waitFor(`${handle} to flag the forks again`, async () => (await forkedAt(handle)).has('hotmail'));
      }
      // Long enough for a branch of 150 entries to stream on loopback, had it been sent.
      await new Promise((r) => setTimeout(r, 2000));
      const links = await cluster.links('isc');
      t.diagnostic(
        `round ${round}: ${links.map((l) => `${l.handle} sent ${l.entriesSent}, received ${l.entriesReceived}`).join('; ')}`,
      );
      for (const link of links) {
        assert.ok(
          link.entriesSent <= MAX_PROOF_ENTRIES,
          `round ${round}: isc sent ${link.entriesSent} entries to ${link.handle}: a branch was re-sent`,
        );
        assert.ok(
          link.entriesReceived <= MAX_PROOF_ENTRIES,
          `round ${round}: isc received ${link.entriesReceived} entries from ${link.handle}`,
        );
      }
    }

    // Every node keeps its own branch and holds nothing waiting for a predecessor.
    const headOf = async (handle: string, origin: Origin) =>
      (await cluster.heads(handle)).find((h) => h.handle === origin)!.seq;
    assert.equal(await headOf('aol', 'hotmail'), PREFIX + BRANCHES.hotmail[0]);
    assert.equal(await headOf('cnisp1', 'hotmail'), PREFIX + BRANCHES.hotmail[1]);
    for (const handle of ['isc', 'aol', 'cnisp1']) {
      assert.equal((await cluster.status(handle)).heldEntries, 0, `${handle} holds no entries in memory`);
    }
  });
});

/**
 * A roster the size of a nation: 150 members and 30,000 netblock claims (one member
 * with 5,000), signed 2 of 3 by the stewards, published with `arx roster publish` on
 * one node of a 3-node federation, and adopted by every node — its document far too
 * large for an entry, so it travels detached and is fetched with the entry. Lookups in
 * claimed space answer the right member; a later version without a member cuts that
 * member's node off.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MAX_INLINE_ROSTER_BYTES } from '@arx/protocol';
import { spawnNode } from '../../node/test/helpers/spawn.js';
import { Cluster, waitFor } from './helpers/cluster.js';
import { block24, nationalRoster, providerHandle, signRoster, smallRoster, WIDE_HOLDER } from './helpers/national.js';

const CLI = fileURLToPath(new URL('../../cli/dist/main.js', import.meta.url));
const run = promisify(execFile);

async function arx(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [CLI, ...args], { maxBuffer: 64 * 1024 * 1024 });
}

const HANDLES = ['isc', 'cnisp1', 'aol'];

describe('a national roster', () => {
  let cluster: Cluster;
  const v1 = signRoster(smallRoster(1));
  const national = nationalRoster(2);
  const v2 = signRoster(national);
  const v3 = signRoster(nationalRoster(3, { without: ['aol'] }));

  before(async () => {
    cluster = await Cluster.create(HANDLES, {
      links: [
        ['cnisp1', 'isc'],
        ['aol', 'isc'],
      ],
      config: { receipts: { intervalSeconds: 1 } },
      rosters: Object.fromEntries(HANDLES.map((h) => [h, v1])),
    });
    // One at a time, with a generous liveness deadline: a busy machine starts them slowly.
    for (const h of HANDLES) cluster.node(h).proc = await spawnNode(cluster.node(h).dir, 120_000);
    await cluster.linked('isc', 2);
  });

  after(async () => {
    await cluster?.close();
  });

  test('the roster is a national one, far beyond what one entry carries', () => {
    assert.equal(national.members.length, 150);
    assert.equal(
      national.members.reduce((n, m) => n + m.netblocks.length, 0),
      30_000,
    );
    assert.equal(national.members.find((m) => m.handle === 'cnisp1')?.netblocks.length, 5_000);
    assert.ok(v2.length > 4 * MAX_INLINE_ROSTER_BYTES, `${v2.length} bytes`);
  });

  test('published as a new version on one node, it is adopted by every node', async () => {
    const file = join(cluster.node('isc').dir, 'national-v2.cbor');
    writeFileSync(file, v2);
    const { stdout } = await arx('roster', 'publish', '--dir', cluster.node('isc').dir, '--roster', file, '--json');
    const published = JSON.parse(stdout);
    assert.equal(published.version, 2);
    assert.equal(published.size, v2.length);
    assert.equal(published.claims, 30_000);
    for (const h of HANDLES) {
      await waitFor(`${h} to adopt roster v2`, async () => (await cluster.status(h)).rosterVersion === 2, 60_000);
    }
  });

  test('lookups of addresses in claimed space answer the member with the most specific claim, on every node', async () => {
    // The member holding the /24 with index i (of 10.0.0.0/8), read from the roster itself.
    const holderOf = (i: number) =>
      national.members.find((m) => m.netblocks.some((b) => b.ip[1] === i >> 8 && b.ip[2] === (i & 255)))?.handle;
    assert.match(holderOf(28_700) ?? '', /^p\d{3}$/);
    const cases: [string, string | null | undefined][] = [
      ['10.0.0.1', 'cnisp1'],
      ['10.19.135.200', 'cnisp1'], // the largest member's last /24
      [block24(5_000).replace('.0/24', '.9'), providerHandle(0)],
      [block24(29_998).replace('.0/24', '.1'), providerHandle(145)],
      [block24(29_999).replace('.0/24', '.1'), WIDE_HOLDER], // just past the last provider's claims
      // Inside the carrier's /12: a delegated /24 answers its provider, the rest the carrier.
      [block24(28_700).replace('.0/24', '.77'), holderOf(28_700)],
      ['10.120.0.1', WIDE_HOLDER],
      ['10.200.0.1', null],
    ];
    for (const h of HANDLES) {
      for (const [address, expected] of cases) {
        const res = await cluster.get(h, `/v1/lookup/${address}`);
        assert.equal(res.status, 200);
        assert.equal(res.json.responsible?.handle ?? null, expected, `${h}: ${address}`);
      }
      const contact = await cluster.get(h, '/v1/contacts/10.0.0.1');
      assert.equal(contact.json.source.claim, '10.0.0.0/24');
      assert.deepEqual(contact.json.responsible.contacts.abuse, ['abuse@cnisp1.example']);
    }
    const lookup = await cluster.get('aol', '/v1/lookup/10.0.0.1');
    assert.equal(lookup.json.responsible.claim, '10.0.0.0/24');
    assert.equal(lookup.json.responsible.netblockCount, 5_000);
  });

  test('`arx roster status` shows every member node holding the new version', async () => {
    const status = await waitFor('receipts with roster v2 from every node', async () => {
      const { stdout } = await arx('roster', 'status', '--dir', cluster.node('isc').dir, '--json');
      const s = JSON.parse(stdout);
      const nodes = s.nodes.filter((n: { handle: string }) => HANDLES.includes(n.handle));
      return nodes.every((n: { version: number | null }) => n.version === 2) ? s : undefined;
    });
    assert.equal(status.version, 2);
    assert.equal(status.members, 150);
    assert.equal(status.claims, 30_000);
    const { stdout } = await arx('roster', 'status', '--dir', cluster.node('isc').dir, '--lang', 'zh-CN');
    assert.match(stdout, /名册/);
  });

  test('a version without a member disconnects that member’s node at once', async () => {
    const file = join(cluster.node('isc').dir, 'national-v3.cbor');
    writeFileSync(file, v3);
    await arx('roster', 'publish', '--dir', cluster.node('isc').dir, '--roster', file);
    for (const h of ['isc', 'cnisp1']) {
      await waitFor(`${h} to adopt roster v3`, async () => (await cluster.status(h)).rosterVersion === 3, 60_000);
    }
    await waitFor('isc to drop its link to aol', async () => {
      const links = await cluster.links('isc');
      return links.every((l) => l.handle !== 'aol') && links.some((l) => l.handle === 'cnisp1');
    });
    // aol keeps dialling; isc keeps refusing it: no entry of aol reaches the federation.
    const notice = await cluster.publish('aol', 'notice', {
      topic: 'help',
      urgency: 'low',
      text: { en: 'still here?' },
    });
    const marker = await cluster.publish('isc', 'notice', { topic: 'help', urgency: 'low', text: { en: 'marker' } });
    await waitFor(
      'the marker at cnisp1',
      async () => (await cluster.get('cnisp1', `/v1/entries/${marker.id}`)).status === 200,
    );
    assert.equal((await cluster.get('isc', `/v1/entries/${notice.id}`)).status, 404);
    assert.equal(
      (await cluster.links('isc')).some((l) => l.handle === 'aol'),
      false,
    );
  });
});

/**
 * BIND 9 as a standard secondary of a node's DNSBL zone, on loopback: it transfers the
 * zone (AXFR), then answers a sample of names exactly as the node does; a listing
 * published through the CLI reaches it by NOTIFY and IXFR without waiting for the SOA
 * refresh timer (an hour), and so does a removal. Every transfer is signed with TSIG
 * (RFC 8945): BIND checks each message's MAC. Waits poll a bounded number of times;
 * nothing asserts how fast.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAddress } from '@arx/protocol';
import { queryName } from '../../node/src/dnsbl/index.ts';
import { type DigResult, dig } from '../../node/test/dnsbl/dig.ts';
import { tempRoot, writeNodeDir } from '../../node/test/helpers/fixture.ts';
import { type NodeProcess, spawnNode } from '../../node/test/helpers/spawn.ts';
import { freePorts, waitFor } from '../federation/helpers/cluster.ts';
import { type NamedProcess, requireNamed, startSecondary } from './named.ts';

const ZONE = 'bl.sorbs.arx.test';
const CLI = fileURLToPath(new URL('../../cli/dist/main.js', import.meta.url));
const ip = (address: string) => queryName(parseAddress(address), ZONE);
const TSIG = { name: 'arx-xfr', secret: randomBytes(32).toString('base64') };

/** `dig AXFR` of the zone from the node, with `-y` when given a key; its output. */
function digAxfr(key?: { name: string; secret: string }): Promise<string> {
  const args = [`@127.0.0.1`, '-p', String(dnsPort), ZONE, 'AXFR', '+time=5', '+tries=1'];
  if (key) args.push('-y', `hmac-sha256:${key.name}:${key.secret}`);
  return new Promise((resolve) =>
    execFile('dig', args, { timeout: 20_000 }, (_error, stdout, stderr) => resolve(`${stdout}${stderr}`)),
  );
}

let root: ReturnType<typeof tempRoot>;
let node: NodeProcess;
let named: NamedProcess;
let nodeDir: string;
let dnsPort: number;

/** Runs `arx … --json` against the node and returns the parsed output. */
function arx(...args: string[]): Promise<{ id: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI, ...args, '--dir', nodeDir, '--json'],
      { env: { ...process.env, ARX_LANG: 'en' }, timeout: 30_000 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`arx ${args.join(' ')}: ${stderr}`)) : resolve(JSON.parse(stdout)),
    );
  });
}

const publish = (list: string, target: string, reason: string, op = 'add') =>
  arx('publish', 'listing', '--list', list, '--target', target, '--reason', reason, '--op', op);

/** What a secondary must answer alike: status, answer records without TTL, authority types. */
function comparable(r: DigResult) {
  return {
    status: r.status,
    answer: r.answer.map((x) => `${x.name.toLowerCase()} ${x.type} ${x.data}`).sort(),
    authority: r.authority.map((x) => x.type),
  };
}

before(async () => {
  requireNamed();
  root = tempRoot('arx-bind-');
  [dnsPort] = await freePorts(1);
  const [bindPort] = await freePorts(1);
  nodeDir = writeNodeDir(root.root, 'sorbs', {
    http: { host: '127.0.0.1', port: 0 },
    dnsbl: {
      enabled: true,
      host: '127.0.0.1',
      port: dnsPort,
      zone: ZONE,
      nsName: 'ns1.sorbs.example',
      contact: 'dnsbl@sorbs.example',
      removalUrl: 'https://sorbs.example/removal?id={id}',
      secondaries: [`127.0.0.1:${bindPort}`],
      notifyDelayMs: 200,
      tsigKeys: [TSIG],
    },
  });
  node = await spawnNode(nodeDir);
  await publish('spam-source', '192.0.2.0/24', 'spam.source');
  await publish('open-relay', '192.0.2.7/32', 'relay.open');
  await publish('open-proxy', '2001:db8:1:2::/64', 'proxy.open');
  await publish('spamvertised-site', 'spam.example', 'site.spamvertised');
  await publish('spamvertised-site', 'shop.spam.example', 'phishing');
  const dir = join(root.root, 'named');
  mkdirSync(dir);
  named = await startSecondary({ dir, port: bindPort!, zone: ZONE, primaryPort: dnsPort!, tsigKey: TSIG });
});

after(async () => {
  await named?.stop();
  node?.child.kill('SIGTERM');
  await node?.exited;
  root?.cleanup();
});

const SAMPLE: { label: string; name: string }[] = [
  { label: 'IPv4 in a /24 and as a /32 of another list', name: ip('192.0.2.7') },
  { label: 'IPv4 in the /24 only', name: ip('192.0.2.200') },
  { label: 'unlisted IPv4', name: ip('198.51.100.1') },
  { label: 'IPv6 in a listed /64', name: ip('2001:db8:1:2::beef') },
  { label: 'IPv6 in the next /64', name: ip('2001:db8:1:3::beef') },
  { label: 'listed domain', name: `spam.example.${ZONE}` },
  { label: 'name below a listed domain', name: `www.spam.example.${ZONE}` },
  { label: 'listed subdomain of a listed domain', name: `shop.spam.example.${ZONE}` },
  { label: 'below the listed subdomain', name: `a.b.shop.spam.example.${ZONE}` },
  { label: 'unlisted domain', name: `ham.example.${ZONE}` },
  { label: 'RFC 5782 test entry', name: `2.0.0.127.${ZONE}` },
  { label: 'RFC 5782 never-listed', name: `1.0.0.127.${ZONE}` },
  { label: 'RFC 5782 domain test entry', name: `test.${ZONE}` },
  { label: 'RFC 5782 INVALID', name: `invalid.${ZONE}` },
];

test('BIND transfers the zone (AXFR) and answers a sample of names exactly as the node does', async () => {
  const soa = await waitFor(
    'BIND to load the zone',
    async () => {
      const r = await dig(named.port, ZONE, 'SOA');
      return r.status === 'NOERROR' && r.answer.length === 1 ? r : undefined;
    },
    90_000,
    250,
  );
  assert.ok(soa.flags.includes('aa'), 'BIND is authoritative for the zone');
  // The node may seal one more serial after BIND's first transfer (the last publish's
  // changes, sealed at most notifyDelayMs later); its NOTIFY brings BIND up to it.
  await waitFor(
    'BIND at the node’s serial',
    async () =>
      JSON.stringify(comparable(await dig(named.port, ZONE, 'SOA'))) ===
      JSON.stringify(comparable(await dig(dnsPort, ZONE, 'SOA'))),
    30_000,
    250,
  );
  assert.deepEqual(
    comparable(await dig(named.port, ZONE, 'SOA')),
    comparable(await dig(dnsPort, ZONE, 'SOA')),
    'same SOA, same serial',
  );
  assert.deepEqual(comparable(await dig(named.port, ZONE, 'NS')), comparable(await dig(dnsPort, ZONE, 'NS')));
  let listed = 0;
  for (const q of SAMPLE) {
    for (const type of ['A', 'TXT']) {
      const fromNode = comparable(await dig(dnsPort, q.name, type));
      // Asked again (at most twice more, a second apart) if BIND differs: once in a full
      // test run BIND gave one NOERROR without SOA for an unlisted name right after the
      // transfer, and answered as the node on every other query; not explained yet.
      let fromBind = comparable(await dig(named.port, q.name, type));
      for (let retry = 0; retry < 2 && JSON.stringify(fromBind) !== JSON.stringify(fromNode); retry++) {
        await new Promise((r) => setTimeout(r, 1000));
        fromBind = comparable(await dig(named.port, q.name, type));
      }
      assert.deepEqual(fromBind, fromNode, `${q.label} (${type}) ${q.name}`);
      if (fromNode.answer.length > 0) listed++;
    }
  }
  assert.ok(listed >= 14, `the sample is not vacuous (${listed} listed answers)`);
  assert.match(named.log(), /transfer of '[^']+' from 127\.0\.0\.1#\d+: Transfer status: success/);
});

test('a listing published through the CLI reaches BIND by NOTIFY and IXFR, and so does its removal', async () => {
  const name = ip('203.0.113.9');
  assert.equal((await dig(named.port, name, 'A')).status, 'NXDOMAIN');
  const listing = await publish('open-relay', '203.0.113.9/32', 'relay.open');
  const arrived = await waitFor(
    'the new listing on BIND',
    async () => {
      const r = await dig(named.port, name, 'TXT');
      return r.status === 'NOERROR' && r.answer.length > 0 ? r : undefined;
    },
    30_000,
    250,
  );
  assert.match(arrived.answer[0]!.data, new RegExp(`arx delist request ${listing.id} --remediation relay-closed`));
  assert.deepEqual(comparable(arrived), comparable(await dig(dnsPort, name, 'TXT')));

  await publish('spam-source', '192.0.2.0/24', 'spam.source', 'remove');
  await waitFor(
    'the removal on BIND',
    async () => (await dig(named.port, ip('192.0.2.200'), 'A')).status === 'NXDOMAIN',
    30_000,
    250,
  );
  // The /32 inside the removed /24 keeps its own listing.
  const inside = comparable(await dig(named.port, ip('192.0.2.7'), 'A'));
  assert.deepEqual(inside.answer, [`${ip('192.0.2.7')}. A 127.0.0.3`]);
  assert.deepEqual(inside, comparable(await dig(dnsPort, ip('192.0.2.7'), 'A')));

  const log = named.log();
  assert.match(log, /received notify for zone/, 'BIND was notified');
  assert.doesNotMatch(log, /not exact|failed while receiving|Transfer status: (?!success)/, 'no failed transfer');
  // The node's counters: the first transfer was the whole zone, the later ones incremental.
  const metrics = await (await fetch(`${node.listen.http}/metrics`)).text();
  const count = (kind: string) =>
    Number(new RegExp(`arx_dnsbl_transfers_total\\{kind="${kind}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
  assert.ok(count('ixfr') >= 2, `two incremental transfers at least:\n${metrics}`);
  assert.ok(count('ixfr-axfr') + count('axfr') >= 1, 'the first transfer was the whole zone');
  assert.match(metrics, /arx_dnsbl_notify_total\{event="answered"\} [1-9]/);
});

test('a transfer needs the TSIG key: unsigned it is refused, with a wrong secret it fails', async () => {
  const signed = await digAxfr(TSIG);
  assert.match(signed, /SOA/, signed);
  assert.doesNotMatch(
    signed,
    /Transfer failed|tsig verify failure|BADSIG|BADKEY|BADTIME/i,
    'dig verified every message',
  );
  const unsigned = await digAxfr();
  assert.match(unsigned, /Transfer failed|REFUSED/i, unsigned);
  const forged = await digAxfr({ name: TSIG.name, secret: randomBytes(32).toString('base64') });
  assert.match(forged, /Transfer failed/, forged);
  assert.match(forged, /BADSIG|BADKEY|NOTAUTH/, 'the node said why');
  assert.doesNotMatch(forged, /IN\s+NS/, 'nothing of the zone was sent');
  const metrics = await (await fetch(`${node.listen.http}/metrics`)).text();
  assert.match(metrics, /arx_dnsbl_transfers_total\{kind="tsig-failed"\} [1-9]/);
});

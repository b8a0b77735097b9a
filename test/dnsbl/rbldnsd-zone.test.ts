/**
 * An rbldnsd mirror of a node's whole DNSBL zone: `arx lists export --zone --format
 * rbldnsd --out DIR` writes the three datasets, rbldnsd serves them, and dig gets the
 * same answers from rbldnsd as from the node for more than fifty names (listed,
 * unlisted, nested prefixes across lists, IPv6, domains and subdomains, test entries,
 * SOA, NS). A second export without changes writes nothing; a change rewrites only the
 * dataset it touches.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAddress } from '@arx/protocol';
import { queryName } from '../../node/src/dnsbl/index.ts';
import { type DigResult, dig } from '../../node/test/dnsbl/dig.ts';
import { findRbldnsd, type RbldnsdProcess, startRbldnsd } from '../../node/test/dnsbl/rbldnsd.ts';
import { OPERATOR_TOKEN, postJson, tempRoot, writeNodeDir } from '../../node/test/helpers/fixture.ts';
import { type NodeProcess, spawnNode } from '../../node/test/helpers/spawn.ts';
import { freePorts, waitFor } from '../federation/helpers/cluster.ts';

const ZONE = 'bl.sorbs.arx.test';
const CLI = fileURLToPath(new URL('../../cli/dist/main.js', import.meta.url));

const LISTINGS: [list: string, target: string, reason: string][] = [
  ['spam-source', '192.0.2.0/24', 'spam.source'],
  ['open-relay', '192.0.2.7/32', 'relay.open'],
  ['open-proxy', '192.0.2.7/32', 'proxy.open'],
  ['dynamic', '198.51.100.0/22', 'policy.dynamic'],
  ['non-conforming-list', '203.0.113.128/25', 'spam.bulk-unconfirmed'],
  ['spam-source', '203.0.113.200/32', 'spam.source'],
  ['open-proxy', '2001:db8:1:2::/64', 'proxy.open'],
  ['spam-source', '2001:db8:ff::/48', 'spam.source'],
  ['open-relay', '2001:db8:5::1/128', 'relay.open'],
  ['spamvertised-site', 'spam.example', 'site.spamvertised'],
  ['spamvertised-site', 'shop.spam.example', 'phishing'],
  ['spamvertised-site', 'bad.example.net', 'site.spamvertised'],
];

const v4 = [
  '192.0.2.0',
  '192.0.2.1',
  '192.0.2.6',
  '192.0.2.7',
  '192.0.2.8',
  '192.0.2.255',
  '192.0.1.255',
  '192.0.3.0',
  '198.51.100.0',
  '198.51.101.17',
  '198.51.103.255',
  '198.51.104.0',
  '198.51.99.255',
  '203.0.113.127',
  '203.0.113.128',
  '203.0.113.199',
  '203.0.113.200',
  '203.0.113.201',
  '203.0.113.255',
  '203.0.114.1',
  '8.8.8.8',
  '10.0.0.1',
  '127.0.0.2',
  '127.0.0.1',
];
const v6 = [
  '2001:db8:1:2::',
  '2001:db8:1:2::1',
  '2001:db8:1:2:ffff:ffff:ffff:ffff',
  '2001:db8:1:3::',
  '2001:db8:1:1:ffff::1',
  '2001:db8:ff::1',
  '2001:db8:ff:ffff::1',
  '2001:db8:fe::1',
  '2001:db8:5::1',
  '2001:db8:5::2',
  '2001:db8::1',
  '::ffff:7f00:2',
  '::ffff:7f00:1',
];
const domains = [
  'spam.example',
  'www.spam.example',
  'a.b.spam.example',
  'shop.spam.example',
  'x.shop.spam.example',
  'example',
  'ham.example',
  'bad.example.net',
  'cdn.bad.example.net',
  'example.net',
  'good.example.net',
  'test',
  'invalid',
];
const NAMES = [
  ...v4.map((a) => queryName(parseAddress(a), ZONE)),
  ...v6.map((a) => queryName(parseAddress(a), ZONE)),
  ...domains.map((d) => `${d}.${ZONE}`),
];

let root: ReturnType<typeof tempRoot>;
let node: NodeProcess;
let rbldnsd: RbldnsdProcess | undefined;
let nodeDir: string;
let dnsPort: number;
let out: string;
const rbldnsdPath = findRbldnsd();

function arx(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI, ...args, '--dir', nodeDir],
      { env: { ...process.env, ARX_LANG: 'en' }, timeout: 30_000 },
      (error, _stdout, stderr) => (error ? reject(new Error(`arx ${args.join(' ')}: ${stderr}`)) : resolve(stderr)),
    );
  });
}
const exportZone = () => arx('lists', 'export', '--zone', '--format', 'rbldnsd', '--out', out);
const publish = async (list: string, target: string, reason: string) => {
  const r = await postJson(
    node.listen.http!,
    '/v1/publish',
    { kind: 'listing', body: { list, op: 'add', target, reason } },
    OPERATOR_TOKEN,
  );
  assert.equal(r.status, 200, JSON.stringify(r.json));
};

before(async () => {
  root = tempRoot('arx-rbldnsd-zone-');
  out = join(root.root, 'mirror');
  [dnsPort] = await freePorts(1);
  nodeDir = writeNodeDir(root.root, 'sorbs', {
    http: { host: '127.0.0.1', port: 0 },
    dnsbl: {
      enabled: true,
      host: '127.0.0.1',
      port: dnsPort,
      zone: ZONE,
      nsName: 'ns1.sorbs.example',
      contact: 'dnsbl@sorbs.example',
      removalUrl: 'https://sorbs.example/r/{id}',
      // dig asks each name twice per server; rate limiting is tested in test/abuse.
      rrlResponsesPerSecond: 0,
    },
  });
  node = await spawnNode(nodeDir);
  for (const l of LISTINGS) await publish(...l);
  // The zone's serial has advanced past the listings: the export names that version.
  await waitFor(
    'the zone to include the listings',
    async () => (await dig(dnsPort, `bad.example.net.${ZONE}`, 'A')).answer.length > 0,
  );
  await exportZone();
  if (rbldnsdPath) {
    rbldnsd = await startRbldnsd(rbldnsdPath, ZONE, out, [
      ['ip4set', 'ip4set'],
      ['ip6trie', 'ip6trie'],
      ['dnset', 'dnset'],
    ]);
  }
});

after(async () => {
  await rbldnsd?.stop();
  node?.child.kill('SIGTERM');
  await node?.exited;
  root?.cleanup();
});

function comparable(r: DigResult) {
  const records = (list: DigResult['answer']) =>
    list.map((x) => `${x.name.toLowerCase()} ${x.ttl} ${x.type} ${x.data}`).sort();
  return { status: r.status, answer: records(r.answer), authority: records(r.authority) };
}

test('rbldnsd serving the --zone export answers more than fifty names exactly as the node does', async (t) => {
  if (!rbldnsd) return t.skip('rbldnsd not installed (Debian package rbldnsd)');
  assert.ok(NAMES.length >= 50, `${NAMES.length} names`);
  let listed = 0;
  for (const name of NAMES) {
    for (const type of ['A', 'TXT']) {
      const fromNode = comparable(await dig(dnsPort, name, type));
      assert.deepEqual(comparable(await dig(rbldnsd.port, name, type)), fromNode, `${type} ${name}`);
      if (fromNode.answer.length) listed++;
    }
  }
  assert.ok(listed >= 40, `the comparison is not vacuous: ${listed} listed answers`);
  for (const type of ['SOA', 'NS']) {
    assert.deepEqual(comparable(await dig(rbldnsd.port, ZONE, type)), comparable(await dig(dnsPort, ZONE, type)), type);
  }
});

test('the export writes nothing when nothing changed, and only the dataset a change touches', async () => {
  const mtimes = () =>
    Object.fromEntries(['ip4set', 'ip6trie', 'dnset'].map((f) => [f, statSync(join(out, f)).mtimeMs]));
  const before = mtimes();
  assert.match(await exportZone(), /zone unchanged/);
  assert.deepEqual(mtimes(), before, 'no file rewritten');
  await publish('open-relay', '198.51.100.25/32', 'relay.open');
  await waitFor(
    'the new listing in the zone',
    async () => (await dig(dnsPort, queryName(parseAddress('198.51.100.25'), ZONE), 'A')).answer.length === 2,
  );
  assert.match(await exportZone(), /wrote ip4set in/);
  const after = mtimes();
  assert.notEqual(after['ip4set'], before['ip4set']);
  assert.equal(after['ip6trie'], before['ip6trie']);
  assert.equal(after['dnset'], before['dnset']);
});

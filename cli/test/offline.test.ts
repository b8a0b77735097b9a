import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseConfig } from '@arx/node';
import { parsePrefix, prefixContains, readRosterDocument, verifyRosterDocument } from '@arx/protocol';
import { providerNetblocks } from '../src/federation.js';
import { arx, tempDir } from './helpers.js';

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const mode = (path: string) => statSync(path).mode & 0o777;

test('init creates key, token, config and member.json; secrets are 0600; the config parses', async () => {
  const dir = join(tempDir(), 'cnisp1');
  const r = await arx(
    'init',
    '--dir',
    dir,
    '--handle',
    'cnisp1',
    '--name-en',
    'China ISP 1',
    '--name-zh',
    '中国网络运营商 1',
    '--role',
    'provider',
    '--netblock',
    '192.0.2.0/24',
    '--netblock',
    '2001:db8:1::/48',
    '--abuse-email',
    'abuse@cnisp1.example',
    '--escalation-email',
    'noc@cnisp1.example',
    '--http-port',
    '7401',
    '--peer',
    'ws://127.0.0.1:7400/v1/ws',
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(mode(join(dir, 'org.key.json')), 0o600);
  assert.equal(mode(join(dir, 'operator.token')), 0o600);
  assert.match(readFileSync(join(dir, 'operator.token'), 'utf8'), /^[0-9a-f]{64}$/);
  const config = parseConfig(readJson(join(dir, 'arx.config.json')), dir);
  assert.equal(config.handle, 'cnisp1');
  assert.equal(config.http.port, 7401);
  assert.deepEqual(config.peers, [{ url: 'ws://127.0.0.1:7400/v1/ws' }]);
  const member = readJson(join(dir, 'member.json'));
  assert.equal(member.key, readJson(join(dir, 'org.key.json')).publicKey);
  assert.match(member.id, /^arx1/);
  assert.deepEqual(member.names, { en: 'China ISP 1', 'zh-CN': '中国网络运营商 1' });
  assert.deepEqual(member.netblocks, ['192.0.2.0/24', '2001:db8:1::/48']);
  assert.deepEqual(member.contacts, { abuse: ['abuse@cnisp1.example'], escalation: ['noc@cnisp1.example'] });
  const again = await arx('init', '--dir', dir, '--handle', 'cnisp1');
  assert.equal(again.code, 1);
  assert.match(again.stderr, /exists and is not empty/);
});

test('init refuses bad input with exit 2 and says what would be right', async () => {
  const dir = join(tempDir(), 'x');
  const cases: [string[], RegExp][] = [
    [['--handle', 'CNISP'], /'CNISP' is not a handle/],
    [['--handle', 'x', '--netblock', '192.0.2.9/24'], /did you mean 192\.0\.2\.0\/24\?/],
    [['--handle', 'x', '--role', 'isp'], /'isp' is not a role code \(--role\); valid codes: reporter, provider/],
    [['--handle', 'x', '--http-port', '70000'], /not a whole number from 0 to 65535 \(--http-port\)/],
    [['--handle', 'x', '--peer', 'http://h/v1/ws'], /not a websocket URL/],
  ];
  for (const [args, pattern] of cases) {
    const r = await arx('init', '--dir', dir, ...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.split('\n').length, 2, 'one line');
  }
});

test('keygen writes a 0600 key and refuses to overwrite; key show prints the arx1 id', async () => {
  const file = join(tempDir(), 'steward.key.json');
  const r = await arx('keygen', '--out', file);
  assert.equal(r.code, 0);
  assert.equal(mode(file), 0o600);
  const id = r.stdout.trim();
  assert.equal(id, readJson(file).id);
  assert.equal((await arx('key', 'show', '--key', file)).stdout.trim(), id);
  assert.equal((await arx('keygen', '--out', file)).code, 1);
});

test('roster: draft, add, k-of-n signing, edit moves the version, verify against the held one', async () => {
  const dir = tempDir();
  const s1 = join(dir, 's1.key.json');
  const s2 = join(dir, 's2.key.json');
  await arx('keygen', '--out', s1);
  const s2id = (await arx('keygen', '--out', s2)).stdout.trim();
  const draft = join(dir, 'roster.draft.json');
  const signed = join(dir, 'roster.cbor');
  let r = await arx('roster', 'create', '--out', draft, '--steward-key', s1, '--steward', s2id, '--threshold', '2');
  assert.equal(r.code, 0, r.stderr);
  await arx('init', '--dir', join(dir, 'n1'), '--handle', 'cnisp1', '--netblock', '192.0.2.0/24');
  r = await arx('roster', 'add', '--roster', draft, '--member', join(dir, 'n1', 'member.json'));
  assert.equal(r.code, 0, r.stderr);
  r = await arx(
    'roster',
    'add',
    '--roster',
    dir,
    '--key',
    s2id,
    '--handle',
    'aol',
    '--abuse-email',
    'abuse@aol.example',
  );
  assert.equal(r.code, 0, r.stderr);
  r = await arx('roster', 'add', '--roster', draft, '--key', s2id, '--handle', 'aol', '--abuse-email', 'a@b.example');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /aol is already in the roster/);

  assert.equal((await arx('roster', 'sign', '--roster', draft, '--steward-key', s1)).code, 0);
  r = await arx('roster', 'verify', '--roster', signed);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /ARX_PROTO_ROSTER_THRESHOLD/);
  r = await arx('roster', 'sign', '--roster', signed, '--steward-key', s2);
  assert.match(r.stdout, /complete/);
  const v1 = readFileSync(signed);
  assert.equal(verifyRosterDocument(new Uint8Array(v1)).roster.version, 1);
  const held = join(dir, 'held.cbor');
  writeFileSync(held, v1);

  r = await arx('roster', 'update', '--roster', draft, '--handle', 'aol', '--name-zh', '美国在线');
  assert.match(r.stdout, /version 2/);
  await arx('roster', 'sign', '--roster', draft, '--steward-key', s2);
  await arx('roster', 'sign', '--roster', draft, '--steward-key', s1);
  r = await arx('roster', 'verify', '--roster', signed, '--held', held, '--json');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual({ version: JSON.parse(r.stdout).version, held: JSON.parse(r.stdout).held }, { version: 2, held: 1 });
  r = await arx('roster', 'verify', '--roster', held, '--held', signed);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /ARX_PROTO_ROSTER_ROLLBACK/);
  const shown = JSON.parse((await arx('roster', 'show', '--roster', dir, '--json')).stdout);
  assert.equal(shown.status, 'signed');
  assert.deepEqual(
    shown.members.map((m: { handle: string; names: Record<string, string> }) => [m.handle, m.names['zh-CN'] ?? null]),
    [
      ['cnisp1', null],
      ['aol', '美国在线'],
    ],
  );
  const outsider = join(dir, 'o.key.json');
  await arx('keygen', '--out', outsider);
  r = await arx('roster', 'sign', '--roster', draft, '--steward-key', outsider);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /is not a steward of this roster/);
});

test('federation init: node dirs, roles by handle, distinct documentation netblocks, star peers, DNSBL for the list operator', async () => {
  const dir = join(tempDir(), 'fed');
  const r = await arx(
    'federation',
    'init',
    '--dir',
    dir,
    '--members',
    'isc,cnisp1,cnisp2,aol,hotmail,sorbs,acme',
    '--hub',
    'isc',
    '--base-port',
    '7600',
    '--json',
  );
  assert.equal(r.code, 0, r.stderr);
  const { members } = JSON.parse(r.stdout) as {
    members: { handle: string; dir: string; netblocks: string[]; roles: string[] }[];
  };
  const byHandle = Object.fromEntries(members.map((m) => [m.handle, m]));
  assert.deepEqual(byHandle['isc']!.roles, ['steward', 'observer', 'reporter']);
  assert.deepEqual(byHandle['cnisp1']!.roles, ['provider']);
  assert.deepEqual(byHandle['aol']!.roles, ['reporter']);
  assert.deepEqual(byHandle['sorbs']!.roles, ['list-operator']);
  assert.deepEqual(byHandle['acme']!.roles, ['reporter', 'provider']);
  const blocks = members.flatMap((m) => m.netblocks.map(parsePrefix));
  assert.equal(blocks.length, 6, 'two blocks for each of cnisp1, cnisp2 and acme');
  for (const [i, a] of blocks.entries()) {
    for (const b of blocks.slice(i + 1)) assert.ok(!prefixContains(a, b) && !prefixContains(b, a), 'distinct');
  }
  const roster = readRosterDocument(new Uint8Array(readFileSync(join(dir, 'cnisp1', 'roster.cbor'))));
  assert.equal(roster.roster.members.length, 7);
  verifyRosterDocument(new Uint8Array(readFileSync(join(dir, 'roster.cbor'))));
  for (const m of members) {
    const config = parseConfig(readJson(join(m.dir, 'arx.config.json')), m.dir);
    assert.equal(config.http.port, 7600 + members.indexOf(m));
    assert.deepEqual(
      config.peers.map((p) => p.url),
      m.handle === 'isc' ? [] : ['ws://127.0.0.1:7600/v1/ws'],
    );
    assert.equal(config.dnsbl.enabled, m.handle === 'sorbs');
    // A fixed DNSBL port per member, after the HTTP ports, so that stub zones survive restarts.
    if (m.handle === 'sorbs') assert.equal(config.dnsbl.port, 7600 + members.length + members.indexOf(m));
  }
  assert.equal(parseConfig(readJson(join(dir, 'sorbs', 'arx.config.json')), dir).dnsbl.zone, 'dnsbl.sorbs.arx.test');
  const bad = await arx('federation', 'init', '--dir', join(dir, 'x'), '--members', 'a,b', '--hub', 'c');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /hub 'c' is not one of the members \(a, b\)/);
});

test('start with a wrong config names each wrong field by its path, in English and Chinese, and starts nothing', async () => {
  const dir = join(tempDir(), 'isc');
  const made = await arx('init', '--dir', dir, '--handle', 'isc', '--role', 'reporter');
  assert.equal(made.code, 0, made.stderr);
  const file = join(dir, 'arx.config.json');
  const config = readJson(file);
  writeFileSync(
    file,
    JSON.stringify({ ...config, smtp: { prot: 2525 }, peers: [{ url: 'ws://127.0.0.1:1/v1/ws', hnadle: 'aol' }] }),
  );
  const en = await arx('start', '--dir', dir);
  assert.equal(en.code, 1);
  assert.deepEqual(en.stderr.trimEnd().split('\n').slice(0, 3), [
    'arx: cannot start: node configuration is invalid:',
    '  peers[0].hnadle is not a known field (did you mean peers[0].handle? known here: url, handle)',
    '  smtp.prot is not a known field (did you mean smtp.port? known here: enabled, host, port, maxBytes, maxConnections, maxConnectionsPerClient, maxRecipients, commandTimeoutSeconds, dataTimeoutSeconds, messagesPerMinutePerClient)',
  ]);
  const zh = await arx('start', '--dir', dir, '--lang', 'zh-CN');
  assert.equal(zh.code, 1);
  assert.match(
    zh.stderr,
    /^arx: 无法启动：节点配置无效：\n {2}peers\[0\]\.hnadle 不是已知字段（是否应为 peers\[0\]\.handle？此处可用：url, handle）\n/,
  );
  assert.match(zh.stderr, /\n {2}smtp\.prot 不是已知字段（是否应为 smtp\.port？/);
  assert.equal(existsSync(join(dir, 'data')), false, 'no database was opened');
});

test('provider netblocks stay distinct for any number of providers', () => {
  for (const n of [1, 2, 3, 4, 7, 12, 13, 40]) {
    const blocks = Array.from({ length: n }, (_, i) => providerNetblocks(i, n))
      .flat()
      .map(parsePrefix);
    for (const [i, a] of blocks.entries()) {
      for (const b of blocks.slice(i + 1)) assert.ok(!prefixContains(a, b) && !prefixContains(b, a), `n=${n}`);
    }
  }
  assert.deepEqual(providerNetblocks(0, 2), ['192.0.2.0/24', '2001:db8:1::/48']);
  assert.deepEqual(providerNetblocks(1, 2), ['198.51.100.0/24', '2001:db8:2::/48']);
});

test('codes: every table, labels in the chosen language, JSON form', async () => {
  const zh = await arx('codes', '--table', 'ack-status', '--lang', 'zh-CN');
  assert.match(zh.stdout, /resolved\s+已解决/);
  const json = JSON.parse((await arx('codes', '--json')).stdout);
  assert.deepEqual(json.tables['report-category'][0], {
    code: 'spam.source',
    label: 'Host sending spam',
    en: 'Host sending spam',
    'zh-CN': '发送垃圾邮件的主机',
  });
  const bad = await arx('codes', '--table', 'nope');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /no code table 'nope'; tables: report-category/);
});

test('usage errors are one line with a hint and exit 2; help exits 0', async () => {
  const unknown = await arx('publish', 'report', '--abuot', '1.2.3.4');
  assert.equal(unknown.code, 2);
  assert.equal(
    unknown.stderr,
    "arx: unknown option '--abuot' (did you mean --about?); see 'arx publish report --help'\n",
  );
  const missing = await arx('--lang', 'zh-CN', 'roster', 'remove', '--roster', 'x');
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, "arx: 缺少必需的选项 '--handle <NAME>'；参见 'arx roster remove --help'\n");
  const command = await arx('lookpu');
  assert.equal(command.code, 2);
  assert.match(command.stderr, /unknown command 'lookpu' \(did you mean lookup\?\)/);
  assert.equal((await arx('--lang', 'fr', 'codes')).code, 2);
  const help = await arx('ack', '--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: arx ack \[options\] <REPORT_ID>/);
  assert.match(help.stdout, /Examples:/);
  const zhHelp = await arx('--lang', 'zh-CN', '--help');
  assert.match(zhHelp.stdout, /退出码：0 成功/);
  assert.equal((await arx()).code, 2);
});

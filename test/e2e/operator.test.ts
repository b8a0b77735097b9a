/**
 * An operator's first week, through the built `arx` against a running federation.
 *
 * One request to every list:
 * two list operators list an address (one the address itself, one its /24),
 * `arx delist request --address` files a request with each in one step, and
 * `arx delist status` shows each operator's decision as it arrives, in English,
 * Chinese and JSON. And `arx peers --watch`: catch-up per peer as plain lines or
 * JSON lines when stdout is not a terminal.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { arx, arxJson, CLI, ENV, eventually, type RunningFederation, startFederation } from './helpers.ts';

interface StatusJson {
  address: string;
  listings: {
    id: string;
    operator: string;
    list: string;
    target: string;
    active: boolean;
    requests: { id: string; by: string; mine: boolean; remediation: string[]; decision: null | { decision: string } }[];
  }[];
}
interface FiledJson {
  address: string;
  requests: { listing: string; operator: string; list: string; target: string; outcome: string; request: string }[];
}

let f: RunningFederation;
before(async () => {
  f = await startFederation(['isc', 'cnisp1', 'sorbs', 'spamhaus'], 'isc');
});
after(async () => {
  await f?.stop();
});

describe('arx delist request --address and arx delist status', { timeout: 180_000 }, () => {
  const listings: Record<string, string> = {};

  const list = async (operator: string, listKind: string, target: string, reason: string) => {
    const r = await arxJson<{ id: string }>(
      'publish',
      'listing',
      '--dir',
      f.dir(operator),
      '--list',
      listKind,
      '--target',
      target,
      '--reason',
      reason,
    );
    return r.id;
  };
  const status = (address: string, handle = 'cnisp1') =>
    arxJson<StatusJson>('delist', 'status', address, '--dir', f.dir(handle));

  before(async () => {
    listings['sorbs'] = await list('sorbs', 'open-relay', '192.0.2.77/32', 'relay.open');
    listings['spamhaus'] = await list('spamhaus', 'spam-source', '192.0.2.0/24', 'spam.source');
    // Another address: not part of the request.
    listings['other'] = await list('sorbs', 'open-relay', '192.0.2.99/32', 'relay.open');
    await eventually('both listings of 192.0.2.77 at cnisp1', async () => {
      const s = await status('192.0.2.77');
      return s.listings.length === 2 ? s : undefined;
    });
  });
  test('the command line says which of LISTING_ID and --address it wants', async () => {
    const both = await arx(
      'delist',
      'request',
      listings['sorbs']!,
      '--address',
      '192.0.2.77',
      '--remediation',
      'relay-closed',
      '--dir',
      f.dir('cnisp1'),
    );
    assert.equal(both.code, 2, both.stderr);
    assert.match(both.stderr, /LISTING_ID or --address/);
    const neither = await arx('delist', 'request', '--remediation', 'relay-closed', '--dir', f.dir('cnisp1'));
    assert.equal(neither.code, 2);
    const badAddress = await arx(
      'delist',
      'request',
      '--address',
      '192.0.2.0/24',
      '--remediation',
      'relay-closed',
      '--dir',
      f.dir('cnisp1'),
    );
    assert.equal(badAddress.code, 2, badAddress.stderr);
    const badAction = await arx(
      'delist',
      'request',
      '--address',
      '192.0.2.77',
      '--remediation',
      'prayed',
      '--dir',
      f.dir('cnisp1'),
    );
    assert.equal(badAction.code, 2, badAction.stderr);
  });

  test('one command files a request with every operator that lists the address, and only once', async () => {
    const filed = await arxJson<FiledJson>(
      'delist',
      'request',
      '--address',
      '192.0.2.77',
      '--remediation',
      'relay-closed',
      '--note-en',
      'relay closed on 1 Dec',
      '--dir',
      f.dir('cnisp1'),
    );
    assert.deepEqual(filed.requests.map((r) => [r.operator, r.list, r.target, r.outcome]).sort(), [
      ['sorbs', 'open-relay', '192.0.2.77/32', 'requested'],
      ['spamhaus', 'spam-source', '192.0.2.0/24', 'requested'],
    ]);
    // Asking again files nothing new: each request is still awaiting its decision.
    const again = await arx(
      'delist',
      'request',
      '--address',
      '192.0.2.77',
      '--remediation',
      'relay-closed',
      '--dir',
      f.dir('cnisp1'),
    );
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /already requested, pending/);
    assert.match(again.stdout, /0 request\(s\) filed, 2 already awaiting a decision/);
    const s = await status('192.0.2.77');
    assert.equal(s.listings.length, 2);
    for (const l of s.listings) {
      assert.equal(l.requests.length, 1, `${l.operator}: one request`);
      assert.deepEqual(l.requests[0]!.remediation, ['relay-closed']);
      assert.equal(l.requests[0]!.by, 'cnisp1');
      assert.equal(l.requests[0]!.decision, null);
    }
    const text = await arx('delist', 'status', '192.0.2.77', '--dir', f.dir('cnisp1'));
    assert.match(text.stdout, /2 active listing\(s\); requests: 0 granted, 0 denied, 2 pending/);
  });

  test('each operator’s decision shows up as it arrives', async () => {
    const pendingAt = (operator: string) =>
      eventually(`the request in ${operator}'s queue`, async () => {
        const { requests } = await arxJson<{ requests: { id: string; listing: { id: string } }[] }>(
          'delist',
          'queue',
          '--pending',
          '--dir',
          f.dir(operator),
        );
        return requests.find((r) => r.listing.id === listings[operator]);
      });
    const atSorbs = await pendingAt('sorbs');
    const atSpamhaus = await pendingAt('spamhaus');
    const granted = await arx('delist', 'decide', atSorbs.id, '--grant', '--dir', f.dir('sorbs'));
    assert.equal(granted.code, 0, granted.stderr);
    const sorbsDecided = await eventually('sorbs’s decision at cnisp1', async () => {
      const s = await status('192.0.2.77');
      const sorbs = s.listings.find((l) => l.operator === 'sorbs')!;
      return sorbs.requests[0]!.decision ? s : undefined;
    });
    const bySorbs = sorbsDecided.listings.find((l) => l.operator === 'sorbs')!;
    assert.equal(bySorbs.requests[0]!.decision!.decision, 'granted');
    assert.equal(bySorbs.active, false, 'the granted listing is removed, and still shown');
    const half = await arx('delist', 'status', '192.0.2.77', '--dir', f.dir('cnisp1'));
    assert.match(half.stdout, /1 active listing\(s\); requests: 1 granted, 0 denied, 1 pending/);

    // --watch stops by itself once every request is decided.
    const watcher = spawn(
      process.execPath,
      [CLI, 'delist', 'status', '192.0.2.77', '--watch', '--dir', f.dir('cnisp1')],
      {
        env: ENV,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let watched = '';
    watcher.stdout.on('data', (chunk: Buffer) => {
      watched += chunk;
    });
    const watchExit = new Promise<number | null>((resolve) => watcher.on('exit', resolve));
    // The second decision comes once the watcher has shown its first frame (one pending).
    await eventually('the watcher’s first frame', async () => (/1 pending/.test(watched) ? true : undefined));
    const denied = await arx(
      'delist',
      'decide',
      atSpamhaus.id,
      '--deny',
      '--reason',
      'insufficient-evidence',
      '--dir',
      f.dir('spamhaus'),
    );
    assert.equal(denied.code, 0, denied.stderr);
    const code = await Promise.race([
      watchExit,
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 60_000)),
    ]);
    if (code === 'timeout') watcher.kill('SIGINT');
    assert.equal(code, 0, `--watch ends when all is decided:\n${watched}`);
    assert.match(watched, /1 granted, 0 denied, 1 pending/, 'the first frame');
    assert.match(watched, /1 granted, 1 denied, 0 pending/, 'the frame after the second decision');
    assert.match(watched, /Denied \(Insufficient evidence\)/i);

    const zh = await arx('delist', 'status', '192.0.2.77', '--dir', f.dir('cnisp1'), '--lang', 'zh-CN');
    assert.equal(zh.code, 0, zh.stderr);
    assert.match(zh.stdout, /已批准/);
    assert.match(zh.stdout, /已拒绝/);
    assert.match(zh.stdout, /运营方/);
    assert.match(zh.stdout, /1 个有效条目；请求：1 个批准，1 个拒绝，0 个待定/);
  });

  test('an address nobody lists says so, and only a provider may ask', async () => {
    const none = await arx('delist', 'status', '198.51.100.1', '--dir', f.dir('cnisp1'));
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stdout, /198\.51\.100\.1 is not listed/);
    const filed = await arxJson<FiledJson>(
      'delist',
      'request',
      '--address',
      '198.51.100.1',
      '--remediation',
      'relay-closed',
      '--dir',
      f.dir('cnisp1'),
    );
    assert.deepEqual(filed.requests, []);
    const reporter = await arx(
      'delist',
      'request',
      '--address',
      '192.0.2.99',
      '--remediation',
      'relay-closed',
      '--dir',
      f.dir('isc'),
    );
    assert.equal(reporter.code, 1, reporter.stderr);
    assert.match(reporter.stderr, /ARX_NODE_ROLE_FORBIDDEN/);
  });
});

describe('arx peers --watch', { timeout: 120_000 }, () => {
  test('--until-synced waits for every link, then exits 0; plain lines name each peer', async () => {
    const r = await arx('peers', '--dir', f.dir('isc'), '--watch', '--until-synced', '--interval', '1s');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    const last = lines.slice(-3);
    assert.deepEqual(last.map((l) => l.split(/\s{2,}/)[1]).sort(), ['cnisp1', 'sorbs', 'spamhaus']);
    for (const line of last)
      assert.match(line, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ {2}\w+ {2}open {2}behind 0 {2}rate \S+ {2}eta in sync$/);
  });

  test('--json writes one JSON object a sample until Ctrl-C, and Ctrl-C exits 0', async () => {
    const child = spawn(
      process.execPath,
      [CLI, 'peers', '--dir', f.dir('cnisp1'), '--watch', '--json', '--interval', '1s'],
      {
        env: ENV,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
    });
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await eventually(
      'two samples',
      async () => (out.split('\n').filter(Boolean).length >= 2 ? true : undefined),
      60_000,
    );
    child.kill('SIGINT');
    assert.equal(await exit, 0);
    const samples = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { ts: number; peers: { peer: string; behind: number; rate: number | null }[] });
    assert.ok(samples[1]!.ts > samples[0]!.ts);
    assert.deepEqual(
      samples[0]!.peers.map((p) => p.peer),
      ['isc'],
    );
    assert.equal(samples[0]!.peers[0]!.rate, null, 'no rate from the first sample');
    assert.equal(typeof samples[1]!.peers[0]!.rate, 'number');
  });
});

/**
 * End-to-end: the BUILT `arx` command (node cli/dist/main.js) drives a real local
 * federation made by `arx federation init` and run by `arx federation start`, as an
 * operator would from a shell. Run `tsc -b` first (pnpm test does).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { arx, arxJson, eventually, type RunningFederation, startFederation } from './helpers.ts';

/** A minimal ARF report (RFC 5965 §2) about a documentation address in cnisp1's range. */
const ARF_MESSAGE = `From: fbl@aol.example
To: abuse@cnisp1.example
Subject: Abuse report
Date: Thu, 1 May 2024 08:00:00 +0000
Message-ID: <r1@aol.example>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="b1"

--b1
Content-Type: text/plain

This is an abuse report for a message received from 192.0.2.55.
--b1
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: AOL-FBL/1.0
Version: 1
Source-IP: 192.0.2.55
Arrival-Date: Thu, 1 May 2024 07:59:00 +0000

--b1
Content-Type: message/rfc822

From: sender@bulk.example
To: user@aol.example
Subject: Buy now
Date: Thu, 1 May 2024 07:58:00 +0000
Message-ID: <s1@bulk.example>

Buy now!
--b1--
`;

const MEMBERS = ['isc', 'cnisp1', 'cnisp2', 'aol', 'sorbs'];

interface ReportJson {
  id: string;
  status: string;
  responsible: string | null;
  originHandle: string | null;
}
interface ListingJson {
  id: string;
  target: string;
  active?: boolean;
  removedAt: number | null;
}

describe('arx against a running federation', { timeout: 300_000 }, () => {
  let f: RunningFederation;
  const dir = (handle: string) => f.dir(handle);

  before(async () => {
    f = await startFederation(MEMBERS, 'isc');
  });

  after(async () => {
    await f?.stop();
  });

  let reportId = '';

  test('status names the node and its open peer links', async () => {
    const status = await arxJson<{ handle: string; id: string; rosterVersion: number }>(
      'status',
      '--dir',
      dir('cnisp1'),
    );
    assert.equal(status.handle, 'cnisp1');
    assert.match(status.id, /^arx1/);
    assert.equal(status.rosterVersion, 1);
    const peers = await eventually('all four links at the hub', async () => {
      const { peers } = await arxJson<{ peers: { handle: string; state: string }[] }>('peers', '--dir', dir('isc'));
      const open = peers.filter((p) => p.state === 'open').map((p) => p.handle);
      return open.length === MEMBERS.length - 1 ? open : undefined;
    });
    assert.deepEqual(peers.sort(), ['aol', 'cnisp1', 'cnisp2', 'sorbs']);
  });

  test('a report published by aol reaches cnisp1, the member responsible for the address', async () => {
    const r = await arx(
      'publish',
      'report',
      '--dir',
      dir('aol'),
      '--about',
      '192.0.2.77',
      '--category',
      'spam.source',
      '--count',
      '340',
      '--first',
      '6h',
      '--source',
      'fbl',
      '--note-zh',
      '来自反馈环的投诉',
    );
    assert.equal(r.code, 0, r.stderr);
    reportId = r.stdout.trim();
    assert.match(reportId, /^[0-9a-f]{64}$/);
    const report = await eventually('report at cnisp1', async () => {
      const { reports } = await arxJson<{ reports: ReportJson[] }>('reports', '--dir', dir('cnisp1'), '--to-me');
      return reports.find((x) => x.id === reportId);
    });
    assert.deepEqual([report.originHandle, report.responsible, report.status], ['aol', 'cnisp1', 'published']);
    const table = await arx('reports', '--dir', dir('cnisp1'), '--to-me');
    assert.match(table.stdout, /Host sending spam\s+192\.0\.2\.77\/32\s+aol\s+cnisp1\s+Published\s+340/);
  });

  test('acking a report that is not yours is refused with ARX_NODE_NOT_RESPONSIBLE', async () => {
    const r = await arx('ack', reportId, '--dir', dir('cnisp2'), '--status', 'received');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^arx: the node refused: ARX_NODE_NOT_RESPONSIBLE: /);
    assert.equal(r.stderr.trim().split('\n').length, 1, 'one line, no stack trace');
    const zh = await arx('--lang', 'zh-CN', 'ack', reportId, '--dir', dir('cnisp2'), '--status', 'received');
    assert.match(zh.stderr, /节点拒绝：ARX_NODE_NOT_RESPONSIBLE：只有负责该地址的成员才能执行此操作/);
  });

  test('the responsible member acks; the reporter sees the status change', async () => {
    for (const [status, extra] of [
      ['received', []],
      ['resolved', ['--action', 'relay-closed']],
    ] as const) {
      const r = await arx('ack', reportId, '--dir', dir('cnisp1'), '--status', status, ...extra);
      assert.equal(r.code, 0, r.stderr);
      await eventually(`${status} at aol`, async () => {
        const report = await arxJson<ReportJson>('reports', reportId, '--dir', dir('aol'));
        return report.status === status ? true : undefined;
      });
    }
  });

  test('wrong input is refused locally with exit 2 and the valid choices', async () => {
    const category = await arx('publish', 'report', '--dir', dir('aol'), '--about', '192.0.2.1', '--category', 'spam');
    assert.equal(category.code, 2);
    assert.match(category.stderr, /'spam' is not a report category code \(--category\); valid codes: spam\.source, /);
    const address = await arx(
      'publish',
      'report',
      '--dir',
      dir('aol'),
      '--about',
      '192.0.2.300',
      '--category',
      'spam.source',
    );
    assert.equal(address.code, 2);
    assert.match(address.stderr, /'192\.0\.2\.300' is not an IP address or CIDR prefix \(--about\)/);
    const lookup = await arx('lookup', 'not-an-address!', '--dir', dir('aol'));
    assert.equal(lookup.code, 2);
    const status = await arx('ack', reportId, '--dir', dir('cnisp1'), '--status', 'fixed');
    assert.equal(status.code, 2);
    assert.match(status.stderr, /valid codes: received, investigating, resolved, rejected/);
  });

  test('listing, delisting request, decision: lookups before and after', async () => {
    const listed = await arx(
      'publish',
      'listing',
      '--dir',
      dir('sorbs'),
      '--list',
      'open-relay',
      '--target',
      '192.0.2.77/32',
      '--reason',
      'relay.open',
      '--expires',
      '7d',
    );
    assert.equal(listed.code, 0, listed.stderr);
    const listingId = listed.stdout.trim();
    const before = await eventually('listing at aol', async () => {
      const l = await arxJson<{ listings: ListingJson[]; responsible: { handle: string } }>(
        'lookup',
        '192.0.2.77',
        '--dir',
        dir('aol'),
      );
      return l.listings.some((x) => x.id === listingId) ? l : undefined;
    });
    assert.equal(before.responsible.handle, 'cnisp1');
    const human = await arx('lookup', '192.0.2.77', '--dir', dir('aol'));
    assert.match(human.stdout, /Listed \(1\):/);
    // The hint runs as printed: the remediation that fits an open-relay listing.
    assert.match(human.stdout, new RegExp(`arx delist request ${listingId} --remediation relay-closed`));

    const request = await arx('delist', 'request', listingId, '--dir', dir('cnisp1'), '--remediation', 'relay-closed');
    assert.equal(request.code, 0, request.stderr);
    const requestId = request.stdout.trim();
    await eventually('request in the sorbs queue', async () => {
      const { requests } = await arxJson<{ requests: { id: string }[] }>('delist', 'queue', '--dir', dir('sorbs'));
      return requests.some((x) => x.id === requestId) ? true : undefined;
    });
    const notTheirs = await arx('delist', 'decide', requestId, '--dir', dir('aol'), '--grant');
    assert.equal(notTheirs.code, 1);
    const decided = await arx('delist', 'decide', requestId, '--dir', dir('sorbs'), '--grant');
    assert.equal(decided.code, 0, decided.stderr);
    await eventually('delisted at aol', async () => {
      const l = await arxJson<{ listings: ListingJson[] }>('lookup', '192.0.2.77', '--dir', dir('aol'));
      return l.listings.some((x) => x.id === listingId && x.active !== false && x.removedAt === null)
        ? undefined
        : true;
    });
    const after = await arx('lookup', '192.0.2.77', '--dir', dir('aol'));
    assert.match(after.stdout, /Not listed\./);
  });

  test('exports and subscriptions carry what was published (entries verified by the CLI)', async () => {
    const exported = await arx('lists', 'export', '--dir', dir('sorbs'), '--list', 'open-relay', '--format', 'cidr');
    assert.equal(exported.code, 0, exported.stderr);
    const sub = await arx(
      'subscribe',
      '--dir',
      dir('isc'),
      '--kind',
      'report',
      '--kind',
      'ack',
      '--no-follow',
      '--json',
    );
    assert.equal(sub.code, 0, sub.stderr);
    const lines = sub.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; kind: string; body: { report?: string } });
    assert.ok(lines.some((l) => l.id === reportId && l.kind === 'report'));
    assert.equal(lines.filter((l) => l.kind === 'ack' && l.body.report === reportId).length, 2);
    const resumed = await arx('subscribe', '--dir', dir('isc'), '--to-me', '--no-follow', '--resume');
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.ok(existsSync(join(dir('isc'), 'run', 'subscribe.cursor')));
  });

  test('ARF import: a 20 MB file in the middle is refused as too-large and the batch finishes; redeliveries are duplicates', async () => {
    const inbox = join(f.root, 'fbl');
    const arf = join(inbox, 'a-complaint.eml');
    mkdirSync(inbox);
    writeFileSync(arf, ARF_MESSAGE.replace(/\n/g, '\r\n'));
    // A real complaint attaching the whole message: 5 MB of attachment, well under the 10 MiB default.
    const attachment = Buffer.alloc(5 * 1024 * 1024, 0x61)
      .toString('base64')
      .replace(/.{76}/g, '$&\n');
    const withAttachment = ARF_MESSAGE.replace('Source-IP: 192.0.2.55', 'Source-IP: 192.0.2.56').replace(
      'Buy now!\n',
      `Buy now!\n\n${attachment}\n`,
    );
    writeFileSync(join(inbox, 'b-large.eml'), withAttachment);
    writeFileSync(join(inbox, 'c-huge.eml'), Buffer.alloc(20 * 1024 * 1024, 0x61));
    writeFileSync(join(inbox, 'd-notes.txt'), 'just a note, not a mail message\n');
    // Classic Mac line ends: the same message as a-complaint.eml, so the same delivery.
    writeFileSync(join(inbox, 'e-mac.eml'), ARF_MESSAGE.replace(/\n/g, '\r'));
    const first = await arx('import', 'arf', '--dir', dir('aol'), inbox);
    assert.equal(first.code, 1, 'something was refused');
    assert.match(first.stdout, /a-complaint\.eml: imported [0-9a-f]{64}$/m);
    assert.match(first.stdout, /b-large\.eml: imported [0-9a-f]{64}$/m);
    assert.match(
      first.stdout,
      /c-huge\.eml: refused too-large: The report is larger than this node accepts\. \(20971520 bytes, limit 10485760\)$/m,
    );
    assert.match(first.stdout, /d-notes\.txt: refused \S+/);
    assert.match(first.stdout, /e-mac\.eml: duplicate [0-9a-f]{64}$/m);
    assert.match(first.stdout, /^5 file\(s\): 2 imported, 0 repeated, 1 duplicate\(s\), 2 refused, 0 failed$/m);
    assert.match(first.stdout, /^too-large\s+1\s+The report is larger than this node accepts\.$/m);
    assert.ok(!/not running/.test(first.stderr));
    assert.match(first.stderr, /2 of 5 file\(s\) refused or failed/);
    const again = await arxJson<{ imported: number; duplicate: number; results: { id?: string }[] }>(
      'import',
      'arf',
      '--dir',
      dir('aol'),
      arf,
    );
    assert.deepEqual([again.imported, again.duplicate], [0, 1]);
    const id = again.results[0]!.id!;
    const report = await eventually('imported report at cnisp1', async () => {
      const { reports } = await arxJson<{ reports: ReportJson[] }>('reports', '--dir', dir('cnisp1'), '--to-me');
      return reports.find((r) => r.id === id);
    });
    assert.equal(report.originHandle, 'aol');
    // The complaint's headers crossed the federation as detached evidence, checked by the
    // CLI against the digest the signed report commits to; the signed body holds none.
    const feed = await arx(
      'subscribe',
      '--dir',
      dir('cnisp1'),
      '--kind',
      'report',
      '--evidence',
      '--json',
      '--no-follow',
    );
    assert.equal(feed.code, 0, feed.stderr);
    const delivered = feed.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { id: string; body: Record<string, unknown>; evidence?: { headers?: string } })
      .find((e) => e.id === id);
    assert.ok(delivered, 'the imported report is in the feed');
    assert.match(delivered.evidence?.headers ?? '', /^Subject: Buy now$/m);
    assert.equal(delivered.body['evidence'], undefined);
    assert.match(String(delivered.body['evidenceDigest']), /^[0-9a-f]{64}$/);

    const exported = await arx('--lang', 'zh-CN', 'export', 'arf', '--dir', dir('aol'), id);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /^Source-IP: 192\.0\.2\.55\r?$/m);
    assert.match(exported.stdout, /^To: abuse@cnisp1\.example\r?$/m);
    // No Source-Port in the complaint: X-ARF export refuses rather than invent one.
    const xarf = await arx('export', 'xarf', '--dir', dir('aol'), id);
    assert.equal(xarf.code, 1);
    assert.match(xarf.stderr, /xarf-incomplete: .*source_port/);
    const status = await arx('status', '--dir', dir('aol'));
    assert.match(status.stdout, /forwarding outbox\s+off/);
  });

  test('a node that is not running: exit 3 and how to start it', async () => {
    const stopped = join(f.root, 'stopped');
    assert.equal((await arx('init', '--dir', stopped, '--handle', 'idle')).code, 0);
    const r = await arx('status', '--dir', stopped);
    assert.equal(r.code, 3);
    assert.equal(r.stderr, `arx: node at ${stopped} is not running (start it with: arx start --dir ${stopped})\n`);
  });

  test('federation start stops every node on SIGTERM and exits 0', async () => {
    assert.equal(await f.terminate(), 0);
    for (const handle of MEMBERS) assert.ok(!existsSync(join(dir(handle), 'run', 'listen.json')), handle);
  });
});

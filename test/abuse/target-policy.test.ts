/**
 * Listings and reports of the whole Internet, of a public suffix and of the RFC 5782
 * reserved addresses, tried against a real node process every way a member can
 * publish: through its own node's operator API and the `arx` command, and as entries it
 * signed itself and posts to another member's node. Each is refused with its typed
 * code, nothing is stored, and the DNSBL goes on answering only what is really listed.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  type CborValue,
  defaultEd25519,
  encodeDeterministic,
  encodeSign1,
  type KeyPair,
  parsePrefix,
  sign1Message,
} from '@arx/protocol';
import { dig } from '../../node/test/dnsbl/dig.js';
import {
  DEFAULT_MEMBERS,
  getJson,
  keyFor,
  OPERATOR_TOKEN,
  postJson,
  rosterDocument,
  tempRoot,
  writeNodeDir,
} from '../../node/test/helpers/fixture.js';
import { type NodeProcess, spawnNode } from '../../node/test/helpers/spawn.js';

const CLI = fileURLToPath(new URL('../../cli/dist/main.js', import.meta.url));
const ZONE = 'dnsbl.arx.test';
const MEMBERS = [...DEFAULT_MEMBERS, { handle: 'spamhaus', roles: ['list-operator' as const] }];

/** The attacks: target text, the list it goes on, and the code each is refused with. */
const ATTACKS = [
  { target: '0.0.0.0/0', list: 'spam-source', code: 'ARX_PROTO_RESERVED_TARGET', http: 400 },
  { target: '::/0', list: 'spam-source', code: 'ARX_NODE_TARGET_TOO_WIDE', http: 403 },
  { target: '8.0.0.0/8', list: 'spam-source', code: 'ARX_NODE_TARGET_TOO_WIDE', http: 403 },
  { target: '2001::/16', list: 'dynamic', code: 'ARX_NODE_TARGET_TOO_WIDE', http: 403 },
  { target: '127.0.0.1', list: 'spam-source', code: 'ARX_PROTO_RESERVED_TARGET', http: 400 },
  { target: 'co.uk', list: 'spamvertised-site', code: 'ARX_NODE_PUBLIC_SUFFIX', http: 400 },
  { target: 'github.io', list: 'spamvertised-site', code: 'ARX_NODE_PUBLIC_SUFFIX', http: 400 },
] as const;

function targetValue(text: string): CborValue {
  return text.includes('.') && !/^[0-9.]+(\/\d+)?$/.test(text)
    ? { domain: text }
    : (parsePrefix(text) as unknown as CborValue);
}

/** Signs a payload as given, without the checks signEntry makes: what a hostile member can send. */
function signUnchecked(keys: KeyPair, kind: string, body: Record<string, CborValue>): Uint8Array {
  const payload = encodeDeterministic({ v: 1, origin: keys.publicKey, seq: 1, prev: null, ts: Date.now(), kind, body });
  return encodeSign1(payload, defaultEd25519.sign(sign1Message(payload), keys.secretKey));
}

async function postBytes(
  base: string,
  bytes: Uint8Array,
): Promise<{ status: number; json: { error?: { code: string } } }> {
  const res = await fetch(`${base}/v1/entries`, {
    method: 'POST',
    headers: { 'content-type': 'application/cose' },
    body: bytes,
  });
  return { status: res.status, json: await res.json() };
}

function listingBody(list: string, target: string): Record<string, CborValue> {
  return { list, op: 'add', target: targetValue(target), reason: 'spam.source' };
}

function reportBody(about: string): Record<string, CborValue> {
  const now = Date.now();
  return {
    about: targetValue(about),
    category: 'spam.source',
    observed: { first: now, last: now, count: 1 },
    source: 'trap',
  };
}

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ARX_LANG: 'en' } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('listings and reports of the whole Internet, public suffixes and reserved addresses', () => {
  const tmp = tempRoot('arx-abuse-width-');
  let dir: string;
  let node: NodeProcess;
  let base: string;
  let dnsPort: number;

  before(async () => {
    dir = writeNodeDir(
      tmp.root,
      'sorbs',
      { dnsbl: { enabled: true, port: 0, zone: ZONE, origins: 'all' } },
      rosterDocument(MEMBERS),
    );
    node = await spawnNode(dir);
    base = node.listen.http!;
    dnsPort = Number(node.listen.dns!.split(':').pop());
  });

  after(async () => {
    node?.child.kill('SIGTERM');
    await node?.exited;
    tmp.cleanup();
  });

  test("the node's own operator cannot publish them: each is refused with its code", async () => {
    for (const attack of ATTACKS) {
      const listing = await postJson(
        base,
        '/v1/publish',
        { kind: 'listing', body: { list: attack.list, op: 'add', target: attack.target, reason: 'spam.source' } },
        OPERATOR_TOKEN,
      );
      assert.equal(listing.json.error?.code, attack.code, `listing of ${attack.target}`);
      assert.equal(listing.status, attack.http, `listing of ${attack.target}`);
      const now = Date.now();
      const report = await postJson(
        base,
        '/v1/publish',
        {
          kind: 'report',
          body: {
            about: attack.target,
            category: 'spam.source',
            observed: { first: now, last: now, count: 1 },
            source: 'trap',
          },
        },
        OPERATOR_TOKEN,
      );
      assert.equal(report.json.error?.code, attack.code, `report about ${attack.target}`);
    }
  });

  test('entries another member signed itself are refused with the same codes when posted', async () => {
    const spamhaus = keyFor('spamhaus');
    for (const attack of ATTACKS) {
      const listing = await postBytes(
        base,
        signUnchecked(spamhaus, 'listing', listingBody(attack.list, attack.target)),
      );
      assert.equal(listing.json.error?.code, attack.code, `listing of ${attack.target}`);
      const report = await postBytes(base, signUnchecked(keyFor('aol'), 'report', reportBody(attack.target)));
      assert.equal(report.json.error?.code, attack.code, `report about ${attack.target}`);
    }
  });

  test('the arx command shows the refusal with its code, in Chinese too', async () => {
    const run = await runCli([
      'publish',
      'listing',
      '--dir',
      dir,
      '--list',
      'spamvertised-site',
      '--target',
      'co.uk',
      '--reason',
      'site.spamvertised',
      '--lang',
      'zh-CN',
    ]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /ARX_NODE_PUBLIC_SUFFIX/);
    assert.match(run.stderr, /公共后缀/);
    const wide = await runCli(['publish', 'report', '--dir', dir, '--about', '::/0', '--category', 'spam.source']);
    assert.equal(wide.code, 1, wide.stderr);
    assert.match(wide.stderr, /ARX_NODE_TARGET_TOO_WIDE/);
  });

  test('nothing was stored, and the DNSBL answers listed only for what is really listed', async () => {
    // A listing within the policy, from the other operator: it is accepted and served.
    const spamhaus = keyFor('spamhaus');
    const ok = await postBytes(base, signUnchecked(spamhaus, 'listing', listingBody('spam-source', '192.0.2.0/24')));
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    const site = await postJson(
      base,
      '/v1/publish',
      {
        kind: 'listing',
        body: { list: 'spamvertised-site', op: 'add', target: 'shop.example.co.uk', reason: 'site.spamvertised' },
      },
      OPERATOR_TOKEN,
    );
    assert.equal(site.status, 200, JSON.stringify(site.json));

    const listings = await getJson(base, '/v1/listings');
    const targets = (listings.json.listings as { target: string }[]).map((l) => l.target).sort();
    assert.deepEqual(targets, ['192.0.2.0/24', 'shop.example.co.uk']);
    const status = await getJson(base, '/v1/status');
    const heads = status.json.heads as { handle: string; seq: number }[];
    assert.equal(
      heads.find((h) => h.handle === 'aol'),
      undefined,
      'no report of aol was stored',
    );

    const lookup = await getJson(base, '/v1/lookup/8.8.8.8');
    assert.deepEqual(lookup.json.listings, []);
    assert.deepEqual(lookup.json.reports, []);

    assert.equal((await dig(dnsPort, `8.8.8.8.${ZONE}`)).status, 'NXDOMAIN', '8.8.8.8 is not listed');
    const v6 = '8.8.8.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.8.4.0.6.8.4.1.0.0.2';
    assert.equal((await dig(dnsPort, `${v6}.${ZONE}`)).status, 'NXDOMAIN', '2001:4860:4860::8888 is not listed');
    assert.equal((await dig(dnsPort, `example.co.uk.${ZONE}`)).status, 'NXDOMAIN', 'a .co.uk domain is not listed');
    const listed = await dig(dnsPort, `5.2.0.192.${ZONE}`);
    assert.deepEqual(
      listed.answer.map((r) => r.data),
      ['127.0.0.2'],
      'the listing within the policy is served',
    );
    const shop = await dig(dnsPort, `shop.example.co.uk.${ZONE}`);
    assert.deepEqual(
      shop.answer.map((r) => r.data),
      ['127.0.0.2'],
    );
  });
});

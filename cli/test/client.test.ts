import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach, test } from 'node:test';
import { NodeClient } from '../src/client.js';
import { CliError, EXIT } from '../src/errors.js';
import { arx, fakeNodeDir, tempDir, testCtx } from './helpers.js';

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

/** A node directory whose listen.json points at a fake node answering with `handler`. */
async function fakeNode(
  handler: (req: IncomingMessage, body: string) => { status: number; json: unknown },
): Promise<{ dir: string; requests: { method: string; url: string; auth: string | undefined; body: string }[] }> {
  const requests: { method: string; url: string; auth: string | undefined; body: string }[] = [];
  server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    requests.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
    const { status, json } = handler(req, body);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
  });
  const dir = await fakeNodeDir(server);
  return { dir, requests };
}

test('a node directory without run/listen.json is "not running" (exit 3) with the command to start it', async () => {
  const dir = tempDir();
  assert.throws(
    () => NodeClient.open(testCtx(), dir),
    (error: unknown) =>
      error instanceof CliError &&
      error.exitCode === EXIT.unreachable &&
      error.message === `node at ${dir} is not running (start it with: arx start --dir ${dir})`,
  );
  const result = await arx('status', '--dir', dir);
  assert.equal(result.code, 3);
  assert.match(result.stderr, /^arx: node at .* is not running \(start it with: arx start --dir .*\)\n$/);
  const zh = await arx('--lang', 'zh-CN', 'reports', '--dir', dir);
  assert.equal(zh.code, 3);
  assert.match(zh.stderr, /处的节点未运行（启动命令：arx start --dir /);
});

test('a refused connection (stale listen.json) is exit 3 as well', async () => {
  const { dir } = await fakeNode(() => ({ status: 200, json: {} }));
  server!.close();
  await once(server!, 'close');
  const result = await arx('status', '--dir', dir);
  assert.equal(result.code, 3, result.stderr);
  assert.match(result.stderr, /is not running/);
});

test('requests carry the operator token; a node error becomes exit 1 with its code and message', async () => {
  const { dir, requests } = await fakeNode((req) =>
    req.method === 'POST'
      ? {
          status: 403,
          json: { error: { code: 'ARX_NODE_NOT_RESPONSIBLE', message: 'only the member responsible … may do this' } },
        }
      : { status: 200, json: { reports: [] } },
  );
  const id = 'ab'.repeat(32);
  const result = await arx('ack', id, '--dir', dir, '--status', 'received');
  assert.equal(result.code, 1);
  assert.equal(
    result.stderr,
    'arx: the node refused: ARX_NODE_NOT_RESPONSIBLE: only the member responsible … may do this\n',
  );
  assert.equal(requests[0]!.auth, `Bearer ${'f'.repeat(64)}`);
  assert.deepEqual(JSON.parse(requests[0]!.body), { kind: 'ack', body: { report: id, status: 'received' } });
  const zh = await arx('--lang', 'zh-CN', 'ack', id, '--dir', dir, '--status', 'received');
  assert.match(zh.stderr, /节点拒绝：ARX_NODE_NOT_RESPONSIBLE：只有负责该地址的成员才能执行此操作/);
});

test('input is checked before anything is sent', async () => {
  const { dir, requests } = await fakeNode(() => ({ status: 200, json: {} }));
  const bad = await arx('publish', 'report', '--dir', dir, '--about', '192.0.2.1', '--category', 'spam');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /'spam' is not a report category code \(--category\); valid codes: spam\.source/);
  const addr = await arx('lookup', '192.0.2', '--dir', dir);
  assert.equal(addr.code, 2);
  assert.match(addr.stderr, /'192\.0\.2' is not an IP address or CIDR prefix/);
  const reject = await arx('ack', 'ab'.repeat(32), '--dir', dir, '--status', 'rejected');
  assert.equal(reject.code, 2);
  assert.match(reject.stderr, /--status rejected needs --reason/);
  assert.equal(requests.length, 0);
});

test('publish sends the JSON body and prints the id; --json prints the node answer', async () => {
  const answer = { id: 'cd'.repeat(32), seq: 4, entry: { kind: 'report' } };
  const { dir, requests } = await fakeNode(() => ({ status: 200, json: answer }));
  const result = await arx(
    'publish',
    'report',
    '--dir',
    dir,
    '--about',
    '192.0.2.25',
    '--category',
    'spam.source',
    '--count',
    '12',
    '--first',
    '2024-05-01T00:00:00Z',
    '--last',
    '2024-05-01T06:00:00Z',
    '--source',
    'fbl',
    '--note-zh',
    '投诉',
  );
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, `${answer.id}\n`);
  assert.deepEqual(JSON.parse(requests[0]!.body), {
    kind: 'report',
    body: {
      about: '192.0.2.25/32',
      category: 'spam.source',
      observed: { first: Date.UTC(2024, 4, 1, 0), last: Date.UTC(2024, 4, 1, 6), count: 12 },
      source: 'fbl',
      note: { 'zh-CN': '投诉' },
    },
  });
  const json = await arx('publish', 'notice', '--dir', dir, '--topic', 'help', '--text-en', 'hi', '--json');
  assert.deepEqual(JSON.parse(json.stdout), answer);
});

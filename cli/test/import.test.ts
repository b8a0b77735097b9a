/**
 * `arx import arf|xarf` and `arx export` against a fake node on loopback: the batch
 * always finishes, one line per file, a summary by outcome and by code (each code's own
 * text, not the first file's specifics), streamed uploads that read an early answer,
 * and a lost connection that is a failed file, never "node not running".
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { arx, arxOnTerminal, fakeNodeDir } from './helpers.js';

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

interface Seen {
  url: string;
  type: string | undefined;
  bytes: number;
  body: string;
}

/** A node directory whose listen.json points at a fake node; `handle` may answer before reading the body. */
async function fakeNode(handle: (req: IncomingMessage, res: ServerResponse, seen: Seen[]) => void) {
  const seen: Seen[] = [];
  server = createServer((req, res) => handle(req, res, seen));
  const dir = await fakeNodeDir(server);
  return { dir, seen };
}

/** Reads the whole body, then answers with `answer(body)`. */
function reading(answer: (body: string, req: IncomingMessage) => { status: number; json: unknown }) {
  return async (req: IncomingMessage, res: ServerResponse, seen: Seen[]) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    seen.push({ url: req.url!, type: req.headers['content-type'], bytes: Buffer.byteLength(body), body });
    const { status, json } = answer(body, req);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
  };
}

const ID = 'ab'.repeat(32);
const unparseable = (detail: string) => ({
  status: 422,
  json: {
    accepted: false,
    code: 'unparseable',
    message: `The input cannot be read as a mail message or an X-ARF document. (${detail})`,
    en: 'The input cannot be read as a mail message or an X-ARF document.',
    zh: '输入内容无法解析为邮件或 X-ARF 文档。',
    detail,
  },
});

function inbox(dir: string, files: Record<string, string | Buffer>): string {
  const root = join(dir, 'inbox');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

test('import arf: a line per file, a summary by outcome and by code with the code’s own text, exit 1', async () => {
  const { dir, seen } = await fakeNode(
    reading((body) => {
      if (body.startsWith('ARF new'))
        return { status: 200, json: { accepted: true, id: ID, outcome: 'imported', duplicate: false } };
      if (body.startsWith('ARF again')) {
        return {
          status: 200,
          json: { accepted: true, id: ID, outcome: 'repeated', duplicate: false, observed: { count: 4 } },
        };
      }
      if (body.startsWith('ARF same'))
        return { status: 200, json: { accepted: true, id: ID, outcome: 'duplicate', duplicate: true } };
      return unparseable(body.includes('empty') ? 'no header fields' : 'not a message');
    }),
  );
  const root = inbox(dir, {
    'a.eml': 'ARF new',
    'b.eml': 'ARF again',
    'c.eml': 'ARF same',
    'd.txt': 'empty',
    'sub/e.txt': 'garbage',
    '.hidden': 'ARF new',
  });
  const r = await arx('import', 'arf', '--dir', dir, root);
  assert.equal(r.code, 1);
  const lines = r.stdout.split('\n');
  assert.match(lines[0]!, /inbox\/a\.eml: imported (ab){32}$/);
  assert.match(r.stdout, /b\.eml: repeated (ab){32} \(observed 4 times\)$/m);
  assert.match(r.stdout, /c\.eml: duplicate (ab){32}$/m);
  assert.match(r.stdout, /d\.txt: refused unparseable: The input cannot .*\(no header fields\)$/m);
  assert.match(r.stdout, /e\.txt: refused unparseable: The input cannot .*\(not a message\)$/m);
  assert.match(r.stdout, /^5 file\(s\): 1 imported, 1 repeated, 1 duplicate\(s\), 2 refused, 0 failed$/m);
  // The summary row: the code's text, not either file's detail.
  assert.match(r.stdout, /^unparseable\s+2\s+The input cannot be read as a mail message or an X-ARF document\.$/m);
  assert.match(r.stderr, /arx: 2 of 5 file\(s\) refused or failed/);
  assert.ok(!r.stderr.includes('['), 'no progress bar when stderr is not a terminal');
  assert.deepEqual(
    seen.map((s) => [s.url, s.type]),
    Array(5).fill(['/v1/import/arf', 'message/rfc822']),
  );

  const json = await arx('import', 'arf', '--dir', dir, root, '--json');
  const parsed = JSON.parse(json.stdout);
  assert.equal(json.code, 1);
  assert.deepEqual(
    [parsed.files, parsed.imported, parsed.repeated, parsed.duplicate, parsed.refused, parsed.failed],
    [5, 1, 1, 1, 2, 0],
  );
  assert.deepEqual(parsed.byCode, { unparseable: 2 });
  assert.equal(parsed.results.length, 5);

  const zh = await arx('--lang', 'zh-CN', 'import', 'arf', '--dir', dir, join(root, 'd.txt'));
  assert.match(zh.stdout, /d\.txt: 已拒绝 unparseable: 输入内容无法解析为邮件或 X-ARF 文档。 \(no header fields\)/);
  assert.match(zh.stdout, /^unparseable\s+1\s+输入内容无法解析为邮件或 X-ARF 文档。$/m);

  const commercial = await arx('import', 'arf', '--dir', dir, join(root, 'a.eml'), '--commercial');
  assert.equal(commercial.code, 0);
  assert.equal(seen.at(-1)?.url, '/v1/import/arf?commercial=true');
});

test('on a terminal a progress bar shows on stderr; with --json it does not', async () => {
  const { dir } = await fakeNode(
    reading(() => ({ status: 200, json: { accepted: true, id: ID, outcome: 'imported' } })),
  );
  const root = inbox(dir, { 'a.eml': 'ARF', 'b.eml': 'ARF' });
  const tty = await arxOnTerminal('import', 'arf', '--dir', dir, root);
  assert.equal(tty.code, 0);
  assert.match(tty.stderr, /\[#+\] 2\/2 100%/);
  const json = await arxOnTerminal('import', 'arf', '--dir', dir, root, '--json');
  assert.equal(json.stderr, '');
});

test('a node that refuses a large upload before reading it is read, and the batch goes on', async () => {
  const big = Buffer.alloc(12 * 1024 * 1024, 0x61);
  const { dir, seen } = await fakeNode((req, res, log) => {
    if (Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding']) {
      // Answer at once, then drain what is still coming (as the node does).
      let bytes = 0;
      let answered = false;
      req.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (!answered && bytes > 1024 * 1024) {
          answered = true;
          res.writeHead(413, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              accepted: false,
              code: 'too-large',
              message: 'The report is larger than this node accepts. (limit 1048576)',
              en: 'The report is larger than this node accepts.',
              zh: '举报超过本节点可接受的大小。',
            }),
          );
        }
      });
      req.on('end', () => {
        log.push({ url: req.url!, type: req.headers['content-type'], bytes, body: '' });
        if (!answered) res.writeHead(200).end(JSON.stringify({ accepted: true, id: ID, outcome: 'imported' }));
      });
    }
  });
  const root = inbox(dir, { 'a-big.eml': big, 'b-small.eml': 'ARF' });
  const r = await arx('import', 'arf', '--dir', dir, root);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /a-big\.eml: refused too-large: The report is larger/);
  assert.match(r.stdout, /b-small\.eml: imported/);
  assert.ok(!/not running/.test(r.stdout + r.stderr));
  // The small file was sent whole after the big one was cut short.
  assert.deepEqual(
    seen.map((s) => s.bytes),
    [3],
  );
});

test('a connection lost during an upload is a failed file (exit 1), never "node not running"', async () => {
  let calls = 0;
  const { dir } = await fakeNode((req, res) => {
    calls++;
    if (calls === 1) {
      req.once('data', () => req.socket.destroy());
      return;
    }
    reading(() => ({ status: 200, json: { accepted: true, id: ID, outcome: 'imported' } }))(req, res, []);
  });
  const root = inbox(dir, { 'a.eml': Buffer.alloc(2 * 1024 * 1024, 0x61), 'b.eml': 'ARF' });
  const r = await arx('import', 'arf', '--dir', dir, root);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /a\.eml: failed connection-lost: the connection to the node at .* was lost during the upload/);
  assert.match(r.stdout, /b\.eml: imported/);
  assert.match(r.stdout, /1 imported, 0 repeated, 0 duplicate\(s\), 0 refused, 1 failed/);
  assert.ok(!/not running/.test(r.stdout + r.stderr));
});

test('import xarf posts JSON documents; export arf and xarf print the node’s export; a refusal is exit 1 with its code', async () => {
  const { dir, seen } = await fakeNode(async (req, res, log) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    log.push({ url: req.url!, type: req.headers['content-type'], bytes: body.length, body });
    const send = (status: number, json: unknown, type = 'application/json') =>
      res.writeHead(status, { 'content-type': type }).end(typeof json === 'string' ? json : JSON.stringify(json));
    if (req.url === '/v1/import/xarf') return send(200, { accepted: true, id: ID, outcome: 'imported' });
    if (req.url?.startsWith(`/v1/reports/${ID}/arf`)) return send(200, 'From: a\r\n\r\nARF body\r\n', 'message/rfc822');
    if (req.url === `/v1/reports/${ID}/xarf`) return send(200, { xarf_version: '4.2.0' });
    send(422, {
      code: 'xarf-unsupported',
      message:
        'This X-ARF category and type (or this ARX category) has no counterpart on the other side. (auth.failure has no X-ARF type)',
      en: 'This X-ARF category and type (or this ARX category) has no counterpart on the other side.',
      zh: '该 X-ARF 类别和类型（或该 ARX 类别）在另一方没有对应项。',
      detail: 'auth.failure has no X-ARF type',
    });
  });
  const root = inbox(dir, { 'r.json': '{"xarf_version":"4.2.0"}' });
  const imported = await arx('import', 'xarf', '--dir', dir, root);
  assert.equal(imported.code, 0, imported.stderr);
  assert.deepEqual([seen[0]?.url, seen[0]?.type], ['/v1/import/xarf', 'application/json']);

  const arf = await arx('--lang', 'zh-CN', 'export', 'arf', '--dir', dir, ID, '--to', 'abuse@isp.example');
  assert.equal(arf.code, 0, arf.stderr);
  assert.match(arf.stdout, /ARF body/);
  assert.equal(seen.at(-1)?.url, `/v1/reports/${ID}/arf?lang=zh-CN&to=abuse%40isp.example`);
  const xarf = await arx('export', 'xarf', '--dir', dir, ID, '--json');
  assert.deepEqual(JSON.parse(xarf.stdout), { id: ID, format: 'xarf', document: { xarf_version: '4.2.0' } });

  const other = 'cd'.repeat(32);
  const refused = await arx('export', 'xarf', '--dir', dir, other);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /xarf-unsupported: .*auth\.failure has no X-ARF type/);
  const refusedZh = await arx('--lang', 'zh-CN', 'export', 'xarf', '--dir', dir, other);
  assert.match(refusedZh.stderr, /xarf-unsupported：该 X-ARF 类别和类型/);
  const badId = await arx('export', 'arf', '--dir', dir, 'nothex');
  assert.equal(badId.code, 2);
});

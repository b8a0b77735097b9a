/**
 * The start-up lock dies with the process. What holds a node directory is LevelDB's
 * lock on its database (released by the kernel when the holder exits, however it
 * exits); run/listen.json only names the holder. So a node killed with SIGKILL starts
 * again at once, a run file naming pid 1 or a pid now used by another program blocks
 * nothing, and a second node on a directory in use is refused with the holder's pid
 * and what to do.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { getJson, Publisher, postEntry, reportBody, tempRoot, writeNodeDir } from '../../node/test/helpers/fixture.js';
import { type ArxProcess, runArx, startArx, stopArx } from './arx-start.js';

const { root, cleanup } = tempRoot('arx-stale-lock-');
const dir = writeNodeDir(root, 'isc');
const runFile = join(dir, 'run', 'listen.json');
const aol = new Publisher('aol');
let node: ArxProcess | undefined;

before(async () => {
  node = await startArx(dir);
});

after(async () => {
  if (node) await stopArx(node);
  cleanup();
});

async function publishOne(base: string): Promise<string> {
  const entry = aol.next('report', reportBody('192.0.2.7/32'));
  const { status } = await postEntry(base, entry);
  assert.equal(status, 200, 'the entry is accepted');
  return entry.idHex;
}

test('a node killed with SIGKILL starts again at once, with what it acknowledged', async () => {
  const id = await publishOne(node!.http);
  node!.child.kill('SIGKILL');
  assert.equal((await node!.exited).signal, 'SIGKILL');
  // The killed node's run file is still there, naming its pid.
  assert.equal(JSON.parse(readFileSync(runFile, 'utf8')).pid, node!.child.pid);
  node = await startArx(dir);
  const { status } = await getJson(node.http, `/v1/entries/${id}`);
  assert.equal(status, 200, 'the acknowledged entry survived the kill');
});

test('a run file naming pid 1, or a live pid of another program, does not block a start', async () => {
  await stopArx(node!);
  node = undefined;
  writeFileSync(runFile, JSON.stringify({ pid: 1, http: 'http://127.0.0.1:9', ws: null, dns: null, smtp: null }));
  node = await startArx(dir);
  await stopArx(node);
  node = undefined;
  // This test process is alive, but it is not the node that wrote the file (another start time).
  writeFileSync(runFile, JSON.stringify({ pid: process.pid, procStart: '1', http: 'http://127.0.0.1:9' }));
  node = await startArx(dir);
  assert.equal((await getJson(node.http, '/v1/health')).json.status, 'ok');
});

test('a second node on a directory in use is refused, naming the pid and what to do', async () => {
  const before = readFileSync(runFile, 'utf8');
  const second = await runArx(['start', '--dir', dir]);
  assert.equal(second.code, 1, second.stderr);
  assert.match(second.stderr, new RegExp(`already running \\(pid ${node!.child.pid}\\)`));
  assert.match(second.stderr, new RegExp(`kill ${node!.child.pid}`));
  const chinese = await runArx(['start', '--dir', dir, '--lang', 'zh-CN']);
  assert.equal(chinese.code, 1);
  assert.match(chinese.stderr, new RegExp(`已在运行（进程 ${node!.child.pid}）`));
  // The running node is untouched: its run file is still its own and it still answers.
  assert.equal(readFileSync(runFile, 'utf8'), before);
  assert.equal((await getJson(node!.http, '/v1/health')).json.status, 'ok');
  await publishOne(node!.http);
});

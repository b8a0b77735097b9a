/**
 * Who holds a node directory (store/owner.ts): a run file names a live holder only if
 * its pid is alive and, where /proc exists, started at the recorded time — so pid 1,
 * a reused pid or a dead node's pid never pass for a running node.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { ownerAlive, ownRecord, processStartTime } from '../src/store/owner.js';

test('this process, as it records itself, is a live owner', () => {
  assert.equal(ownerAlive(ownRecord()), true);
});

test('a record of pid 1 or of a reused pid (another start time) is not a live owner', () => {
  assert.equal(processStartTime(process.pid) !== null, true, 'this machine has /proc (Linux)');
  assert.equal(ownerAlive({ pid: 1, procStart: 'not-the-start-of-pid-1' }), false);
  assert.equal(ownerAlive({ pid: process.pid, procStart: '1' }), false);
});

test('a record of a process that has exited is not a live owner', async () => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  await new Promise((r) => child.once('spawn', r));
  const record = { pid: child.pid!, procStart: processStartTime(child.pid!) };
  assert.equal(ownerAlive(record), true);
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  assert.equal(ownerAlive(record), false);
});

test('malformed records name no owner', () => {
  for (const pid of [0, -1, 1.5, '42', null, undefined]) assert.equal(ownerAlive({ pid }), false, String(pid));
});

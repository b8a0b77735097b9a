/**
 * A full disk, for real: the node directory lives on a small tmpfs that the test fills.
 * While the disk is full the node refuses new entries with a typed code (503,
 * ARX_NODE_STORAGE_UNAVAILABLE) and says `degraded` with the cause on /v1/health and
 * /metrics; once space is freed it resumes by itself, without a restart; nothing it
 * acknowledged is lost across a SIGKILL afterwards; and a node started on a full disk
 * fails with the real reason.
 *
 * Mounting a tmpfs needs root. CI runs as root; anywhere else this test fails and says
 * so rather than skipping quietly.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { VerifiedEntry } from '@arx/protocol';
import { getJson, Publisher, postEntry, reportBody, writeNodeDir } from '../../node/test/helpers/fixture.js';
import { type ArxProcess, runArx, startArx, stopArx } from './arx-start.js';

const DISK_BYTES = 24 * 1024 * 1024;
const mount = mkdtempSync(join(tmpdir(), 'arx-disk-full-'));
const fill = join(mount, 'fill');
let mounted = false;
let node: ArxProcess | undefined;

before(() => {
  if (process.getuid?.() !== 0) {
    throw new Error('disk-full.test.ts mounts a tmpfs to fill it and must run as root (CI does); run it as root');
  }
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_BYTES}`, 'tmpfs', mount]);
  mounted = true;
});

after(async () => {
  if (node) await stopArx(node);
  if (mounted) execFileSync('umount', [mount]);
  rmSync(mount, { recursive: true, force: true });
});

/** Writes to the tmpfs until it refuses another byte. */
function fillDisk(): void {
  const fd = openSync(fill, 'a');
  try {
    for (const chunk of [1 << 20, 4096, 1]) {
      const bytes = Buffer.alloc(chunk);
      for (;;) {
        try {
          if (writeSync(fd, bytes) === 0) break;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function storageGauge(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('arx_storage_degraded '));
  assert.ok(line, 'the exposition has arx_storage_degraded');
  return Number(line.split(' ')[1]);
}

test('a full disk refuses cleanly, says degraded, and recovers without a restart', async () => {
  const dir = writeNodeDir(mount, 'isc');
  // Written now: once the disk is full no node directory can be created.
  const secondDir = writeNodeDir(mount, 'aol');
  node = await startArx(dir);
  const base = node.http;
  const aol = new Publisher('aol');
  const entries: VerifiedEntry[] = Array.from({ length: 400 }, (_, i) =>
    aol.next('report', reportBody(`192.0.2.${i % 250}/32`)),
  );
  const acknowledged: string[] = [];
  let next = 0;
  const publishUntilRefused = async (limit: number) => {
    for (const stop = next + limit; next < stop; next++) {
      const { status, json } = await postEntry(base, entries[next]!);
      if (status !== 200) return { status, json };
      acknowledged.push(entries[next]!.idHex);
    }
    return undefined;
  };
  assert.equal(await publishUntilRefused(20), undefined, 'entries are accepted while there is room');
  assert.equal((await getJson(base, '/v1/health')).json.status, 'ok');
  assert.equal(await storageGauge(base), 0);

  fillDisk();
  // A few entries may still fit in the last page of LevelDB's log; the disk fills soon after.
  const refused = await publishUntilRefused(300);
  assert.ok(refused, 'the node refuses entries once the disk is full');
  assert.equal(refused.status, 503);
  assert.equal(refused.json.error.code, 'ARX_NODE_STORAGE_UNAVAILABLE');

  const health = (await getJson(base, '/v1/health')).json;
  assert.equal(health.status, 'degraded');
  assert.equal(health.storage.ok, false);
  assert.equal(health.storage.code, 'ENOSPC');
  assert.match(health.storage.cause, /No space left on device/);
  assert.equal(await storageGauge(base), 1);
  // While degraded, further writes are refused at once with the same code; reads still work.
  const again = await postEntry(base, entries[next]!);
  assert.equal(again.status, 503);
  assert.equal((await getJson(base, `/v1/entries/${acknowledged[0]}`)).status, 200);

  rmSync(fill);
  await waitFor('storage to recover once space is freed', async () => {
    const { json } = await getJson(base, '/v1/health');
    return json.status === 'ok' && json;
  });
  assert.equal(await storageGauge(base), 0);
  // The refused entry is taken now, and the chain goes on from it: no restart was needed.
  assert.equal(await publishUntilRefused(20), undefined, 'entries are accepted again');

  node.child.kill('SIGKILL');
  await node.exited;
  node = await startArx(dir);
  for (const id of acknowledged) {
    assert.equal((await getJson(node.http, `/v1/entries/${id}`)).status, 200, `acknowledged ${id} survived`);
  }
  await stopArx(node);
  node = undefined;

  // Starting on a full disk names the real cause, without --debug.
  fillDisk();
  const start = await runArx(['start', '--dir', secondDir]);
  assert.equal(start.code, 1, start.stderr);
  assert.match(start.stderr, /ENOSPC/);
  assert.match(start.stderr, /No space left on device/);
  rmSync(fill);
});

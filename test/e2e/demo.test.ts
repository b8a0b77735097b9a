/**
 * `arx demo --once --history 30d` (what `pnpm demo --once` runs, with a month of
 * backfilled history): exits 0, and tells its story in order — before, the address
 * is listed and its report open; after, the report is resolved and the address no
 * longer listed — over a month of signed history the figures rest on.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { CLI, ENV } from './helpers.ts';

function demo(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, 'demo', '--once', ...args],
      { env: ENV, timeout: 600_000, maxBuffer: 8 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The text of step `n` of the demo's narration (from its title to the next one). */
function step(out: string, n: number): string {
  const start = out.indexOf(`▸ [${n}/8]`);
  assert.ok(start >= 0, `step ${n} is narrated`);
  const end = out.indexOf(`▸ [${n + 1}/8]`, start);
  return out.slice(start, end < 0 ? undefined : end);
}

test(
  'the demo with a month of history exits 0 and shows before (listed, open) and after (resolved, not listed)',
  { timeout: 900_000 },
  async () => {
    const r = await demo('--history', '30d');
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const history =
      /30 days of signed history backfilled: (\d+) reports, (\d+) acknowledgements, (\d+) listing changes, (\d+) delisting requests, (\d+) decisions/.exec(
        r.stdout,
      );
    assert.ok(history, r.stdout);
    const [reports, acks, listings, requests, decisions] = history.slice(1).map(Number) as [
      number,
      number,
      number,
      number,
      number,
    ];
    assert.ok(reports >= 1500 && reports <= 3000, `a few thousand reports: ${reports}`);
    assert.ok(acks > reports, `acks: ${acks}`);
    assert.ok(listings > 50 && requests > 20 && decisions > 0 && decisions <= requests, history[0]);

    const before = step(r.stdout, 3);
    assert.match(before, /Lookup of 192\.0\.2\.77 at hotmail, before/);
    assert.match(before, /Listed \(1\):/);
    assert.match(before, /Open relay\s+192\.0\.2\.77\/32/);
    assert.match(before, /Host sending spam\s+192\.0\.2\.77\/32\s+aol\s+cnisp1\s+Published/);
    const after = step(r.stdout, 7);
    assert.match(after, /Lookup of 192\.0\.2\.77 at hotmail, after/);
    assert.match(after, /Not listed\./);
    assert.match(after, /Host sending spam\s+192\.0\.2\.77\/32\s+aol\s+cnisp1\s+Resolved/);
    assert.doesNotMatch(after, /Published/);
    assert.match(step(r.stdout, 5), /delist-request \w+ → sorbs/);
    // The oversight figures rest on the month as well as on the scenario.
    const figures = /over 30 days: (\d+) reports, (\d+) resolved/.exec(step(r.stdout, 8));
    assert.ok(figures, step(r.stdout, 8));
    assert.ok(Number(figures[1]) > 1000, figures[0]);
    assert.match(r.stdout, /每一步都已在应当收到的节点上得到确认/);
  },
);

test('a history longer than the evidence window is refused on the command line', async () => {
  const r = await demo('--history', '90d');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--history 90d is longer than the 60 days/);
});

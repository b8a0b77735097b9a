/**
 * The documented way to install `arx` outside the repository (docs/cli.md,
 * "Installing"): `pnpm pack:cli` writes one tarball per package, npm installs the
 * three into a prefix, and the installed command runs from there with no workspace
 * in sight. Needs npm and the npm registry (for the packages' own dependencies).
 * Run `pnpm build` first (pnpm test does).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'arx-install-'));
after(() => rmSync(work, { recursive: true, force: true }));

function run(file: string, args: string[], cwd: string, timeout = 600_000) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    // A working directory outside the repository: nothing resolves through the workspace.
    execFile(file, args, { cwd, timeout, env: { ...process.env, ARX_LANG: 'en' } }, (error, stdout, stderr) =>
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test('the packed CLI installs into an empty prefix and runs there', { timeout: 900_000 }, async () => {
  const out = join(work, 'pack');
  const packed = await run(process.execPath, [join(ROOT, 'scripts/pack-cli.mjs'), '--out', out], ROOT);
  assert.equal(packed.code, 0, packed.stderr);
  const tarballs = packed.stdout.trim().split('\n');
  assert.deepEqual(
    tarballs.map((t) => t.slice(out.length + 1)),
    ['arx-protocol-0.1.0.tgz', 'arx-node-0.1.0.tgz', 'arx-cli-0.1.0.tgz'],
  );

  const prefix = join(work, 'prefix');
  const installed = await run(
    'npm',
    ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', ...tarballs],
    work,
  );
  assert.equal(installed.code, 0, `npm install:\n${installed.stdout}${installed.stderr}`);
  const arx = join(prefix, 'bin', 'arx');
  assert.ok(existsSync(arx), 'npm linked the arx command into the prefix');
  // The installed copy, not the workspace's: no workspace: range survived the packing.
  const cliPackage = join(prefix, 'lib', 'node_modules', '@arx', 'cli', 'package.json');
  const { dependencies, version } = JSON.parse(readFileSync(cliPackage, 'utf8'));
  assert.ok(!Object.values(dependencies as Record<string, string>).some((r) => r.startsWith('workspace:')));

  const v = await run(arx, ['--version'], work, 30_000);
  assert.equal(v.code, 0, v.stderr);
  assert.equal(v.stdout.trim(), version);

  const fed = join(work, 'fed');
  const init = await run(
    arx,
    ['federation', 'init', '--dir', fed, '--members', 'isc,cnisp1,sorbs', '--hub', 'isc', '--json'],
    work,
    60_000,
  );
  assert.equal(init.code, 0, init.stderr);
  for (const file of [
    'federation.json',
    'roster.cbor',
    'isc/arx.config.json',
    'cnisp1/org.key.json',
    'sorbs/operator.token',
  ]) {
    assert.ok(existsSync(join(fed, file)), `${file} written`);
  }
  // The roster it signed reads back through the installed command.
  const roster = await run(arx, ['roster', 'show', '--roster', join(fed, 'roster.cbor'), '--json'], work, 30_000);
  assert.equal(roster.code, 0, roster.stderr);
  assert.deepEqual(
    JSON.parse(roster.stdout)
      .members.map((m: { handle: string }) => m.handle)
      .sort(),
    ['cnisp1', 'isc', 'sorbs'],
  );
});

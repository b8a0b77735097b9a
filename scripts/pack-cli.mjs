#!/usr/bin/env node
// Packs the `arx` command for installing outside the repository: one tarball per
// package (protocol, node, cli), written by `pnpm pack`, which replaces the
// `workspace:` ranges with the packages' versions. npm installs the three together,
// the cli finding the other two beside it:
//
//   pnpm pack:cli [--out DIR]                      (default DIR: pack/)
//   npm install -g DIR/arx-protocol-*.tgz DIR/arx-node-*.tgz DIR/arx-cli-*.tgz
//
// Run after `pnpm build` (the tarballs hold the compiled dist/ and the dashboard).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = resolve(outIndex >= 0 && args[outIndex + 1] ? args[outIndex + 1] : join(root, 'pack'));
const packages = ['protocol', 'node', 'cli'];

for (const dir of packages) {
  if (!existsSync(join(root, dir, 'dist', 'index.js'))) {
    console.error(`pack-cli: ${dir}/dist is missing; run pnpm build first`);
    process.exit(1);
  }
}
if (!existsSync(join(root, 'node', 'static', 'dashboard', 'dist', 'app.js'))) {
  console.error('pack-cli: the dashboard bundle is missing; run pnpm build first');
  process.exit(1);
}
mkdirSync(out, { recursive: true });
const tarballs = packages.map((dir) => {
  const { name, version } = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  execFileSync('pnpm', ['pack', '--pack-destination', out], {
    cwd: join(root, dir),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const file = join(out, `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`);
  if (!existsSync(file)) {
    console.error(`pack-cli: pnpm pack did not write ${file}`);
    process.exit(1);
  }
  return file;
});
console.log(tarballs.join('\n'));
console.error(`install with: npm install -g ${tarballs.join(' ')}`);

#!/usr/bin/env node
// Bundles the oversight dashboard (static/dashboard/src/main.ts, with @arx/protocol
// and @noble/ed25519 for the browser) into static/dashboard/dist/app.js.
// @arx/protocol must be built first (`tsc -b`): the bundle takes it from its dist/.
// Usage: node node/scripts/build-dashboard.mjs [--watch]
import { build, context } from 'esbuild';

const dir = new URL('../static/dashboard/', import.meta.url).pathname;
const options = {
  entryPoints: [`${dir}src/main.ts`],
  outfile: `${dir}dist/app.js`,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  // Selects @arx/protocol's browser Ed25519 backend (#default-ed25519 → @noble/ed25519).
  conditions: ['browser'],
  target: ['es2022'],
  minify: true,
  sourcemap: true,
  legalComments: 'eof',
  logLevel: 'warning',
};

if (process.argv.includes('--watch')) {
  const ctx = await context(options);
  await ctx.watch();
  console.log(`watching ${options.entryPoints[0]}`);
} else {
  const result = await build({ ...options, metafile: true });
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  console.log(`dashboard: ${options.outfile} (${Math.round(bytes / 1024)} KiB with source map)`);
}

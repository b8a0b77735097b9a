/**
 * The node is a heavy import (storage, HTTP server, the config schema's validator):
 * only the commands that run or create a node load it (`start`, `init`, `federation`,
 * `demo`), when they run. Every other command starts without it. Runs the built CLI
 * (`pnpm build` first) with a module hook that names each module of @arx/node loaded.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const HOOKS = `export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (/\\/node\\/dist\\//.test(result.url)) console.error('node module: ' + result.url.replace(/^.*\\/node\\/dist\\//, ''));
  return result;
}`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;

function nodeModulesLoaded(...args: string[]): Promise<string[]> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, MAIN, ...args],
      { env: { ...process.env, ARX_LANG: 'en' }, timeout: 60_000 },
      (error, _stdout, stderr) => {
        if (error && error.code === undefined) return fail(error);
        done([...new Set(stderr.match(/^node module: .*$/gm) ?? [])].map((line) => line.slice(13)));
      },
    );
  });
}

test('commands that need no node start without loading it', async () => {
  for (const args of [['--version'], ['lookup', '--help'], ['codes', '--table', 'ack-status'], ['demo', '--help']]) {
    // The lock helper (@arx/node/owner) is small and shared by every command that finds a node.
    assert.deepEqual(await nodeModulesLoaded(...args), ['store/owner.js'], args.join(' '));
  }
});

test('the hook sees the node where a command does load it', async () => {
  const loaded = await nodeModulesLoaded('start', '--dir', '/nonexistent-arx-node-dir');
  assert.ok(loaded.includes('index.js') && loaded.includes('config.js'), loaded.join(', '));
});

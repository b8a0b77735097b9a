// A node:test reporter that adds up the time of each test file's top-level tests and,
// at the end of the run, prints the slowest files. run-tests.mjs starts those files
// first (SLOW_FIRST there): keep that list in step with what this prints.
import { relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

export default async function* durations(source) {
  const byFile = new Map();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { nesting, file, details } = event.data;
    if (nesting !== 0 || !file) continue;
    const name = relative(root, file);
    byFile.set(name, (byFile.get(name) ?? 0) + (details?.duration_ms ?? 0));
  }
  const slowest = [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 15);
  yield '\nslowest test files (seconds of their top-level tests):\n';
  for (const [name, ms] of slowest) yield `${(ms / 1000).toFixed(1).padStart(7)}  ${name}\n`;
}

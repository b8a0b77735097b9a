/**
 * Reading a Prometheus text exposition (format 0.0.4) the strict way: every line is
 * a HELP, a TYPE, a sample of a declared family, or blank; and `promtool check
 * metrics` (Debian package `prometheus`) must find nothing to say about it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: string;
  help: string;
  samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\.)*"';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(${LABEL}(?:,${LABEL})*)?\\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$`);
/** The families a histogram or summary writes samples under. */
const SUFFIXES = ['_bucket', '_sum', '_count'];

/** Parses an exposition into families; fails the test on any line that is not well formed. */
export function parseExposition(text: string): Map<string, Family> {
  assert.ok(text.endsWith('\n'), 'the exposition ends with a newline');
  const families = new Map<string, Family>();
  const help = new Map<string, string>();
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '') continue;
    const h = new RegExp(`^# HELP (${NAME}) (.*)$`).exec(line);
    if (h) {
      help.set(h[1]!, h[2]!);
      continue;
    }
    const t = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`).exec(line);
    if (t) {
      assert.ok(!families.has(t[1]!), `${t[1]} declared twice`);
      families.set(t[1]!, { name: t[1]!, type: t[2]!, help: help.get(t[1]!) ?? '', samples: [] });
      continue;
    }
    const s = SAMPLE.exec(line);
    assert.ok(s, `not an exposition line: ${line}`);
    const name = s[1]!;
    const family =
      families.get(name) ??
      SUFFIXES.map((x) => (name.endsWith(x) ? families.get(name.slice(0, -x.length)) : undefined)).find(Boolean);
    assert.ok(family, `sample before its TYPE: ${line}`);
    const labels: Record<string, string> = {};
    for (const m of (s[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\.)*)"/g)) {
      labels[m[1]!] = m[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    family.samples.push({ name, labels, value: Number(s[3]) });
  }
  return families;
}

/** The value of one sample, or undefined: `labels` must match the sample's labels exactly. */
export function sampleValue(
  families: Map<string, Family>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const family = families.get(name);
  const key = JSON.stringify(Object.entries(labels).sort());
  return family?.samples.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === key)?.value;
}

/** Runs `promtool check metrics` on the exposition and fails the test with what it reports. */
export function assertPromtoolClean(text: string): void {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
    assert.fail('promtool is not installed: apt-get install prometheus');
  }
  assert.equal(run.status, 0, `promtool check metrics:\n${run.stdout}${run.stderr}`);
  assert.equal(`${run.stdout}${run.stderr}`.trim(), '', 'promtool reports nothing');
}

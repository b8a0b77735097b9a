#!/usr/bin/env node
// First step of `pnpm test`: the tests drive real dig, rbldnsd, BIND, Chromium and
// promtool. Install the Debian packages that provide them when they are missing and
// this machine allows it; otherwise stop at once, naming the one command to run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { aptCommand, planPreflight, REQUIREMENTS } from './preflight-plan.mjs';

function missingPackages() {
  return [...new Set(REQUIREMENTS.filter((r) => !existsSync(r.path)).map((r) => r.pkg))];
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function describe(packages) {
  return REQUIREMENTS.filter((r) => packages.includes(r.pkg))
    .map((r) => `  ${r.pkg.padEnd(16)} ${r.name}: ${r.why}`)
    .join('\n');
}

const plan = planPreflight({
  missing: missingPackages(),
  debian: existsSync('/etc/debian_version') && onPath('apt-get'),
  root: process.getuid?.() === 0,
  sudo:
    process.getuid?.() !== 0 && onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0,
});

if (plan.action === 'none') process.exit(0);

if (plan.action === 'stop') {
  console.error(
    `preflight: the tests need these Debian packages, which are not installed:\n${describe(plan.packages)}`,
  );
  console.error(`preflight: ${plan.reason}.`);
  console.error(
    plan.command
      ? `preflight: run this once, then run the tests again:\n\n  ${plan.command}\n`
      : `preflight: on Debian or Ubuntu the packages install with:\n\n  ${aptCommand(plan.packages, { sudo: true })}\n`,
  );
  process.exit(1);
}

console.error(`preflight: installing Debian packages the tests need:\n${describe(plan.packages)}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const run = (args) => {
  const [cmd, ...rest] = plan.sudo ? ['sudo', ...args] : args;
  const result = spawnSync(cmd, rest, { stdio: ['ignore', 'ignore', 'inherit'], env });
  return result.status === 0;
};
if (!run(['apt-get', 'update', '-qq']) || !run(['apt-get', 'install', '-y', '-qq', ...plan.packages])) {
  console.error(
    `preflight: the install failed (see above). Run it by hand, then the tests again:\n\n  ${plan.command}\n`,
  );
  process.exit(1);
}
const still = missingPackages();
if (still.length > 0) {
  console.error(`preflight: still missing after the install: ${still.join(', ')}`);
  process.exit(1);
}
console.error('preflight: installed.');

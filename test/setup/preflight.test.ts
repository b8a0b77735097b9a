/**
 * The preflight of `pnpm test` decides, for the Debian packages the tests drive, whether
 * to do nothing, install them, or stop with the one command to run. Never skip.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { aptCommand, planPreflight, REQUIREMENTS } from '../../scripts/preflight-plan.mjs';

describe('preflight decision', () => {
  test('every tool present: nothing to do', () => {
    assert.deepEqual(planPreflight({ missing: [], debian: true, root: false, sudo: false }), { action: 'none' });
  });

  test('absent on Debian as root: installs exactly the missing packages, without sudo', () => {
    const plan = planPreflight({ missing: ['rbldnsd', 'bind9-dnsutils'], debian: true, root: true, sudo: false });
    assert.equal(plan.action, 'install');
    assert.deepEqual(plan.packages, ['bind9-dnsutils', 'rbldnsd']);
    assert.equal(plan.sudo, false);
    assert.equal(
      plan.command,
      'apt-get update && env DEBIAN_FRONTEND=noninteractive apt-get install -y bind9-dnsutils rbldnsd',
    );
  });

  test('absent on Debian, not root but passwordless sudo: installs through sudo', () => {
    const plan = planPreflight({ missing: ['chromium'], debian: true, root: false, sudo: true });
    assert.equal(plan.action, 'install');
    assert.equal(plan.sudo, true);
    assert.match(
      plan.command,
      /^sudo apt-get update && sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium$/,
    );
  });

  test('absent on Debian, not root and no sudo: stops with the one command to run', () => {
    const plan = planPreflight({ missing: ['chromium', 'chromium'], debian: true, root: false, sudo: false });
    assert.equal(plan.action, 'stop');
    assert.deepEqual(plan.packages, ['chromium']);
    assert.match(plan.reason, /root/);
    assert.equal(plan.command, aptCommand(['chromium'], { sudo: true }));
  });

  test('absent and not Debian: stops even as root, with no apt command it cannot run', () => {
    const plan = planPreflight({ missing: ['bind9'], debian: false, root: true, sudo: true });
    assert.equal(plan.action, 'stop');
    assert.equal(plan.command, null);
    assert.match(plan.reason, /not a Debian system/);
  });

  test('every requirement names a package, a proof file and why the tests need it', () => {
    assert.ok(REQUIREMENTS.length >= 5);
    for (const r of REQUIREMENTS) {
      assert.match(r.pkg, /^[a-z0-9][a-z0-9.+-]+$/, r.name);
      assert.ok(r.path.startsWith('/'), r.name);
      assert.ok(r.why.length > 10, r.name);
    }
  });
});

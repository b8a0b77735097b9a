// The preflight's decision, kept free of I/O so it can be tested case by case:
// given what is missing and what this machine allows, install, or stop with the one
// command an operator must run. Nothing the tests need is ever skipped silently.

/**
 * What the default test run drives for real, each with the Debian package that
 * provides it and a file whose presence proves the package is installed.
 */
export const REQUIREMENTS = [
  { name: 'dig', path: '/usr/bin/dig', pkg: 'bind9-dnsutils', why: 'DNSBL queries in the DNS tests' },
  { name: 'rbldnsd', path: '/usr/sbin/rbldnsd', pkg: 'rbldnsd', why: 'the exported zone must answer like the node' },
  { name: 'named', path: '/usr/sbin/named', pkg: 'bind9', why: 'BIND as a secondary of the DNSBL zone' },
  { name: 'chromium', path: '/usr/bin/chromium', pkg: 'chromium', why: 'the dashboard test in headless Chromium' },
  {
    name: 'Noto CJK fonts',
    path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    pkg: 'fonts-noto-cjk',
    why: 'Chinese labels must render in the dashboard test',
  },
  {
    name: 'promtool',
    path: '/usr/bin/promtool',
    pkg: 'prometheus',
    why: 'the metrics exposition is checked by promtool',
  },
];

/** The apt command that installs `packages` (no prompts). */
export function aptCommand(packages, { sudo = false } = {}) {
  const prefix = sudo ? 'sudo ' : '';
  const list = [...packages].sort().join(' ');
  return `${prefix}apt-get update && ${prefix}env DEBIAN_FRONTEND=noninteractive apt-get install -y ${list}`;
}

/**
 * Decides what the preflight does.
 * @param {object} machine
 * @param {string[]} machine.missing  packages whose files are absent
 * @param {boolean} machine.debian    /etc/debian_version exists and apt-get is on the PATH
 * @param {boolean} machine.root      running as uid 0
 * @param {boolean} machine.sudo      `sudo -n` works without a password
 * @returns {{ action: 'none' } | { action: 'install', packages: string[], command: string, sudo: boolean }
 *   | { action: 'stop', packages: string[], reason: string, command: string | null }}
 */
export function planPreflight({ missing, debian, root, sudo }) {
  const packages = [...new Set(missing)].sort();
  if (packages.length === 0) return { action: 'none' };
  if (!debian) {
    return {
      action: 'stop',
      packages,
      reason: 'this is not a Debian system with apt-get, so the packages cannot be installed here',
      command: null,
    };
  }
  if (root || sudo) return { action: 'install', packages, command: aptCommand(packages, { sudo: !root }), sudo: !root };
  return {
    action: 'stop',
    packages,
    reason: 'installing Debian packages needs root (and sudo asks for a password)',
    command: aptCommand(packages, { sudo: true }),
  };
}

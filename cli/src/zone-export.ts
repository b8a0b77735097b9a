/**
 * `arx lists export --zone`: the node's whole DNSBL zone as rbldnsd datasets in a
 * directory, for rbldnsd mirrors fed by rsync. Each file is written to a temporary
 * name and renamed over the old one (readers never see half a file), and only when
 * its content changed, so rsync copies and rbldnsd reloads nothing otherwise.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeClient } from './client.js';

export const ZONE_DATASETS = ['ip4set', 'ip6trie', 'dnset'] as const;

/** The content that decides "changed": everything but the header comment and $SOA (serial, time). */
function substance(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('# ARX DNSBL ') && !line.startsWith('$SOA '))
    .join('\n');
}

/** Writes `text` to `path` atomically when it differs in substance; true when written. */
export function writeIfChanged(path: string, text: string): boolean {
  if (existsSync(path) && substance(readFileSync(path, 'utf8')) === substance(text)) return false;
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o644 });
  renameSync(temporary, path);
  return true;
}

/** Fetches the three datasets and writes the changed ones; returns the names written. */
export async function exportZone(client: NodeClient, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const texts = await Promise.all(ZONE_DATASETS.map((d) => client.getText(`/v1/dnsbl/rbldnsd/${d}`)));
  return ZONE_DATASETS.filter((d, i) => writeIfChanged(join(dir, d), texts[i]!));
}

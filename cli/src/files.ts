/** Files the CLI reads and writes: key files, JSON documents, a node directory's layout. */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ArxProtocolError, exportKeyPair, importKeyPair, type KeyPair } from '@arx/protocol';
import type { Ctx } from './context.js';
import { failure } from './errors.js';

/** A secret file: owner read/write only. */
export const SECRET_MODE = 0o600;

/** Writes a file that must not exist yet; secrets get mode 0600 whatever the umask. */
export function writeNewFile(path: string, content: string | Uint8Array, mode = 0o644): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content, { flag: 'wx', mode });
  chmodSync(path, mode);
}

/** Writes (or replaces) a file. */
export function writeFile(path: string, content: string | Uint8Array, mode = 0o644): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content, { mode });
}

/** Reads a file, turning "not found" and permission errors into one clear line. */
export function readFileOrFail(ctx: Ctx, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const key = code === 'ENOENT' ? 'file.missing' : code === 'EACCES' ? 'file.denied' : 'file.cannotRead';
    throw failure(ctx.t(key, { path }), undefined, cause);
  }
}

/** Reads and parses a JSON file. */
export function readJsonFile(ctx: Ctx, path: string): unknown {
  const text = readFileOrFail(ctx, path).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw failure(ctx.t('file.badJson', { path, detail: (cause as Error).message }), undefined, cause);
  }
}

/** Writes JSON with a trailing newline (files people read and diff). */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Reads a key file written by `arx keygen` or `arx init` (JSON { publicKey, secretKey, id }). */
export function readKeyFile(ctx: Ctx, path: string): KeyPair {
  const json = readJsonFile(ctx, path) as { secretKey: string; publicKey?: string };
  try {
    return importKeyPair(json);
  } catch (error) {
    const detail = error instanceof ArxProtocolError ? (error.detail ?? error.message) : String(error);
    throw failure(ctx.t('file.badKey', { path, detail }), 'ARX_PROTO_BAD_KEY', error);
  }
}

/** Writes a new key file (mode 0600); refuses to overwrite an existing one. */
export function writeKeyFile(ctx: Ctx, path: string, pair: KeyPair): void {
  if (existsSync(path)) throw failure(ctx.t('file.exists', { path }));
  writeNewFile(path, jsonText(exportKeyPair(pair)), SECRET_MODE);
}

/** True when `path` does not exist or is an empty directory. */
export function isMissingOrEmptyDir(path: string): boolean {
  if (!existsSync(path)) return true;
  return statSync(path).isDirectory() && readdirSync(path).length === 0;
}

/** Where a node directory keeps its files (from arx.config.json when present, else defaults). */
export interface NodeFiles {
  dir: string;
  config: string;
  keyFile: string;
  rosterFile: string;
  tokenFile: string;
  listenFile: string;
  runDir: string;
}

const CONFIG_FILE = 'arx.config.json';

/** Resolves the file layout of a node directory without validating the whole config. */
export function nodeFiles(dir: string): NodeFiles {
  const abs = resolve(dir);
  const configPath = join(abs, CONFIG_FILE);
  let raw: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(readFileSync(configPath, 'utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) raw = parsed as Record<string, unknown>;
  } catch {
    // No or unreadable config: the defaults below are what `arx init` writes.
  }
  const at = (field: string, fallback: string) => {
    const value = raw[field];
    const p = typeof value === 'string' && value !== '' ? value : fallback;
    return isAbsolute(p) ? p : join(abs, p);
  };
  return {
    dir: abs,
    config: configPath,
    keyFile: at('keyFile', 'org.key.json'),
    rosterFile: at('rosterFile', 'roster.cbor'),
    tokenFile: at('operatorTokenFile', 'operator.token'),
    listenFile: join(abs, 'run', 'listen.json'),
    runDir: join(abs, 'run'),
  };
}

/**
 * Test fixtures: a roster of well-known members with fixed keys, node directories
 * on disk, and a started node. Real LevelDB, real sockets on loopback.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NodeHandle, parseConfig, startNode } from '@arx/node';
import {
  type BodyByKind,
  createRosterDocument,
  type EntryKind,
  exportKeyPair,
  type IpPrefix,
  type KeyPair,
  keyPairFromSecret,
  parsePrefix,
  type Role,
  type Roster,
  signEntry,
  type VerifiedEntry,
  verifyRosterDocument,
} from '@arx/protocol';
import pino from 'pino';
import type { NodeContext } from '../../src/context.js';
import { Writer } from '../../src/ingest/writer.js';
import { RosterState } from '../../src/state/roster.js';
import type { Sublevels } from '../../src/store/db.js';

export interface MemberSpec {
  handle: string;
  roles: Role[];
  netblocks?: string[];
}

export const DEFAULT_MEMBERS: MemberSpec[] = [
  { handle: 'isc', roles: ['steward', 'observer', 'reporter'] },
  { handle: 'cnisp1', roles: ['provider'], netblocks: ['192.0.2.0/24', '2001:db8:1::/48'] },
  { handle: 'cnisp2', roles: ['provider'], netblocks: ['198.51.100.0/24'] },
  { handle: 'aol', roles: ['reporter'] },
  { handle: 'hotmail', roles: ['reporter'] },
  { handle: 'sorbs', roles: ['list-operator'] },
];

/** Deterministic key for a handle (tests only). */
export function keyFor(handle: string): KeyPair {
  const seed = new Uint8Array(32);
  for (let i = 0; i < handle.length; i++) seed[i] = handle.charCodeAt(i);
  seed[31] = 0x5a;
  return keyPairFromSecret(seed);
}

export const STEWARD = keyFor('steward');

export function makeRoster(members: MemberSpec[] = DEFAULT_MEMBERS, version = 1): Roster {
  return {
    v: 1,
    version,
    issued: 1_764_000_000_000,
    threshold: 1,
    stewards: [STEWARD.publicKey],
    members: members.map((m) => ({
      key: keyFor(m.handle).publicKey,
      handle: m.handle,
      names: { en: m.handle.toUpperCase(), 'zh-CN': m.handle },
      roles: m.roles,
      netblocks: (m.netblocks ?? []).map(parsePrefix),
      contacts: { abuse: [`abuse@${m.handle}.example`], escalation: [`noc@${m.handle}.example`] },
    })),
  };
}

export function rosterDocument(members: MemberSpec[] = DEFAULT_MEMBERS, version = 1): Uint8Array {
  return createRosterDocument(makeRoster(members, version), [STEWARD]);
}

export const OPERATOR_TOKEN = 'test-operator-token-0123456789abcdef';

/** Writes a node directory for `handle`; returns its path. */
export function writeNodeDir(
  root: string,
  handle: string,
  config: Record<string, unknown> = {},
  roster: Uint8Array = rosterDocument(),
): string {
  const dir = join(root, handle);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'org.key.json'), JSON.stringify(exportKeyPair(keyFor(handle))));
  writeFileSync(join(dir, 'operator.token'), OPERATOR_TOKEN);
  writeFileSync(join(dir, 'roster.cbor'), roster);
  writeFileSync(join(dir, 'arx.config.json'), JSON.stringify({ handle, log: { level: 'warn' }, ...config }, null, 2));
  return dir;
}

export function tempRoot(prefix = 'arx-test-'): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Starts a node in this process from a node directory. */
export async function startTestNode(
  dir: string,
  handle: string,
  config: Record<string, unknown> = {},
): Promise<NodeHandle> {
  const parsed = parseConfig({ handle, log: { level: 'warn' }, ...config }, dir);
  return startNode(parsed, { logger: pino({ level: 'silent' }) });
}

/** A chain of entries signed by `handle`, tracking seq and prev. */
export class Publisher {
  private seq = 0;
  private prev: Uint8Array | null = null;
  readonly keys: KeyPair;
  constructor(handle: string) {
    this.keys = keyFor(handle);
  }
  next<K extends EntryKind>(kind: K, body: BodyByKind[K], ts = Date.now()): VerifiedEntry<K> {
    const entry = signEntry({ seq: ++this.seq, prev: this.prev, ts, kind, body }, this.keys);
    this.prev = entry.id;
    return entry;
  }
}

export function reportBody(
  about: string,
  category: BodyByKind['report']['category'] = 'spam.source',
): BodyByKind['report'] {
  const now = Date.now();
  return { about: parsePrefix(about), category, observed: { first: now - 60_000, last: now, count: 1 }, source: 'fbl' };
}

export async function postJson(
  base: string,
  path: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; json: any }> {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

export async function getJson(base: string, path: string): Promise<{ status: number; json: any }> {
  const res = await fetch(base + path);
  return { status: res.status, json: await res.json() };
}

export async function postEntry(base: string, entry: VerifiedEntry): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}/v1/entries`, {
    method: 'POST',
    headers: { 'content-type': 'application/cose' },
    body: entry.bytes,
  });
  return { status: res.status, json: await res.json() };
}

/** mulberry32: a small seeded PRNG, so every history can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A random IP prefix in a small address space (10.0–1.x.x and 2001:0–2::), so that the
 * prefixes of a random history nest and networks repeat.
 */
export function randomPrefix(rand: () => number): IpPrefix {
  const v4 = rand() < 0.7;
  const bytes = v4 ? 4 : 16;
  const len = v4 ? [8, 16, 24, 28, 32][Math.floor(rand() * 5)]! : [32, 48, 64, 128][Math.floor(rand() * 4)]!;
  const ip = new Uint8Array(bytes);
  ip[0] = v4 ? 10 : 0x20;
  ip[1] = v4 ? Math.floor(rand() * 2) : 0x01;
  for (let i = 2; i < bytes; i++) ip[i] = Math.floor(rand() * 3);
  for (let bit = len; bit < bytes * 8; bit++) ip[bit >> 3]! &= ~(0x80 >> (bit & 7));
  return { ip, len };
}

/** A writer over `subs` with isc's keys and the test roster, no hooks and no fsync (as the bulk loader runs one); not yet initialised. */
export function bareWriter(subs: Sublevels): Writer {
  const roster = new RosterState(verifyRosterDocument(rosterDocument()));
  return new Writer({
    subs,
    keys: keyFor('isc'),
    roster: () => roster,
    hooks: { reportChanged() {}, listingChanged() {}, rosterAdopted() {} },
    sync: false,
  });
}

/** What a horizon pass (store/horizon.ts) needs of a node, for a bare writer. */
export function horizonContext(subs: Sublevels, writer: Writer, horizonDays: number): NodeContext {
  const log = { info() {}, warn() {}, debug() {}, error() {} };
  return { config: { horizonDays }, subs, writer, log } as unknown as NodeContext;
}

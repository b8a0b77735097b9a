/**
 * `arx demo --history 30d`: a month of plausible past activity, signed by the demo
 * members' own keys with past timestamps, so the dashboard's figures and charts mean
 * something on first sight. Reporters (AOL, Hotmail, ISC) report addresses in the
 * two ISPs' netblocks (and a few nobody claims); cnisp1 acknowledges fast and fixes
 * most, cnisp2 is slower and leaves more open; SORBS lists some of the worst
 * addresses, the ISP asks for removal once fixed, and SORBS decides, mostly granting.
 *
 * The history is generated from a fixed seed (the same month every run, relative to
 * now), signed in time order with each origin's chain (seq, prev) starting at 1, and
 * loaded into one node started in this process with no peers and no receipts. The
 * node's data directory is then copied to every member before the federation starts,
 * so every node holds the same month and each origin's own chain continues from it.
 */
import { cpSync, rmSync } from 'node:fs';
import { loadConfig, nodePath, startNode } from '@arx/node';
import {
  bodyFromJson,
  type EntryKind,
  formatAddress,
  type KeyPair,
  parsePrefix,
  signEntry,
  toHex,
} from '@arx/protocol';
import type { Ctx } from './context.js';
import type { Federation } from './federation.js';
import { readKeyFile } from './files.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Reports a day; a month is about two thousand. */
const REPORTS_PER_DAY = 70;

/** Host offsets the live scenario uses (192.0.2.77, .78): history leaves them alone. */
const SCENARIO_HOSTS = new Set([77, 78]);

/** A small deterministic generator (mulberry32), so every run tells the same month. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface PlannedEntry {
  ts: number;
  origin: string;
  kind: EntryKind;
  /** The JSON body; may refer to earlier entries, signed before it (they are older). */
  body: () => Record<string, unknown>;
  id?: string;
}

/** How a provider handles its reports: delays are log-normal around a median. */
interface Desk {
  ackMedianH: number;
  resolveMedianH: number;
  /** Share of reports never acknowledged, resolved, rejected (the rest stay investigating). */
  ignored: number;
  resolved: number;
  rejected: number;
}

const DESKS: Record<string, Desk> = {
  cnisp1: { ackMedianH: 1.5, resolveMedianH: 10, ignored: 0.03, resolved: 0.85, rejected: 0.04 },
  cnisp2: { ackMedianH: 14, resolveMedianH: 50, ignored: 0.15, resolved: 0.55, rejected: 0.1 },
};

const CATEGORIES: [string, number, string, string | null][] = [
  // category, weight, the fix, the list it lands on
  ['spam.source', 50, 'account-suspended', 'spam-source'],
  ['host.compromised', 12, 'host-cleaned', null],
  ['policy.dynamic', 10, 'port25-blocked', 'dynamic'],
  ['relay.open', 8, 'relay-closed', 'open-relay'],
  ['proxy.open', 6, 'proxy-closed', 'open-proxy'],
  ['phishing', 6, 'site-removed', null],
  ['malware', 5, 'host-cleaned', null],
  ['auth.failure', 3, 'customer-notified', null],
];

export interface HistorySummary {
  reports: number;
  acks: number;
  listings: number;
  delistRequests: number;
  decisions: number;
  entries: number;
}

/** Plans the month: every entry with its time, origin and body. */
function plan(fed: Federation, days: number, now: number): PlannedEntry[] {
  const rand = random(20_261_201);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const weighted = <T>(items: readonly (readonly [T, number])[]): T => {
    let r = rand() * items.reduce((n, [, w]) => n + w, 0);
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  };
  /** Log-normal delay around a median, in ms (σ = 0.9: a long tail, as abuse desks have). */
  const delay = (medianH: number) => Math.exp(Math.log(medianH * HOUR) + 0.9 * gaussian());
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

  const v4 = (handle: string) => fed.members.find((m) => m.handle === handle)!.netblocks.find((n) => !n.includes(':'))!;
  // A few dozen trouble hosts per block, the worst reported again and again.
  const hosts = (cidr: string) => {
    const base = parsePrefix(cidr).ip;
    const out: string[] = [];
    for (let offset = 10; out.length < 40; offset += 3) {
      if (SCENARIO_HOSTS.has(offset)) continue;
      const ip = base.slice();
      ip[3] = offset;
      out.push(formatAddress(ip));
    }
    return out;
  };
  const blocks: [string | null, string[], number][] = [
    ['cnisp1', hosts(v4('cnisp1')), 45],
    ['cnisp2', hosts(v4('cnisp2')), 45],
    [null, hosts('203.0.113.0/24'), 10],
  ];
  const reporters: [string, number][] = [
    ['aol', 5],
    ['hotmail', 4],
    ['isc', 1],
  ];

  const out: PlannedEntry[] = [];
  const add = (e: PlannedEntry) => {
    if (e.ts < now - MINUTE) out.push(e);
    return e.ts < now - MINUTE ? e : null;
  };
  /** When each SORBS listing ends (a target is listed at most once at a time). */
  const listedUntil = new Map<string, number>();
  const start = now - days * DAY;
  const total = Math.round(days * REPORTS_PER_DAY);
  for (let i = 0; i < total; i++) {
    const ts = start + rand() * (days * DAY - 2 * HOUR);
    const [responsible, pool] = weighted(blocks.map(([r, p, w]) => [[r, p] as const, w] as const));
    // Skewed: low indexes (the worst hosts) come up far more often.
    const about = pool[Math.floor(pool.length * rand() ** 2.5)]!;
    const [category, , fix, list] = weighted(CATEGORIES.map((c) => [c, c[1]] as const));
    const reporter = weighted(reporters);
    const last = Math.round(ts - rand() * HOUR);
    const first = Math.round(last - rand() * 48 * HOUR);
    const report = add({
      ts,
      origin: reporter,
      kind: 'report',
      body: () => ({
        about,
        category,
        observed: {
          first,
          last,
          count: 1 + Math.floor(rand() ** 3 * 400),
        },
        source: reporter === 'isc' ? 'complaint' : pick(['fbl', 'fbl', 'fbl', 'trap', 'complaint']),
      }),
    })!;
    if (!responsible) continue;
    const desk = DESKS[responsible]!;
    const fate = rand();
    if (fate < desk.ignored) continue;
    const ackTs = ts + delay(desk.ackMedianH);
    const ref = () => report.id!;
    if (!add({ ts: ackTs, origin: responsible, kind: 'ack', body: () => ({ report: ref(), status: 'received' }) })) {
      continue;
    }
    const outcome =
      fate < desk.ignored + desk.resolved
        ? 'resolved'
        : fate < desk.ignored + desk.resolved + desk.rejected
          ? 'rejected'
          : 'investigating';
    const doneTs = ackTs + delay(desk.resolveMedianH);
    if (outcome === 'investigating' || rand() < 0.4) {
      add({
        ts: ackTs + (doneTs - ackTs) / 3,
        origin: responsible,
        kind: 'ack',
        body: () => ({ report: ref(), status: 'investigating' }),
      });
    }
    let resolvedAt: number | null = null;
    if (outcome === 'resolved') {
      if (
        add({
          ts: doneTs,
          origin: responsible,
          kind: 'ack',
          body: () => ({ report: ref(), status: 'resolved', action: fix }),
        })
      ) {
        resolvedAt = doneTs;
      }
    } else if (outcome === 'rejected') {
      const reason = pick(['false-positive', 'insufficient-evidence', 'duplicate']);
      add({
        ts: doneTs,
        origin: responsible,
        kind: 'ack',
        body: () => ({ report: ref(), status: 'rejected', reason }),
      });
    }

    // SORBS lists about one in eight of the reports that fit one of its lists.
    if (!list || rand() > 0.125) continue;
    const target = `${about}/32`;
    const listTs = ts + 10 * MINUTE + rand() * 6 * HOUR;
    if ((listedUntil.get(`${list}!${target}`) ?? 0) > listTs) continue;
    const listing = add({
      ts: listTs,
      origin: 'sorbs',
      kind: 'listing',
      body: () => ({ list, op: 'add', target, reason: category, evidence: [report.id!] }),
    });
    if (!listing) continue;
    listedUntil.set(`${list}!${target}`, Number.POSITIVE_INFINITY);
    if (resolvedAt === null || resolvedAt < listTs) continue;
    const requestTs = resolvedAt + HOUR + rand() * 12 * HOUR;
    const request = add({
      ts: requestTs,
      origin: responsible,
      kind: 'delist-request',
      body: () => ({ listing: listing.id!, remediation: [fix] }),
    });
    if (!request) continue;
    const decideTs = requestTs + delay(6);
    const granted = rand() < 0.85;
    const decision = add({
      ts: decideTs,
      origin: 'sorbs',
      kind: 'delist-decision',
      body: () =>
        granted
          ? { request: request.id!, decision: 'granted' }
          : { request: request.id!, decision: 'denied', reason: 'insufficient-evidence' },
    });
    if (!decision || !granted) continue;
    const removeTs = decideTs + 2 * MINUTE;
    if (
      add({
        ts: removeTs,
        origin: 'sorbs',
        kind: 'listing',
        body: () => ({ list, op: 'remove', target, reason: category }),
      })
    ) {
      listedUntil.set(`${list}!${target}`, removeTs);
    }
  }
  return out.sort((a, b) => a.ts - b.ts);
}

/** Signs the plan in time order, each origin's chain from seq 1. */
function sign(planned: PlannedEntry[], keys: Map<string, KeyPair>): Uint8Array[] {
  const chains = new Map<string, { seq: number; prev: Uint8Array | null }>();
  return planned.map((p) => {
    const chain = chains.get(p.origin) ?? { seq: 0, prev: null };
    const entry = signEntry(
      {
        seq: chain.seq + 1,
        prev: chain.prev,
        ts: Math.round(p.ts),
        kind: p.kind,
        body: bodyFromJson(p.kind, p.body()),
      },
      keys.get(p.origin)!,
    );
    chains.set(p.origin, { seq: chain.seq + 1, prev: entry.id });
    p.id = toHex(entry.id);
    return entry.bytes;
  });
}

/**
 * Writes `days` of history into every member's node directory (the nodes must not
 * be running) and says what it wrote.
 */
export async function backfillHistory(
  ctx: Ctx,
  fed: Federation,
  days: number,
  now = Date.now(),
): Promise<HistorySummary> {
  const keys = new Map(fed.members.map((m) => [m.handle, readKeyFile(ctx, `${m.dir}/org.key.json`)]));
  const planned = plan(fed, days, now);
  const envelopes = sign(planned, keys);
  const seedDir = fed.members[0]!.dir;
  const config = loadConfig(seedDir);
  const node = await startNode({
    ...config,
    http: { ...config.http, port: 0 },
    peers: [],
    dnsbl: { ...config.dnsbl, enabled: false },
    smtp: { ...config.smtp, enabled: false },
    forward: { ...config.forward, enabled: false },
    receipts: { intervalSeconds: 86_400 },
    log: { level: 'silent' },
  });
  try {
    // In order, a few hundred at a time: one group commit per slice.
    for (let i = 0; i < envelopes.length; i += 256) {
      await Promise.all(envelopes.slice(i, i + 256).map((bytes) => node.context.ingest.submit(bytes)));
    }
  } finally {
    await node.close();
  }
  const data = nodePath(config, config.dataDir);
  for (const m of fed.members.slice(1)) {
    const c = loadConfig(m.dir);
    const target = nodePath(c, c.dataDir);
    rmSync(target, { recursive: true, force: true });
    cpSync(data, target, { recursive: true });
  }
  const count = (kind: string) => planned.filter((p) => p.kind === kind).length;
  return {
    reports: count('report'),
    acks: count('ack'),
    listings: count('listing'),
    delistRequests: count('delist-request'),
    decisions: count('delist-decision'),
    entries: planned.length,
  };
}

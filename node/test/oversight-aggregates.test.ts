/**
 * The oversight aggregates against the reference: on randomised histories (reports,
 * acks in any arrival order, comments by members not responsible, retractions of
 * reports, acks and delisting requests, listings with expiry and removal, delisting
 * requests and decisions), stored through the writer, every figure read from the
 * aggregates equals `computeResolution` over every record, for windows ending before,
 * inside and after the history; percentiles within the stated relative error.
 * Seeded: a failure names its seed, and `ARX_PROPERTY_SEED=<n>` replays it.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseTarget, toHex, type VerifiedEntry, verifyRosterDocument } from '@arx/protocol';
import { Writer } from '../src/ingest/writer.js';
import { isFigure, sortSamples } from '../src/oversight/figures.js';
import { aggregateResolution } from '../src/oversight/incremental.js';
import { figureAt } from '../src/oversight/json.js';
import { computeResolution, type MemberInfo, type ResolutionMetrics } from '../src/oversight/resolution.js';
import { RELATIVE_ERROR } from '../src/oversight/sketch.js';
import { tracedFigure } from '../src/oversight/trace.js';
import { windowOf } from '../src/oversight/window.js';
import type { DelistRecord, ListingRecord, ReportRecord } from '../src/state/records.js';
import { RosterState } from '../src/state/roster.js';
import { openDb, type Sublevels } from '../src/store/db.js';
import { keyFor, Publisher, reportBody, rosterDocument, tempRoot } from './helpers/fixture.js';

/** mulberry32: a small seeded PRNG, so every history can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const H = 3_600_000;
const T0 = Date.UTC(2026, 2, 1);
/** Times on a 10-minute grid, so steps, edges and `until` often coincide to the millisecond. */
const GRID = 10 * 60_000;

interface Built {
  readonly entries: VerifiedEntry[];
  readonly span: number;
}

function history(random: () => number): Built {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chance = (p: number) => random() < p;
  const at = (from: number, hours: number) => from + Math.floor((random() * hours * H) / GRID) * GRID;
  const span = 10 * 24 * H;
  const aol = new Publisher('aol');
  const hotmail = new Publisher('hotmail');
  const cnisp1 = new Publisher('cnisp1');
  const cnisp2 = new Publisher('cnisp2');
  const sorbs = new Publisher('sorbs');
  const providers = { cnisp1, cnisp2 };
  // Few targets, so the same address is reported again (repeat offenders).
  const targets: [string, keyof typeof providers | null][] = [
    ['192.0.2.1/32', 'cnisp1'],
    ['192.0.2.2/32', 'cnisp1'],
    ['192.0.2.0/28', 'cnisp1'],
    ['2001:db8:1::7/128', 'cnisp1'],
    ['198.51.100.9/32', 'cnisp2'],
    ['198.51.100.10/32', 'cnisp2'],
    ['203.0.113.5/32', null],
    ['203.0.113.77/32', null],
    ['spam.example', null],
  ];
  const shuffle = <T>(list: T[]): T[] => {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list;
  };
  const streams = new Map<Publisher, VerifiedEntry[]>();
  const emit = (p: Publisher, e: VerifiedEntry) => {
    const list = streams.get(p) ?? [];
    list.push(e);
    streams.set(p, list);
    return e;
  };

  // Reports, signed in an order unrelated to their ts.
  const planned = shuffle(
    Array.from({ length: 40 + Math.floor(random() * 50) }, () => ({ target: pick(targets), ts: at(T0, 240) })),
  );
  const reports = planned.map(({ target, ts }) => {
    const by = chance(0.7) ? aol : hotmail;
    const [text] = target;
    const body = text.includes('/')
      ? reportBody(text)
      : { ...reportBody('192.0.2.1/32'), about: parseTarget(text) as never };
    return { entry: emit(by, by.next('report', body, ts)), by, target, ts };
  });
  // Lifecycle steps by the responsible member, in random order; comments by the other one.
  const steps = shuffle(
    reports.flatMap((r) => {
      const responsible = r.target[1];
      if (responsible === null) return [];
      const n = Math.floor(random() * 4);
      return Array.from({ length: n }, () => ({
        r,
        by: chance(0.9) ? providers[responsible] : providers[responsible === 'cnisp1' ? 'cnisp2' : 'cnisp1'],
        status: pick(['received', 'investigating', 'resolved', 'resolved', 'rejected'] as const),
        // Now and then a step signed before its report (a clock behind the reporter's).
        ts: chance(0.05) ? r.ts - GRID : at(r.ts, chance(0.7) ? 12 : 120),
      }));
    }),
  );
  const acks = steps.map((s) => ({
    ...s,
    entry: emit(
      s.by,
      s.by.next(
        'ack',
        { report: s.r.entry.id, status: s.status, ...(s.status === 'rejected' ? { reason: 'false-positive' } : {}) },
        s.ts,
      ),
    ),
  }));
  for (const r of reports) {
    if (chance(0.08)) emit(r.by, r.by.next('retract', { entry: r.entry.id, reason: 'mistaken' }, at(r.ts, 48)));
  }
  for (const a of acks) {
    if (chance(0.08)) emit(a.by, a.by.next('retract', { entry: a.entry.id, reason: 'mistaken' }, at(a.ts, 24)));
  }
  // Listings: some expire, some are removed, some listed again; delisting requests and decisions.
  const listed = shuffle(targets.filter(([t]) => t.includes('/')).flatMap((t) => (chance(0.6) ? [t, t] : [t])));
  const listings = listed.map(([target, responsible]) => {
    const since = at(T0, 240);
    const body = {
      list: pick(['spam-source', 'open-relay', 'dynamic'] as const),
      op: 'add' as const,
      target: parseTarget(target) as never,
      reason: 'spam.source' as const,
      ...(chance(0.4) ? { expires: since + Math.floor(random() * 96) * H } : {}),
    };
    return { entry: emit(sorbs, sorbs.next('listing', body, since)), responsible, since, body };
  });
  for (const l of listings) {
    if (chance(0.2)) emit(sorbs, sorbs.next('listing', { ...l.body, op: 'remove' }, at(l.since, 72)));
  }
  const requests = listings
    .filter((l) => l.responsible !== null && chance(0.6))
    .map((l) => {
      const by = providers[l.responsible!];
      const ts = at(l.since, 48);
      const entry = emit(by, by.next('delist-request', { listing: l.entry.id, remediation: ['host-cleaned'] }, ts));
      return { entry, by, ts };
    });
  for (const q of shuffle([...requests])) {
    if (chance(0.6)) {
      const decision = pick(['granted', 'denied'] as const);
      emit(sorbs, sorbs.next('delist-decision', { request: q.entry.id, decision }, at(q.ts, 36)));
    }
    if (chance(0.1)) emit(q.by, q.by.next('retract', { entry: q.entry.id, reason: 'mistaken' }, at(q.ts, 40)));
  }
  // Interleave the origins at random, each in its own seq order.
  const queues = [...streams.values()].map((list) => [...list]);
  const entries: VerifiedEntry[] = [];
  while (queues.some((q) => q.length > 0)) {
    const live = queues.filter((q) => q.length > 0);
    entries.push(pick(live).shift()!);
  }
  return { entries, span };
}

async function load(subs: Sublevels, entries: readonly VerifiedEntry[], random: () => number): Promise<void> {
  const roster = new RosterState(verifyRosterDocument(rosterDocument()));
  const writer = new Writer({
    subs,
    keys: keyFor('isc'),
    roster: () => roster,
    hooks: { reportChanged() {}, listingChanged() {}, rosterAdopted() {} },
    sync: false,
  });
  await writer.init();
  // Groups of random size: contributions change within one batch and across batches.
  for (let i = 0; i < entries.length; ) {
    const group = entries.slice(i, i + 1 + Math.floor(random() * 8));
    i += group.length;
    const results = await Promise.all(group.map((e) => writer.store(e)));
    for (const r of results) assert.equal(r.status, 'accepted');
  }
  await writer.close();
}

async function records<T>(subs: Sublevels, prefix: string): Promise<T[]> {
  const out: T[] = [];
  for await (const v of subs.state.values({ gte: prefix, lt: `${prefix}\uffff` })) out.push(v as T);
  return out;
}

const PERCENTILE = /(timeToAcknowledge|timeToResolve|timeToDecision)\.(median|p90)$/;

/** Walks the reference and the aggregate answer side by side; returns the paths of aggregate figures. */
function compare(ref: unknown, got: unknown, path: string, exact: boolean, summed: string[]): void {
  if (isFigure(ref)) {
    assert.ok(isFigure(got), `${path}: a figure`);
    const n = got.n ?? got.entries.length;
    assert.equal(n, ref.entries.length, `${path}: number of entries`);
    if (PERCENTILE.test(path) && !exact && ref.value !== null) {
      assert.notEqual(got.value, null, path);
      const error = Math.abs(got.value! - ref.value) / Math.max(ref.value, 1e-9);
      assert.ok(
        ref.value === 0 ? got.value === 0 : error <= RELATIVE_ERROR + 1e-12,
        `${path}: ${got.value} vs ${ref.value}`,
      );
    } else {
      assert.equal(got.value, ref.value, `${path}: value`);
    }
    if (got.n === undefined) {
      assert.deepEqual(got.entries, ref.entries, `${path}: entries`);
      if (ref.samples) assert.deepEqual(got.samples, ref.samples, `${path}: samples`);
      assert.equal(got.pick, ref.pick, `${path}: pick`);
    } else summed.push(path);
    return;
  }
  if (Array.isArray(ref)) {
    assert.ok(Array.isArray(got), path);
    assert.equal(got.length, ref.length, `${path}: length`);
    for (const [i, v] of ref.entries()) compare(v, got[i], `${path}.${i}`, exact, summed);
    return;
  }
  if (ref !== null && typeof ref === 'object') {
    assert.ok(got !== null && typeof got === 'object', path);
    assert.deepEqual(Object.keys(got as object), Object.keys(ref), `${path}: keys`);
    for (const [k, v] of Object.entries(ref))
      compare(v, (got as Record<string, unknown>)[k], path ? `${path}.${k}` : k, exact, summed);
    return;
  }
  assert.deepEqual(got, ref, path);
}

function members(): MemberInfo[] {
  const roster = new RosterState(verifyRosterDocument(rosterDocument()));
  return roster
    .members()
    .map((m) => ({ key: toHex(m.key), handle: m.handle, roles: m.roles, netblocks: m.netblocks.length }));
}

const BASE_SEED = Number(process.env['ARX_PROPERTY_SEED'] ?? 20261202);
const RUNS = process.env['ARX_PROPERTY_SEED'] ? 1 : 2;

test('every figure from the aggregates equals the reference computation over every record', async () => {
  const { root, cleanup } = tempRoot('arx-oversight-property-');
  try {
    for (let run = 0; run < RUNS; run++) {
      const seed = BASE_SEED + run;
      const random = prng(seed);
      const { entries, span } = history(random);
      const subs = await openDb(join(root, `store-${seed}`));
      try {
        await load(subs, entries, random);
        const input = {
          reports: await records<ReportRecord>(subs, 'rep!'),
          listings: await records<ListingRecord>(subs, 'lst!'),
          delists: await records<DelistRecord>(subs, 'dr!'),
          members: members(),
        };
        for (let q = 0; q < 8; q++) {
          const spec = ['1h', '6h', '1d', '3d', '30d'][Math.floor(random() * 5)]!;
          const grid = random() < 0.5;
          const until =
            T0 +
            (grid ? Math.floor((random() * (span + 48 * H)) / GRID) * GRID : Math.floor(random() * (span + 48 * H)));
          const targetHours = 1 + Math.floor(random() * 72);
          const window = windowOf(spec, until);
          const label = `seed ${seed}, window ${spec} until ${until}, target ${targetHours} h`;
          const ref: ResolutionMetrics = computeResolution({ ...input, window, targetHours });
          for (const exactItems of [0, undefined]) {
            const query = { members: input.members, window, targetHours, ...(exactItems === 0 ? { exactItems } : {}) };
            const got = await aggregateResolution(subs, query);
            const summed: string[] = [];
            try {
              compare(ref, got, '', exactItems !== 0, summed);
            } catch (error) {
              (error as Error).message = `${label}, exactItems ${exactItems ?? 'default'}: ${(error as Error).message}`;
              throw error;
            }
            // A figure kept as a sum lists its entries on demand: the reference's, exactly;
            // or, for a large scope, page by page in signing order: the same entries.
            for (const path of summed.filter((_, i) => i % 7 === q % 7)) {
              const expected = figureEntries(ref, path);
              const traced = await tracedFigure(subs, query, got, path);
              assert.deepEqual(
                [...new Set(traced?.figure.entries)],
                [...new Set(expected)],
                `${label}: trace of ${path}`,
              );
              const whole = await tracedFigure(subs, query, got, path, { offset: 0, limit: 1e9 }, 0);
              const listed = whole?.page?.entries ?? whole?.figure.entries ?? [];
              assert.deepEqual([...listed].sort(), [...expected].sort(), `${label}: paged trace of ${path}`);
              const refSamples = figureAt(ref, path)?.samples;
              if (whole?.page && refSamples) {
                assert.deepEqual(sortSamples(whole.page.samples ?? []), refSamples, `${label}: samples of ${path}`);
              }
              if (whole?.page && listed.length > 2) {
                const first = await tracedFigure(subs, query, got, path, { offset: 0, limit: 2 }, 0);
                const rest = await tracedFigure(subs, query, got, path, { offset: 2, limit: 1e9 }, 0);
                assert.deepEqual(
                  [...first!.page!.entries, ...rest!.page!.entries],
                  listed,
                  `${label}: pages of ${path}`,
                );
              }
            }
          }
        }
      } finally {
        await subs.db.close();
      }
    }
  } finally {
    cleanup();
  }
});

function figureEntries(metrics: ResolutionMetrics, path: string): readonly string[] {
  let node: unknown = metrics;
  for (const segment of path.split('.')) node = (node as Record<string, unknown>)[segment];
  assert.ok(isFigure(node), path);
  return node.entries;
}

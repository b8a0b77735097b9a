/**
 * Randomised oversight histories for the property tests of the aggregates
 * (oversight-aggregates.test.ts, oversight-horizon.test.ts): the history, its loading
 * through the writer, and the walk comparing an answer with the reference.
 */
import assert from 'node:assert/strict';
import { parseTarget, toHex, type VerifiedEntry, verifyRosterDocument } from '@arx/protocol';
import type { Writer } from '../../src/ingest/writer.js';
import { isFigure } from '../../src/oversight/figures.js';
import type { MemberInfo, ResolutionMetrics } from '../../src/oversight/resolution.js';
import { RELATIVE_ERROR } from '../../src/oversight/sketch.js';
import { RosterState } from '../../src/state/roster.js';
import type { Sublevels } from '../../src/store/db.js';
import { bareWriter, Publisher, reportBody, rosterDocument } from './fixture.js';

export { prng } from './fixture.js';

export const H = 3_600_000;
export const T0 = Date.UTC(2026, 2, 1);
/** Times on a 10-minute grid, so steps, edges and `until` often coincide to the millisecond. */
export const GRID = 10 * 60_000;

export interface Built {
  readonly entries: VerifiedEntry[];
  readonly span: number;
}

/**
 * A random history. `chronological`: reports and steps signed in time order, and the
 * origins interleaved by time, so that arrival order is close to time order as on a live
 * node (what the horizon pass relies on to stop at the first entry inside the horizon).
 */
export function history(random: () => number, chronological = false): Built {
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

  // Reports, signed in an order unrelated to their ts (unless chronological).
  const inOrder = <T>(list: T[], ts: (x: T) => number) => (chronological ? list.sort((a, b) => ts(a) - ts(b)) : list);
  const planned = inOrder(
    shuffle(Array.from({ length: 40 + Math.floor(random() * 50) }, () => ({ target: pick(targets), ts: at(T0, 240) }))),
    (p) => p.ts,
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
  const steps = inOrder(
    shuffle(
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
    ),
    (x) => x.ts,
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
    const next = chronological ? live.reduce((a, b) => (b[0]!.payload.ts < a[0]!.payload.ts ? b : a)) : pick(live);
    entries.push(next.shift()!);
  }
  return { entries, span };
}

/** Stores the entries through a writer, in groups of random size; returns the writer, still open. */
export async function load(subs: Sublevels, entries: readonly VerifiedEntry[], random: () => number): Promise<Writer> {
  const writer = bareWriter(subs);
  await writer.init();
  // Groups of random size: contributions change within one batch and across batches.
  for (let i = 0; i < entries.length; ) {
    const group = entries.slice(i, i + 1 + Math.floor(random() * 8));
    i += group.length;
    const results = await Promise.all(group.map((e) => writer.store(e)));
    for (const r of results) assert.equal(r.status, 'accepted');
  }
  return writer;
}

export async function records<T>(subs: Sublevels, prefix: string): Promise<T[]> {
  const out: T[] = [];
  for await (const v of subs.state.values({ gte: prefix, lt: `${prefix}\uffff` })) out.push(v as T);
  return out;
}

const PERCENTILE = /(timeToAcknowledge|timeToResolve|timeToDecision)\.(median|p90)$/;

/** Walks the reference and the aggregate answer side by side; returns the paths of aggregate figures. */
export function compare(
  ref: unknown,
  got: unknown,
  path: string,
  exact: boolean,
  summed: string[],
  skip?: RegExp,
): void {
  if (skip?.test(path)) return;
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
    for (const [i, v] of ref.entries()) compare(v, got[i], `${path}.${i}`, exact, summed, skip);
    return;
  }
  if (ref !== null && typeof ref === 'object') {
    assert.ok(got !== null && typeof got === 'object', path);
    assert.deepEqual(Object.keys(got as object), Object.keys(ref), `${path}: keys`);
    for (const [k, v] of Object.entries(ref))
      compare(v, (got as Record<string, unknown>)[k], path ? `${path}.${k}` : k, exact, summed, skip);
    return;
  }
  assert.deepEqual(got, ref, path);
}

export function members(): MemberInfo[] {
  const roster = new RosterState(verifyRosterDocument(rosterDocument()));
  return roster
    .members()
    .map((m) => ({ key: toHex(m.key), handle: m.handle, roles: m.roles, netblocks: m.netblocks.length }));
}

export function figureEntries(metrics: ResolutionMetrics, path: string): readonly string[] {
  let node: unknown = metrics;
  for (const segment of path.split('.')) node = (node as Record<string, unknown>)[segment];
  assert.ok(isFigure(node), path);
  return node.entries;
}

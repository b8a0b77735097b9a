/**
 * Repeat offenders, kept incrementally: a report R2 counts when another report about
 * the same target, in the same scope, has a `resolved` step earlier than R2's ts. Which
 * report that is depends only on the earliest such step of each report, so per target
 * and scope the two earliest (from distinct reports) are enough to decide every R2:
 *
 *   ova!<scope>!<target>!<ts>!<id>  → ''             reports about a target (for re-deciding them)
 *   ovr!<scope>!<target>            → Earliest[]     the two earliest resolved steps, from distinct reports
 *   ovrp!<scope>!<hour>!<target>!<id> → ts           the reports that count, by report hour
 *   ovri!<id>                       → Tracked        what a report was indexed under (to undo it)
 *
 * A new earliest resolution re-decides only the reports about that target signed after
 * it (in a live stream, those reported between the resolution and its ack's arrival);
 * a retraction of one of the two re-reads the reports about the target.
 */
import type { ReportRecord } from '../state/records.js';
import { K } from '../state/records.js';
import type { Sublevels } from '../store/db.js';
import { pad } from '../store/db.js';
import type { Txn } from '../store/txn.js';
import { hourOf } from './aggregates.js';
import { FEDERATION, memberScope } from './contributions.js';

/** [step ts, report id, step entry id, report ts]. */
export type Earliest = readonly [number, string, string, number];

interface Tracked {
  readonly about: string;
  readonly ts: number;
  readonly scopes: readonly string[];
  readonly e: Earliest | null;
}

/** Targets in keys: `!` and `%` escaped, so a target never reads as a key separator. */
export const keyTarget = (about: string) => about.replaceAll('%', '%25').replaceAll('!', '%21');
export const targetOfKey = (text: string) => text.replaceAll('%21', '!').replaceAll('%25', '%');

export const RK = {
  byTarget: (s: string, about: string) => `ova!${s}!${keyTarget(about)}!`,
  report: (s: string, about: string, ts: number, id: string) => `ova!${s}!${keyTarget(about)}!${pad(ts)}!${id}`,
  earliest: (s: string, about: string) => `ovr!${s}!${keyTarget(about)}`,
  counted: (s: string, ts: number, about: string, id: string) =>
    `ovrp!${s}!${pad(hourOf(ts))}!${keyTarget(about)}!${id}`,
  countedPrefix: (s: string) => `ovrp!${s}!`,
  tracked: (id: string) => `ovri!${id}`,
} as const;

const order = (a: Earliest, b: Earliest) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

/** The earliest resolved step of a report, by (ts, entry); null if it has none. */
function earliestOf(r: ReportRecord): Earliest | null {
  let best: Earliest | null = null;
  for (const s of r.steps) {
    if (s.status !== 'resolved') continue;
    if (!best || s.ts < best[0] || (s.ts === best[0] && s.entry < best[2])) best = [s.ts, r.id, s.entry, r.ts];
  }
  return best;
}

/** The resolution that makes `id` (signed at `ts`) a repeat, if any. */
export function repeatCause(two: readonly Earliest[], id: string, ts: number): Earliest | undefined {
  const other = two.find((e) => e[1] !== id);
  return other && other[0] < ts ? other : undefined;
}

function sameTwo(a: readonly Earliest[], b: readonly Earliest[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

async function rereadEarliest(txn: Txn, subs: Sublevels, s: string, about: string): Promise<Earliest[]> {
  const rows = await txn.scan<string>(subs.state, RK.byTarget(s, about), Number.MAX_SAFE_INTEGER);
  const found: Earliest[] = [];
  for (const [key] of rows) {
    const r = await txn.get<ReportRecord>(subs.state, K.report(key.slice(key.lastIndexOf('!') + 1)));
    const e = r && r.retracted === null ? earliestOf(r) : null;
    if (e) found.push(e);
  }
  return found.sort(order).slice(0, 2);
}

async function decide(txn: Txn, subs: Sublevels, s: string, about: string, id: string, ts: number, two: Earliest[]) {
  const key = RK.counted(s, ts, about, id);
  if (repeatCause(two, id, ts)) txn.put(subs.state, key, ts);
  else txn.del(subs.state, key);
}

async function updateScope(
  txn: Txn,
  subs: Sublevels,
  s: string,
  r: ReportRecord,
  prev: Tracked | undefined,
  next: Tracked | null,
) {
  const about = (next ?? prev)!.about;
  const wasIn = prev?.scopes.includes(s) ?? false;
  const isIn = next?.scopes.includes(s) ?? false;
  if (isIn) txn.put(subs.state, RK.report(s, about, r.ts, r.id), '');
  else txn.del(subs.state, RK.report(s, about, r.ts, r.id));
  const key = RK.earliest(s, about);
  const before = (await txn.get<Earliest[]>(subs.state, key)) ?? [];
  const oldE = wasIn ? (prev?.e ?? null) : null;
  const newE = isIn ? (next?.e ?? null) : null;
  let after: Earliest[];
  if (oldE && before.some((e) => e[1] === r.id) && before.length === 2 && !(newE && order(newE, before[1]!) <= 0)) {
    // One of the two is gone or moved later: a third report may now be among the two earliest.
    after = await rereadEarliest(txn, subs, s, about);
  } else {
    after = before.filter((e) => e[1] !== r.id);
    if (newE) after.push(newE);
    after = after.sort(order).slice(0, 2);
  }
  if (after.length === 0) txn.del(subs.state, key);
  else txn.put(subs.state, key, after);
  if (!sameTwo(before, after)) {
    // Every report signed after the earlier of the old and new first resolution may change.
    const firsts = [before[0]?.[0], after[0]?.[0]].filter((x): x is number => x !== undefined);
    const from = Math.min(...firsts);
    const rows = await txn.scan<string>(subs.state, RK.byTarget(s, about), Number.MAX_SAFE_INTEGER);
    for (const [row] of rows) {
      const parts = row.split('!');
      const ts = Number(parts.at(-2));
      const id = parts.at(-1)!;
      if (ts > from && id !== r.id) await decide(txn, subs, s, about, id, ts, after);
    }
  }
  if (isIn) await decide(txn, subs, s, about, r.id, r.ts, after);
  else txn.del(subs.state, RK.counted(s, r.ts, about, r.id));
}

/** Keeps the repeat-offender rows of a report in step with its record. */
export async function trackRepeats(txn: Txn, subs: Sublevels, r: ReportRecord): Promise<void> {
  const prev = await txn.get<Tracked>(subs.state, RK.tracked(r.id));
  const next: Tracked | null =
    r.retracted === null && r.responsible !== null
      ? { about: r.about, ts: r.ts, scopes: [memberScope(r.responsible), FEDERATION], e: earliestOf(r) }
      : null;
  if (!prev && !next) return;
  if (prev && next && JSON.stringify(prev) === JSON.stringify(next)) return;
  for (const s of new Set([...(prev?.scopes ?? []), ...(next?.scopes ?? [])])) {
    await updateScope(txn, subs, s, r, prev, next);
  }
  if (next) txn.put(subs.state, RK.tracked(r.id), next);
  else txn.del(subs.state, RK.tracked(r.id));
}

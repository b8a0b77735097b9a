/**
 * Repeat offenders, kept incrementally: a report R2 counts when another report about
 * the same target, in the same scope, has a `resolved` step earlier than R2's ts. Which
 * report that is depends only on the earliest such step of each report, so per target
 * and scope the two earliest (from distinct reports) decide every R2:
 *
 *   ovr!<scope>!<target>              → Earliest[]  the two earliest resolved steps, from distinct reports
 *   ovrp!<scope>!<hour>!<target>!<id> → ts          the reports that count, by report hour
 *
 * Routed reports are about addresses, so the reports about a target are read from the
 * subject index (state/subjects.ts) when they must be decided again: when the earliest
 * resolution changes, only those signed after it (in a live stream, the ones reported
 * between the resolution and its ack's arrival); when one of the two is retracted, all.
 */
import type { ReportRecord } from '../state/records.js';
import { K } from '../state/records.js';
import { rowReport, subjectKey } from '../state/subjects.js';
import type { Sublevels } from '../store/db.js';
import { pad } from '../store/db.js';
import type { Txn } from '../store/txn.js';
import { hourOf } from './aggregates.js';
import { FEDERATION, memberScope } from './contributions.js';

/** [step ts, report id, step entry id, report ts]. */
export type Earliest = readonly [number, string, string, number];

/** Targets in keys: `!` and `%` escaped, so a target never reads as a key separator. */
export const keyTarget = (about: string) => about.replaceAll('%', '%25').replaceAll('!', '%21');
export const targetOfKey = (text: string) => text.replaceAll('%21', '!').replaceAll('%25', '%');

export const RK = {
  earliest: (s: string, about: string) => `ovr!${s}!${keyTarget(about)}`,
  counted: (s: string, ts: number, about: string, id: string) =>
    `ovrp!${s}!${pad(hourOf(ts))}!${keyTarget(about)}!${id}`,
  countedPrefix: (s: string) => `ovrp!${s}!`,
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

const scopesOf = (r: ReportRecord | null): string[] =>
  r && r.retracted === null && r.responsible !== null ? [memberScope(r.responsible), FEDERATION] : [];

/** The other reports about r's target in scope `s`, from the subject index, as [ts, id, record]. */
async function peers(txn: Txn, subs: Sublevels, s: string, r: ReportRecord): Promise<[number, ReportRecord][]> {
  const key = subjectKey(r);
  if (key === null) return [];
  const prefix = key.slice(0, key.length - r.id.length - 17);
  const rows = await txn.scan<string>(subs.index, prefix, Number.MAX_SAFE_INTEGER);
  const out: [number, ReportRecord][] = [];
  for (const [row] of rows) {
    const id = rowReport(row);
    if (id === r.id) continue;
    const peer = await txn.get<ReportRecord>(subs.state, K.report(String(id)));
    if (peer && scopesOf(peer).includes(s)) out.push([Number(row.split('!').at(-2)), peer]);
  }
  return out;
}

async function decide(
  txn: Txn,
  subs: Sublevels,
  s: string,
  r: Pick<ReportRecord, 'id' | 'ts' | 'about'>,
  two: readonly Earliest[],
  known: boolean,
) {
  const key = RK.counted(s, r.ts, r.about, r.id);
  if (repeatCause(two, r.id, r.ts)) txn.put(subs.state, key, r.ts);
  else if (known) txn.del(subs.state, key);
}

async function updateScope(txn: Txn, subs: Sublevels, s: string, before: ReportRecord | null, r: ReportRecord) {
  const isIn = scopesOf(r).includes(s);
  const oldE = before && scopesOf(before).includes(s) ? earliestOf(before) : null;
  const newE = isIn ? earliestOf(r) : null;
  const key = RK.earliest(s, r.about);
  const held = (await txn.get<Earliest[]>(subs.state, key)) ?? [];
  let two = held.filter((e) => e[1] !== r.id);
  if (newE) two.push(newE);
  two = two.sort(order).slice(0, 2);
  // r was one of two and moved later or went: a third report may now be among the two earliest.
  if (oldE && held.length === 2 && held.some((e) => e[1] === r.id) && !(newE && order(newE, held[1]!) <= 0)) {
    const found = (await peers(txn, subs, s, r)).map(([, p]) => earliestOf(p)).filter((e): e is Earliest => !!e);
    two = [...found, ...(newE ? [newE] : [])].sort(order).slice(0, 2);
  }
  const changed = JSON.stringify(held) !== JSON.stringify(two);
  if (changed) {
    if (two.length === 0) txn.del(subs.state, key);
    else txn.put(subs.state, key, two);
    // Every report signed after the earlier of the old and new first resolution may change.
    const from = Math.min(...[held[0]?.[0], two[0]?.[0]].filter((x): x is number => x !== undefined));
    for (const [ts, peer] of await peers(txn, subs, s, r)) if (ts > from) await decide(txn, subs, s, peer, two, true);
  }
  if (isIn) await decide(txn, subs, s, r, two, before !== null);
  else txn.del(subs.state, RK.counted(s, r.ts, r.about, r.id));
}

/** Keeps the repeat-offender rows of a report in step with its record (`before`: its previous version). */
export async function trackRepeats(txn: Txn, subs: Sublevels, before: ReportRecord | null, r: ReportRecord) {
  const was = scopesOf(before);
  const is = scopesOf(r);
  if (was.length === 0 && is.length === 0) return;
  if (before && was.length === is.length && JSON.stringify(earliestOf(before)) === JSON.stringify(earliestOf(r)))
    return;
  for (const s of new Set([...was, ...is])) await updateScope(txn, subs, s, before, r);
}

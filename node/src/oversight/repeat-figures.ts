/**
 * Repeat offenders of a scope and window, from the rows repeats.ts keeps: the reports
 * that count (`ovrp!`, by report hour) and, per target, the two earliest resolutions.
 * The cost follows the answer: one row per counted report, one per target listed.
 */
import type { Sublevels } from '../store/db.js';
import { pad } from '../store/db.js';
import { hourOf } from './aggregates.js';
import { type Earliest, RK, repeatCause, targetOfKey } from './repeats.js';
import type { RepeatOffender, ResolutionFigures, Window } from './resolution.js';

export async function repeatFigures(
  subs: Sublevels,
  scope: string,
  w: Window,
): Promise<Pick<ResolutionFigures, 'repeatOffenders' | 'repeatOffenderAddresses'>> {
  const prefix = RK.countedPrefix(scope);
  const byTarget = new Map<string, { id: string; ts: number }[]>();
  const range = { gte: `${prefix}${pad(hourOf(w.from))}`, lt: `${prefix}${pad(hourOf(w.to - 1))}~` };
  for await (const [key, value] of subs.state.iterator(range)) {
    const ts = Number(value);
    if (ts < w.from || ts >= w.to) continue;
    const rest = (key as string).slice(prefix.length);
    const target = rest.slice(rest.indexOf('!') + 1, rest.lastIndexOf('!'));
    const id = rest.slice(rest.lastIndexOf('!') + 1);
    const list = byTarget.get(target);
    if (list) list.push({ id, ts });
    else byTarget.set(target, [{ id, ts }]);
  }
  const offenders: RepeatOffender[] = [];
  for (const [target, later] of byTarget) {
    const about = targetOfKey(target);
    const two = ((await subs.state.get(RK.earliest(scope, about))) as Earliest[] | undefined) ?? [];
    const entries = new Set<string>();
    let count = 0;
    for (const r of later.sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const cause = repeatCause(two, r.id, r.ts);
      // The earlier report must itself be in the view (signed before its end).
      if (!cause || cause[3] >= w.to) continue;
      count++;
      entries.add(cause[1]).add(cause[2]).add(r.id);
    }
    if (count > 0) offenders.push({ address: about, reports: { value: count, entries: [...entries] } });
  }
  offenders.sort((a, b) => (b.reports.value ?? 0) - (a.reports.value ?? 0) || (a.address < b.address ? -1 : 1));
  return {
    repeatOffenders: { value: offenders.length, entries: offenders.flatMap((o) => o.reports.entries) },
    repeatOffenderAddresses: offenders,
  };
}

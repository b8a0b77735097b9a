/**
 * The trim floor of the oversight aggregates (an hour, ms): the horizon pass
 * (store/horizon.ts, oversight/trim.ts) deletes the per-item rows — points, timeline
 * points, intervals, repeat rows — of records it deletes wherever they sit below the
 * floor, so every row at or after it is held for every item ever counted, deleted or not.
 * Cells (hour sums) are never trimmed.
 *
 * So a window starting at or after the floor reads exactly what it read before any trim.
 * A window starting before it is answered from cells alone, at hour granularity: each of
 * its edges that lies before the floor moves to an hour boundary (`coarseWindow`), and its
 * scopes are answered from their sums, not from records (the records of hours before the
 * floor are partly deleted). The floor is the hour of the last pass's horizon cutoff.
 */
import type { Sublevels } from '../store/db.js';
import { HOUR, hourOf } from './aggregates.js';
import type { Window } from './resolution.js';

/** State key (`s` sublevel) of the floor. */
export const FLOOR_KEY = 'ovfloor';

/** The trim floor (0 before any trim). */
export async function trimFloor(subs: Sublevels): Promise<number> {
  return ((await subs.state.get(FLOOR_KEY)) as number | undefined) ?? 0;
}

/**
 * An instant before the floor, read from cells: the last millisecond of its hour, so the
 * events up to it are exactly the cells of the hours up to its own.
 */
export function coarseInstant(t: number, floor: number): number {
  return t < floor ? hourOf(t) + HOUR - 1 : t;
}

/**
 * The window a query is answered for: its edges before the floor move out to the whole
 * hours they fall in (the start to the start of its hour, the end to the end of its hour).
 */
export function coarseWindow(w: Window, floor: number): Window {
  return { from: w.from < floor ? hourOf(w.from) : w.from, to: coarseInstant(w.to, floor) };
}

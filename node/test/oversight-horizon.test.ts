/**
 * The oversight aggregates once the horizon has deleted part of a randomised history
 * (the histories of oversight-aggregates.test.ts) and trimmed the per-item rows of what
 * it deleted: no row of a deleted record is left below the trim floor; every figure of a
 * window starting at or after the floor still equals the reference computed over every
 * record stored before the passes; and a window reaching before the floor gets the
 * documented approximation (oversight/floor.ts): the reference's figures for the window
 * with its edges before the floor moved out to whole hours, `due` with its cut-off in
 * such an hour moved to the hour's start, and repeat offenders counted among the reports
 * still held. Seeded like the other property test (`ARX_PROPERTY_SEED=<n>` replays one).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { HOUR } from '../src/oversight/aggregates.js';
import { reportContributions } from '../src/oversight/contributions.js';
import { coarseInstant, coarseWindow, trimFloor } from '../src/oversight/floor.js';
import { aggregateResolution } from '../src/oversight/incremental.js';
import { computeResolution, type ResolutionFigures, type Window } from '../src/oversight/resolution.js';
import { windowOf } from '../src/oversight/window.js';
import { type DelistRecord, K, type ListingRecord, type ReportRecord, reportStatus } from '../src/state/records.js';
import { openDb, type Sublevels } from '../src/store/db.js';
import { applyHorizon } from '../src/store/horizon.js';
import { horizonContext, tempRoot } from './helpers/fixture.js';
import { compare, H, history, load, members, prng, records, T0 } from './helpers/oversight-history.js';

const DAY = 24 * H;
const FAMILIES = ['ovp!', 'ovtp!', 'ovti!', 'ovrp!'];

/** Per-item rows of the aggregates: [key, scope, position, item]. */
async function itemRows(subs: Sublevels): Promise<[string, string, string, string][]> {
  const out: [string, string, string, string][] = [];
  for (const family of FAMILIES) {
    for await (const key of subs.state.keys({ gte: family, lt: `${family}\uffff` })) {
      const fields = String(key).slice(family.length).split('!');
      const item = family === 'ovtp!' ? fields[2] : family === 'ovrp!' ? fields.at(-1) : fields[3];
      out.push([String(key), fields[0]!, fields[1]!, item!]);
    }
  }
  return out;
}

async function isHeld(subs: Sublevels, item: string): Promise<boolean> {
  const found = await subs.state.getMany([K.report(item), K.listing(item), K.delist(item)]);
  return found.some((v) => v !== undefined);
}

/** The report scopes of an answer: the federation and each member. */
const reportScopes = (m: { federation: ResolutionFigures; members: Record<string, ResolutionFigures> }) =>
  [['federation', m.federation] as const, ...Object.entries(m.members)].map(([name, f]) => [name, f] as const);

const BASE_SEED = Number(process.env['ARX_PROPERTY_SEED'] ?? 20261202);
const RUNS = process.env['ARX_PROPERTY_SEED'] ? 1 : 2;

test('past the horizon, rows of deleted records are trimmed below the floor and figures keep to their stated accuracy', async () => {
  const { root, cleanup } = tempRoot('arx-oversight-horizon-');
  const asked = { after: 0, before: 0 };
  try {
    for (let run = 0; run < RUNS; run++) {
      const seed = BASE_SEED + run;
      const random = prng(seed);
      const { entries, span } = history(random, true);
      const subs = await openDb(join(root, `store-${seed}`));
      const writer = await load(subs, entries, random);
      try {
        const full = {
          reports: await records<ReportRecord>(subs, 'rep!'),
          listings: await records<ListingRecord>(subs, 'lst!'),
          delists: await records<DelistRecord>(subs, 'dr!'),
          members: members(),
        };
        const rowsBefore = (await itemRows(subs)).length;
        const ctx = horizonContext(subs, writer, 1);
        // Two passes. The first stops just after a closed report's last step, inside that step's
        // hour: the report goes, and its rows of that hour stay above the floor, for the second
        // pass to sweep once its floor has passed them.
        const closedAt = full.reports
          .filter(
            (r) => r.retracted === null && r.responsible !== null && ['resolved', 'rejected'].includes(reportStatus(r)),
          )
          .flatMap((r) => {
            const last = Math.max(r.ts, ...r.steps.map((x) => x.ts), ...r.comments.map((x) => x.ts));
            const closed = reportContributions(r).i.at(-1)?.end ?? null;
            // Its last close is a row (a timeline point, an interval) in the hour of its last step.
            return closed !== null && closed >= Math.floor((last + 1) / HOUR) * HOUR ? [last] : [];
          })
          .filter((t) => t > T0 + 2 * DAY && t < T0 + 4 * DAY)
          .sort((a, b) => a - b);
        assert.ok(closedAt.length > 0, `seed ${seed}: a report closed mid-history`);
        const cutoffs = [closedAt[0]! + 1, T0 + 5 * DAY + 37 * 60_000];
        const unheld = async () => {
          let n = 0;
          for (const [, , , item] of await itemRows(subs)) if (!(await isHeld(subs, item))) n++;
          return n;
        };
        let deleted = (await applyHorizon(ctx, cutoffs[0]! + DAY)).deleted;
        assert.ok(
          (await unheld()) > 0,
          `seed ${seed}: the first pass left rows of deleted records in its cutoff's hour`,
        );
        deleted += (await applyHorizon(ctx, cutoffs[1]! + DAY)).deleted;
        const floor = await trimFloor(subs);
        assert.equal(floor, Math.floor(cutoffs[1]! / HOUR) * HOUR, `seed ${seed}: the floor is the cutoff's hour`);
        assert.ok(deleted > 0, `seed ${seed}: the passes deleted entries`);

        const rows = await itemRows(subs);
        assert.ok(rows.length < rowsBefore, `seed ${seed}: rows trimmed (${rowsBefore} → ${rows.length})`);
        for (const [key, , position, item] of rows) {
          if (position === '~' || Number(position) >= floor) continue;
          assert.ok(await isHeld(subs, item), `seed ${seed}: ${key} is below the floor and its record is gone`);
        }

        for (let q = 0; q < 12; q++) {
          const spec = ['1h', '6h', '1d', '3d', '30d'][Math.floor(random() * 5)]!;
          const until = T0 + Math.floor(random() * (span + 48 * H));
          const targetHours = 1 + Math.floor(random() * 72);
          const window = windowOf(spec, until);
          const label = `seed ${seed}, window ${spec} until ${until}, target ${targetHours} h`;
          const reference = (w: Window, target = targetHours) =>
            computeResolution({ ...full, window: w, targetHours: target });
          if (window.from >= floor) {
            asked.after++;
            const ref = reference(window);
            for (const exactItems of [0, undefined]) {
              const got = await aggregateResolution(subs, {
                members: full.members,
                window,
                targetHours,
                ...(exactItems === 0 ? { exactItems } : {}),
              });
              try {
                // Deleted records of the floor's hour leave their scope answered from sums.
                compare(ref, got, '', false, []);
              } catch (error) {
                (error as Error).message =
                  `${label}, exactItems ${exactItems ?? 'default'}: ${(error as Error).message}`;
                throw error;
              }
            }
            continue;
          }

          asked.before++;
          const answered = coarseWindow(window, floor);
          const ref = reference(answered);
          const got = await aggregateResolution(subs, { members: full.members, window, targetHours });
          try {
            assert.deepEqual(got.window, answered, 'the window answered');
            compare(
              ref,
              got,
              '',
              false,
              [],
              /(^|\.)(due|resolvedWithinTarget|withinTargetShare|openOverTime|repeatOffender\w*)$/,
            );
            // Due: the cut-off (until − target) moves to the start of its hour when it lies before the floor.
            const later = reference(answered, targetHours + 1);
            const gotScopes = reportScopes(got);
            for (const [name, figures] of gotScopes) {
              const upper = name === 'federation' ? ref.federation : ref.members[name]!;
              const lower = name === 'federation' ? later.federation : later.members[name]!;
              assert.ok(
                figures.due.value! <= upper.due.value! && figures.due.value! >= lower.due.value!,
                `${name}.due ${figures.due.value} within [${lower.due.value}, ${upper.due.value}]`,
              );
              // Repeat offenders: only among the reports still held, so never more than the reference.
              const refAddresses = new Map(upper.repeatOffenderAddresses.map((o) => [o.address, o.reports]));
              assert.ok(figures.repeatOffenders.value! <= upper.repeatOffenders.value!, `${name}.repeatOffenders`);
              for (const o of figures.repeatOffenderAddresses) {
                const r = refAddresses.get(o.address);
                assert.ok(r && o.reports.value! <= r.value!, `${name}: repeats of ${o.address}`);
                for (const id of o.reports.entries)
                  assert.ok(r.entries.includes(id), `${name}: ${id} behind ${o.address}`);
              }
              // Open reports over time: an instant before the floor is read at the end of its hour.
              for (const [i, point] of figures.openOverTime.entries()) {
                const at = coarseInstant(point.t, floor);
                const refScopes = reference({ from: at - HOUR, to: at });
                const refAt = name === 'federation' ? refScopes.federation : refScopes.members[name];
                const expected =
                  at === point.t ? upper.openOverTime[i]!.open.value : refAt!.openOverTime.at(-1)!.open.value;
                assert.equal(point.open.value, expected, `${name}.openOverTime.${i} at ${point.t}`);
              }
            }
          } catch (error) {
            (error as Error).message = `${label} (before the floor ${floor}): ${(error as Error).message}`;
            throw error;
          }
        }
      } finally {
        await writer.close();
        await subs.db.close();
      }
    }
    assert.ok(
      asked.after > 0 && asked.before > 0,
      `windows after the floor and reaching before it: ${JSON.stringify(asked)}`,
    );
  } finally {
    cleanup();
  }
});

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
import { sortSamples } from '../src/oversight/figures.js';
import { aggregateResolution } from '../src/oversight/incremental.js';
import { figureAt } from '../src/oversight/json.js';
import { computeResolution, type ResolutionMetrics } from '../src/oversight/resolution.js';
import { tracedFigure } from '../src/oversight/trace.js';
import { windowOf } from '../src/oversight/window.js';
import type { DelistRecord, ListingRecord, ReportRecord } from '../src/state/records.js';
import { openDb } from '../src/store/db.js';
import { tempRoot } from './helpers/fixture.js';
import {
  compare,
  figureEntries,
  GRID,
  H,
  history,
  load,
  members,
  prng,
  records,
  T0,
} from './helpers/oversight-history.js';

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
        await (await load(subs, entries, random)).close();
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

/**
 * The rows the oversight reads keep between requests (oversight/read-cache.ts) follow
 * the store: figures read, then more of the history stored (reports backdated into hours
 * already read, acks and decisions arriving late), then the same figures read again equal
 * the reference computation over every record — as they do on a store read only once.
 */
import { join } from 'node:path';
import { test } from 'node:test';
import { aggregateResolution } from '../src/oversight/incremental.js';
import { limitReadCache } from '../src/oversight/read-cache.js';
import { computeResolution } from '../src/oversight/resolution.js';
import { windowOf } from '../src/oversight/window.js';
import type { DelistRecord, ListingRecord, ReportRecord } from '../src/state/records.js';
import { openDb } from '../src/store/db.js';
import { tempRoot } from './helpers/fixture.js';
import { compare, H, history, load, members, prng, records, T0 } from './helpers/oversight-history.js';

test('figures read before and after more entries are stored both equal the reference', async () => {
  const { root, cleanup } = tempRoot('arx-oversight-cache-');
  try {
    const random = prng(20261203);
    const { entries, span } = history(random);
    const subs = await openDb(join(root, 'store'));
    try {
      const queries = ['1h', '1d', '3d', '30d'].flatMap((spec, i) =>
        [0, undefined].map((exactItems) => ({
          spec,
          until: T0 + Math.floor(((i + 1) / 5) * (span + 48 * H)),
          exactItems,
        })),
      );
      // Windows ending at several instants of one hour, in and out of order: they share
      // the sums of the hours they cover whole and differ in their edges (oversight/reads.ts).
      // Around reports' own times: just before and after one (the tail of the hour that
      // holds `until`), and an hour later (a 1h window's start cutting the report's hour).
      const times = entries.filter((e) => e.payload.kind === 'report').map((e) => e.payload.ts);
      for (const t of times.slice(0, 3)) {
        const hour = Math.floor(t / H) * H;
        for (const until of [t + 1, hour + 59 * 60_000, t - 1, t + H - 1]) {
          for (const spec of ['1h', '1d']) queries.push({ spec, until, exactItems: 0 });
        }
      }
      const check = async () => {
        const input = {
          reports: await records<ReportRecord>(subs, 'rep!'),
          listings: await records<ListingRecord>(subs, 'lst!'),
          delists: await records<DelistRecord>(subs, 'dr!'),
          members: members(),
        };
        for (const { spec, until, exactItems } of queries) {
          const window = windowOf(spec, until);
          const ref = computeResolution({ ...input, window, targetHours: 24 });
          const query = {
            members: input.members,
            window,
            targetHours: 24,
            ...(exactItems === 0 ? { exactItems } : {}),
          };
          // Twice: the second answer comes from the rows kept by the first.
          for (let i = 0; i < 2; i++) compare(ref, await aggregateResolution(subs, query), '', exactItems !== 0, []);
        }
      };
      const half = Math.floor(entries.length / 2);
      await (await load(subs, entries.slice(0, half), random)).close();
      await check();
      await (await load(subs, entries.slice(half), random)).close();
      await check();
      // metrics.readCacheValuesPerScope: one value per scope (each set drops the last), and none.
      for (const limit of [1, 0]) {
        limitReadCache(subs, limit);
        await check();
      }
    } finally {
      await subs.db.close();
    }
  } finally {
    cleanup();
  }
});

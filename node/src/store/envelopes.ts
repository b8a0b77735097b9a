/**
 * A stored entry by its id. Its id leads to its arrival cursor (`c`, store layout 7: the
 * cursor alone), and the cursor to its arrival row (`a`, the meta) and its envelope
 * (`r`): both kept once, in arrival order. Only an entry kept as fork evidence alone,
 * which has no arrival row, is kept by id (`e`). Store layout 6 (state/migrate.ts)
 * dropped the copy by id of every envelope; layout 7 the copy by id of every meta.
 */
import { type ArrivalMeta, keyEnd, pad, readMany, type Sub, type Sublevels } from './db.js';

/** Reads one key: the database itself, or a transaction that sees its own writes (store/txn.ts). */
export interface KeyReader {
  get<T>(sub: Sub, key: string): Promise<T | undefined>;
}

const direct: KeyReader = { get: async <T>(sub: Sub, key: string) => (await sub.get(key)) as T | undefined };

/** The arrival cursor of stored entry `id`, or undefined if this node does not hold it. */
export function cursorOf(subs: Sublevels, id: string, via: KeyReader = direct): Promise<number | undefined> {
  return via.get<number>(subs.byId, id);
}

/** The arrival meta of stored entry `id` (its cursor, then its arrival row), or undefined. */
export async function metaOf(subs: Sublevels, id: string, via: KeyReader = direct): Promise<ArrivalMeta | undefined> {
  const cursor = await cursorOf(subs, id, via);
  return cursor === undefined ? undefined : via.get<ArrivalMeta>(subs.arrival, pad(cursor));
}

/** The arrival metas of `ids`, in order (undefined where one is not held): all the cursors, then all the rows. */
export async function metasOf(subs: Sublevels, ids: readonly string[]): Promise<(ArrivalMeta | undefined)[]> {
  const cursors = await readMany<number>(subs.byId, ids);
  const held = cursors.filter((c): c is number => c !== undefined);
  const rows = await readMany<ArrivalMeta>(subs.arrival, held.map(pad));
  let next = 0;
  return cursors.map((c) => (c === undefined ? undefined : rows[next++]));
}

/**
 * The arrival cursor a row's key ends with (`…!<cursor, 16 digits>`, as the arrival row's
 * own key): the index rows by kind, responsible member and address, the horizon's kept rows.
 */
export const cursorInKey = keyEnd;

/** The arrival metas of rows whose keys end with a cursor (see cursorInKey), in order: one read each, no id in between. */
export function metasAt(subs: Sublevels, keys: readonly string[]): Promise<(ArrivalMeta | undefined)[]> {
  return readMany<ArrivalMeta>(subs.arrival, keys.map(cursorInKey));
}

/** The envelope of entry `id`, or undefined if this node does not hold it. */
export async function envelopeOf(
  subs: Sublevels,
  id: string,
  via: KeyReader = direct,
): Promise<Uint8Array | undefined> {
  const cursor = await cursorOf(subs, id, via);
  if (cursor !== undefined) return via.get<Uint8Array>(subs.replay, pad(cursor));
  return via.get<Uint8Array>(subs.entries, id);
}

/**
 * The envelopes of entries whose cursors are `cursors` (undefined where an entry has
 * none), in order: those with a cursor from `r` — entries that arrived together lie in
 * neighbouring table files, where ids are scattered over every file — the rest by id.
 */
export async function envelopesByCursor(
  subs: Sublevels,
  ids: readonly string[],
  cursors: readonly (number | undefined)[],
): Promise<(Uint8Array | undefined)[]> {
  const held = cursors.filter((c): c is number => c !== undefined);
  const rows = await readMany<Uint8Array>(subs.replay, held.map(pad));
  const byCursor = new Map(held.map((c, i) => [c, rows[i]]));
  const loose = ids.filter((_, i) => cursors[i] === undefined);
  const kept = await readMany<Uint8Array>(subs.entries, loose);
  const byId = new Map(loose.map((id, i) => [id, kept[i]]));
  return ids.map((id, i) => {
    const cursor = cursors[i];
    return cursor === undefined ? byId.get(id) : byCursor.get(cursor);
  });
}

/** The envelopes of `ids`, in order (undefined where one is not held). */
export async function envelopesOf(subs: Sublevels, ids: readonly string[]): Promise<(Uint8Array | undefined)[]> {
  return envelopesByCursor(subs, ids, await readMany<number>(subs.byId, ids));
}

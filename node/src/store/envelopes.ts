/**
 * An entry's envelope by its id. A stored entry's envelope is kept once, under its
 * arrival cursor (`r`), and found through its meta (`c`); only an entry kept as fork
 * evidence alone, which has no arrival row, is kept by id (`e`). Store layout 6
 * (state/migrate.ts) dropped the copy by id every stored entry used to have.
 */
import { type ArrivalMeta, pad, readMany, type Sub, type Sublevels } from './db.js';

/** Reads one key: the database itself, or a transaction that sees its own writes (store/txn.ts). */
export interface KeyReader {
  get<T>(sub: Sub, key: string): Promise<T | undefined>;
}

const direct: KeyReader = { get: async <T>(sub: Sub, key: string) => (await sub.get(key)) as T | undefined };

/** The envelope of entry `id`, or undefined if this node does not hold it. */
export async function envelopeOf(
  subs: Sublevels,
  id: string,
  via: KeyReader = direct,
): Promise<Uint8Array | undefined> {
  const meta = await via.get<ArrivalMeta>(subs.byId, id);
  if (meta) return via.get<Uint8Array>(subs.replay, pad(meta.c));
  return via.get<Uint8Array>(subs.entries, id);
}

/**
 * The envelopes of entries whose metas are `metas` (undefined where an entry has none),
 * in order: those with a meta from `r` by cursor — entries that arrived together lie in
 * neighbouring table files, where ids are scattered over every file — the rest by id.
 */
export async function envelopesByMeta(
  subs: Sublevels,
  ids: readonly string[],
  metas: readonly (ArrivalMeta | undefined)[],
): Promise<(Uint8Array | undefined)[]> {
  const held = metas.filter((m): m is ArrivalMeta => m !== undefined);
  const rows = await readMany<Uint8Array>(
    subs.replay,
    held.map((m) => pad(m.c)),
  );
  const byCursor = new Map(held.map((m, i) => [m.c, rows[i]]));
  const loose = ids.filter((_, i) => metas[i] === undefined);
  const kept = await readMany<Uint8Array>(subs.entries, loose);
  const byId = new Map(loose.map((id, i) => [id, kept[i]]));
  return ids.map((id, i) => {
    const meta = metas[i];
    return meta ? byCursor.get(meta.c) : byId.get(id);
  });
}

/** The envelopes of `ids`, in order (undefined where one is not held). */
export async function envelopesOf(subs: Sublevels, ids: readonly string[]): Promise<(Uint8Array | undefined)[]> {
  return envelopesByMeta(subs, ids, await readMany<ArrivalMeta>(subs.byId, ids));
}

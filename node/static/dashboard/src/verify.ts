/**
 * Signature checks in the browser. The node says what an entry is; the page only
 * calls it verified after checking, here, with @noble/ed25519 (RFC 8032 strict), that
 * the envelope's signature is valid for its origin key and that the envelope is the
 * entry that was asked for (its id is the SHA-256 of the signed payload).
 */
import { fromHex, nobleEd25519, tryVerifyEntry, type VerifiedEntry } from '@arx/protocol';
import { h } from './dom.js';
import { t } from './i18n.js';

export type Verdict =
  | { readonly state: 'verified'; readonly entry: VerifiedEntry }
  | { readonly state: 'failed'; readonly reason: string };

const verdicts = new Map<string, Promise<Verdict>>();

/** Checks envelope bytes that should be the entry `expectedId` (if given). */
export function verifyBytes(bytes: Uint8Array, expectedId?: string): Verdict {
  const result = tryVerifyEntry(bytes, nobleEd25519);
  if (!result.ok) return { state: 'failed', reason: `${result.error.code}: ${result.error.message}` };
  if (expectedId !== undefined && result.entry.idHex !== expectedId) {
    return { state: 'failed', reason: `the node returned entry ${result.entry.idHex}, not ${expectedId}` };
  }
  return { state: 'verified', entry: result.entry };
}

async function fetchAndVerify(id: string): Promise<Verdict> {
  try {
    const res = await fetch(`/v1/entries/${id}`);
    if (!res.ok) return { state: 'failed', reason: `GET /v1/entries/${id}: ${res.status}` };
    const json = (await res.json()) as { envelope?: string };
    if (typeof json.envelope !== 'string' || !/^([0-9a-f]{2})+$/i.test(json.envelope)) {
      return { state: 'failed', reason: 'no envelope in the answer' };
    }
    return verifyBytes(fromHex(json.envelope), id);
  } catch (error) {
    return { state: 'failed', reason: String(error) };
  }
}

/** The verdict for an entry id (fetched and checked once per page load). */
export function verify(id: string): Promise<Verdict> {
  let verdict = verdicts.get(id);
  if (!verdict) {
    verdict = fetchAndVerify(id);
    verdicts.set(id, verdict);
  }
  return verdict;
}

/** Records an entry received over the websocket, verified like any other. */
export function acceptLive(bytes: Uint8Array): Verdict {
  const verdict = verifyBytes(bytes);
  if (verdict.state === 'verified' && !verdicts.has(verdict.entry.idHex)) {
    verdicts.set(verdict.entry.idHex, Promise.resolve(verdict));
  }
  return verdict;
}

/** A badge that shows "verified" only once the check passed, and a warning if it failed. */
export function badge(id: string): HTMLElement {
  const el = h('span', { class: 'badge pending', 'data-verify': id, 'data-state': 'pending' }, t('verifying'));
  void verify(id).then((verdict) => {
    el.className = `badge ${verdict.state}`;
    el.dataset['state'] = verdict.state;
    el.textContent = verdict.state === 'verified' ? t('verified') : t('failed');
    el.title = verdict.state === 'verified' ? t('verifiedHint') : `${t('failedHint')} (${verdict.reason})`;
  });
  return el;
}

/**
 * A history that reaches past the horizon, signed by three members with backdated
 * timestamps: what each entry is, and whether a horizon pass must keep it, is named
 * here once for the unit test of the pass and the federation test of catching up.
 */
import { parsePrefix, type VerifiedEntry } from '@arx/protocol';
import { Publisher, reportBody } from './fixture.js';

const DAY = 86_400_000;

export interface HorizonHistory {
  /** Entries past the horizon (ts 100 days ago) that carry no live state. */
  readonly gone: Record<string, VerifiedEntry>;
  /** Entries past the horizon kept for their live state, and entries inside it. */
  readonly kept: Record<string, VerifiedEntry>;
  /** The publishers, to sign further entries on the same chains. */
  readonly aol: Publisher;
  readonly cnisp1: Publisher;
  readonly sorbs: Publisher;
}

/**
 * Signs the history and hands each entry to `post` in an order every node can apply as
 * it arrives. Past the horizon: a report resolved (gone, with its ack), a report under
 * investigation and one never answered (kept, with the ack), a notice (gone), a profile
 * superseded (gone) and the latest (kept), a listing in force with a denied delisting
 * request (kept, all three), a listing delisted on request (gone, with request and
 * decision) and one that expired (gone). Inside the horizon: a report resolved yesterday.
 */
export async function signHorizonHistory(
  post: (entry: VerifiedEntry) => Promise<void>,
  now = Date.now(),
): Promise<HorizonHistory> {
  const old = now - 100 * DAY;
  const aol = new Publisher('aol');
  const cnisp1 = new Publisher('cnisp1');
  const sorbs = new Publisher('sorbs');
  const report = (about: string, ts: number) => ({
    ...reportBody(about),
    observed: { first: ts - 60_000, last: ts, count: 3 },
  });
  const listing = (target: string, expires?: number) => ({
    list: 'spam-source' as const,
    op: 'add' as const,
    target: parsePrefix(target),
    reason: 'spam.source' as const,
    ...(expires ? { expires } : {}),
  });
  const profile = (mailbox: string) => ({ contacts: { abuse: [mailbox] } });

  const resolved = aol.next('report', report('192.0.2.1/32', old), old);
  const investigating = aol.next('report', report('192.0.2.2/32', old), old + 1000);
  const unanswered = aol.next('report', report('192.0.2.3/32', old), old + 2000);
  const notice = aol.next('notice', { topic: 'help', urgency: 'low', text: { en: 'old news' } }, old + 3000);
  const inForce = sorbs.next('listing', listing('192.0.2.50/32'), old + 4000);
  const delisted = sorbs.next('listing', listing('192.0.2.60/32'), old + 5000);
  const oldProfile = cnisp1.next('profile', profile('abuse-old@cnisp1.example'), old + 6000);
  const resolvingAck = cnisp1.next(
    'ack',
    { report: resolved.id, status: 'resolved', action: 'host-cleaned' },
    old + 7000,
  );
  const investigatingAck = cnisp1.next('ack', { report: investigating.id, status: 'investigating' }, old + 8000);
  const latestProfile = cnisp1.next('profile', profile('abuse@cnisp1.example'), old + 9000);
  const deniedRequest = cnisp1.next(
    'delist-request',
    { listing: inForce.id, remediation: ['host-cleaned'] },
    old + 10_000,
  );
  const grantedRequest = cnisp1.next(
    'delist-request',
    { listing: delisted.id, remediation: ['host-cleaned'] },
    old + 11_000,
  );
  const granted = sorbs.next('delist-decision', { request: grantedRequest.id, decision: 'granted' }, old + 12_000);
  const denied = sorbs.next(
    'delist-decision',
    { request: deniedRequest.id, decision: 'denied', reason: 'insufficient-evidence' },
    old + 13_000,
  );
  const expired = sorbs.next('listing', listing('192.0.2.70/32', old + DAY), old + 14_000);
  const recent = aol.next('report', report('192.0.2.4/32', now - DAY), now - DAY);
  const recentAck = cnisp1.next('ack', { report: recent.id, status: 'resolved', action: 'host-cleaned' }, now - DAY);

  const order = [
    resolved,
    investigating,
    unanswered,
    notice,
    inForce,
    delisted,
    oldProfile,
    resolvingAck,
    investigatingAck,
    latestProfile,
    deniedRequest,
    grantedRequest,
    granted,
    denied,
    expired,
    recent,
    recentAck,
  ];
  for (const entry of order) await post(entry);
  return {
    gone: { resolved, notice, delisted, oldProfile, resolvingAck, grantedRequest, granted, expired },
    kept: {
      investigating,
      unanswered,
      inForce,
      investigatingAck,
      latestProfile,
      deniedRequest,
      denied,
      recent,
      recentAck,
    },
    aol,
    cnisp1,
    sorbs,
  };
}

/** Entry kinds: body validators and which roles may publish each kind. */
import type { Role } from '../codes/index.js';
import type { Check } from '../validate.js';
import { type AckBody, checkAckBody } from './ack.js';
import {
  checkDelistDecisionBody,
  checkDelistRequestBody,
  type DelistDecisionBody,
  type DelistRequestBody,
} from './delist.js';
import { checkListingBody, type ListingBody } from './listing.js';
import { checkNoticeBody, type NoticeBody } from './notice.js';
import { checkProfileBody, type ProfileBody } from './profile.js';
import { checkReceiptBody, type ReceiptBody } from './receipt.js';
import { checkReportBody, type ReportBody } from './report.js';
import { checkRetractBody, type RetractBody } from './retract.js';
import { checkRosterBody, type RosterBody } from './roster.js';

export type { AckBody, DelistDecisionBody, DelistRequestBody, ListingBody, NoticeBody, ProfileBody };
export type { ReceiptBody, ReportBody, RetractBody, RosterBody };
export { checkContacts } from './profile.js';
export { checkEvidence, type Evidence } from './report.js';
export { type DetachedRosterBody, type InlineRosterBody, isDetachedRoster, MAX_INLINE_ROSTER_BYTES } from './roster.js';

/** Kind name → body type. */
export interface BodyByKind {
  report: ReportBody;
  ack: AckBody;
  listing: ListingBody;
  'delist-request': DelistRequestBody;
  'delist-decision': DelistDecisionBody;
  profile: ProfileBody;
  notice: NoticeBody;
  retract: RetractBody;
  receipt: ReceiptBody;
  roster: RosterBody;
}
export type EntryKind = keyof BodyByKind;

const ANY_MEMBER: readonly Role[] = ['reporter', 'provider', 'list-operator', 'steward', 'observer'];

/**
 * Per kind: the body check and the roles whose members may publish it. Roles that may
 * publish a kind are a roster-level rule; finer rules (only the responsible member may
 * move a report, only the origin may retract) need node state and live in the node.
 */
export const KINDS: { readonly [K in EntryKind]: { check: Check<BodyByKind[K]>; roles: readonly Role[] } } = {
  report: { check: checkReportBody, roles: ['reporter', 'list-operator'] },
  ack: { check: checkAckBody, roles: ['provider'] },
  listing: { check: checkListingBody, roles: ['list-operator'] },
  'delist-request': { check: checkDelistRequestBody, roles: ['provider'] },
  'delist-decision': { check: checkDelistDecisionBody, roles: ['list-operator'] },
  profile: { check: checkProfileBody, roles: ANY_MEMBER },
  notice: { check: checkNoticeBody, roles: ANY_MEMBER },
  retract: { check: checkRetractBody, roles: ANY_MEMBER },
  receipt: { check: checkReceiptBody, roles: ANY_MEMBER },
  // Any member may carry a roster document; its authority is the steward signatures inside.
  roster: { check: checkRosterBody, roles: ANY_MEMBER },
};

export const ENTRY_KINDS = Object.keys(KINDS) as EntryKind[];

export function isEntryKind(kind: unknown): kind is EntryKind {
  return typeof kind === 'string' && Object.hasOwn(KINDS, kind);
}

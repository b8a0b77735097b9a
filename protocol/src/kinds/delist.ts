/** `delist-request` (by the provider of a listed range) and `delist-decision` (by the list operator). */
import { ACTIONS, DELIST_DECISIONS, REJECTION_REASONS } from '../codes/index.js';
import { arrayOf, type Checked, code, id32, langText, optional, struct } from '../validate.js';

export const checkDelistRequestBody = struct({
  listing: id32,
  remediation: arrayOf(code(ACTIONS, 'action'), { min: 1, max: 16 }),
  note: optional(langText()),
});
export type DelistRequestBody = Checked<typeof checkDelistRequestBody>;

export const checkDelistDecisionBody = struct({
  request: id32,
  decision: code(DELIST_DECISIONS, 'delist decision'),
  reason: optional(code(REJECTION_REASONS, 'rejection reason')),
  note: optional(langText()),
});
export type DelistDecisionBody = Checked<typeof checkDelistDecisionBody>;

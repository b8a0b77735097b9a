/** All code tables, by name, for display and for `arx codes`. */
import { ACK_STATUSES, ACTIONS, REJECTION_REASONS, REPORT_STATUSES, RETRACT_REASONS } from './acks.js';
import { REPORT_CATEGORIES, REPORT_SOURCES } from './categories.js';
import { EFFECT_OUTCOMES, EFFECT_REASONS } from './effects.js';
import { DELIST_DECISIONS, LIST_KINDS, LISTING_OPS } from './lists.js';
import { NOTICE_TOPICS, ROLES, URGENCIES } from './members.js';
import type { CodeTable } from './table.js';

export * from './acks.js';
export * from './categories.js';
export * from './effects.js';
export * from './lists.js';
export * from './members.js';
export * from './table.js';

export const CODE_TABLES = {
  'report-category': REPORT_CATEGORIES,
  'report-source': REPORT_SOURCES,
  'report-status': REPORT_STATUSES,
  'ack-status': ACK_STATUSES,
  action: ACTIONS,
  'rejection-reason': REJECTION_REASONS,
  'retract-reason': RETRACT_REASONS,
  'list-kind': LIST_KINDS,
  'listing-op': LISTING_OPS,
  'delist-decision': DELIST_DECISIONS,
  role: ROLES,
  'notice-topic': NOTICE_TOPICS,
  urgency: URGENCIES,
  'effect-outcome': EFFECT_OUTCOMES,
  'effect-reason': EFFECT_REASONS,
} as const satisfies Record<string, CodeTable>;
export type CodeTableName = keyof typeof CODE_TABLES;

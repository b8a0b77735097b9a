/** Roster roles, notice topics and urgencies. */
import type { CodeInfo } from './table.js';

export const ROLES = {
  reporter: { en: 'Reporter', zh: '举报方' },
  provider: { en: 'Network provider', zh: '网络运营商' },
  'list-operator': { en: 'List operator', zh: '黑名单运营方' },
  steward: { en: 'Steward', zh: '管理方' },
  observer: { en: 'Observer', zh: '观察方' },
} as const satisfies Record<string, CodeInfo>;
export type Role = keyof typeof ROLES;

export const NOTICE_TOPICS = {
  help: { en: 'Help request', zh: '求助' },
  escalation: { en: 'Escalation', zh: '紧急升级' },
  standards: { en: 'Standards', zh: '标准' },
} as const satisfies Record<string, CodeInfo>;
export type NoticeTopic = keyof typeof NOTICE_TOPICS;

export const URGENCIES = {
  low: { en: 'Low', zh: '低' },
  normal: { en: 'Normal', zh: '普通' },
  high: { en: 'High', zh: '高' },
  critical: { en: 'Critical', zh: '紧急' },
} as const satisfies Record<string, CodeInfo>;
export type Urgency = keyof typeof URGENCIES;

/** Acknowledgement statuses, remediation actions and rejection reasons. */
import type { CodeInfo } from './table.js';

export const ACK_STATUSES = {
  received: { en: 'Received', zh: '已收到' },
  investigating: { en: 'Investigating', zh: '调查中' },
  resolved: { en: 'Resolved', zh: '已解决' },
  rejected: { en: 'Rejected', zh: '已驳回' },
} as const satisfies Record<string, CodeInfo>;
export type AckStatus = keyof typeof ACK_STATUSES;

/** Report status as a node materialises it: `published` until the responsible member acks. */
export const REPORT_STATUSES = {
  published: { en: 'Published', zh: '已发布' },
  ...ACK_STATUSES,
} as const satisfies Record<string, CodeInfo>;
export type ReportStatus = keyof typeof REPORT_STATUSES;

/** Actions taken, used in acks and as remediation codes in delisting requests. */
export const ACTIONS = {
  'customer-notified': { en: 'Customer notified', zh: '已通知客户' },
  'account-suspended': { en: 'Account suspended', zh: '已暂停账户' },
  'port25-blocked': { en: 'Outbound port 25 blocked', zh: '已封锁出站 25 端口' },
  'relay-closed': { en: 'Open relay closed', zh: '已关闭开放中继' },
  'proxy-closed': { en: 'Open proxy closed', zh: '已关闭开放代理' },
  'host-cleaned': { en: 'Host cleaned', zh: '已清理主机' },
  'site-removed': { en: 'Site removed', zh: '已移除网站' },
  'rdns-fixed': { en: 'Reverse DNS fixed', zh: '已修正反向解析' },
  'no-action': { en: 'No action', zh: '未采取措施' },
} as const satisfies Record<string, CodeInfo>;
export type Action = keyof typeof ACTIONS;

export const REJECTION_REASONS = {
  'not-our-network': { en: 'Not our network', zh: '不属于我方网络' },
  'insufficient-evidence': { en: 'Insufficient evidence', zh: '证据不足' },
  'false-positive': { en: 'False positive', zh: '误报' },
  duplicate: { en: 'Duplicate', zh: '重复' },
  'already-resolved': { en: 'Already resolved', zh: '已经解决' },
} as const satisfies Record<string, CodeInfo>;
export type RejectionReason = keyof typeof REJECTION_REASONS;

/** Why an origin retracts one of its own entries. */
export const RETRACT_REASONS = {
  mistaken: { en: 'Published by mistake', zh: '误发布' },
  'false-positive': { en: 'False positive', zh: '误报' },
  duplicate: { en: 'Duplicate', zh: '重复' },
  superseded: { en: 'Superseded', zh: '已被取代' },
  'privacy-request': { en: 'Privacy request', zh: '隐私请求' },
} as const satisfies Record<string, CodeInfo>;
export type RetractReason = keyof typeof RETRACT_REASONS;

/**
 * List kinds (after the MAPS lists) and the DNSBL return codes (RFC 5782 §2.1) a
 * node answers for each: 127.0.0.2 for a spam source, 127.0.0.10 for dynamic space,
 * following the conventions common DNSBLs use so existing mail servers need no change.
 */
import type { CodeInfo } from './table.js';

export interface ListKindInfo extends CodeInfo {
  readonly maps: string | null;
  readonly dnsbl: string;
  readonly targets: 'ip' | 'domain';
}

export const LIST_KINDS = {
  'spam-source': { en: 'Spam source', zh: '垃圾邮件来源', maps: 'RBL', dnsbl: '127.0.0.2', targets: 'ip' },
  'open-relay': { en: 'Open relay', zh: '开放中继', maps: 'RSS', dnsbl: '127.0.0.3', targets: 'ip' },
  'open-proxy': { en: 'Open proxy', zh: '开放代理', maps: 'OPS', dnsbl: '127.0.0.4', targets: 'ip' },
  'non-conforming-list': {
    en: 'Non-conforming mailing list',
    zh: '不合规的邮件列表',
    maps: 'NML',
    dnsbl: '127.0.0.5',
    targets: 'ip',
  },
  dynamic: { en: 'Dynamic address space', zh: '动态地址空间', maps: 'DUL', dnsbl: '127.0.0.10', targets: 'ip' },
  'spamvertised-site': {
    en: 'Spamvertised site',
    zh: '垃圾邮件推广网站',
    maps: null,
    dnsbl: '127.0.0.2',
    targets: 'domain',
  },
} as const satisfies Record<string, ListKindInfo>;

export type ListKind = keyof typeof LIST_KINDS;

export const LISTING_OPS = {
  add: { en: 'Listed', zh: '已列入' },
  remove: { en: 'Removed', zh: '已移除' },
} as const satisfies Record<string, CodeInfo>;
export type ListingOp = keyof typeof LISTING_OPS;

export const DELIST_DECISIONS = {
  granted: { en: 'Granted', zh: '已批准' },
  denied: { en: 'Denied', zh: '已拒绝' },
} as const satisfies Record<string, CodeInfo>;
export type DelistDecision = keyof typeof DELIST_DECISIONS;

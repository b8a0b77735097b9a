/**
 * Report categories: the language-neutral template. Each maps to ARF Feedback-Type
 * (RFC 5965 §7.3), X-ARF v4 category/type, AbuseIPDB category ids and MAPS list kinds
 * where one exists, so imports and exports are table lookups.
 */
import type { CodeInfo } from './table.js';

export interface CategoryInfo extends CodeInfo {
  readonly arf: string | null;
  readonly xarf: { readonly category: string; readonly type: string } | null;
  readonly abuseipdb: readonly number[];
  readonly maps: string | null;
}

export const REPORT_CATEGORIES = {
  'spam.source': {
    en: 'Host sending spam',
    zh: '发送垃圾邮件的主机',
    arf: 'abuse',
    xarf: { category: 'messaging', type: 'spam' },
    abuseipdb: [11],
    maps: 'RBL',
  },
  'spam.bulk-unconfirmed': {
    en: 'Mailing list without confirmed opt-in',
    zh: '未经确认订阅的群发邮件列表',
    arf: 'abuse',
    xarf: { category: 'messaging', type: 'bulk_messaging' },
    abuseipdb: [11],
    maps: 'NML',
  },
  'relay.open': {
    en: 'Open mail relay',
    zh: '开放邮件中继',
    arf: null,
    xarf: { category: 'vulnerability', type: 'open_service' },
    abuseipdb: [9],
    maps: 'RSS',
  },
  'proxy.open': {
    en: 'Open proxy',
    zh: '开放代理',
    arf: null,
    xarf: { category: 'vulnerability', type: 'open_service' },
    abuseipdb: [9],
    maps: 'OPS',
  },
  'host.compromised': {
    en: 'Compromised host (zombie / botnet)',
    zh: '被入侵主机（僵尸网络）',
    arf: null,
    xarf: { category: 'infrastructure', type: 'botnet' },
    abuseipdb: [20],
    maps: null,
  },
  'policy.dynamic': {
    en: 'Dynamic address sending directly to MX',
    zh: '动态地址直接向邮件服务器发信',
    arf: null,
    xarf: { category: 'reputation', type: 'blocklist' },
    abuseipdb: [],
    maps: 'DUL',
  },
  'site.spamvertised': {
    en: 'Web site advertised in spam',
    zh: '垃圾邮件中推广的网站',
    arf: 'abuse',
    xarf: { category: 'content', type: 'fraud' },
    abuseipdb: [10],
    maps: null,
  },
  phishing: {
    en: 'Phishing',
    zh: '网络钓鱼',
    arf: 'fraud',
    xarf: { category: 'content', type: 'phishing' },
    abuseipdb: [7],
    maps: null,
  },
  fraud: {
    en: 'Fraud',
    zh: '欺诈',
    arf: 'fraud',
    xarf: { category: 'content', type: 'fraud' },
    abuseipdb: [3],
    maps: null,
  },
  malware: {
    en: 'Virus / malware',
    zh: '病毒 / 恶意软件',
    arf: 'virus',
    xarf: { category: 'content', type: 'malware' },
    abuseipdb: [20],
    maps: null,
  },
  // The two rules of commercial mail that the PRC Measures for the Administration of
  // Internet E-mail Services (2006) and CAN-SPAM (15 U.S.C. 7704) set and mail can break.
  'ad.unlabelled': {
    en: 'Commercial mail whose subject does not start with "AD" or "广告" (PRC Measures for Internet E-mail Services, Art. 13(3))',
    zh: '商业广告邮件标题前部未注明"广告"或"AD"字样（《互联网电子邮件服务管理办法》第十三条第（三）项）',
    arf: 'abuse',
    xarf: { category: 'messaging', type: 'spam' },
    abuseipdb: [11],
    maps: null,
  },
  'optout.ignored': {
    en: 'Opt-out not honoured: commercial mail after the recipient asked to stop (PRC Measures for Internet E-mail Services, Art. 14; CAN-SPAM, 15 U.S.C. 7704(a)(4))',
    zh: '未履行退订：收件人要求停止后仍发送商业邮件（《互联网电子邮件服务管理办法》第十四条；美国 CAN-SPAM 法，15 U.S.C. 7704(a)(4)）',
    arf: 'opt-out',
    xarf: { category: 'messaging', type: 'bulk_messaging' },
    abuseipdb: [11],
    maps: null,
  },
  'auth.failure': {
    en: 'SPF / DKIM / DMARC failure, spoofing',
    zh: 'SPF / DKIM / DMARC 验证失败、伪造',
    arf: 'auth-failure',
    xarf: null,
    abuseipdb: [17],
    maps: null,
  },
  'not-spam': {
    en: 'Reported message was not spam',
    zh: '被举报的邮件并非垃圾邮件',
    arf: 'not-spam',
    xarf: null,
    abuseipdb: [],
    maps: null,
  },
  other: {
    en: 'Other',
    zh: '其他',
    arf: 'other',
    xarf: null,
    abuseipdb: [],
    maps: null,
  },
} as const satisfies Record<string, CategoryInfo>;

export type ReportCategory = keyof typeof REPORT_CATEGORIES;

/**
 * ARF Feedback-Type (RFC 5965 §7.3, RFC 6591, RFC 6650) → category. One table, not
 * prose parsing; unknown types map to `other`.
 */
export const ARF_FEEDBACK_TYPES = {
  abuse: 'spam.source',
  fraud: 'fraud',
  virus: 'malware',
  'auth-failure': 'auth.failure',
  'not-spam': 'not-spam',
  other: 'other',
  // Draft ARF's "opt-out" / "opt-out-list": the recipient asked the sender to stop, which
  // the sender must honour (PRC Measures Art. 14, CAN-SPAM 7704(a)(4)).
  'opt-out': 'optout.ignored',
  'opt-out-list': 'optout.ignored',
  dkim: 'auth.failure',
} as const satisfies Record<string, ReportCategory>;

/** Where a report's evidence came from. */
export const REPORT_SOURCES = {
  fbl: { en: 'Feedback loop', zh: '反馈环' },
  trap: { en: 'Spam trap', zh: '垃圾邮件陷阱' },
  complaint: { en: 'User complaint', zh: '用户投诉' },
  manual: { en: 'Manual report', zh: '人工举报' },
  scan: { en: 'Network scan', zh: '网络扫描' },
} as const satisfies Record<string, CodeInfo>;
export type ReportSource = keyof typeof REPORT_SOURCES;

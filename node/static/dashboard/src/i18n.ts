/**
 * Every string the page shows, in English and Simplified Chinese. Codes (categories,
 * statuses, list kinds, actions) take their display text from the protocol's code
 * tables, so the dashboard and the CLI say the same thing.
 */
import { type CodeTable, describeCode } from '@arx/protocol';

export type Lang = 'en' | 'zh-CN';
export const LANGS: readonly Lang[] = ['en', 'zh-CN'];

const STRINGS = {
  title: { en: 'ARX oversight', zh: 'ARX 监督面板' },
  subtitle: { en: 'Are reported problems getting fixed?', zh: '被举报的问题是否得到了解决？' },
  language: { en: 'Language', zh: '语言' },
  node: { en: 'Node', zh: '节点' },
  window: { en: 'Window', zh: '时间窗口' },
  lastDays: { en: 'last {n} days', zh: '最近 {n} 天' },
  liveOn: { en: 'Live', zh: '实时' },
  liveOff: { en: 'Offline, reconnecting', zh: '离线，正在重连' },
  updated: { en: 'Figures as of {t}', zh: '数据截至 {t}' },
  loading: { en: 'Loading…', zh: '加载中…' },
  loadError: { en: 'Could not load: {e}', zh: '无法加载：{e}' },
  clickHint: {
    en: 'Every number links to the signed entries behind it.',
    zh: '每个数字都可以点开，查看其背后的已签名条目。',
  },

  overview: { en: 'Federation overview', zh: '联盟概览' },
  received: { en: 'Reports received', zh: '收到的举报' },
  acknowledged: { en: 'Acknowledged', zh: '已确认' },
  resolved: { en: 'Resolved', zh: '已解决' },
  rejected: { en: 'Rejected', zh: '已驳回' },
  open: { en: 'Still open', zh: '仍未解决' },
  ttaMedian: { en: 'Median time to acknowledge', zh: '确认用时中位数' },
  ttaP90: { en: '90th percentile time to acknowledge', zh: '确认用时第 90 百分位' },
  ttrMedian: { en: 'Median time to resolve', zh: '解决用时中位数' },
  ttrP90: { en: '90th percentile time to resolve', zh: '解决用时第 90 百分位' },
  withinTarget: { en: 'Resolved within {h} h', zh: '{h} 小时内解决' },
  dueCount: { en: 'of {n} due', zh: '应解决 {n} 份' },
  oldestOpen: { en: 'Oldest open report', zh: '最早的未解决举报' },
  repeatOffenders: { en: 'Repeat offenders', zh: '屡犯地址' },
  listingsAgainst: { en: 'Active listings', zh: '有效列入' },
  unroutedReports: { en: 'Unrouted reports', zh: '无法分派的举报' },

  charts: { en: 'Charts', zh: '图表' },
  scope: { en: 'Scope', zh: '范围' },
  wholeFederation: { en: 'Whole federation', zh: '整个联盟' },
  histogramTitle: { en: 'Time to resolve', zh: '解决用时分布' },
  histogramEmpty: { en: 'No resolved reports in the window.', zh: '该时间窗口内没有已解决的举报。' },
  openTitle: { en: 'Open reports over time', zh: '未解决举报数量变化' },
  reportsAxis: { en: 'reports', zh: '份举报' },
  target: { en: 'target', zh: '目标' },

  members: { en: 'Resolution by responsible member', zh: '各责任成员的处理情况' },
  member: { en: 'Member', zh: '成员' },
  memberDetail: { en: 'Open reports of {m}', zh: '{m} 的未解决举报' },
  chooseMember: {
    en: 'Choose a member in the table to see its open reports.',
    zh: '在上表中选择一个成员，即可查看其未解决的举报。',
  },
  noOpen: { en: 'No open reports.', zh: '没有未解决的举报。' },

  operators: { en: 'List operators', zh: '黑名单运营方' },
  operator: { en: 'List operator', zh: '黑名单运营方' },
  activeByList: { en: 'Active listings by list', zh: '各名单的有效列入' },
  listed: { en: 'Listed in window', zh: '窗口内新列入' },
  delistRequests: { en: 'Delisting requests', zh: '移除申请' },
  decisions: { en: 'Decided', zh: '已决定' },
  granted: { en: 'Granted', zh: '已批准' },
  denied: { en: 'Denied', zh: '已拒绝' },
  pending: { en: 'Pending', zh: '待决定' },
  ttdMedian: { en: 'Median time to decision', zh: '决定用时中位数' },

  listings: { en: 'Active listings', zh: '当前有效的列入' },
  queue: { en: 'Delisting queue', zh: '移除申请队列' },
  noListings: { en: 'Nothing is listed.', zh: '当前没有任何列入。' },
  emptyQueue: { en: 'No delisting requests.', zh: '没有移除申请。' },
  target_: { en: 'Target', zh: '对象' },
  list: { en: 'List', zh: '名单' },
  reason: { en: 'Reason', zh: '原因' },
  since: { en: 'Listed since', zh: '列入时间' },
  expires: { en: 'Expires', zh: '到期' },
  never: { en: 'never', zh: '不过期' },
  requestedBy: { en: 'Requested by', zh: '申请方' },
  remediation: { en: 'Remediation', zh: '整改措施' },
  decision: { en: 'Decision', zh: '决定' },
  filed: { en: 'Filed', zh: '提交时间' },

  unrouted: { en: 'Address space with no responsible member', zh: '没有责任成员的地址空间' },
  prefix: { en: 'Address block', zh: '地址块' },
  otherTargets: { en: 'Reports about domains and URLs', zh: '关于域名和网址的举报' },
  moreBlocks: { en: 'The {shown} busiest of {all} blocks.', zh: '共 {all} 个地址块，显示举报最多的 {shown} 个。' },
  noUnrouted: { en: 'Every reported address has a responsible member.', zh: '所有被举报的地址都有责任成员。' },

  lookup: { en: 'Look up an address', zh: '查询地址' },
  lookupPlaceholder: { en: 'IP address or prefix, e.g. 192.0.2.1', zh: 'IP 地址或前缀，例如 192.0.2.1' },
  lookupButton: { en: 'Look up', zh: '查询' },
  responsible: { en: 'Responsible member', zh: '责任成员' },
  noResponsible: { en: 'No member claims this address.', zh: '没有成员认领此地址。' },
  abuseContact: { en: 'Abuse contact', zh: '滥用投诉联系方式' },
  escalation: { en: 'Escalation contact', zh: '紧急联系方式' },
  basis: { en: 'Basis', zh: '依据' },
  listedBy: { en: 'Listed by', zh: '列入方' },
  howToRemove: { en: 'How to request removal', zh: '如何申请移除' },
  contact: { en: 'Contact', zh: '联系方式' },
  notListed: { en: 'Not listed.', zh: '未被列入任何名单。' },
  delistEverywhere: { en: 'Delisting, across every list', zh: '各黑名单的移除情况' },
  delistNone: { en: 'No list has listed this address.', zh: '没有任何黑名单列入过此地址。' },
  state: { en: 'State', zh: '状态' },
  listedNow: { en: 'listed', zh: '列入中' },
  removedAt: { en: 'removed {t}', zh: '已于 {t} 移除' },
  noRequest: { en: 'no request', zh: '未请求' },
  pendingDecision: { en: 'pending', zh: '待定' },
  requestAll: { en: 'Request delisting from every list', zh: '向所有黑名单申请移除' },
  requestAllHint: {
    en: 'Files one signed request with each list operator that lists this address, as your organisation (operator token of this node; it is not stored).',
    zh: '以贵机构的名义向每个列入此地址的黑名单运营方各提交一份已签名请求（需要本节点的操作员令牌，令牌不会被保存）。',
  },
  operatorToken: { en: 'Operator token', zh: '操作员令牌' },
  sending: { en: 'Sending…', zh: '正在提交…' },
  filedSummary: {
    en: '{requested} request(s) filed, {pending} already awaiting a decision.',
    zh: '已提交 {requested} 个请求，{pending} 个已在等待决定。',
  },
  sameFromCli: { en: 'The same from the command line:', zh: '命令行中的等效操作：' },
  reports: { en: 'Reports', zh: '举报' },
  noReports: { en: 'No reports.', zh: '没有举报。' },
  about: { en: 'About', zh: '对象' },
  category: { en: 'Category', zh: '类别' },
  status: { en: 'Status', zh: '状态' },
  time: { en: 'Time', zh: '时间' },
  reportedBy: { en: 'Reported by', zh: '举报方' },

  signature: { en: 'Signature', zh: '签名' },
  verified: { en: '✓ verified', zh: '✓ 签名有效' },
  verifying: { en: 'verifying…', zh: '正在验证…' },
  failed: { en: '⚠ signature check failed', zh: '⚠ 签名验证失败' },
  failedHint: {
    en: 'This entry did not verify in your browser: do not rely on it.',
    zh: '此条目未能在您的浏览器中通过签名验证，请勿采信。',
  },
  verifiedHint: {
    en: 'Signature checked in this browser (Ed25519, RFC 8032).',
    zh: '已在本浏览器中验证签名（Ed25519，RFC 8032）。',
  },

  trace: { en: 'Entries behind “{f}”', zh: '“{f}”背后的条目' },
  traceTotal: { en: '{n} entries', zh: '共 {n} 个条目' },
  value: { en: 'Value', zh: '数值' },
  close: { en: 'Close', zh: '关闭' },
  kind: { en: 'Kind', zh: '类型' },
  origin: { en: 'Origin', zh: '发布方' },
  entry: { en: 'Entry', zh: '条目' },
  durations: { en: 'Durations (the value is marked)', zh: '各项用时（取值已标出）' },
  from: { en: 'From', zh: '起' },
  to: { en: 'To', zh: '止' },
  duration: { en: 'Duration', zh: '用时' },

  'kind.report': { en: 'Report', zh: '举报' },
  'kind.ack': { en: 'Acknowledgement', zh: '确认回复' },
  'kind.listing': { en: 'Listing', zh: '列入' },
  'kind.delist-request': { en: 'Delisting request', zh: '移除申请' },
  'kind.delist-decision': { en: 'Delisting decision', zh: '移除决定' },
  'kind.profile': { en: 'Profile', zh: '资料' },
  'kind.notice': { en: 'Notice', zh: '通知' },
  'kind.retract': { en: 'Retraction', zh: '撤回' },
  'kind.receipt': { en: 'Receipt', zh: '回执' },
  'kind.roster': { en: 'Roster', zh: '成员名册' },

  minutes: { en: '{n} min', zh: '{n} 分钟' },
  hours: { en: '{n} h', zh: '{n} 小时' },
  days: { en: '{n} d', zh: '{n} 天' },
  seconds: { en: '{n} s', zh: '{n} 秒' },
  none: { en: '—', zh: '—' },
} as const satisfies Record<string, { en: string; zh: string }>;

export type StringKey = keyof typeof STRINGS;

let current: Lang = 'en';

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
  document.documentElement.lang = next;
}

/** The preferred language: a saved choice, else the browser's. */
export function initialLang(): Lang {
  const saved = globalThis.localStorage?.getItem('arx.lang');
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return /^zh/i.test(navigator.language) ? 'zh-CN' : 'en';
}

/** The string for `key` in the current language, with `{name}` placeholders filled. */
export function t(key: StringKey, vars: Record<string, string | number> = {}): string {
  const entry = STRINGS[key];
  const text: string = current === 'zh-CN' ? entry.zh : entry.en;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** Display text of a protocol code. */
export function code(table: CodeTable, value: string): string {
  return describeCode(table, value, current);
}

export function kindName(kind: string | null): string {
  const key = `kind.${kind}` as StringKey;
  return kind && key in STRINGS ? t(key) : (kind ?? '?');
}

/** A member's name in the current language, with its handle. */
export function memberName(handle: string, names: Record<string, string> | undefined): string {
  const name = names?.[current] ?? (current === 'zh-CN' ? names?.['zh'] : undefined) ?? names?.['en'];
  return name && name !== handle ? `${name} (${handle})` : handle;
}

/** For tests and the docs: every key with both texts. */
export const STRING_TABLE = STRINGS;

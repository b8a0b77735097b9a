/** The demo's narration: printed in both languages, English line then Chinese line. */
export const MESSAGES_DEMO = {
  'demo.intro': {
    en: 'ARX demo: six organisations exchange signed abuse reports. ISC is the hub; cnisp1 and cnisp2 are Chinese ISPs; AOL and Hotmail report spam; SORBS runs a blocklist.',
    'zh-CN':
      'ARX 演示：六个机构交换经签名的滥用举报。中国互联网协会为中心节点；cnisp1、cnisp2 为中国网络运营商；AOL 和 Hotmail 举报垃圾邮件；SORBS 运营黑名单。',
  },
  'demo.started': { en: '{n} nodes running in {dir}', 'zh-CN': '{n} 个节点正在 {dir} 中运行' },
  'demo.step.report': {
    en: "AOL reports spam sources in cnisp1's netblock {block}",
    'zh-CN': 'AOL 举报 cnisp1 网段 {block} 中的垃圾邮件来源',
  },
  'demo.step.lookupBefore': {
    en: 'Lookup of {address} at {who}, before',
    'zh-CN': '在 {who} 查询 {address}（处理前）',
  },
  'demo.step.listing': {
    en: 'SORBS finds an open relay at {address} and lists it',
    'zh-CN': 'SORBS 发现 {address} 是开放中继，将其列入黑名单',
  },
  'demo.step.ack': {
    en: "cnisp1 closes the relay and acknowledges report {id}: received → investigating → resolved; SORBS's report is resolved too",
    'zh-CN': 'cnisp1 关闭开放中继并确认举报 {id}：已收到 → 调查中 → 已解决；SORBS 的举报也一并解决',
  },
  'demo.step.delistRequest': {
    en: 'cnisp1 asks every list that lists {address} to remove it, in one request',
    'zh-CN': 'cnisp1 一次性请求所有列入 {address} 的黑名单将其移除',
  },
  'demo.step.grant': { en: 'SORBS grants the request and removes the listing', 'zh-CN': 'SORBS 批准请求并移除该条目' },
  'demo.step.lookupAfter': { en: 'Lookup of {address} at {who}, after', 'zh-CN': '在 {who} 查询 {address}（处理后）' },
  'demo.step.oversight': {
    en: 'ISC, as overseer, sees the whole history in the signed log',
    'zh-CN': '中国互联网协会作为监督方，可在签名日志中看到完整过程',
  },
  'demo.ok.published': { en: '{who} published {what}', 'zh-CN': '{who} 发布了 {what}' },
  'demo.ok.relayed': { en: 'relayed through the hub {via}', 'zh-CN': '经中心节点 {via} 转发' },
  'demo.ok.arrived': {
    en: 'arrived at {who}, which the roster names responsible for {block}',
    'zh-CN': '已到达 {who}——名册中 {block} 的负责方',
  },
  'demo.ok.listedAt': { en: 'listing seen at {who}', 'zh-CN': '{who} 已看到该条目' },
  'demo.ok.status': { en: 'status {status} seen at {who}', 'zh-CN': '{who} 已看到状态 {status}' },
  'demo.ok.queued': { en: 'request in the delisting queue at {who}', 'zh-CN': '请求已进入 {who} 的移除队列' },
  'demo.ok.unlistedAt': { en: 'no longer listed at {who}', 'zh-CN': '{who} 处已不再列入' },
  'demo.ok.timeline': { en: '{status} by {by}', 'zh-CN': '{by}：{status}' },
  'demo.ok.figures': {
    en: 'over 30 days: {received} reports, {resolved} resolved, {open} open; median time to resolve {median}',
    'zh-CN': '最近 30 天：{received} 份举报，已解决 {resolved} 份，未解决 {open} 份；解决用时中位数 {median}',
  },
  'demo.history': {
    en: '{days} days of signed history backfilled: {reports} reports, {acks} acknowledgements, {listings} listing changes, {delistRequests} delisting requests, {decisions} decisions',
    'zh-CN':
      '已回填 {days} 天的签名历史：{reports} 份举报、{acks} 条确认、{listings} 次黑名单变更、{delistRequests} 个移除请求、{decisions} 个决定',
  },
  'demo.historyTooLong': {
    en: '--history {value} is longer than the {max} days a node keeps evidence',
    'zh-CN': '--history {value} 超过节点保留证据的 {max} 天',
  },
  'demo.allObserved': {
    en: 'Every step was observed at the nodes that should see it.',
    'zh-CN': '每一步都已在应当收到的节点上得到确认。',
  },
  'demo.keepRunning': {
    en: 'The federation keeps running (files in {dir}). Try: arx lookup 192.0.2.77 --dir {dir}/hotmail — Ctrl-C stops it.',
    'zh-CN': '联盟继续运行（文件位于 {dir}）。可尝试：arx lookup 192.0.2.77 --dir {dir}/hotmail —— 按 Ctrl-C 停止。',
  },
  'demo.timeout': { en: 'step not observed in time: {what}', 'zh-CN': '该步骤未能及时确认：{what}' },
  'demo.interrupted': { en: 'interrupted', 'zh-CN': '已中断' },
  'demo.logsKept': { en: 'node logs kept in {dir}/*/run/node.log', 'zh-CN': '节点日志保留在 {dir}/*/run/node.log' },
  'demo.kept': { en: 'federation files kept in {dir}', 'zh-CN': '联盟文件保留在 {dir}' },
} as const;

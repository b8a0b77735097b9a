/** Help text: command and option descriptions, argument names, help section titles. */
export const MESSAGES_COMMANDS = {
  // Help sections.
  'help.usage': { en: 'Usage:', 'zh-CN': '用法：' },
  'help.options': { en: 'Options:', 'zh-CN': '选项：' },
  'help.commands': { en: 'Commands:', 'zh-CN': '命令：' },
  'help.arguments': { en: 'Arguments:', 'zh-CN': '参数：' },
  'help.globalOptions': { en: 'Global Options:', 'zh-CN': '全局选项：' },
  'help.examples': { en: 'Examples:', 'zh-CN': '示例：' },
  'help.option': { en: 'show help for the command', 'zh-CN': '显示该命令的帮助' },
  'help.command': { en: 'show help for a command', 'zh-CN': '显示某个命令的帮助' },
  'help.exitCodes': {
    en: 'Exit codes: 0 ok, 1 operation failed or refused by the node, 2 usage error (wrong option or input), 3 node not running or not reachable.\nLanguage: --lang zh-CN or ARX_LANG=zh-CN. Details of failures: --debug.',
    'zh-CN':
      '退出码：0 成功，1 操作失败或被节点拒绝，2 用法错误（选项或输入有误），3 节点未运行或无法连接。\n语言：--lang zh-CN 或 ARX_LANG=zh-CN。失败详情：--debug。',
  },

  // Commands.
  'cmd.arx': {
    en: 'ARX — exchange signed, language-neutral abuse reports, listings and delisting requests across a federation',
    'zh-CN': 'ARX — 在联盟成员之间交换经签名、与语言无关的滥用举报、黑名单条目和移除请求',
  },
  'cmd.init': {
    en: 'create a node directory: key, operator token, config and member.json for the steward',
    'zh-CN': '创建节点目录：密钥、操作员令牌、配置文件，以及交给管理方的 member.json',
  },
  'cmd.keygen': {
    en: 'create a new key file (for a steward or an organisation)',
    'zh-CN': '创建新的密钥文件（管理方或机构用）',
  },
  'cmd.key': { en: 'inspect keys', 'zh-CN': '查看密钥' },
  'cmd.keyShow': {
    en: "print the arx1 id of a node's key (or of a key file)",
    'zh-CN': '显示节点密钥（或密钥文件）的 arx1 标识',
  },
  'cmd.roster': {
    en: 'edit, sign, show and verify the roster (the federation membership document)',
    'zh-CN': '编辑、签署、查看和验证成员名册（联盟成员文件）',
  },
  'cmd.rosterCreate': { en: 'start a new draft roster', 'zh-CN': '新建成员名册草稿' },
  'cmd.rosterAdd': {
    en: 'add a member to the draft (from member.json or options)',
    'zh-CN': '向草稿添加成员（来自 member.json 或选项）',
  },
  'cmd.rosterUpdate': { en: "change a member's entry in the draft", 'zh-CN': '修改草稿中某个成员的条目' },
  'cmd.rosterRemove': { en: 'remove a member from the draft', 'zh-CN': '从草稿中删除成员' },
  'cmd.rosterWidest': {
    en: 'set the widest prefix a report, or a listing on one list, may cover',
    'zh-CN': '设置报告或某一列表的列入可覆盖的最大网段',
  },
  'cmd.rosterSign': {
    en: 'sign the draft into roster.cbor (or add your signature to it)',
    'zh-CN': '签署草稿生成 roster.cbor（或在其上追加你的签名）',
  },
  'cmd.rosterShow': {
    en: 'show a roster (draft, signed file, or the one a node uses)',
    'zh-CN': '显示成员名册（草稿、已签署文件或节点所用名册）',
  },
  'cmd.rosterPublish': {
    en: 'publish a signed roster version through this (steward’s) node; every node adopts it by the threshold rules',
    'zh-CN': '通过本（管理员）节点发布已签署的名册新版本；各节点按门槛规则采纳',
  },
  'cmd.rosterStatus': {
    en: 'show the roster version in force and which members’ nodes hold which version',
    'zh-CN': '显示现行名册版本，以及各成员节点持有的版本',
  },
  'cmd.rosterVerify': {
    en: 'verify a signed roster, optionally as the successor of one held',
    'zh-CN': '验证已签署的名册，可选地验证其能否接替现有名册',
  },
  'cmd.federation': { en: 'a local federation for development and demos', 'zh-CN': '用于开发和演示的本地联盟' },
  'cmd.federationInit': {
    en: 'create one node directory per member, a steward key and a signed roster',
    'zh-CN': '为每个成员创建节点目录，并生成管理方密钥和已签署的名册',
  },
  'cmd.federationStart': {
    en: 'start every member of a local federation; Ctrl-C stops them all',
    'zh-CN': '启动本地联盟的所有成员；按 Ctrl-C 全部停止',
  },
  'cmd.codes': { en: "list the protocol's codes and what they mean", 'zh-CN': '列出协议代码及其含义' },
  'cmd.start': {
    en: 'run the node in DIR in the foreground (Ctrl-C stops it)',
    'zh-CN': '在前台运行 DIR 中的节点（按 Ctrl-C 停止）',
  },
  'cmd.status': {
    en: "show the node's identity, storage, peers and heads",
    'zh-CN': '显示节点身份、存储、对等节点和各来源进度',
  },
  'cmd.publish': { en: 'publish a signed entry for your organisation', 'zh-CN': '以本机构名义发布签名条目' },
  'cmd.publishReport': {
    en: 'report abuse from an address, prefix, domain or URL',
    'zh-CN': '举报来自某地址、网段、域名或 URL 的滥用行为',
  },
  'cmd.publishListing': {
    en: 'add a target to one of your lists (or remove it)',
    'zh-CN': '将目标加入你的某个黑名单（或移除）',
  },
  'cmd.publishNotice': {
    en: 'send a notice to the federation (help, escalation, standards)',
    'zh-CN': '向联盟发送通知（求助、紧急升级、标准）',
  },
  'cmd.retract': { en: 'retract one of your own entries', 'zh-CN': '撤回本机构发布的条目' },
  'cmd.subscribe': {
    en: 'print matching entries as they arrive (stored ones first)',
    'zh-CN': '按到达顺序输出匹配的条目（先输出已存储的）',
  },
  'cmd.reports': { en: 'list reports (or show one by id)', 'zh-CN': '列出举报（或按 ID 查看单条）' },
  'cmd.ack': {
    en: 'acknowledge a report about your network: received, investigating, resolved or rejected',
    'zh-CN': '确认与本网络有关的举报：已收到、调查中、已解决或已驳回',
  },
  'cmd.lookup': {
    en: 'who is responsible for an address, is it listed, and what was reported',
    'zh-CN': '查询地址的负责方、是否被列入黑名单以及相关举报',
  },
  'cmd.contacts': { en: 'abuse contacts for an address (RDAP-like)', 'zh-CN': '查询地址的滥用联系人（类似 RDAP）' },
  'cmd.lists': { en: 'listings known to the node, and exports', 'zh-CN': '节点已知的黑名单条目及导出' },
  'cmd.listsShow': { en: 'show listings', 'zh-CN': '显示黑名单条目' },
  'cmd.listsExport': {
    en: 'export a list for mail servers or a DNSBL',
    'zh-CN': '导出黑名单，供邮件服务器或 DNSBL 使用',
  },
  'cmd.delist': {
    en: 'delisting: request removal, decide, see the queue',
    'zh-CN': '移除黑名单：提出请求、作出决定、查看队列',
  },
  'cmd.delistRequest': {
    en: 'ask list operators to remove listings of your address space: one listing, or every listing of --address',
    'zh-CN': '请求黑名单运营方移除本网段的条目：指定一个条目，或用 --address 指定地址的全部条目',
  },
  'cmd.delistStatus': {
    en: 'every listing of an address, by any list operator, and the decision on each delisting request',
    'zh-CN': '某地址在各黑名单运营方的全部条目，以及每个移除请求的决定',
  },
  'cmd.delistDecide': {
    en: 'grant or deny a delisting request (list operators)',
    'zh-CN': '批准或拒绝移除请求（黑名单运营方）',
  },
  'cmd.delistQueue': { en: 'delisting requests and their decisions', 'zh-CN': '移除请求及其决定' },
  'cmd.peers': { en: 'peer links and how far behind each is', 'zh-CN': '对等连接及其同步差距' },
  'cmd.metrics': { en: 'resolution metrics per responsible member', 'zh-CN': '各负责成员的处理指标' },
  'cmd.import': { en: 'import reports from other formats', 'zh-CN': '从其他格式导入举报' },
  'cmd.importArf': {
    en: 'import ARF (RFC 5965) messages from files or directories',
    'zh-CN': '从文件或目录导入 ARF（RFC 5965）邮件',
  },
  'cmd.importXarf': {
    en: 'import X-ARF v4 JSON reports from files or directories',
    'zh-CN': '从文件或目录导入 X-ARF v4 JSON 举报',
  },
  'cmd.export': { en: 'export a report as ARF or X-ARF', 'zh-CN': '将举报导出为 ARF 或 X-ARF' },
  'cmd.exportArf': {
    en: 'write a report as an ARF (RFC 5965) message',
    'zh-CN': '将举报写成 ARF（RFC 5965）邮件',
  },
  'cmd.exportXarf': { en: 'write a report as an X-ARF v4 JSON document', 'zh-CN': '将举报写成 X-ARF v4 JSON 文档' },
  'cmd.demo': {
    en: 'run a six-member federation on this machine and play a short bilingual scenario',
    'zh-CN': '在本机运行六个成员的联盟，并演示一段中英双语场景',
  },

  // Arguments.
  'arg.entryId': { en: 'entry id (64 hex digits)', 'zh-CN': '条目 ID（64 位十六进制）' },
  'arg.reportId': { en: 'report id (64 hex digits)', 'zh-CN': '举报 ID（64 位十六进制）' },
  'arg.reportIdOptional': { en: 'show this one report (64 hex digits)', 'zh-CN': '只显示这一条举报（64 位十六进制）' },
  'arg.listingId': { en: 'listing id (64 hex digits)', 'zh-CN': '黑名单条目 ID（64 位十六进制）' },
  'arg.listingIdOrAddress': {
    en: 'listing id (64 hex digits); leave out with --address',
    'zh-CN': '黑名单条目 ID（64 位十六进制）；使用 --address 时省略',
  },
  'arg.oneAddress': { en: 'IPv4 or IPv6 address', 'zh-CN': 'IPv4 或 IPv6 地址' },
  'arg.requestId': { en: 'delisting request id (64 hex digits)', 'zh-CN': '移除请求 ID（64 位十六进制）' },
  'arg.address': { en: 'IPv4 or IPv6 address, or CIDR prefix', 'zh-CN': 'IPv4 或 IPv6 地址，或 CIDR 网段' },
  'arg.arfPaths': { en: 'ARF message files or directories', 'zh-CN': 'ARF 邮件文件或目录' },
  'arg.xarfPaths': { en: 'X-ARF JSON files or directories', 'zh-CN': 'X-ARF JSON 文件或目录' },

  // Options.
  'opt.lang': {
    en: 'language of messages: en or zh-CN (default: $ARX_LANG, else en)',
    'zh-CN': '消息语言：en 或 zh-CN（默认：$ARX_LANG，否则 en）',
  },
  'opt.version': { en: 'print the version of arx', 'zh-CN': '显示 arx 的版本' },
  'opt.debug': { en: 'show stack traces and request details on failure', 'zh-CN': '失败时显示调用栈和请求详情' },
  'opt.commercial': {
    en: 'the reported mail was commercial: file complaints whose subject lacks "AD" / "广告" as ad.unlabelled',
    'zh-CN': '被举报邮件为商业邮件：标题未注明"广告"/"AD"的投诉归为 ad.unlabelled',
  },
  'opt.to': {
    en: 'recipient of the ARF message (default: the responsible member’s abuse contact)',
    'zh-CN': 'ARF 邮件的收件人（默认：负责成员的滥用举报联系地址）',
  },
  'opt.json': { en: 'print JSON for scripts instead of tables', 'zh-CN': '输出 JSON（供脚本使用）而非表格' },
  'opt.dir': { en: 'node directory (default: the current directory)', 'zh-CN': '节点目录（默认：当前目录）' },
  'opt.dirRoster': { en: 'show the roster this node directory uses', 'zh-CN': '显示该节点目录所用的名册' },
  'opt.initDir': {
    en: 'node directory to create (must not exist or be empty)',
    'zh-CN': '要创建的节点目录（必须不存在或为空）',
  },
  'opt.handle': {
    en: 'member handle: lowercase letters, digits, "-" (e.g. cnisp1)',
    'zh-CN': '成员简称：小写字母、数字和“-”（如 cnisp1）',
  },
  'opt.nameEn': { en: 'organisation name in English', 'zh-CN': '机构英文名称' },
  'opt.nameZh': { en: 'organisation name in Chinese', 'zh-CN': '机构中文名称' },
  'opt.role': {
    en: 'role (repeatable): reporter, provider, list-operator, steward, observer (default: provider with netblocks, else reporter)',
    'zh-CN':
      '角色（可重复）：reporter、provider、list-operator、steward、observer（默认：有网段时为 provider，否则 reporter）',
  },
  'opt.netblocksFile': {
    en: 'replace the claimed netblocks with those in FILE (one CIDR a line, # comments)',
    'zh-CN': '用 FILE 中的网段替换所声明的网段（每行一个 CIDR，# 开头为注释）',
  },
  'opt.dryRun': {
    en: 'show what would change (claims added and removed, overlaps) without writing the draft',
    'zh-CN': '只显示将发生的变化（新增和删除的网段、重叠），不写入草稿',
  },
  'opt.full': {
    en: 'list every member and claim, even for a large roster',
    'zh-CN': '即使名册很大，也列出每个成员和每条网段声明',
  },
  'opt.allOverlaps': {
    en: 'list every overlapping claim, not only the first 20',
    'zh-CN': '列出所有重叠的网段声明，而不只是前 20 条',
  },
  'opt.allMembers': {
    en: 'list every member, also those whose node has not said which version it holds',
    'zh-CN': '列出所有成员，包括其节点尚未报告所持版本的成员',
  },
  'opt.netblock': {
    en: 'claimed address space, CIDR (repeatable)',
    'zh-CN': '声明负责的地址空间，CIDR 格式（可重复）',
  },
  'opt.abuseEmail': {
    en: 'abuse contact address (repeatable; default abuse@<handle>.example)',
    'zh-CN': '滥用举报联系邮箱（可重复；默认 abuse@<简称>.example）',
  },
  'opt.escalationEmail': {
    en: 'escalation contact for emergencies (repeatable)',
    'zh-CN': '紧急升级联系邮箱（可重复）',
  },
  'opt.host': { en: 'address to listen on (default: 127.0.0.1)', 'zh-CN': '监听地址（默认：127.0.0.1）' },
  'opt.httpPort': {
    en: 'HTTP and websocket port (default: 0, any free port; see run/listen.json)',
    'zh-CN': 'HTTP 和 websocket 端口（默认：0，任意空闲端口；见 run/listen.json）',
  },
  'opt.peer': {
    en: 'websocket URL of a peer node, ws://host:port/v1/ws (repeatable)',
    'zh-CN': '对等节点的 websocket 地址，ws://主机:端口/v1/ws（可重复）',
  },
  'opt.endpoint': {
    en: 'public websocket URL of this node, for the roster',
    'zh-CN': '本节点对外的 websocket 地址，写入名册',
  },
  'opt.keyOut': {
    en: 'key file to create (mode 0600; never overwritten)',
    'zh-CN': '要创建的密钥文件（权限 0600；不会覆盖已有文件）',
  },
  'opt.keyFile': {
    en: "a key file instead of the node directory's key",
    'zh-CN': '指定密钥文件，而非节点目录中的密钥',
  },
  'opt.rosterOut': {
    en: 'draft file to create (e.g. roster.draft.json); the signed roster.cbor goes beside it',
    'zh-CN': '要创建的草稿文件（如 roster.draft.json）；签署后的 roster.cbor 放在同一目录',
  },
  'opt.widestReport': { en: 'the limit for reports', 'zh-CN': '报告的限制' },
  'opt.widestList': { en: 'the limit for listings on this list kind', 'zh-CN': '此列表类型的列入限制' },
  'opt.widestIpv4': { en: 'shortest IPv4 prefix length allowed (0-32)', 'zh-CN': '允许的最短 IPv4 前缀长度（0-32）' },
  'opt.widestIpv6': { en: 'shortest IPv6 prefix length allowed (0-128)', 'zh-CN': '允许的最短 IPv6 前缀长度（0-128）' },
  'opt.widestDefault': {
    en: 'go back to the defaults (/16 and /32), then apply --ipv4/--ipv6 if given',
    'zh-CN': '恢复默认值（/16 和 /32），再应用给出的 --ipv4/--ipv6',
  },
  'opt.roster': {
    en: 'roster file: the draft (.json), the signed document (.cbor) or their directory',
    'zh-CN': '名册文件：草稿（.json）、已签署文件（.cbor）或其所在目录',
  },
  'opt.stewardKey': { en: "a steward's key file", 'zh-CN': '管理方的密钥文件' },
  'opt.steward': { en: 'another steward key, arx1… (repeatable)', 'zh-CN': '其他管理方的公钥 arx1…（可重复）' },
  'opt.threshold': { en: 'steward signatures required (default: 1)', 'zh-CN': '所需管理方签名数（默认：1）' },
  'opt.rosterVersion': { en: 'first version number (default: 1)', 'zh-CN': '起始版本号（默认：1）' },
  'opt.federationNameEn': { en: 'federation name in English', 'zh-CN': '联盟英文名称' },
  'opt.federationNameZh': { en: 'federation name in Chinese', 'zh-CN': '联盟中文名称' },
  'opt.memberFile': { en: "a member.json written by 'arx init'", 'zh-CN': '由 arx init 生成的 member.json' },
  'opt.memberKey': { en: "the member's key, arx1… (or 64 hex digits)", 'zh-CN': '成员公钥 arx1…（或 64 位十六进制）' },
  'opt.held': {
    en: 'the roster currently trusted: the new one must succeed it',
    'zh-CN': '当前信任的名册：新名册必须能接替它',
  },
  'opt.federationDir': {
    en: 'federation directory (one node directory per member inside)',
    'zh-CN': '联盟目录（其中每个成员一个节点目录）',
  },
  'opt.members': {
    en: 'member handles, comma-separated (e.g. isc,cnisp1,aol,sorbs)',
    'zh-CN': '成员简称，以逗号分隔（如 isc,cnisp1,aol,sorbs）',
  },
  'opt.hub': {
    en: 'member every other node connects to (star); default: all pairs connected',
    'zh-CN': '其他节点都连接到的中心成员（星型）；默认：两两相连',
  },
  'opt.basePort': {
    en: 'HTTP port of the first member; the others follow, then one DNSBL port per member (default: 7400)',
    'zh-CN': '第一个成员的 HTTP 端口，其余依次递增，之后每个成员一个 DNSBL 端口（默认：7400）',
  },
  'opt.table': { en: 'only this table: {tables}', 'zh-CN': '只显示此表：{tables}' },
  'opt.about': {
    en: 'what is reported: IP address, CIDR prefix, domain or http(s) URL',
    'zh-CN': '举报对象：IP 地址、CIDR 网段、域名或 http(s) URL',
  },
  'opt.category': {
    en: "report category code (see 'arx codes --table report-category')",
    'zh-CN': '举报类别代码（见 arx codes --table report-category）',
  },
  'opt.count': { en: 'how many times it was observed (default: 1)', 'zh-CN': '观察到的次数（默认：1）' },
  'opt.first': {
    en: 'first seen: ISO time, epoch ms, or "2h" for 2 hours ago (default: --last)',
    'zh-CN': '首次发现时间：ISO 时间、毫秒时间戳，或“2h”表示 2 小时前（默认：同 --last）',
  },
  'opt.last': {
    en: 'last seen, same forms as --first (default: now)',
    'zh-CN': '最近发现时间，格式同 --first（默认：现在）',
  },
  'opt.source': {
    en: 'where the evidence came from: fbl, trap, complaint, manual, scan (default: manual)',
    'zh-CN': '证据来源：fbl、trap、complaint、manual、scan（默认：manual）',
  },
  'opt.confidence': { en: 'confidence 0-100', 'zh-CN': '可信度 0-100' },
  'opt.noteEn': { en: 'free-text note in English', 'zh-CN': '英文备注' },
  'opt.noteZh': { en: 'free-text note in Chinese', 'zh-CN': '中文备注' },
  'opt.list': {
    en: "list code (see 'arx codes --table list-kind')",
    'zh-CN': '黑名单代码（见 arx codes --table list-kind）',
  },
  'opt.target': {
    en: 'what to list: CIDR prefix (IP lists) or domain (spamvertised-site)',
    'zh-CN': '列入对象：CIDR 网段（IP 类黑名单）或域名（spamvertised-site）',
  },
  'opt.listingReason': { en: 'why: a report category code', 'zh-CN': '原因：举报类别代码' },
  'opt.op': { en: 'add or remove (default: add)', 'zh-CN': 'add（加入）或 remove（移除）（默认：add）' },
  'opt.expires': { en: 'expires after a duration: 90m, 12h, 7d, 2w', 'zh-CN': '有效期：90m、12h、7d、2w' },
  'opt.evidence': { en: 'id of a report that is evidence (repeatable)', 'zh-CN': '作为证据的举报 ID（可重复）' },
  'opt.topic': {
    en: 'help, escalation or standards',
    'zh-CN': 'help（求助）、escalation（紧急升级）或 standards（标准）',
  },
  'opt.urgency': {
    en: 'low, normal, high or critical (default: normal)',
    'zh-CN': 'low、normal、high 或 critical（默认：normal）',
  },
  'opt.textEn': { en: 'text in English', 'zh-CN': '英文正文' },
  'opt.textZh': { en: 'text in Chinese', 'zh-CN': '中文正文' },
  'opt.retractReason': {
    en: "why: a retract reason code (see 'arx codes --table retract-reason')",
    'zh-CN': '原因：撤回原因代码（见 arx codes --table retract-reason）',
  },
  'opt.kind': { en: 'only this kind of entry (repeatable)', 'zh-CN': '只看此类条目（可重复）' },
  'opt.aboutSub': {
    en: 'only entries about addresses in this CIDR (repeatable)',
    'zh-CN': '只看与此 CIDR 内地址有关的条目（可重复）',
  },
  'opt.toMeSub': {
    en: 'only entries about your netblocks (reports, acks, listings, delisting)',
    'zh-CN': '只看与本机构网段有关的条目（举报、确认、黑名单、移除）',
  },
  'opt.fromOrigin': {
    en: 'only entries published by this member (repeatable)',
    'zh-CN': '只看此成员发布的条目（可重复）',
  },
  'opt.since': {
    en: 'start after this cursor (printed with each entry in --json)',
    'zh-CN': '从此游标之后开始（--json 输出中每条都带游标）',
  },
  'opt.evidenceSub': {
    en: "also receive each report's detached evidence while the node holds it (shown with --json)",
    'zh-CN': '同时接收每条举报的分离证据（节点仍保存时；--json 输出中显示）',
  },
  'opt.resume': {
    en: 'continue from where the last --resume run stopped (DIR/run/subscribe.cursor)',
    'zh-CN': '从上次 --resume 运行停止处继续（DIR/run/subscribe.cursor）',
  },
  'opt.noFollow': {
    en: 'exit after the stored entries instead of waiting for new ones',
    'zh-CN': '输出已存储条目后退出，不等待新条目',
  },
  'opt.toMe': { en: 'only reports about your netblocks', 'zh-CN': '只看与本机构网段有关的举报' },
  'opt.responsible': { en: 'only reports this member is responsible for', 'zh-CN': '只看由该成员负责的举报' },
  'opt.fromHandle': { en: 'only reports published by this member', 'zh-CN': '只看该成员发布的举报' },
  'opt.reportStatus': {
    en: 'published, received, investigating, resolved or rejected',
    'zh-CN': 'published、received、investigating、resolved 或 rejected',
  },
  'opt.aboutFilter': { en: 'only reports about addresses in this CIDR', 'zh-CN': '只看与此 CIDR 内地址有关的举报' },
  'opt.limit': { en: 'at most this many (default: 100)', 'zh-CN': '最多显示条数（默认：100）' },
  'opt.ackStatus': {
    en: 'received, investigating, resolved or rejected',
    'zh-CN': 'received、investigating、resolved 或 rejected',
  },
  'opt.action': {
    en: "what was done: an action code (see 'arx codes --table action')",
    'zh-CN': '采取的措施：措施代码（见 arx codes --table action）',
  },
  'opt.rejectionReason': {
    en: 'why (with --status rejected or --deny): a rejection reason code',
    'zh-CN': '原因（配合 --status rejected 或 --deny）：驳回原因代码',
  },
  'opt.listFilter': { en: 'only this list', 'zh-CN': '只看此黑名单' },
  'opt.listOperator': { en: 'only listings by this list operator', 'zh-CN': '只看该黑名单运营方的条目' },
  'opt.allListings': { en: 'include removed and expired listings', 'zh-CN': '包括已移除和已过期的条目' },
  'opt.format': {
    en: 'cidr, csv, json or rbldnsd (default: cidr)',
    'zh-CN': 'cidr、csv、json 或 rbldnsd（默认：cidr）',
  },
  'opt.delistAddress': {
    en: 'request removal of every active listing of this address, across every list operator',
    'zh-CN': '请求移除该地址在所有黑名单运营方的全部有效条目',
  },
  'opt.watchDecisions': {
    en: 'keep showing the table until every request is decided (Ctrl-C stops)',
    'zh-CN': '持续显示，直到每个请求都有决定（Ctrl-C 停止）',
  },
  'opt.exportOut': {
    en: 'write to this file instead of stdout (with --zone: this directory)',
    'zh-CN': '写入此文件而非标准输出（与 --zone 同用时：此目录）',
  },
  'opt.exportZone': {
    en: "the node's whole DNSBL zone as rbldnsd datasets (ip4set, ip6trie, dnset) in the --out directory",
    'zh-CN': '将节点的整个 DNSBL 区域导出为 rbldnsd 数据集（ip4set、ip6trie、dnset），写入 --out 目录',
  },
  'opt.exportWatch': {
    en: 'with --zone: keep running and rewrite the files when the zone changes',
    'zh-CN': '与 --zone 同用：持续运行，区域变化时重写文件',
  },
  'opt.exportInterval': {
    en: 'with --watch: seconds between checks (default: 10)',
    'zh-CN': '与 --watch 同用：两次检查之间的秒数（默认：10）',
  },
  'opt.remediation': {
    en: 'what was done, action codes (one or more)',
    'zh-CN': '已采取的措施，措施代码（一个或多个）',
  },
  'opt.grant': { en: 'grant the request (the listing is removed)', 'zh-CN': '批准请求（条目将被移除）' },
  'opt.deny': { en: 'deny the request', 'zh-CN': '拒绝请求' },
  'opt.pending': { en: 'only requests without a decision', 'zh-CN': '只看尚未决定的请求' },
  'opt.watchPeers': {
    en: 'keep watching: entries behind per peer, rate, time left (Ctrl-C stops)',
    'zh-CN': '持续观察：每个对等节点落后的条目数、速率、剩余时间（Ctrl-C 停止）',
  },
  'opt.interval': { en: 'how often to sample with --watch (default: 2s)', 'zh-CN': '--watch 的采样间隔（默认：2s）' },
  'opt.untilSynced': {
    en: 'watch until every peer is in sync, then exit 0',
    'zh-CN': '观察直到所有对等节点同步完成，然后以 0 退出',
  },
  'opt.window': { en: 'time window: 7d, 30d, … (default: 30d)', 'zh-CN': '时间窗口：7d、30d……（默认：30d）' },
  'opt.metricsMember': { en: 'only this member', 'zh-CN': '只看此成员' },
  'opt.once': {
    en: 'exit after the scenario (0 only if every step was observed)',
    'zh-CN': '场景结束后退出（仅当每一步都得到确认时返回 0）',
  },
  'opt.demoDir': {
    en: 'build the federation here instead of a temporary directory (kept)',
    'zh-CN': '在此目录而非临时目录中建立联盟（保留）',
  },
  'opt.history': {
    en: 'first backfill this much signed past activity (e.g. 30d: about two thousand reports) for the dashboard',
    'zh-CN': '先回填这段时间的已签名历史活动（如 30d：约两千份举报），供监督面板展示',
  },
  'opt.keep': { en: 'keep the temporary directory after exit', 'zh-CN': '退出后保留临时目录' },
  'opt.demoBasePort': {
    en: 'use ports N..N+5 instead of free ones the system picks',
    'zh-CN': '使用端口 N..N+5，而非由系统分配的空闲端口',
  },
} as const;

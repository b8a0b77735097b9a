/** Messages: results, errors, table headings, labels and the demo's narration. */
export const MESSAGES_MESSAGES = {
  // Usage errors (exit 2).
  'usage.unknownOption': { en: "unknown option '{option}'{suggestion}", 'zh-CN': "未知选项 '{option}'{suggestion}" },
  'usage.unknownCommand': {
    en: "unknown command '{command}'{suggestion}",
    'zh-CN': "未知命令 '{command}'{suggestion}",
  },
  'usage.didYouMean': { en: ' (did you mean {suggestion}?)', 'zh-CN': '（是否想输入 {suggestion}？）' },
  'usage.missingArgument': { en: "missing argument '{argument}'", 'zh-CN': "缺少参数 '{argument}'" },
  'usage.optionMissingArgument': { en: "option '{option}' needs a value", 'zh-CN': "选项 '{option}' 需要一个值" },
  'usage.missingOption': { en: "required option '{option}' is missing", 'zh-CN': "缺少必需的选项 '{option}'" },
  'usage.excessArguments': {
    en: 'too many arguments (expected {expected}, got {got})',
    'zh-CN': '参数过多（应为 {expected} 个，实际 {got} 个）',
  },
  'usage.conflict': { en: "'{a}' cannot be used with '{b}'", 'zh-CN': "'{a}' 不能与 '{b}' 同时使用" },
  'usage.seeHelp': { en: "; see '{command} --help'", 'zh-CN': "；参见 '{command} --help'" },
  'usage.badLang': {
    en: "unknown language '{value}' (--lang); use one of: {valid}",
    'zh-CN': "未知语言 '{value}'（--lang）；可用：{valid}",
  },

  // Input checks (exit 2).
  'input.unknownCode': {
    en: "'{value}' is not a {what} code ({option}); valid codes: {valid}",
    'zh-CN': "'{value}' 不是有效的{what}代码（{option}）；有效代码：{valid}",
  },
  'input.badPrefix': {
    en: "'{value}' is not an IP address or CIDR prefix ({option}); write e.g. 192.0.2.25 or 192.0.2.0/24",
    'zh-CN': "'{value}' 不是 IP 地址或 CIDR 网段（{option}）；应写作如 192.0.2.25 或 192.0.2.0/24",
  },
  'input.hostBits': {
    en: "'{value}' has host bits set beyond its prefix length ({option}); did you mean {masked}?",
    'zh-CN': "'{value}' 在网段长度之外还有主机位（{option}）；是否应为 {masked}？",
  },
  'input.badAddress': {
    en: "'{value}' is not an IPv4 or IPv6 address ({option}); write e.g. 192.0.2.25 or 2001:db8::25",
    'zh-CN': "'{value}' 不是 IPv4 或 IPv6 地址（{option}）；应写作如 192.0.2.25 或 2001:db8::25",
  },
  'input.badTarget': {
    en: "'{value}' is not an IP address, CIDR prefix, domain or http(s) URL ({option})",
    'zh-CN': "'{value}' 不是 IP 地址、CIDR 网段、域名或 http(s) URL（{option}）",
  },
  'input.badLookup': {
    en: "'{value}' is not an IP address or CIDR prefix; write e.g. 192.0.2.25",
    'zh-CN': "'{value}' 不是 IP 地址或 CIDR 网段；应写作如 192.0.2.25",
  },
  'input.badId': {
    en: "'{value}' is not an entry id ({what}): expected 64 hex digits",
    'zh-CN': "'{value}' 不是条目 ID（{what}）：应为 64 位十六进制",
  },
  'input.badDuration': {
    en: "'{value}' is not a duration ({option}); write e.g. 90m, 12h, 7d or 2w",
    'zh-CN': "'{value}' 不是有效时长（{option}）；应写作如 90m、12h、7d 或 2w",
  },
  'input.badTime': {
    en: "'{value}' is not a time ({option}); write an ISO time (2024-05-01T08:00Z), epoch milliseconds, 'now' or a duration ago (2h)",
    'zh-CN':
      "'{value}' 不是有效时间（{option}）；应写 ISO 时间（2024-05-01T08:00Z）、毫秒时间戳、'now' 或多久以前（2h）",
  },
  'input.badInteger': {
    en: "'{value}' is not a whole number from {min} to {max} ({option})",
    'zh-CN': "'{value}' 不是 {min} 到 {max} 之间的整数（{option}）",
  },
  'input.badHandle': {
    en: "'{value}' is not a handle ({option}): lowercase letters, digits and '-', starting with a letter, at most 32",
    'zh-CN': "'{value}' 不是有效简称（{option}）：以字母开头的小写字母、数字和“-”，最多 32 个字符",
  },
  'input.badEmail': {
    en: "'{value}' is not an e-mail address ({option})",
    'zh-CN': "'{value}' 不是电子邮件地址（{option}）",
  },
  'input.badWsUrl': {
    en: "'{value}' is not a websocket URL ({option}); write e.g. ws://192.0.2.1:7400/v1/ws",
    'zh-CN': "'{value}' 不是 websocket 地址（{option}）；应写作如 ws://192.0.2.1:7400/v1/ws",
  },
  'input.badKey': {
    en: "'{value}' is not an arx1 key ({option}): {detail}",
    'zh-CN': "'{value}' 不是 arx1 公钥（{option}）：{detail}",
  },

  // Code table names (as used in messages and `arx codes`).
  'table.report-category': { en: 'report category', 'zh-CN': '举报类别' },
  'table.report-source': { en: 'report source', 'zh-CN': '举报来源' },
  'table.report-status': { en: 'report status', 'zh-CN': '举报状态' },
  'table.ack-status': { en: 'acknowledgement status', 'zh-CN': '确认状态' },
  'table.action': { en: 'action', 'zh-CN': '措施' },
  'table.rejection-reason': { en: 'rejection reason', 'zh-CN': '驳回原因' },
  'table.retract-reason': { en: 'retract reason', 'zh-CN': '撤回原因' },
  'table.list-kind': { en: 'list', 'zh-CN': '黑名单' },
  'table.listing-op': { en: 'listing operation', 'zh-CN': '黑名单操作' },
  'table.delist-decision': { en: 'delisting decision', 'zh-CN': '移除决定' },
  'table.role': { en: 'role', 'zh-CN': '角色' },
  'table.notice-topic': { en: 'notice topic', 'zh-CN': '通知主题' },
  'table.urgency': { en: 'urgency', 'zh-CN': '紧急程度' },
  'table.effect-outcome': { en: 'entry effect', 'zh-CN': '条目效果' },
  'table.effect-reason': { en: 'effect reason', 'zh-CN': '效果原因' },
  'codes.unknownTable': {
    en: "no code table '{table}'; tables: {valid}",
    'zh-CN': "没有名为 '{table}' 的代码表；可用：{valid}",
  },

  // Files.
  'file.missing': { en: '{path} does not exist', 'zh-CN': '{path} 不存在' },
  'file.denied': { en: 'no permission to read {path}', 'zh-CN': '没有读取 {path} 的权限' },
  'file.cannotRead': { en: 'cannot read {path}', 'zh-CN': '无法读取 {path}' },
  'file.badJson': { en: '{path} is not valid JSON: {detail}', 'zh-CN': '{path} 不是有效的 JSON：{detail}' },
  'file.badKey': { en: '{path} is not a key file: {detail}', 'zh-CN': '{path} 不是密钥文件：{detail}' },
  'file.exists': { en: '{path} already exists; refusing to overwrite it', 'zh-CN': '{path} 已存在；拒绝覆盖' },

  // Generic.
  'error.unexpected': { en: 'unexpected error: {message}', 'zh-CN': '意外错误：{message}' },
  'error.useDebug': { en: '(run again with --debug for details)', 'zh-CN': '（加 --debug 重新运行可查看详情）' },

  // init / keygen.
  'init.notEmpty': {
    en: '{dir} exists and is not empty; choose a new directory',
    'zh-CN': '{dir} 已存在且不为空；请选择新目录',
  },
  'init.badConfig': { en: 'the configuration would be invalid: {detail}', 'zh-CN': '生成的配置无效：{detail}' },
  'init.duplicateRole': { en: 'a role is given twice (--role)', 'zh-CN': '角色重复（--role）' },
  'init.done': { en: 'Created node directory {dir} for {handle}', 'zh-CN': '已为 {handle} 创建节点目录 {dir}' },
  'init.defaultAbuse': {
    en: 'note: no --abuse-email given; member.json uses {address} — correct it before sending it to a steward',
    'zh-CN': '注意：未指定 --abuse-email；member.json 使用了 {address}，请在交给管理方之前改正',
  },
  'init.next': {
    en: 'Next: send member.json to a steward (arx roster add --member member.json), put the signed roster.cbor into {dir}, then run: arx start --dir {dir}',
    'zh-CN':
      '下一步：把 member.json 交给管理方（arx roster add --member member.json），将签署后的 roster.cbor 放入 {dir}，然后运行：arx start --dir {dir}',
  },
  'keygen.done': { en: 'key written to {path} (mode 0600)', 'zh-CN': '密钥已写入 {path}（权限 0600）' },
  'member.bad': { en: '{where}: not a valid member: {detail}', 'zh-CN': '{where}：成员条目无效：{detail}' },

  // roster.
  'roster.filesHelp': {
    en: 'A roster is kept as a draft (roster.draft.json, edited by add/update/remove) and a signed\ndocument beside it (roster.cbor, written by sign). Editing after signing moves the draft to the\nnext version; signing unchanged content again adds a signature (k-of-n). Nodes load roster.cbor.',
    'zh-CN':
      '名册以草稿（roster.draft.json，由 add/update/remove 编辑）和同目录下的已签署文件（roster.cbor，\n由 sign 生成）保存。签署后再编辑，草稿版本号自动加一；对未改动的内容再次签署则追加签名（k-of-n）。\n节点加载的是 roster.cbor。',
  },
  'roster.badDraft': { en: '{path}: invalid draft roster: {detail}', 'zh-CN': '{path}：名册草稿无效：{detail}' },
  'roster.badDocument': { en: '{path}: not a roster document: {detail}', 'zh-CN': '{path}：不是名册文件：{detail}' },
  'roster.noDraft': {
    en: "{path} does not exist; create one with 'arx roster create'",
    'zh-CN': '{path} 不存在；请先用 arx roster create 创建',
  },
  'roster.created': {
    en: 'Created draft {path}: version {version}, {threshold} of {n} steward signatures required',
    'zh-CN': '已创建草稿 {path}：版本 {version}，需要 {n} 位管理方中 {threshold} 位签名',
  },
  'roster.thresholdTooHigh': {
    en: 'threshold {threshold} is more than the {stewards} stewards; add stewards with --steward',
    'zh-CN': '签名门槛 {threshold} 超过管理方人数 {stewards}；请用 --steward 添加管理方',
  },
  'roster.needHandle': { en: 'say which member: --handle NAME', 'zh-CN': '请指定成员：--handle 简称' },
  'roster.needKey': {
    en: "the member's key is needed: --key arx1… or --member member.json",
    'zh-CN': '需要成员公钥：--key arx1… 或 --member member.json',
  },
  'roster.needAbuse': {
    en: 'a member needs an abuse contact: --abuse-email ADDR',
    'zh-CN': '成员需要滥用联系人：--abuse-email 地址',
  },
  'roster.handleTaken': {
    en: "{handle} is already in the roster; use 'arx roster update'",
    'zh-CN': '{handle} 已在名册中；请用 arx roster update',
  },
  'roster.keyTaken': { en: 'key {id} already belongs to a member', 'zh-CN': '公钥 {id} 已属于某个成员' },
  'roster.noMember': {
    en: 'no member {handle} in the roster (members: {known})',
    'zh-CN': '名册中没有成员 {handle}（现有成员：{known}）',
  },
  'roster.overlap': { en: 'warning: overlapping netblock claims: {overlap}', 'zh-CN': '警告：网段声明重叠：{overlap}' },
  'roster.overlapMore': {
    en: 'warning: and {n} more overlapping claims (arx roster verify --all-overlaps lists them)',
    'zh-CN': '警告：另有 {n} 处网段声明重叠（arx roster verify --all-overlaps 可全部列出）',
  },
  'roster.overlaps': {
    en: '{n} overlapping claim(s) (the most specific claim decides who is responsible):',
    'zh-CN': '{n} 处网段声明重叠（以最具体的声明确定负责方）：',
  },
  'roster.noOverlaps': { en: 'No overlapping claims between members.', 'zh-CN': '成员之间没有重叠的网段声明。' },
  'roster.more': { en: '… and {n} more', 'zh-CN': '……另有 {n} 条' },
  'roster.diff': {
    en: '{handle}: {added} claim(s) added, {removed} removed',
    'zh-CN': '{handle}：新增 {added} 条网段声明，删除 {removed} 条',
  },
  'roster.dryRun': { en: 'Dry run: the draft was not changed.', 'zh-CN': '试运行：草稿未被修改。' },
  'roster.summary': {
    en: '{members} members, {claims} netblock claims, {overlaps} overlapping claim(s) (arx roster show --full lists everything)',
    'zh-CN': '{members} 个成员，{claims} 条网段声明，{overlaps} 处重叠（arx roster show --full 可列出全部）',
  },
  'roster.published': {
    en: 'Published roster version {version} ({members} members, {claims} claims, {size} bytes, digest {digest}…) as entry seq {seq}',
    'zh-CN':
      '已发布名册版本 {version}（{members} 个成员，{claims} 条网段声明，{size} 字节，摘要 {digest}…），条目序号 {seq}',
  },
  'roster.adoptedHere': {
    en: 'Adopted by this node; the other nodes fetch the document with the entry (arx roster status)',
    'zh-CN': '本节点已采纳；其他节点随条目获取名册文档（arx roster status 可查看）',
  },
  'roster.notAdoptedHere': {
    en: 'Stored, but not adopted here: a newer version is in force',
    'zh-CN': '已存储，但本节点未采纳：现行版本更新',
  },
  'roster.statusVersion': {
    en: 'version {version}: {members} members, {claims} claims',
    'zh-CN': '版本 {version}：{members} 个成员，{claims} 条网段声明',
  },
  'lookup.claim': {
    en: '{claim} (the most specific of its {n} claims containing the address)',
    'zh-CN': '{claim}（其 {n} 条网段声明中包含该地址的最具体一条）',
  },
  'roster.unknownVersion': { en: 'not reported', 'zh-CN': '未报告' },
  'roster.added': { en: 'Added {handle}', 'zh-CN': '已添加 {handle}' },
  'roster.updated': { en: 'Updated {handle}', 'zh-CN': '已更新 {handle}' },
  'roster.removed': { en: 'Removed {handle}', 'zh-CN': '已删除 {handle}' },
  'roster.widestSet': {
    en: 'Widest prefixes for {what}: IPv4 /{v4}, IPv6 /{v6}',
    'zh-CN': '{what}的最大网段：IPv4 /{v4}，IPv6 /{v6}',
  },
  'roster.widestReports': { en: 'reports', 'zh-CN': '报告' },
  'roster.widestWhat': { en: 'give either --report or --list CODE', 'zh-CN': '请给出 --report 或 --list 代码 之一' },
  'roster.unsigned': {
    en: 'Draft is version {version}, not signed yet: arx roster sign --roster {roster} --steward-key FILE',
    'zh-CN': '草稿版本为 {version}，尚未签署：arx roster sign --roster {roster} --steward-key 密钥文件',
  },
  'roster.notSteward': { en: 'key {id} is not a steward of this roster', 'zh-CN': '公钥 {id} 不是此名册的管理方' },
  'roster.draftBehind': {
    en: 'the draft (version {draft}) is older than the signed document (version {signed}); edit the newer one',
    'zh-CN': '草稿（版本 {draft}）比已签署文件（版本 {signed}）旧；请编辑较新的版本',
  },
  'roster.signed': { en: 'Signed {path} (version {version})', 'zh-CN': '已签署 {path}（版本 {version}）' },
  'roster.complete': {
    en: '{n} signature(s), threshold {k}: complete — distribute roster.cbor to the nodes',
    'zh-CN': '已有 {n} 个签名，门槛 {k}：已完成——可将 roster.cbor 分发给各节点',
  },
  'roster.needMore': {
    en: '{n} of {k} required signatures: pass roster.cbor to the next steward',
    'zh-CN': '已有 {n} 个签名，需要 {k} 个：请将 roster.cbor 交给下一位管理方',
  },
  'roster.rosterOrDir': { en: 'give --roster or --dir, not both', 'zh-CN': '--roster 和 --dir 只能指定一个' },
  'roster.draftLabel': { en: 'draft, not signed', 'zh-CN': '草稿，未签署' },
  'roster.kOfN': { en: '{k} of {n} stewards', 'zh-CN': '{n} 位管理方中的 {k} 位' },
  'roster.valid': {
    en: '{path}: valid — version {version}, {n} valid signature(s) (threshold {k}), {members} members',
    'zh-CN': '{path}：有效——版本 {version}，{n} 个有效签名（门槛 {k}），{members} 个成员',
  },
  'roster.validAfter': { en: 'and it may succeed the held version {version}', 'zh-CN': '且可以接替现有版本 {version}' },
  'roster.invalid': { en: '{path}: not valid ({code}): {detail}', 'zh-CN': '{path}：无效（{code}）：{detail}' },

  // federation.
  'federation.noMembers': {
    en: 'no members given (--members isc,cnisp1,…)',
    'zh-CN': '未指定成员（--members isc,cnisp1,…）',
  },
  'federation.duplicate': { en: '{handle} appears twice in --members', 'zh-CN': '{handle} 在 --members 中出现了两次' },
  'federation.hubNotMember': {
    en: "hub '{hub}' is not one of the members ({members})",
    'zh-CN': "中心节点 '{hub}' 不在成员中（{members}）",
  },
  'federation.created': {
    en: 'Created a federation of {n} members in {dir}',
    'zh-CN': '已在 {dir} 中创建 {n} 个成员的联盟',
  },
  'federation.next': {
    en: 'Start it with: arx federation start --dir {dir}',
    'zh-CN': '启动命令：arx federation start --dir {dir}',
  },
  'federation.noIndex': {
    en: '{dir} holds no federation (no federation.json or node directories)',
    'zh-CN': '{dir} 中没有联盟（无 federation.json 或节点目录）',
  },
  'federation.alreadyRunning': {
    en: '{handle} is already running (pid {pid})',
    'zh-CN': '{handle} 已在运行（进程 {pid}）',
  },
  'federation.starting': { en: 'Starting {n} nodes from {dir} …', 'zh-CN': '正在从 {dir} 启动 {n} 个节点……' },
  'federation.running': {
    en: 'All nodes are up. Press Ctrl-C to stop them.',
    'zh-CN': '所有节点均已启动。按 Ctrl-C 停止。',
  },
  'federation.stopping': { en: 'Stopping …', 'zh-CN': '正在停止……' },
  'federation.stopped': { en: 'All nodes stopped.', 'zh-CN': '所有节点均已停止。' },
  'federation.childExited': {
    en: 'node {handle} exited (code {code}); see its log lines above or {dir}/run/node.log',
    'zh-CN': '节点 {handle} 已退出（退出码 {code}）；请查看上方日志或 {dir}/run/node.log',
  },
  'federation.notReady': {
    en: 'these nodes did not start in time: {handles}',
    'zh-CN': '以下节点未能及时启动：{handles}',
  },

  // start.
  'start.locked': {
    en: 'cannot start: the node in {dir} is already running (pid {pid}) and holds the directory. Stop it first (Ctrl-C where it runs, or `kill {pid}`), or start this node from another directory',
    'zh-CN':
      '无法启动：{dir} 中的节点已在运行（进程 {pid}）并占用该目录。请先停止它（在其终端按 Ctrl-C，或执行 `kill {pid}`），或在另一个目录中启动本节点',
  },
  'start.lockedUnknown': {
    en: 'cannot start: another process holds the database of {dir} (its pid is not recorded in run/listen.json). Stop the other node using this directory, or start this node from another directory',
    'zh-CN':
      '无法启动：另一个进程占用了 {dir} 的数据库（run/listen.json 中没有记录其进程号）。请停止使用该目录的另一个节点，或在另一个目录中启动本节点',
  },
  'start.badConfig': { en: 'cannot start: {message}', 'zh-CN': '无法启动：{message}' },
  'start.noRoster': {
    en: 'cannot start: no roster at {path}; a node needs the signed roster.cbor from a steward',
    'zh-CN': '无法启动：{path} 处没有名册；节点需要管理方签署的 roster.cbor',
  },
  'start.failed': { en: 'node {handle} failed to start: {message}', 'zh-CN': '节点 {handle} 启动失败：{message}' },
  'start.running': {
    en: 'node {handle} is running (Ctrl-C stops it)',
    'zh-CN': '节点 {handle} 正在运行（按 Ctrl-C 停止）',
  },
  'start.stopping': { en: '{signal}: stopping …', 'zh-CN': '{signal}：正在停止……' },
  'start.stopped': { en: 'stopped', 'zh-CN': '已停止' },
  'start.closeTimeout': { en: 'the node did not stop in time', 'zh-CN': '节点未能及时停止' },

  // Talking to a node.
  'client.notRunning': {
    en: 'node at {dir} is not running (start it with: arx start --dir {dir})',
    'zh-CN': '{dir} 处的节点未运行（启动命令：arx start --dir {dir}）',
  },
  'client.timeout': { en: 'the node at {url} did not answer in time', 'zh-CN': '{url} 处的节点未及时响应' },
  'client.network': { en: 'cannot reach the node at {url}: {detail}', 'zh-CN': '无法连接 {url} 处的节点：{detail}' },
  'client.lost': {
    en: 'the connection to the node at {url} was lost during the upload ({detail}); the node was reachable, try again',
    'zh-CN': '上传过程中与 {url} 处节点的连接中断（{detail}）；节点可以连接，请重试',
  },
  'client.noToken': { en: 'cannot read the operator token {path}', 'zh-CN': '无法读取操作员令牌 {path}' },
  'client.refused': { en: 'the node refused: {code}: {message}', 'zh-CN': '节点拒绝：{code}：{message}' },

  // status / peers / metrics.
  'status.rosterVersion': { en: 'version {version}', 'zh-CN': '版本 {version}' },
  'status.entries': { en: '{n} stored, {size}', 'zh-CN': '已存储 {n} 条，{size}' },
  'status.peers': { en: '{n} open link(s)', 'zh-CN': '{n} 条连接' },
  'status.outboxOff': { en: 'off (forward.enabled is false)', 'zh-CN': '未启用（forward.enabled 为 false）' },
  'status.outbox': {
    en: '{queued} waiting; since start {sent} sent, {retried} retried, {failed} given up',
    'zh-CN': '{queued} 个待发送；启动以来已发送 {sent} 个，重试 {retried} 次，放弃 {failed} 个',
  },
  'status.outboxWaiting': {
    en: 'oldest queued {oldest}, next attempt {next}',
    'zh-CN': '最早入队 {oldest}，下次尝试 {next}',
  },
  'status.outboxError': { en: 'last error: {error}', 'zh-CN': '最近错误：{error}' },
  'status.noForks': { en: 'none', 'zh-CN': '无' },
  'status.horizon': { en: '{days} days; no pass yet', 'zh-CN': '{days} 天；尚未执行清理' },
  'status.horizonPass': {
    en: '{days} days; last pass {at}: {deleted} entries deleted, {kept} kept for live state',
    'zh-CN': '{days} 天；上次清理 {at}：删除 {deleted} 条，因仍有效保留 {kept} 条',
  },
  'metrics.window': {
    en: 'Window {window}; agreed time to resolve {target} h; times are medians.',
    'zh-CN': '时间窗口 {window}；约定解决时限 {target} 小时；用时为中位数。',
  },
  'metrics.providers': { en: 'Responsible members:', 'zh-CN': '负责成员：' },
  'metrics.operators': { en: 'List operators:', 'zh-CN': '黑名单运营方：' },
  'metrics.none': { en: 'no figures in this window', 'zh-CN': '此时间窗口内没有数据' },
  'peers.none': { en: 'no peer links', 'zh-CN': '没有对等连接' },
  'peers.inSync': { en: 'in sync', 'zh-CN': '已同步' },
  'peers.outbound': { en: 'outbound', 'zh-CN': '出站' },
  'peers.inbound': { en: 'inbound', 'zh-CN': '入站' },
  'peers.rate': { en: '{n}/s', 'zh-CN': '{n} 条/秒' },
  'peers.line': {
    en: '{time}  {peer}  {state}  behind {behind}  rate {rate}  eta {eta}',
    'zh-CN': '{time}  {peer}  {state}  落后 {behind}  速率 {rate}  预计 {eta}',
  },
  'peers.watching': { en: 'Catch-up at {time} (Ctrl-C stops)', 'zh-CN': '同步进度 {time}（Ctrl-C 停止）' },

  // publish / ack / retract / delist.
  'publish.invalid': { en: 'the {kind} would be invalid: {detail}', 'zh-CN': '该 {kind} 条目无效：{detail}' },
  'publish.firstAfterLast': { en: '--first is after --last', 'zh-CN': '--first 晚于 --last' },
  'publish.listWantsIp': {
    en: 'list {list} holds IP prefixes: give --target as an address or CIDR',
    'zh-CN': '黑名单 {list} 只收录 IP 网段：--target 应为地址或 CIDR',
  },
  'publish.listWantsDomain': {
    en: 'list {list} holds domains: give --target as a domain',
    'zh-CN': '黑名单 {list} 只收录域名：--target 应为域名',
  },
  'publish.needText': {
    en: 'a notice needs text: --text-en and/or --text-zh',
    'zh-CN': '通知需要正文：--text-en 和/或 --text-zh',
  },
  'ack.reasonOnlyRejected': {
    en: '--reason goes with --status rejected only; use --action for what was done',
    'zh-CN': '--reason 只能与 --status rejected 一起使用；已采取的措施请用 --action',
  },
  'ack.rejectNeedsReason': {
    en: "--status rejected needs --reason (see 'arx codes --table rejection-reason')",
    'zh-CN': '--status rejected 需要 --reason（见 arx codes --table rejection-reason）',
  },
  'delist.grantOrDeny': { en: 'say --grant or --deny', 'zh-CN': '请指定 --grant 或 --deny' },
  'delist.none': { en: 'no delisting requests', 'zh-CN': '没有移除请求' },
  'delist.pending': { en: 'pending', 'zh-CN': '待定' },
  'delist.idOrAddress': {
    en: 'give a LISTING_ID or --address, not both',
    'zh-CN': '请给出 LISTING_ID 或 --address，二者只能选一',
  },
  'delist.notListed': {
    en: '{address} has no active listing on any list known to this node',
    'zh-CN': '{address} 在本节点已知的任何黑名单上都没有有效条目',
  },
  'delist.filed': {
    en: '{requested} request(s) filed, {pending} already awaiting a decision',
    'zh-CN': '已提交 {requested} 个请求，{pending} 个已在等待决定',
  },
  'delist.requested': { en: 'requested', 'zh-CN': '已请求' },
  'delist.alreadyPending': { en: 'already requested, pending', 'zh-CN': '已请求，待定' },
  'delist.noRequest': { en: 'no request', 'zh-CN': '未请求' },
  'delist.neverListed': {
    en: '{address} is not listed, and no listing of it is known to this node',
    'zh-CN': '{address} 未被列入黑名单，本节点也不知道它曾被列入',
  },
  'delist.removed': { en: 'removed {time}', 'zh-CN': '已于 {time} 移除' },
  'delist.listedNow': { en: 'listed', 'zh-CN': '列入中' },
  'delist.summary': {
    en: '{listed} active listing(s); requests: {granted} granted, {denied} denied, {pending} pending',
    'zh-CN': '{listed} 个有效条目；请求：{granted} 个批准，{denied} 个拒绝，{pending} 个待定',
  },

  // reports / lookup / lists.
  'reports.none': { en: 'no reports', 'zh-CN': '没有举报' },
  'reports.toMeOrResponsible': {
    en: 'give --to-me or --responsible, not both',
    'zh-CN': '--to-me 和 --responsible 只能指定一个',
  },
  'lookup.unclaimed': { en: 'no member claims this address space', 'zh-CN': '没有成员声明负责此地址空间' },
  'lookup.notListed': { en: 'Not listed.', 'zh-CN': '未被列入黑名单。' },
  'lookup.listed': { en: 'Listed ({n}):', 'zh-CN': '已被列入黑名单（{n} 条）：' },
  'lookup.removal': {
    en: '  to request removal of {id}: {command}; contacts: {contacts}',
    'zh-CN': '  如需移除 {id}：{command}；联系人：{contacts}',
  },
  'lookup.noReports': { en: 'No reports.', 'zh-CN': '没有举报。' },
  'lookup.reports': { en: 'Reports ({n}):', 'zh-CN': '举报（{n} 条）：' },
  'contacts.source': {
    en: 'roster version {version}, claim signed by the stewards',
    'zh-CN': '名册版本 {version}，网段声明经管理方签署',
  },
  'lists.none': { en: 'no listings', 'zh-CN': '没有黑名单条目' },
  'lists.badFormat': {
    en: "'{format}' is not an export format (--format); use one of: {valid}",
    'zh-CN': "'{format}' 不是导出格式（--format）；可用：{valid}",
  },
  'lists.written': { en: 'wrote {bytes} bytes to {path}', 'zh-CN': '已向 {path} 写入 {bytes} 字节' },
  'lists.zoneUsage': {
    en: '--zone needs --format rbldnsd and --out DIR, and no --list (--watch needs --zone)',
    'zh-CN': '--zone 需要 --format rbldnsd 和 --out 目录，且不能带 --list（--watch 需要 --zone）',
  },
  'lists.listRequired': {
    en: 'give the list to export with --list, or --zone for the whole DNSBL zone',
    'zh-CN': '请用 --list 指定要导出的黑名单，或用 --zone 导出整个 DNSBL 区域',
  },
  'lists.zoneWritten': { en: 'wrote {files} in {dir}', 'zh-CN': '已在 {dir} 写入 {files}' },
  'lists.zoneUnchanged': {
    en: 'zone unchanged: nothing written in {dir}',
    'zh-CN': '区域未变化：{dir} 中未写入任何文件',
  },

  // subscribe.
  'subscribe.badKind': {
    en: "'{kind}' is not an entry kind (--kind); kinds: {valid}",
    'zh-CN': "'{kind}' 不是条目类型（--kind）；可用：{valid}",
  },
  'subscribe.sinceOrResume': { en: 'give --since or --resume, not both', 'zh-CN': '--since 和 --resume 只能指定一个' },
  'subscribe.unknownHandle': {
    en: "no member '{handle}' (--from-origin); members: {known}",
    'zh-CN': "没有成员 '{handle}'（--from-origin）；现有成员：{known}",
  },
  'subscribe.badFrame': {
    en: 'ignored a malformed frame from the node: {detail}',
    'zh-CN': '已忽略节点发来的格式错误帧：{detail}',
  },
  'subscribe.unverified': {
    en: 'dropped an entry that does not verify ({code}): {detail}',
    'zh-CN': '已丢弃未通过验证的条目（{code}）：{detail}',
  },
  'subscribe.live': {
    en: '— stored entries above; waiting for new ones (Ctrl-C stops) —',
    'zh-CN': '——以上为已存储条目；正在等待新条目（按 Ctrl-C 停止）——',
  },
  'subscribe.notice': { en: 'node notice {code}: {message}', 'zh-CN': '节点通知 {code}：{message}' },
  'subscribe.closed': {
    en: 'the node closed the connection ({code} {reason})',
    'zh-CN': '节点关闭了连接（{code} {reason}）',
  },
  'subscribe.stopped': { en: 'stopped at cursor {cursor}', 'zh-CN': '停止于游标 {cursor}' },

  // import.
  'import.noFiles': { en: 'no files to import', 'zh-CN': '没有可导入的文件' },
  'import.progress': { en: 'importing', 'zh-CN': '正在导入' },
  'import.failed': { en: '{file}: the node answered HTTP {status}', 'zh-CN': '{file}：节点返回 HTTP {status}' },
  'import.summary': {
    en: '{files} file(s): {imported} imported, {repeated} repeated, {duplicate} duplicate(s), {refused} refused, {failed} failed',
    'zh-CN':
      '共 {files} 个文件：导入 {imported} 个，重复投诉 {repeated} 个，重复投递 {duplicate} 个，拒绝 {refused} 个，失败 {failed} 个',
  },
  'import.stopped': {
    en: 'stopped: the node is not running; {n} file(s) not tried',
    'zh-CN': '已停止：节点未运行；{n} 个文件未尝试',
  },
  'import.observed': { en: '(observed {n} times)', 'zh-CN': '（共观察到 {n} 次）' },
  'import.outcome.imported': { en: 'imported', 'zh-CN': '已导入' },
  'import.outcome.repeated': { en: 'repeated', 'zh-CN': '重复投诉' },
  'import.outcome.duplicate': { en: 'duplicate', 'zh-CN': '重复投递' },
  'import.outcome.refused': { en: 'refused', 'zh-CN': '已拒绝' },
  'import.outcome.failed': { en: 'failed', 'zh-CN': '失败' },
  'import.someRefused': {
    en: '{n} of {files} file(s) refused or failed',
    'zh-CN': '{files} 个文件中有 {n} 个被拒绝或失败',
  },

  // Entry summaries (subscribe).
  'entry.report': {
    en: '{category}: {about} ×{count} ({source})',
    'zh-CN': '{category}：{about} ×{count}（{source}）',
  },
  'entry.ack': { en: '{status}: report {report}{extra}', 'zh-CN': '{status}：举报 {report}{extra}' },
  'entry.listing': { en: '{op}: {target} on {list} ({reason})', 'zh-CN': '{op}：{target}，{list}（{reason}）' },
  'entry.delistRequest': {
    en: 'removal requested for listing {listing}: {remediation}',
    'zh-CN': '请求移除黑名单条目 {listing}：{remediation}',
  },
  'entry.delistDecision': {
    en: '{decision}: delisting request {request}{reason}',
    'zh-CN': '{decision}：移除请求 {request}{reason}',
  },
  'entry.notice': { en: '{topic} [{urgency}]: {text}', 'zh-CN': '{topic}【{urgency}】：{text}' },
  'entry.retract': { en: 'retracted {entry}: {reason}', 'zh-CN': '已撤回 {entry}：{reason}' },
  'entry.profile': { en: 'profile: abuse contacts {abuse}', 'zh-CN': '资料：滥用联系人 {abuse}' },
  'entry.receipt': { en: 'delivery receipt', 'zh-CN': '送达回执' },
  'entry.roster': { en: 'roster document', 'zh-CN': '成员名册文件' },
} as const;

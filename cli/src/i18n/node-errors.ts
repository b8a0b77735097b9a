/**
 * Chinese descriptions of the stable error codes a node may answer with (node and
 * protocol codes). In English the node's own message is shown as it is.
 */
export const MESSAGES_NODE_ERRORS = {
  ARX_NODE_CONFIG: { en: 'node configuration is invalid', 'zh-CN': '节点配置无效' },
  ARX_NODE_NOT_MEMBER: { en: 'origin is not a member of the roster', 'zh-CN': '发布者不是名册成员' },
  ARX_NODE_ROLE_FORBIDDEN: {
    en: "origin's roles do not allow publishing this kind",
    'zh-CN': '发布者的角色无权发布此类条目',
  },
  ARX_NODE_NOT_RESPONSIBLE: {
    en: 'only the member responsible for the address may do this',
    'zh-CN': '只有负责该地址的成员才能执行此操作',
  },
  ARX_NODE_NOT_ORIGIN: { en: 'only the origin of an entry may retract it', 'zh-CN': '只有条目的发布者才能撤回它' },
  ARX_NODE_TARGET_TOO_WIDE: {
    en: 'report or listing covers a wider prefix than the roster allows',
    'zh-CN': '报告或列入的网段超过名册允许的最大范围',
  },
  ARX_NODE_PUBLIC_SUFFIX: { en: 'report or listing names a public suffix', 'zh-CN': '报告或列入的对象是公共后缀' },
  ARX_NODE_UNKNOWN_REFERENCE: { en: 'the entry this refers to is not known here', 'zh-CN': '本节点不知道所引用的条目' },
  ARX_NODE_UNKNOWN_BLOB: { en: 'no such blob here', 'zh-CN': '本节点没有该数据块，也没有条目引用它' },
  ARX_NODE_BLOB_TOO_LARGE: { en: 'blob exceeds limits.maxBlobBytes', 'zh-CN': '数据块超过 limits.maxBlobBytes' },
  ARX_NODE_GAP: { en: 'entry is ahead of the held chain', 'zh-CN': '条目超前于已有链，缺失部分已请求' },
  ARX_NODE_FORK: { en: 'entry conflicts with a held entry', 'zh-CN': '条目与已有的同序号条目冲突' },
  ARX_NODE_RATE_LIMITED: { en: 'too many requests', 'zh-CN': '请求过多，请放慢' },
  ARX_NODE_TOO_LARGE: { en: 'request too large', 'zh-CN': '请求过大' },
  ARX_NODE_UNAUTHORISED: { en: 'operator token missing or wrong', 'zh-CN': '操作员令牌缺失或错误' },
  ARX_NODE_NOT_FOUND: { en: 'not found', 'zh-CN': '未找到' },
  ARX_NODE_BAD_REQUEST: { en: 'request is malformed', 'zh-CN': '请求格式错误' },
  ARX_NODE_HANDSHAKE: { en: 'peer handshake failed', 'zh-CN': '对等握手失败' },
  ARX_NODE_SHUTTING_DOWN: { en: 'node is shutting down', 'zh-CN': '节点正在关闭' },
  ARX_NODE_STORAGE: { en: 'storage failure', 'zh-CN': '存储故障' },
  ARX_NODE_STORAGE_UNAVAILABLE: {
    en: 'storage is failing; send again later',
    'zh-CN': '存储暂时不可用（未保存任何内容），节点会自动重试，请稍后重新发送',
  },
  ARX_NODE_LOCKED: { en: 'the node directory is in use', 'zh-CN': '节点目录正被另一个运行中的节点使用' },
  ARX_NODE_LISTEN: { en: 'a configured address cannot be listened on', 'zh-CN': '无法在配置的地址上监听' },
  ARX_NODE_READ_BUDGET: { en: 'storage read budget spent; retry later', 'zh-CN': '存储读取额度已用完，请稍后重试' },
  ARX_NODE_TOO_MANY_CONNECTIONS: { en: 'too many open connections', 'zh-CN': '打开的连接过多' },
  ARX_NODE_BELOW_HORIZON: {
    en: 'entries asked for are past the horizon (below the floor of this origin)',
    'zh-CN': '所请求的条目已超过保留期限（低于该来源的起始序号）',
  },
  ARX_PROTO_BAD_FIELD: { en: 'a field has the wrong type or value', 'zh-CN': '字段类型或取值错误' },
  ARX_PROTO_UNKNOWN_FIELD: { en: 'unknown field', 'zh-CN': '存在未定义的字段' },
  ARX_PROTO_UNKNOWN_CODE: { en: 'unknown code', 'zh-CN': '代码不在协议代码表中' },
  ARX_PROTO_UNKNOWN_KIND: { en: 'unknown entry kind', 'zh-CN': '未知的条目类型' },
  ARX_PROTO_BAD_ADDRESS: { en: 'malformed address or prefix', 'zh-CN': '地址或网段格式错误' },
  ARX_PROTO_HOST_BITS: { en: 'prefix has host bits set', 'zh-CN': '网段中设置了主机位' },
  ARX_PROTO_RESERVED_TARGET: {
    en: 'target is or covers a DNSBL test or never-listed entry (RFC 5782)',
    'zh-CN': '对象是或包含 RFC 5782 保留的 DNSBL 测试或禁止列入条目',
  },
  ARX_PROTO_TOO_LARGE: { en: 'entry too large', 'zh-CN': '条目超过大小限制' },
  ARX_PROTO_BAD_SIGNATURE: { en: 'signature does not verify', 'zh-CN': '签名验证失败' },
  ARX_PROTO_BAD_KEY: { en: 'malformed key', 'zh-CN': '密钥格式错误' },
  ARX_PROTO_BAD_ROSTER: { en: 'roster document is malformed', 'zh-CN': '名册文件格式错误' },
  ARX_PROTO_ROSTER_THRESHOLD: { en: 'roster lacks signatures', 'zh-CN': '名册缺少足够的管理方签名' },
  ARX_PROTO_BLOB_MISMATCH: {
    en: 'detached blob does not match its digest',
    'zh-CN': '分离数据块与其摘要不符',
  },
  ARX_PROTO_ROSTER_ROLLBACK: { en: 'roster version is not higher', 'zh-CN': '名册版本不高于现有版本' },
  ARX_PROTO_BAD_UTF8: { en: 'text is not valid UTF-8', 'zh-CN': '文本不是有效的 UTF-8' },
  ARX_PROTO_EVIDENCE_MISMATCH: {
    en: 'detached evidence does not match the digest its report commits to',
    'zh-CN': '分离证据与其举报承诺的摘要不符',
  },
  ARX_PROTO_EVIDENCE_UNCOMMITTED: {
    en: 'evidence sent with an entry that commits to none',
    'zh-CN': '随条目发送了证据，但该条目未承诺任何证据',
  },
  ARX_PROTO_FUTURE_TIMESTAMP: { en: 'entry is dated in the future', 'zh-CN': '条目时间戳超前于接收方时钟' },
  // Why an importer refuses a message (the node's refusal codes).
  'too-large': { en: 'larger than the node accepts', 'zh-CN': '举报超过本节点可接受的大小' },
  unparseable: { en: 'not a mail message', 'zh-CN': '输入内容无法解析为邮件或 X-ARF 文档' },
  'no-feedback-report': {
    en: 'neither an ARF report nor a complaint with the original attached',
    'zh-CN': '既不是 ARF 反馈报告，也不是附带原始邮件的投诉',
  },
  'bad-feedback-report': { en: 'Feedback-Type missing', 'zh-CN': '反馈报告缺少必需的 Feedback-Type 字段' },
  'no-source-ip': { en: 'no source IP address', 'zh-CN': '举报未给出来源 IP 地址，也无法从 Received 字段中得出' },
  'bad-source-ip': { en: 'source is not a public address', 'zh-CN': '来源地址格式错误或不是公网地址' },
  'ambiguous-source-ip': {
    en: 'Received fields are ambiguous',
    'zh-CN': 'Received 字段无法明确表明投递主机，因此不归咎于任何地址',
  },
  'bad-source': { en: 'source is not an address, domain or URL', 'zh-CN': '来源标识不是 IP 地址、域名或网址' },
  'evidence-mismatch': { en: 'evidence hash mismatch', 'zh-CN': '证据声明的哈希值与其内容不符' },
  'invalid-report': { en: 'the resulting report is invalid', 'zh-CN': '由输入生成的举报未通过 ARX 校验' },
} as const;

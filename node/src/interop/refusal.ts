/**
 * Refusals: the typed answer an importer or exporter gives instead of a result when
 * the input cannot be turned into a correct report. Codes are a stable contract (an
 * SMTP intake puts them in its 550 reply; docs/interop.md lists them); the English and
 * Simplified Chinese texts may be reworded. Nothing in interop/ throws on bad input.
 */
import type { CodeInfo } from '@arx/protocol';

export const REFUSALS = {
  'too-large': {
    en: 'The report is larger than this node accepts.',
    zh: '举报超过本节点可接受的大小。',
  },
  unparseable: {
    en: 'The input cannot be read as a mail message or an X-ARF document.',
    zh: '输入内容无法解析为邮件或 X-ARF 文档。',
  },
  'no-feedback-report': {
    en: 'The message is neither an ARF feedback report (it has no message/feedback-report part) nor a complaint with the original message attached.',
    zh: '该邮件既不是 ARF 反馈报告（没有 message/feedback-report 部分），也不是附带原始邮件的投诉。',
  },
  'too-deep': {
    en: 'The message nests MIME parts deeper (or has more of them) than this node reads, so its feedback report cannot be found.',
    zh: '该邮件的 MIME 部分嵌套过深（或数量过多），超出本节点的读取限度，无法找到其中的反馈报告。',
  },
  'bad-feedback-report': {
    en: 'The feedback report lacks its required Feedback-Type field (RFC 5965 §3.1).',
    zh: '反馈报告缺少必需的 Feedback-Type 字段（RFC 5965 §3.1）。',
  },
  'no-source-ip': {
    en: 'The report names no source IP address, and none can be taken from the Received fields of the original message.',
    zh: '举报未给出来源 IP 地址，也无法从原始邮件的 Received 字段中得出。',
  },
  'bad-source-ip': {
    en: 'The source address is malformed or is not a public Internet address (private, loopback, reserved or documentation range).',
    zh: '来源地址格式错误，或不是公网地址（私有、环回、保留或文档专用地址段）。',
  },
  'conflicting-source-ip': {
    en: 'The feedback report names two different Source-IP addresses, so no address is blamed.',
    zh: '反馈报告给出了两个不同的 Source-IP 地址，因此不归咎于任何地址。',
  },
  'ambiguous-source-ip': {
    en: 'The Received fields do not show unambiguously which host delivered the message to the reporter, so no address is blamed.',
    zh: 'Received 字段无法明确表明是哪台主机把邮件投递给举报方，因此不归咎于任何地址。',
  },
  'bad-source': {
    en: 'The source identifier is not an IP address, a domain name or an http(s) URL.',
    zh: '来源标识不是 IP 地址、域名或 http(s) 网址。',
  },
  'xarf-invalid': {
    en: 'The document does not validate against the X-ARF v4 schemas.',
    zh: '该文档未通过 X-ARF v4 模式校验。',
  },
  'xarf-version': {
    en: 'This X-ARF version is not supported: only X-ARF v4 JSON is read (v3 and the older mail formats are not).',
    zh: '不支持该 X-ARF 版本：只读取 X-ARF v4 JSON（不读取 v3 及更早的邮件格式）。',
  },
  'xarf-unsupported': {
    en: 'This X-ARF category and type (or this ARX category) has no counterpart on the other side.',
    zh: '该 X-ARF 类别和类型（或该 ARX 类别）在另一方没有对应项。',
  },
  'xarf-incomplete': {
    en: 'The report lacks a field that X-ARF requires for this type, so it cannot be exported as X-ARF.',
    zh: '举报缺少 X-ARF 此类型所必需的字段，无法导出为 X-ARF。',
  },
  'evidence-mismatch': {
    en: "An evidence item's declared hash does not match its content.",
    zh: '某证据项声明的哈希值与其内容不符。',
  },
  'invalid-report': {
    en: 'The report built from the input does not pass ARX validation.',
    zh: '由输入生成的举报未通过 ARX 校验。',
  },
} as const satisfies Record<string, CodeInfo>;

export type RefusalCode = keyof typeof REFUSALS;

/** A typed refusal: stable code, display text in both languages, and optional specifics. */
export interface Refusal {
  readonly refused: true;
  readonly code: RefusalCode;
  readonly en: string;
  readonly zh: string;
  /** Machine-produced specifics in English (the field or value at fault), when useful. */
  readonly detail?: string;
}

/** Builds the refusal for `code`, with optional English specifics. */
export function refuse(code: RefusalCode, detail?: string): Refusal {
  const { en, zh } = REFUSALS[code];
  return detail === undefined ? { refused: true, code, en, zh } : { refused: true, code, en, zh, detail };
}

/** True when a result is a refusal rather than a value. */
export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && (value as { refused?: unknown }).refused === true;
}

/** The English text with its specifics, without the code: "English text (detail)". */
export function refusalText(refusal: Refusal): string {
  return `${refusal.en}${refusal.detail ? ` (${refusal.detail})` : ''}`;
}

/** One line for logs: "code: English text (detail)". */
export function describeRefusal(refusal: Refusal): string {
  return `${refusal.code}: ${refusalText(refusal)}`;
}

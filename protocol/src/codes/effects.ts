/**
 * What a stored entry did to a node's state: the effect outcome and, when it did not
 * apply, why. These travel in `ok` frames and HTTP answers (docs/protocol.md
 * "Entry effects"); an entry is stored — and relayed — whatever its effect.
 */
import type { CodeInfo } from './table.js';

export const EFFECT_OUTCOMES = {
  applied: { en: 'Applied', zh: '已生效' },
  pending: {
    en: 'Pending: waits for the entry it refers to, or its detached blob',
    zh: '待定：等待其引用的条目或其分离数据块',
  },
  'no-effect': { en: 'Stored without effect', zh: '已存储但未生效' },
} as const satisfies Record<string, CodeInfo>;
export type EffectOutcome = keyof typeof EFFECT_OUTCOMES;

export const EFFECT_REASONS = {
  'reference-not-yet-held': {
    en: 'The entry it refers to is not held yet; it applies when that arrives',
    zh: '其引用的条目尚未收到；收到后即生效',
  },
  'blob-not-yet-held': {
    en: 'The detached blob it commits to is not held yet; it applies once the blob arrives',
    zh: '其承诺的分离数据块尚未收到；收到后即生效',
  },
  'blob-mismatch': {
    en: 'The detached roster document does not hold the version the entry commits to',
    zh: '分离的名册文件与条目承诺的版本不符',
  },
  'not-responsible': {
    en: 'The origin is not the member responsible for the address',
    zh: '发布者不是该地址的责任成员',
  },
  'not-listed': { en: 'The target is not listed on that list', zh: '该目标不在此列表中' },
  'unknown-listing': { en: 'The listing it refers to is not a listing', zh: '所引用的条目不是列入记录' },
  'not-list-operator': { en: 'Only the operator of the listing may decide', zh: '只有该列表的运营者可以作出决定' },
  'already-decided': { en: 'The request was already decided', zh: '该请求已有决定' },
  'not-origin': { en: 'Only the origin of an entry may retract it', zh: '只有条目的发布者可以撤回它' },
  'bad-roster': { en: 'The roster document is malformed', zh: '名册文件格式错误' },
  'roster-rollback': {
    en: 'The roster version is not higher than the one held',
    zh: '名册版本不高于当前持有的版本',
  },
  'roster-threshold': {
    en: 'The roster lacks the threshold of steward signatures',
    zh: '名册缺少达到阈值的管理者签名',
  },
} as const satisfies Record<string, CodeInfo>;
export type EffectReason = keyof typeof EFFECT_REASONS;

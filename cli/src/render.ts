/** Human-readable renderings of entries, reports and listings (codes shown as display text). */
import {
  ACK_STATUSES,
  ACTIONS,
  DELIST_DECISIONS,
  LIST_KINDS,
  LISTING_OPS,
  NOTICE_TOPICS,
  REJECTION_REASONS,
  REPORT_CATEGORIES,
  REPORT_SOURCES,
  REPORT_STATUSES,
  RETRACT_REASONS,
  URGENCIES,
} from '@arx/protocol';
import type { Ctx } from './context.js';

/** UTC time, to the second: the federation spans time zones. */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '-';
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** First 12 hex digits of an id (for prose; tables and --json keep full ids). */
export function shortId(id: string): string {
  return id.length > 12 ? id.slice(0, 12) : id;
}

/** Text in the reader's language from a language map, else English, else any. */
export function pickText(ctx: Ctx, text: Record<string, string> | null | undefined): string {
  if (!text) return '';
  const zh = Object.keys(text).find((k) => /^zh/i.test(k));
  if (ctx.lang === 'zh-CN' && zh) return text[zh]!;
  return text['en'] ?? Object.values(text)[0] ?? '';
}

type Body = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** One-line summary of an entry body in the reader's language. */
export function summariseEntry(ctx: Ctx, kind: string, body: Body): string {
  switch (kind) {
    case 'report': {
      const observed = (body['observed'] ?? {}) as { count?: number };
      return ctx.t('entry.report', {
        category: ctx.label(REPORT_CATEGORIES, str(body['category'])),
        about: str(body['about']),
        count: observed.count ?? 1,
        source: ctx.label(REPORT_SOURCES, str(body['source'])),
      });
    }
    case 'ack': {
      const extra = [
        body['action'] ? ctx.label(ACTIONS, str(body['action'])) : '',
        body['reason'] ? ctx.label(REJECTION_REASONS, str(body['reason'])) : '',
      ]
        .filter(Boolean)
        .join(', ');
      return ctx.t('entry.ack', {
        status: ctx.label(ACK_STATUSES, str(body['status'])),
        report: shortId(str(body['report'])),
        extra: extra ? ` (${extra})` : '',
      });
    }
    case 'listing':
      return ctx.t('entry.listing', {
        op: ctx.label(LISTING_OPS, str(body['op'])),
        target: str(body['target']),
        list: ctx.label(LIST_KINDS, str(body['list'])),
        reason: ctx.label(REPORT_CATEGORIES, str(body['reason'])),
      });
    case 'delist-request':
      return ctx.t('entry.delistRequest', {
        listing: shortId(str(body['listing'])),
        remediation: ((body['remediation'] as string[] | undefined) ?? []).map((a) => ctx.label(ACTIONS, a)).join(', '),
      });
    case 'delist-decision':
      return ctx.t('entry.delistDecision', {
        decision: ctx.label(DELIST_DECISIONS, str(body['decision'])),
        request: shortId(str(body['request'])),
        reason: body['reason'] ? ` (${ctx.label(REJECTION_REASONS, str(body['reason']))})` : '',
      });
    case 'notice':
      return ctx.t('entry.notice', {
        topic: ctx.label(NOTICE_TOPICS, str(body['topic'])),
        urgency: ctx.label(URGENCIES, str(body['urgency'])),
        text: pickText(ctx, body['text'] as Record<string, string>),
      });
    case 'retract':
      return ctx.t('entry.retract', {
        entry: shortId(str(body['entry'])),
        reason: ctx.label(RETRACT_REASONS, str(body['reason'])),
      });
    case 'profile': {
      const contacts = (body['contacts'] ?? {}) as { abuse?: string[] };
      return ctx.t('entry.profile', { abuse: (contacts.abuse ?? []).join(', ') });
    }
    case 'receipt':
      return ctx.t('entry.receipt');
    case 'roster':
      return ctx.t('entry.roster');
    default:
      return kind;
  }
}

/** The status of a report in the reader's language. */
export function statusLabel(ctx: Ctx, status: string, retracted = false): string {
  const label = ctx.label(REPORT_STATUSES, status);
  return retracted ? `${label} (${ctx.t('label.retracted')})` : label;
}

/** Listing views for the DNSBL tests: readable defaults, one override per test. */
import { createHash } from 'node:crypto';
import { formatPrefix, type ListKind, parseTarget, type ReportCategory } from '@arx/protocol';
import type { ListingView } from '../../src/state/types.js';

/** Fixed clock for tests: 2024-05-01T00:00:00Z. */
export const NOW = Date.UTC(2024, 4, 1);
export const DAY = 86_400_000;
export const ZONE = 'bl.arx.test';
export const ORIGIN = 'a1'.repeat(32);

const REASONS: Record<ListKind, ReportCategory> = {
  'spam-source': 'spam.source',
  'open-relay': 'relay.open',
  'open-proxy': 'proxy.open',
  'non-conforming-list': 'spam.bulk-unconfirmed',
  dynamic: 'policy.dynamic',
  'spamvertised-site': 'site.spamvertised',
};

/** A listing of `target` (CIDR or domain) on `list`, active at NOW unless overridden. */
export function listing(
  target: string,
  list: ListKind = 'spam-source',
  overrides: Partial<Omit<ListingView, 'target' | 'targetText' | 'list'>> = {},
): ListingView {
  const parsed = parseTarget(target);
  const id = createHash('sha256')
    .update(`${list} ${target} ${JSON.stringify(overrides)}`)
    .digest('hex');
  return {
    id,
    list,
    target: parsed,
    targetText: 'ip' in parsed ? formatPrefix(parsed) : target,
    reason: REASONS[list],
    origin: ORIGIN,
    originHandle: 'isc',
    since: NOW - 10 * DAY,
    expires: null,
    removedAt: null,
    requests: [],
    ...overrides,
  };
}

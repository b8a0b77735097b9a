/**
 * DNSBL return codes (RFC 5782 §2.1 and §2.3). Each list kind answers with the A
 * record the protocol's code table assigns it (`LIST_KINDS[kind].dnsbl`), so a mail
 * server can tell the lists apart with one query to one zone:
 *
 * | A record     | list kind             | MAPS list | queried as            |
 * | ------------ | --------------------- | --------- | --------------------- |
 * | 127.0.0.2    | `spam-source`         | RBL       | reversed IP . ZONE    |
 * | 127.0.0.3    | `open-relay`          | RSS       | reversed IP . ZONE    |
 * | 127.0.0.4    | `open-proxy`          | OPS       | reversed IP . ZONE    |
 * | 127.0.0.5    | `non-conforming-list` | NML       | reversed IP . ZONE    |
 * | 127.0.0.10   | `dynamic`             | DUL       | reversed IP . ZONE    |
 * | 127.0.0.2    | `spamvertised-site`   | —         | domain . ZONE (RHSBL) |
 *
 * The table is the protocol's; docs/dnsbl.md repeats it and a test keeps them equal.
 */
import { LIST_KINDS, type ListKind } from '@arx/protocol';

/** Every list kind, in the protocol table's order. */
export const ALL_LIST_KINDS = Object.keys(LIST_KINDS) as ListKind[];

/** The A record (127.0.0.x) a list kind answers with. */
export function returnCode(kind: ListKind): string {
  return LIST_KINDS[kind].dnsbl;
}

/** True for list kinds that hold IP prefixes (answered under reversed-address names). */
export function isIpListKind(kind: ListKind): boolean {
  return LIST_KINDS[kind].targets === 'ip';
}

/**
 * Sorts return codes numerically (127.0.0.2 before 127.0.0.10) and removes duplicates,
 * so that answers are stable whatever order the index returns listings in.
 */
export function sortedReturnCodes(codes: Iterable<string>): string[] {
  return [...new Set(codes)].sort((a, b) => codeValue(a) - codeValue(b));
}

const codeValues = new Map<string, number>();
function codeValue(code: string): number {
  let value = codeValues.get(code);
  if (value === undefined) {
    value = code.split('.').reduce((n, part) => n * 256 + Number(part), 0);
    codeValues.set(code, value);
  }
  return value;
}

/** Validates the `lists` option: known kinds, at least one; defaults to every kind. */
export function servedListKinds(lists: readonly ListKind[] | undefined): readonly ListKind[] {
  if (lists === undefined) return ALL_LIST_KINDS;
  if (!Array.isArray(lists) || lists.length === 0) throw new TypeError('lists must be a non-empty array of list kinds');
  for (const kind of lists) {
    if (!Object.hasOwn(LIST_KINDS, kind)) throw new TypeError(`unknown list kind: ${String(kind)}`);
  }
  return [...new Set(lists)];
}

/**
 * The A record of the RFC 5782 §5 test entries: the code of the first served kind of
 * that target type (127.0.0.2 when spam-source is served), so that a mail server
 * configured for exactly the codes of this zone sees the test entry as listed.
 */
export function testEntryCode(kinds: readonly ListKind[], targets: 'ip' | 'domain'): string {
  const first = kinds.find((k) => LIST_KINDS[k].targets === targets);
  return first ? returnCode(first) : '127.0.0.2';
}

/**
 * Overlapping netblock claims. Two claims overlap only by containment (prefixes nest
 * or are disjoint), and the most specific claim decides who is responsible, so an
 * overlap is a delegation (a carrier's block holding an ISP's) or a mistake (the same
 * block claimed twice). Stewards review them before signing.
 *
 * One sort and one sweep: claims ordered by family, start address and then length
 * (wider first) put every container of a claim on a stack of open blocks, so finding
 * all overlaps costs O(n log n + overlaps) — a 30,000-claim roster in milliseconds.
 */
import type { IpPrefix } from './address.js';

/** A claim and who holds it (a member handle, or any label). */
export interface Claim<T = string> {
  readonly prefix: IpPrefix;
  readonly holder: T;
}

/** `inner` lies within `outer` (or equals it, when `same`). */
export interface Overlap<T = string> {
  readonly outer: Claim<T>;
  readonly inner: Claim<T>;
  readonly same: boolean;
}

interface Span<T> {
  readonly claim: Claim<T>;
  readonly start: bigint;
  readonly end: bigint;
  readonly v6: boolean;
}

function span<T>(claim: Claim<T>): Span<T> {
  const { ip, len } = claim.prefix;
  let start = 0n;
  for (const byte of ip) start = (start << 8n) | BigInt(byte);
  const bits = BigInt(ip.length * 8);
  const host = bits - BigInt(len);
  return { claim, start, end: start | ((1n << host) - 1n), v6: ip.length === 16 };
}

/** Every pair of overlapping claims, outer first; `sameHolder` also reports a holder's own nested claims. */
export function findOverlaps<T>(claims: readonly Claim<T>[], opts: { sameHolder?: boolean } = {}): Overlap<T>[] {
  const spans = claims.map(span);
  spans.sort((a, b) =>
    a.v6 !== b.v6
      ? Number(a.v6) - Number(b.v6)
      : a.start !== b.start
        ? a.start < b.start
          ? -1
          : 1
        : a.claim.prefix.len - b.claim.prefix.len,
  );
  const out: Overlap<T>[] = [];
  const open: Span<T>[] = [];
  for (const s of spans) {
    while (open.length > 0) {
      const top = open[open.length - 1]!;
      if (top.v6 === s.v6 && top.end >= s.start) break;
      open.pop();
    }
    for (const outer of open) {
      if (!opts.sameHolder && outer.claim.holder === s.claim.holder) continue;
      out.push({ outer: outer.claim, inner: s.claim, same: outer.claim.prefix.len === s.claim.prefix.len });
    }
    open.push(s);
  }
  return out;
}

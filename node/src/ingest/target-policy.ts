/**
 * How much of the Internet one report or listing may be about. A listing of 0.0.0.0/0
 * or of the public suffix `co.uk` would make the DNSBL answer "listed" for every
 * address or every domain under it, and a report about a /0 would show in the lookup
 * of every address with nobody responsible for it.
 *
 * These checks live in the node, not in protocol validation (which refuses the RFC 5782
 * reserved targets, a rule that never changes): the width limits are set by the roster
 * in force, which changes with each version the stewards sign, and the Public Suffix
 * List is data that changes with each release of the library that bundles it. Neither
 * is the same for every implementation at every moment, so neither may decide whether
 * bytes are a valid entry; a node applies both when it takes an entry in (ingest and
 * its own publishing), next to the roster's role checks.
 */

import { createRequire } from 'node:module';
import {
  formatPrefix,
  isIpTarget,
  type ListingBody,
  type ReportBody,
  type Roster,
  type Target,
  widestAllowed,
} from '@arx/protocol';
import type * as Tldts from 'tldts';
import { ArxNodeError } from '../errors.js';

// The list is a large table compiled into the library; it is loaded when the first
// domain target is checked rather than on every node start.
let tldts: typeof Tldts | undefined;
const getPublicSuffix: typeof Tldts.getPublicSuffix = (...args) => {
  tldts ??= createRequire(import.meta.url)('tldts') as typeof Tldts;
  return tldts.getPublicSuffix(...args);
};

/**
 * True when `domain` is itself a public suffix (ICANN or private section of the PSL,
 * e.g. `co.uk`, `github.io`); a name under no known suffix counts as one too, by the
 * list's default rule "*".
 */
export function isPublicSuffix(domain: string): boolean {
  return getPublicSuffix(domain, { allowPrivateDomains: true }) === domain;
}

function checkTarget(target: Target, roster: Roster, what: string, list?: ListingBody['list']): void {
  if (isIpTarget(target)) {
    const family = target.ip.length === 4 ? 4 : 6;
    const widest = widestAllowed(roster, family, list);
    if (target.len < widest) {
      throw new ArxNodeError(
        'ARX_NODE_TARGET_TOO_WIDE',
        `${what} ${formatPrefix(target)} is wider than the /${widest} the roster allows for IPv${family}`,
      );
    }
  } else if ('domain' in target && isPublicSuffix(target.domain)) {
    throw new ArxNodeError('ARX_NODE_PUBLIC_SUFFIX', `${what} ${target.domain} is a public suffix`);
  }
}

/** Refuses a report or listing whose target is wider than the roster allows or is a public suffix. */
export function checkTargetPolicy(kind: string, body: unknown, roster: Roster): void {
  if (kind === 'report') checkTarget((body as ReportBody).about, roster, 'report about');
  else if (kind === 'listing') {
    const listing = body as ListingBody;
    // Removing a listing takes nothing in; it must stay possible whatever the policy says now.
    if (listing.op === 'add') checkTarget(listing.target, roster, `${listing.list} listing of`, listing.list);
  }
}

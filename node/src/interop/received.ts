/**
 * Reading Received fields (RFC 5321 §4.4) and the rule that picks the source address
 * of a message from them when a report does not name one.
 *
 * The rule ("first external hop"): walk the original message's Received fields from the
 * newest (top) down. Fields without a `from` clause are local stamps (LMTP hand-off,
 * qmail "invoked by uid") and are skipped. A hop whose sending address is private,
 * loopback or otherwise not public was made inside the reporter's own network and is
 * skipped. The first hop with a public sending address is the reporter's inbound MX
 * taking the message from the outside: its address is the source. It is accepted only
 * when it is unambiguous — the address comes from what the receiving server recorded
 * (never the HELO name the sender chose), the hop names its receiving host (`by`), and
 * none of the sending host's names lies in the receiving host's organisation (which
 * would mean a relay between the reporter's own servers on public addresses). Headers
 * below that hop were written by the sender and can be forged, so the walk never goes
 * past it: anything unclear is refused rather than guessed.
 */
import { formatAddress, parseAddress } from '@arx/protocol';
import { parseMailDate } from './dates.js';
import { isBlameable } from './ip-scope.js';
import type { HeaderField } from './mime.js';
import { type Refusal, refuse } from './refusal.js';

/** What one Received field says about a hop. */
export interface ReceivedHop {
  /** The word after `from`: the HELO name or, in some formats, the host or an address literal. */
  readonly fromName?: string;
  /** The sending host's name as the receiving server resolved it (from TCP-info). */
  readonly reverseName?: string;
  /** Names the sender announced with HELO / EHLO, where the field records them. */
  readonly heloNames: readonly string[];
  /** The sending address the receiving server recorded, in canonical text form. */
  readonly address?: string;
  /** True when the field records two different sending addresses. */
  readonly conflicting: boolean;
  /** The receiving host (`by`). */
  readonly by?: string;
  /** The time stamp after the last ";", in ms since the epoch. */
  readonly date?: number;
  /** True when the field has a `from` clause at all. */
  readonly hasFrom: boolean;
}

type Token = { readonly kind: 'word' | 'comment'; readonly text: string };

/** Splits a Received value into words and comments (nested parentheses, quoted pairs). */
function tokenize(value: string): { tokens: Token[]; date?: string } {
  const tokens: Token[] = [];
  let i = 0;
  let lastSemicolon = -1;
  const n = value.length;
  while (i < n) {
    const ch = value[i]!;
    if (/\s/.test(ch) || ch === ')') {
      // A stray ")" closes nothing: skip it like space (otherwise no token would consume it).
      i++;
    } else if (ch === '(') {
      let depth = 0;
      let text = '';
      for (; i < n; i++) {
        const c = value[i]!;
        if (c === '\\' && i + 1 < n) {
          text += value[++i];
          continue;
        }
        if (c === '(') depth++;
        if (c === ')') depth--;
        text += c;
        if (depth === 0) {
          i++;
          break;
        }
      }
      tokens.push({ kind: 'comment', text: text.slice(1, text.endsWith(')') ? -1 : undefined) });
    } else if (ch === ';') {
      lastSemicolon = tokens.length;
      tokens.push({ kind: 'word', text: ';' });
      i++;
    } else {
      let text = '';
      while (i < n && !/[\s();]/.test(value[i]!)) text += value[i++];
      tokens.push({ kind: 'word', text });
    }
  }
  if (lastSemicolon < 0) return { tokens };
  const date = value.slice(value.lastIndexOf(';') + 1).trim();
  return { tokens: tokens.slice(0, lastSemicolon), date };
}

const CLAUSES = new Set(['from', 'by', 'via', 'with', 'id', 'for']);

/** Address text to bytes, or undefined: brackets, "IPv6:" and a trailing ":port" removed. */
function addressBytes(text: string): Uint8Array | undefined {
  let t = text.trim().replace(/^\[|\]$/g, '');
  if (/^ipv6:/i.test(t)) t = t.slice(5);
  try {
    return parseAddress(t);
  } catch {
    // "[192.0.2.222:222]": some servers put the port inside the brackets.
    const port = /^(.*[.:].*):\d{1,5}$/.exec(t);
    if (!port) return undefined;
    try {
      return parseAddress(port[1]!);
    } catch {
      return undefined;
    }
  }
}

function isHostName(name: string | undefined): name is string {
  if (!name) return false;
  const n = name.toLowerCase().replace(/\.$/, '');
  if (n === 'unknown' || n === 'localhost' || n.startsWith('[')) return false;
  if (addressBytes(n)) return false;
  return /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(n);
}

/** Parses one Received field value. Never throws; unknown shapes give an empty hop. */
export function parseReceived(value: string): ReceivedHop {
  const { tokens, date } = tokenize(value);
  const clauses = new Map<string, Token[]>();
  let current: Token[] | undefined;
  for (const token of tokens) {
    const keyword = token.kind === 'word' ? token.text.toLowerCase() : '';
    if (CLAUSES.has(keyword) && !clauses.has(keyword)) {
      current = [];
      clauses.set(keyword, current);
    } else if (current) {
      current.push(token);
    }
  }
  const from = clauses.get('from');
  const byWord = clauses.get('by')?.find((t) => t.kind === 'word');
  const parsedDate = parseMailDate(date);
  const base = {
    heloNames: [] as string[],
    conflicting: false,
    hasFrom: from !== undefined,
    ...(byWord ? { by: byWord.text.replace(/\.$/, '') } : {}),
    ...(parsedDate !== undefined ? { date: parsedDate } : {}),
  };
  if (!from || from.length === 0) return base;

  const [first, ...rest] = from;
  const fromName = first!.kind === 'word' ? first!.text : undefined;
  const heloNames: string[] = [];
  const addresses: string[] = [];
  let reverseName: string | undefined;
  for (const token of rest) {
    if (token.kind !== 'comment') continue;
    let text = token.text;
    // "(HELO name)" / "(EHLO name)": what the sender said, not what the server saw.
    const helo = /^\s*(?:HELO|EHLO)\s+(\S+)/i.exec(text);
    if (helo) {
      heloNames.push(helo[1]!);
      continue;
    }
    text = text.replace(/\bhelo=(\S+)/gi, (_, name: string) => {
      heloNames.push(name);
      return ' ';
    });
    for (const m of text.matchAll(/([A-Za-z0-9._-]*)\.?\s*\[([^\]\s]+)\]/g)) {
      addresses.push(m[2]!);
      if (!reverseName && isHostName(m[1])) reverseName = m[1]!.replace(/\.$/, '');
    }
    // qmail and Yahoo record the address as a bare comment: "(192.0.2.8)".
    const bare = /^\s*([0-9A-Fa-f:.]+)\s*$/.exec(text);
    if (bare && addressBytes(bare[1]!)) addresses.push(bare[1]!);
  }
  // No TCP-info at all: Exim writes "from [192.0.2.1] (helo=...)" with the peer address first.
  if (addresses.length === 0 && fromName && /^\[.+\]$/.test(fromName)) addresses.push(fromName);

  const distinct = new Map<string, string>();
  for (const text of addresses) {
    const bytes = addressBytes(text);
    if (bytes) distinct.set(Buffer.from(bytes).toString('hex'), formatAddress(bytes));
  }
  const [address] = distinct.values();
  return {
    ...base,
    ...(fromName ? { fromName } : {}),
    ...(reverseName ? { reverseName } : {}),
    heloNames,
    ...(address ? { address } : {}),
    conflicting: distinct.size > 1,
  };
}

// Second-level labels under which organisations register (co.jp, ac.uk, com.cn, ...).
const SECOND_LEVEL = new Set([
  'ac',
  'ad',
  'co',
  'com',
  'ed',
  'edu',
  'go',
  'gob',
  'gov',
  'gr',
  'lg',
  'ltd',
  'mil',
  'ne',
  'net',
  'or',
  'org',
  'plc',
  'sch',
]);

/**
 * An approximation of a host's organisational domain without the Public Suffix List:
 * the last two labels, or three under a country code with a generic second level
 * ("mx.example.co.jp" → "example.co.jp"). Used only to refuse, never to accept.
 */
export function organisationDomain(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length <= 2) return labels.join('.');
  const tld = labels[labels.length - 1]!;
  const second = labels[labels.length - 2]!;
  const keep = tld.length === 2 && SECOND_LEVEL.has(second) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** The source chosen by the first-external-hop rule. */
export interface ReceivedSource {
  readonly ip: Uint8Array;
  readonly hop: ReceivedHop;
  /** Index of the chosen field among the message's Received fields (0 = newest). */
  readonly index: number;
}

/** Applies the first-external-hop rule (module comment) to a message's header fields. */
export function sourceFromReceived(
  headers: readonly HeaderField[],
  opts: { allowDocumentationAddresses?: boolean } = {},
): ReceivedSource | Refusal {
  const received = headers.filter((h) => h.name === 'received');
  for (let index = 0; index < received.length; index++) {
    const hop = parseReceived(received[index]!.value);
    if (!hop.hasFrom) continue;
    if (hop.conflicting) return refuse('ambiguous-source-ip', `Received field ${index + 1} records two addresses`);
    const ip = hop.address === undefined ? undefined : addressBytes(hop.address);
    if (!ip) {
      const name = hop.fromName?.toLowerCase();
      if (name === 'localhost' || name === undefined) continue;
      return refuse('ambiguous-source-ip', `Received field ${index + 1} records no sending address`);
    }
    // Not public: a hop inside the reporter's network (documentation ranges count as
    // public only when the caller allows them, for test corpora).
    if (!isBlameable(ip, opts)) continue;
    if (!hop.by) return refuse('ambiguous-source-ip', `Received field ${index + 1} names no receiving host`);
    const receiver = organisationDomain(hop.by);
    const names = [hop.fromName, hop.reverseName, ...hop.heloNames].filter(isHostName);
    const inside = names.find((name) => organisationDomain(name) === receiver);
    if (inside) {
      return refuse(
        'ambiguous-source-ip',
        `Received field ${index + 1}: ${inside} and ${hop.by} are in the same organisation, so this hop may be internal`,
      );
    }
    return { ip, hop, index };
  }
  return refuse('no-source-ip', 'no Received field records a public sending address');
}

/**
 * Redaction of the complaining recipient's identity (RFC 6590) before evidence leaves
 * the importing node. The rule, applied to the ARF fields and original headers that are
 * kept as evidence:
 *
 * 1. Recipient addresses are collected from the recipient fields of the original
 *    header (RECIPIENT_FIELDS), from `for <...>` clauses of its Received fields, and
 *    from the ARF fields Original-Rcpt-To and Removal-Recipient.
 * 2. A recipient field is rebuilt from its addresses alone, each redacted (display
 *    names and comments dropped); a recipient field holding no address becomes
 *    "redacted".
 * 3. In every other kept value, each occurrence of a collected address (also in
 *    mailto: URIs and %40-encoded) is replaced by its redacted form.
 * 4. Fields that identify the complainant rather than a recipient address
 *    (X-Reporter-IP, the complaining user's IP in Hotmail reports) become "redacted".
 *
 * Redacting an address replaces its local part and keeps the domain (lowercased):
 * without a key the local part becomes "redacted"; with a key it becomes the first 32
 * hex digits of HMAC-SHA-256(key, lowercased local part), so reports about one mailbox
 * can be correlated without revealing it, as RFC 6590 §3 suggests. Local parts that
 * already are such a token are kept, so redacting twice changes nothing.
 *
 * Sender-side data is kept: From, Sender, Reply-To, Return-Path, Original-Mail-From
 * and DKIM identities name the party being reported, which is the point of the report.
 */
import { createHmac } from 'node:crypto';

/** Header fields (lowercase) whose addresses are the message's recipients. */
export const RECIPIENT_FIELDS: ReadonlySet<string> = new Set([
  'to',
  'cc',
  'bcc',
  'resent-to',
  'resent-cc',
  'resent-bcc',
  'apparently-to',
  'x-apparently-to',
  'delivered-to',
  'x-delivered-to',
  'x-original-to',
  'original-recipient',
  'x-original-recipient',
  'envelope-to',
  'x-envelope-to',
  'x-rcpt-to',
  'x-forwarded-to',
  'x-hmxmroriginalrecipient',
  'x-failed-recipients',
  // ARF fields naming the recipient (RFC 5965 §3.2, and the draft-era Removal-Recipient).
  'original-rcpt-to',
  'removal-recipient',
]);

/** Fields that identify the complainant by something other than an address. */
export const COMPLAINANT_FIELDS: ReadonlySet<string> = new Set(['x-reporter-ip']);

// Quantifiers are bounded (RFC 5321 §4.5.3.1: local part ≤ 64, domain ≤ 255 octets; some
// slack) so that scanning a long header line stays linear.
const LOCAL = `(?:"(?:[^"\\\\\\r\\n]|\\\\.){0,128}"|[A-Za-z0-9!#$%&'*+/=?^_\`{|}~.\\u0080-\\uffff-]{1,128})`;
const DOMAIN =
  '(?:\\[[^\\]\\r\\n]{1,64}\\]|[A-Za-z0-9\\u0080-\\uffff](?:[A-Za-z0-9.\\u0080-\\uffff-]{0,253}[A-Za-z0-9\\u0080-\\uffff])?)';
const ADDRESS = () => new RegExp(`(${LOCAL})(@|%40)(${DOMAIN})`, 'giu');
const TOKEN = /^(redacted|[0-9a-f]{32})$/;

export interface Redactor {
  /** Remembers every address in `text` as a recipient's. */
  addRecipients(text: string): void;
  /** The redacted form of one address: local part replaced, domain kept (lowercased). */
  address(local: string, domain: string): string;
  /** A recipient field value rebuilt from its redacted addresses (rule 2). */
  recipientField(value: string): string;
  /** `text` with every remembered recipient address replaced (rule 3). */
  text(text: string): string;
  /** The remembered recipient addresses, lowercased. */
  readonly recipients: ReadonlySet<string>;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The comparison form of an address: quotes dropped, lowercased. */
function key(local: string, domain: string): string {
  return `${local.replace(/^"|"$/g, '')}@${domain}`.toLowerCase();
}

/** A redactor for one report. `secret`, when given, turns local parts into keyed hashes. */
export function createRedactor(opts: { key?: Uint8Array } = {}): Redactor {
  const recipients = new Set<string>();
  let pattern: RegExp | undefined;
  const secret = opts.key;
  const address = (local: string, domain: string): string => {
    const bare = local.replace(/^"|"$/g, '');
    const token = TOKEN.test(bare)
      ? bare
      : secret
        ? createHmac('sha256', secret).update(bare.toLowerCase(), 'utf8').digest('hex').slice(0, 32)
        : 'redacted';
    return `${token}@${domain.toLowerCase()}`;
  };
  return {
    recipients,
    address,
    addRecipients(text) {
      for (const m of text.matchAll(ADDRESS())) {
        const found = key(m[1]!, m[3]!);
        if (!recipients.has(found)) {
          recipients.add(found);
          pattern = undefined;
        }
      }
    },
    recipientField(value) {
      const found = new Set([...value.matchAll(ADDRESS())].map((m) => address(m[1]!, m[3]!)));
      return found.size === 0 ? 'redacted' : [...found].map((a) => `<${a}>`).join(', ');
    },
    text(text) {
      if (recipients.size === 0) return text;
      if (!pattern) {
        // One alternation of every remembered address, bounded on both sides; "=" or ":"
        // may precede the local part ("smtp.rcptto=user@...", "mailto:user@...").
        const alternatives = [...recipients].map((r) => {
          const at = r.lastIndexOf('@');
          return `"?${escapeRegExp(r.slice(0, at))}"?(?:@|%40)${escapeRegExp(r.slice(at + 1))}`;
        });
        pattern = new RegExp(`(?<![A-Za-z0-9._+-])(?:${alternatives.join('|')})(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`, 'giu');
      }
      return text.replace(pattern, (whole) => {
        const sep = /%40/i.test(whole) && !whole.includes('@') ? whole.match(/%40/i)![0] : '@';
        const at = whole.lastIndexOf(sep);
        return address(whole.slice(0, at), whole.slice(at + sep.length)).replace('@', sep);
      });
    },
  };
}

/** Collects recipient addresses from `for <...>` clauses of a Received value. */
export function receivedRecipients(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(/\bfor\s+<?([^\s<>;]+@[^\s<>;]+)>?/gi)) out.push(m[1]!);
  return out;
}

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

const LOCAL = `(?:"(?:[^"\\\\\\r\\n]|\\\\.)*"|[A-Za-z0-9!#$%&'*+/=?^_\`{|}~.\\u0080-\\uffff-]+)`;
const DOMAIN =
  '(?:[A-Za-z0-9\\u0080-\\uffff](?:[A-Za-z0-9\\u0080-\\uffff-]*[A-Za-z0-9\\u0080-\\uffff])?(?:\\.[A-Za-z0-9\\u0080-\\uffff](?:[A-Za-z0-9\\u0080-\\uffff-]*[A-Za-z0-9\\u0080-\\uffff])?)*|\\[[^\\]\\r\\n]*\\])';
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
      for (const m of text.matchAll(ADDRESS())) recipients.add(key(m[1]!, m[3]!));
    },
    recipientField(value) {
      const found = new Set([...value.matchAll(ADDRESS())].map((m) => address(m[1]!, m[3]!)));
      return found.size === 0 ? 'redacted' : [...found].map((a) => `<${a}>`).join(', ');
    },
    text(text) {
      let out = text;
      for (const recipient of recipients) {
        const at = recipient.lastIndexOf('@');
        const local = recipient.slice(0, at);
        const domain = recipient.slice(at + 1);
        // Bounded on both sides, but "=" or ":" may precede the local part
        // ("smtp.rcptto=user@...", "mailto:user@..."): over-redaction is harmless.
        const pattern = new RegExp(
          `(?<![A-Za-z0-9._+-])"?${escapeRegExp(local)}"?(@|%40)${escapeRegExp(domain)}(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`,
          'giu',
        );
        out = out.replace(pattern, (_whole, sep: string) => address(local, domain).replace('@', sep));
      }
      return out;
    },
  };
}

/** Collects recipient addresses from `for <...>` clauses of a Received value. */
export function receivedRecipients(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(/\bfor\s+<?([^\s<>;]+@[^\s<>;]+)>?/gi)) out.push(m[1]!);
  return out;
}

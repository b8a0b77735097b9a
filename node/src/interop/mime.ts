/**
 * The few pieces of MIME (RFC 2045, RFC 2046, RFC 5322) a feedback report needs: split
 * header and body, unfold header fields, read Content-Type, split a multipart body and
 * undo a transfer encoding. Structure is found on a latin1 view of the bytes, so every
 * slice maps back to the exact bytes received (the original message is hashed as
 * carried). Both CRLF and bare LF line ends are accepted.
 */

/** One header field: lowercase name, unfolded value, and its text as written. */
export interface HeaderField {
  /** Field name in lowercase. */
  readonly name: string;
  /** Value with folding removed (RFC 5322 §2.2.3) and outer whitespace trimmed. */
  readonly value: string;
  /** The field as written, folding kept, lines joined with "\n". */
  readonly text: string;
}

/** A MIME entity: its header fields and its body bytes (still transfer-encoded). */
export interface MimeEntity {
  readonly headers: readonly HeaderField[];
  readonly body: Uint8Array;
}

/** A leaf of the MIME tree: content type, parameters and the decoded body. */
export interface MimeLeaf {
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
  readonly headers: readonly HeaderField[];
  readonly content: Uint8Array;
}

const MAX_DEPTH = 8;
const MAX_ENTITIES = 200;

export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

export function fromLatin1(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

/** UTF-8 text of bytes; invalid sequences become U+FFFD rather than an error. */
export function utf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** Splits an entity at the first empty line. Input without one is all header. */
export function splitEntity(bytes: Uint8Array): MimeEntity {
  const text = latin1(bytes);
  let headerEnd: number;
  let bodyStart: number;
  const leading = /^\r?\n/.exec(text);
  if (leading) {
    headerEnd = 0;
    bodyStart = leading[0].length;
  } else {
    const blank = /\r?\n\r?\n/.exec(text);
    headerEnd = blank ? blank.index : text.length;
    bodyStart = blank ? blank.index + blank[0].length : text.length;
  }
  const headerText = utf8(bytes.subarray(0, headerEnd));
  return { headers: parseHeaderBlock(headerText), body: bytes.subarray(bodyStart) };
}

/**
 * Parses a header block. A line starting with space or tab continues the field above;
 * a line that is neither a field nor a continuation (an mbox "From " line, garbage) is
 * skipped rather than glued to a neighbour.
 */
export function parseHeaderBlock(text: string): HeaderField[] {
  const fields: HeaderField[] = [];
  let current: { name: string; lines: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    const joined = current.lines.join('\n');
    const colon = joined.indexOf(':');
    fields.push({
      name: current.name,
      value: joined
        .slice(colon + 1)
        .replace(/\r?\n/g, '')
        .trim(),
      text: joined,
    });
    current = undefined;
  };
  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (/^[ \t]/.test(line)) {
      if (current) current.lines.push(line);
      continue;
    }
    flush();
    // RFC 5322 §3.6.8: field-name is printable US-ASCII except colon.
    const match = /^([!-9;-~]+)[ \t]*:/.exec(line);
    if (match) current = { name: match[1]!.toLowerCase(), lines: [line] };
  }
  flush();
  return fields;
}

/** First value of a field, if present. */
export function headerValue(headers: readonly HeaderField[], name: string): string | undefined {
  return headers.find((h) => h.name === name)?.value;
}

/** All values of a field, in order. */
export function headerValues(headers: readonly HeaderField[], name: string): string[] {
  return headers.filter((h) => h.name === name).map((h) => h.value);
}

/** Splits "a; b=c; d=\"e f\"" at top-level semicolons, keeping quoted strings whole. */
function splitParams(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (quoted && ch === '\\' && i + 1 < value.length) {
      current += ch + value[++i];
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === ';' && !quoted) {
      out.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  out.push(current);
  return out;
}

/** Content-Type (RFC 2045 §5.1): lowercase type/subtype and parameters; default text/plain. */
export function contentType(headers: readonly HeaderField[]): { type: string; params: Record<string, string> } {
  const value = headerValue(headers, 'content-type');
  if (!value) return { type: 'text/plain', params: {} };
  const [head = '', ...rest] = splitParams(value);
  const type = head
    .replace(/\([^)]*\)/g, '')
    .trim()
    .toLowerCase();
  const params: Record<string, string> = {};
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    let v = part.slice(eq + 1).trim();
    if (v.startsWith('"')) v = v.slice(1, v.endsWith('"') && v.length > 1 ? -1 : undefined).replace(/\\(.)/g, '$1');
    if (name && !Object.hasOwn(params, name)) params[name] = v;
  }
  return { type: /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type) ? type : 'text/plain', params };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Splits a multipart body into its parts (RFC 2046 §5.1.1). The line break before a
 * delimiter belongs to the delimiter; a missing close delimiter ends the last part at
 * the end of the input (common in truncated or hand-made reports).
 */
export function splitMultipart(body: Uint8Array, boundary: string): Uint8Array[] {
  const text = latin1(body);
  const delimiter = new RegExp(`(^|\\r?\\n)--${escapeRegExp(boundary)}(--)?[ \\t]*(?=\\r?\\n|$)`, 'g');
  const parts: Uint8Array[] = [];
  let openAt = -1;
  for (let m = delimiter.exec(text); m; m = delimiter.exec(text)) {
    if (openAt >= 0) parts.push(body.subarray(openAt, m.index));
    if (m[2]) return parts;
    const lineEnd = /^\r?\n/.exec(text.slice(m.index + m[0].length, m.index + m[0].length + 2));
    openAt = m.index + m[0].length + (lineEnd ? lineEnd[0].length : 0);
  }
  if (openAt >= 0 && openAt < text.length) parts.push(body.subarray(openAt));
  return parts;
}

function decodeQuotedPrintable(text: string): Uint8Array {
  const input = text.replace(/=\r?\n/g, '');
  const out = new Uint8Array(input.length);
  let n = 0;
  for (let i = 0; i < input.length; i++) {
    const hex = input.slice(i + 1, i + 3);
    if (input[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      out[n++] = Number.parseInt(hex, 16);
      i += 2;
    } else {
      out[n++] = input.charCodeAt(i) & 0xff;
    }
  }
  return out.subarray(0, n);
}

/** Undoes Content-Transfer-Encoding; 7bit, 8bit, binary and unknown encodings pass through. */
export function decodeTransfer(body: Uint8Array, headers: readonly HeaderField[]): Uint8Array {
  const encoding = (headerValue(headers, 'content-transfer-encoding') ?? '').trim().toLowerCase();
  if (encoding === 'base64') return new Uint8Array(Buffer.from(latin1(body).replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'));
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(latin1(body));
  return body;
}

/** The leaves found, and whether the walk stopped at a limit before the tree's end. */
export interface MimeWalk {
  readonly leaves: MimeLeaf[];
  /** 'depth': a multipart nested deeper than MAX_DEPTH was not opened; 'parts': more than MAX_ENTITIES parts. */
  readonly truncated?: 'depth' | 'parts';
}

/**
 * The leaves of a MIME tree in document order. Multiparts are descended into;
 * message/rfc822 parts are leaves, so an attached original message stays whole.
 * A multipart past the depth limit is not opened, and the walk says so.
 */
export function mimeLeaves(entity: MimeEntity): MimeWalk {
  const leaves: MimeLeaf[] = [];
  let truncated: MimeWalk['truncated'];
  // A budget on entities visited, not only on leaves: multiparts nested in multiparts
  // with one boundary would otherwise multiply at every level.
  let budget = MAX_ENTITIES;
  const walk = (node: MimeEntity, depth: number) => {
    if (--budget < 0) {
      truncated ??= 'parts';
      return;
    }
    const { type, params } = contentType(node.headers);
    const boundary = params['boundary'];
    if (type.startsWith('multipart/') && boundary) {
      if (depth >= MAX_DEPTH) {
        truncated ??= 'depth';
        return;
      }
      for (const part of splitMultipart(node.body, boundary)) {
        if (budget <= 0) {
          truncated ??= 'parts';
          break;
        }
        walk(splitEntity(part), depth + 1);
      }
      return;
    }
    leaves.push({ type, params, headers: node.headers, content: decodeTransfer(node.body, node.headers) });
  };
  walk(entity, 0);
  return truncated ? { leaves, truncated } : { leaves };
}

/** The MIME limits (for messages and docs): nesting depth and parts read. */
export const MIME_LIMITS = { depth: MAX_DEPTH, parts: MAX_ENTITIES } as const;

/**
 * A message whose only line ends are bare CRs (classic Mac OS mail) rewritten with
 * CRLF; anything with a LF in it is returned unchanged.
 */
export function crOnlyToCrlf(bytes: Uint8Array): Uint8Array {
  return bytes.includes(0x0d) && !bytes.includes(0x0a) ? canonicalLineEnds(bytes) : bytes;
}

/** Rewrites every line end (CRLF, LF or lone CR) as CRLF: the canonical form of a message. */
export function canonicalLineEnds(bytes: Uint8Array): Uint8Array {
  return fromLatin1(latin1(bytes).replace(/\r\n|\r|\n/g, '\r\n'));
}

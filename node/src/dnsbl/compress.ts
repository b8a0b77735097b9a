/**
 * Name compression (RFC 1035 §4.1.4) of the owner names of an encoded response: an
 * owner name equal to the question name, or to a suffix of it (the zone, for the SOA
 * of a negative answer), becomes a 2-byte pointer into the question. Every answer of a
 * DNSBL is about the name asked, so this is what keeps responses small (dns-packet
 * writes every name in full); record data is copied as it is.
 */

/** Offsets (from the message start) of each label of the name at `at`, and its end. */
function labelOffsets(message: Buffer, at: number): { offsets: number[]; end: number } | null {
  const offsets: number[] = [];
  let pos = at;
  for (;;) {
    const len = message[pos];
    if (len === undefined || len > 63) return null;
    if (len === 0) return { offsets, end: pos + 1 };
    offsets.push(pos);
    pos += 1 + len;
  }
}

/** Length of the (uncompressed or pointer-ended) name at `at`, or -1. */
function nameLength(message: Buffer, at: number): number {
  let pos = at;
  for (;;) {
    const len = message[pos];
    if (len === undefined) return -1;
    if (len === 0) return pos + 1 - at;
    if ((len & 0xc0) === 0xc0) return pos + 2 - at;
    if (len > 63) return -1;
    pos += 1 + len;
  }
}

/** ASCII case-insensitive equality of two byte ranges of one message (RFC 4343). */
function sameName(message: Buffer, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) {
    let x = message[a + i]!;
    let y = message[b + i]!;
    if (x >= 0x41 && x <= 0x5a) x |= 0x20;
    if (y >= 0x41 && y <= 0x5a) y |= 0x20;
    if (x !== y) return false;
  }
  return true;
}

/** Returns the message with owner names compressed, or the message itself when it cannot be parsed. */
export function compressOwnerNames(message: Buffer): Buffer {
  if (message.length < 12 || message.readUInt16BE(4) !== 1) return message;
  const question = labelOffsets(message, 12);
  if (!question || question.end + 4 > message.length) return message;
  const records = message.readUInt16BE(6) + message.readUInt16BE(8) + message.readUInt16BE(10);
  const out = Buffer.allocUnsafe(message.length);
  let written = message.copy(out, 0, 0, question.end + 4);
  let pos = question.end + 4;
  for (let i = 0; i < records; i++) {
    const length = nameLength(message, pos);
    if (length < 0 || pos + length + 10 > message.length) return message;
    // A suffix of the question name with this length (there is at most one) that matches.
    let pointer = -1;
    if (length > 2) {
      for (const offset of question.offsets) {
        if (question.end - offset === length && sameName(message, offset, pos, length)) pointer = offset;
      }
    }
    if (pointer >= 0) written = out.writeUInt16BE(0xc000 | pointer, written);
    else written += message.copy(out, written, pos, pos + length);
    pos += length;
    const rdlength = message.readUInt16BE(pos + 8);
    if (pos + 10 + rdlength > message.length) return message;
    written += message.copy(out, written, pos, pos + 10 + rdlength);
    pos += 10 + rdlength;
  }
  if (pos !== message.length) return message;
  return out.subarray(0, written);
}

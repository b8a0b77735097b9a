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

/** Returns the message with owner names compressed, or the message itself when it cannot be parsed. */
export function compressOwnerNames(message: Buffer): Buffer {
  if (message.length < 12 || message.readUInt16BE(4) !== 1) return message;
  const question = labelOffsets(message, 12);
  if (!question || question.end + 4 > message.length) return message;
  const records = message.readUInt16BE(6) + message.readUInt16BE(8) + message.readUInt16BE(10);
  // Suffixes of the question name, by their bytes, to the offset a pointer names.
  const suffixes = new Map<string, number>();
  for (const offset of question.offsets) {
    if (offset < 0x3fff) suffixes.set(message.toString('latin1', offset, question.end).toLowerCase(), offset);
  }
  const parts: Buffer[] = [message.subarray(0, question.end + 4)];
  let pos = question.end + 4;
  for (let i = 0; i < records; i++) {
    const length = nameLength(message, pos);
    if (length < 0 || pos + length + 10 > message.length) return message;
    const pointer = suffixes.get(message.toString('latin1', pos, pos + length).toLowerCase());
    if (pointer !== undefined && length > 2) {
      const p = Buffer.allocUnsafe(2);
      p.writeUInt16BE(0xc000 | pointer, 0);
      parts.push(p);
    } else parts.push(message.subarray(pos, pos + length));
    pos += length;
    const rdlength = message.readUInt16BE(pos + 8);
    if (pos + 10 + rdlength > message.length) return message;
    parts.push(message.subarray(pos, pos + 10 + rdlength));
    pos += 10 + rdlength;
  }
  if (pos !== message.length) return message;
  return Buffer.concat(parts);
}

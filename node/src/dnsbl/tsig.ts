/**
 * TSIG (RFC 8945) with HMAC-SHA256 for zone transfers: a transfer request must carry a
 * TSIG record made with one of the configured keys, and every message of the response
 * is signed, each MAC chained to the one before it (§5.3.1), so a secondary knows the
 * whole zone came from the holder of the key. Work is on the wire bytes: a MAC covers
 * the message exactly as sent, which a decode and re-encode would not reproduce.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TYPE_TSIG = 250;
const CLASS_ANY = 255;
/** The only algorithm served (RFC 8945 §6: HMAC-SHA256 is mandatory to implement). */
export const TSIG_ALGORITHM = 'hmac-sha256';
/** Seconds of clock difference tolerated (RFC 8945 §10: 300 recommended). */
const FUDGE = 300;
const MAC_BYTES = 32;

/** TSIG error codes (RFC 8945 §3). */
export const TSIG_ERROR = { BADSIG: 16, BADKEY: 17, BADTIME: 18 } as const;
/** The response code of a TSIG failure (RFC 8945 §5.2). */
export const RCODE_NOTAUTH = 9;

export interface TsigKey {
  /** Key name as configured on both sides, e.g. "arx-xfr" (compared case-insensitively). */
  readonly name: string;
  readonly secret: Buffer;
}

/** Parses `dnsbl.tsigKeys` entries: a name and a base64 secret of at least 16 bytes. */
export function tsigKeys(entries: readonly { name: string; secret: string }[]): TsigKey[] {
  return entries.map(({ name, secret }) => {
    const bytes = Buffer.from(secret, 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(secret) || bytes.length < 16) {
      throw new RangeError(`tsigKeys: the secret of "${name}" must be base64 of at least 16 bytes`);
    }
    return { name: canonicalName(name), secret: bytes };
  });
}

const canonicalName = (name: string): string => name.toLowerCase().replace(/\.$/, '');

/** A domain name in uncompressed wire form, lower case (RFC 4034 §6.2 canonical form). */
function wireName(name: string): Buffer {
  const labels = canonicalName(name)
    .split('.')
    .filter((l) => l.length > 0);
  return Buffer.concat([
    ...labels.map((l) => Buffer.concat([Buffer.of(l.length), Buffer.from(l, 'ascii')])),
    Buffer.of(0),
  ]);
}

/** Reads a possibly compressed name at `at`; returns it and the offset after it in the message. */
function readName(msg: Buffer, at: number): { name: string; end: number } {
  const labels: string[] = [];
  let pos = at;
  let end = -1;
  for (let hops = 0; hops < 128; hops++) {
    const len = msg[pos];
    if (len === undefined) throw new RangeError('truncated name');
    if ((len & 0xc0) === 0xc0) {
      if (end < 0) end = pos + 2;
      pos = ((len & 0x3f) << 8) | msg[pos + 1]!;
      continue;
    }
    if (len === 0) return { name: labels.join('.'), end: end < 0 ? pos + 1 : end };
    labels.push(msg.toString('latin1', pos + 1, pos + 1 + len));
    pos += 1 + len;
  }
  throw new RangeError('name compression loop');
}

/** Offset of the last record of the message (where a TSIG record must be), or -1 when there are no additionals. */
function lastRecordOffset(msg: Buffer): number {
  const counts = [msg.readUInt16BE(4), msg.readUInt16BE(6), msg.readUInt16BE(8), msg.readUInt16BE(10)];
  if (counts[3] === 0) return -1;
  let pos = 12;
  for (let i = 0; i < counts[0]!; i++) pos = readName(msg, pos).end + 4;
  const records = counts[1]! + counts[2]! + counts[3]! - 1;
  for (let i = 0; i < records; i++) {
    pos = readName(msg, pos).end;
    pos += 10 + msg.readUInt16BE(pos + 8);
  }
  return pos;
}

/** A TSIG record found at the end of a message. */
interface TsigRecord {
  readonly keyName: string;
  readonly algorithm: string;
  readonly timeSigned: number;
  readonly fudge: number;
  readonly mac: Buffer;
  readonly originalId: number;
  readonly error: number;
  readonly other: Buffer;
  /** The message without the record, ARCOUNT decremented and the original id restored. */
  readonly unsigned: Buffer;
}

/** The TSIG record of a message, or null when its last record is not one; throws on a malformed one. */
export function findTsig(msg: Buffer): TsigRecord | null {
  const at = lastRecordOffset(msg);
  if (at < 0) return null;
  const owner = readName(msg, at);
  let pos = owner.end;
  if (msg.readUInt16BE(pos) !== TYPE_TSIG) return null;
  if (msg.readUInt16BE(pos + 2) !== CLASS_ANY) throw new RangeError('TSIG class is not ANY');
  const rdEnd = pos + 10 + msg.readUInt16BE(pos + 8);
  pos += 10;
  const algorithm = readName(msg, pos);
  pos = algorithm.end;
  const timeSigned = msg.readUIntBE(pos, 6);
  const fudge = msg.readUInt16BE(pos + 6);
  const macSize = msg.readUInt16BE(pos + 8);
  const mac = msg.subarray(pos + 10, pos + 10 + macSize);
  pos += 10 + macSize;
  const originalId = msg.readUInt16BE(pos);
  const error = msg.readUInt16BE(pos + 2);
  const otherLen = msg.readUInt16BE(pos + 4);
  const other = msg.subarray(pos + 6, pos + 6 + otherLen);
  if (pos + 6 + otherLen !== rdEnd || rdEnd !== msg.length) throw new RangeError('malformed TSIG record');
  const unsigned = Buffer.from(msg.subarray(0, at));
  unsigned.writeUInt16BE(originalId, 0);
  unsigned.writeUInt16BE(msg.readUInt16BE(10) - 1, 10);
  return {
    keyName: canonicalName(owner.name),
    algorithm: canonicalName(algorithm.name),
    timeSigned,
    fudge,
    mac,
    originalId,
    error,
    other,
    unsigned,
  };
}

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
};
const u48 = (n: number) => {
  const b = Buffer.alloc(6);
  b.writeUIntBE(n, 0, 6);
  return b;
};

/** The TSIG variables a first message's MAC covers (RFC 8945 §4.3.3). */
function variables(keyName: string, timeSigned: number, fudge: number, error: number, other: Buffer): Buffer {
  return Buffer.concat([
    wireName(keyName),
    u16(CLASS_ANY),
    Buffer.alloc(4), // TTL 0
    wireName(TSIG_ALGORITHM),
    u48(timeSigned),
    u16(fudge),
    u16(error),
    u16(other.length),
    other,
  ]);
}

const hmac = (key: TsigKey, ...parts: Buffer[]): Buffer => {
  const h = createHmac('sha256', key.secret);
  for (const p of parts) h.update(p);
  return h.digest();
};

/** Appends a TSIG record to an encoded message and counts it in ARCOUNT. */
function appendTsig(msg: Buffer, key: TsigKey, timeSigned: number, mac: Buffer, error: number, other: Buffer): Buffer {
  const rdata = Buffer.concat([
    wireName(TSIG_ALGORITHM),
    u48(timeSigned),
    u16(FUDGE),
    u16(mac.length),
    mac,
    u16(msg.readUInt16BE(0)),
    u16(error),
    u16(other.length),
    other,
  ]);
  const out = Buffer.concat([
    msg,
    wireName(key.name),
    u16(TYPE_TSIG),
    u16(CLASS_ANY),
    Buffer.alloc(4),
    u16(rdata.length),
    rdata,
  ]);
  out.writeUInt16BE(msg.readUInt16BE(10) + 1, 10);
  return out;
}

/** What a transfer request's TSIG says: signed by a known key, not signed, or a failure to answer with NOTAUTH. */
export type TsigVerdict =
  | { readonly kind: 'signed'; readonly signer: ResponseSigner }
  | { readonly kind: 'unsigned' }
  | { readonly kind: 'failed'; readonly error: number; readonly reply: (response: Buffer) => Buffer };

/** Checks a request's TSIG against the keys (RFC 8945 §5.2), at `now` (ms since the epoch). */
export function verifyRequest(msg: Buffer, keys: readonly TsigKey[], now: number): TsigVerdict {
  let record: TsigRecord | null;
  try {
    record = findTsig(msg);
  } catch {
    record = null;
  }
  if (!record) return { kind: 'unsigned' };
  const seconds = Math.floor(now / 1000);
  const key = keys.find((k) => k.name === record.keyName);
  // BADKEY and BADSIG answers are not signed: the requester's key is not trusted (§5.3.2).
  const unsignedFailure = (error: number) => ({
    kind: 'failed' as const,
    error,
    reply: (response: Buffer) =>
      appendTsig(
        response,
        { name: record.keyName, secret: Buffer.alloc(0) },
        seconds,
        Buffer.alloc(0),
        error,
        Buffer.alloc(0),
      ),
  });
  if (!key || record.algorithm !== TSIG_ALGORITHM) return unsignedFailure(TSIG_ERROR.BADKEY);
  const expected = hmac(
    key,
    record.unsigned,
    variables(key.name, record.timeSigned, record.fudge, record.error, record.other),
  );
  if (record.mac.length !== MAC_BYTES || !timingSafeEqual(record.mac, expected))
    return unsignedFailure(TSIG_ERROR.BADSIG);
  if (Math.abs(seconds - record.timeSigned) > record.fudge) {
    // BADTIME is signed, with the server's time in Other Data, so the client can tell its clock is off.
    const signer = new ResponseSigner(key, record.mac, () => seconds);
    return {
      kind: 'failed',
      error: TSIG_ERROR.BADTIME,
      reply: (response) => signer.sign(response, TSIG_ERROR.BADTIME, u48(seconds)),
    };
  }
  return { kind: 'signed', signer: new ResponseSigner(key, record.mac, () => Math.floor(Date.now() / 1000)) };
}

/** Signs the messages of one response in order, each MAC chained to the previous one (RFC 8945 §5.3.1). */
export class ResponseSigner {
  private prior: Buffer;
  private first = true;

  constructor(
    readonly key: TsigKey,
    requestMac: Buffer,
    private readonly clock: () => number,
  ) {
    this.prior = requestMac;
  }

  sign(msg: Buffer, error = 0, other: Buffer = Buffer.alloc(0)): Buffer {
    const time = this.clock();
    const mac = this.first
      ? hmac(this.key, u16(this.prior.length), this.prior, msg, variables(this.key.name, time, FUDGE, error, other))
      : hmac(this.key, u16(this.prior.length), this.prior, msg, u48(time), u16(FUDGE));
    this.first = false;
    this.prior = mac;
    return appendTsig(msg, this.key, time, mac, error, other);
  }
}

/** Signs a request (used by tests and by a node asking another for its zone). */
export function signRequest(msg: Buffer, key: TsigKey, now: number): Buffer {
  const time = Math.floor(now / 1000);
  const mac = hmac(key, msg, variables(key.name, time, FUDGE, 0, Buffer.alloc(0)));
  return appendTsig(msg, key, time, mac, 0, Buffer.alloc(0));
}

/**
 * Generates protocol/test/vectors/entries.json and roster.json from fixed seeds.
 * The output is deterministic: run it again and nothing changes.
 *
 *   node --import tsx protocol/test/vectors/generate.ts
 *
 * Every case is checked against both Ed25519 backends before it is written, so a
 * vector file never states a verdict the implementation does not give. Each invalid
 * case has exactly one defect; its signature is valid wherever the defect allows.
 */
import { writeFileSync } from 'node:fs';
import {
  attachEvidence,
  type CborValue,
  concatBytes,
  detachEvidence,
  detachedRosterBody,
  type EntryDraft,
  type EntryKind,
  encodeDeterministic,
  encodeSign1,
  fromHex,
  type KeyPair,
  nobleEd25519,
  parsePrefix,
  sign1Message,
  signEntry,
  toHex,
  tryVerifyEntry,
} from '@arx/protocol';
import { nodeEd25519 } from '@arx/protocol/node-crypto';
import {
  envelopeOver,
  float64,
  head,
  IDENTITY_WITH_SIGN_BIT,
  mapFromPairs,
  mixedOrderKey,
  mixedOrderSignature,
  nonCanonicalY,
  notOnCurve,
  numberToLE,
  pairsOf,
  payloadValue,
  replaceValue,
  secretScalar,
  signWithR,
  smallOrderKeySignature,
  smallOrderPoints,
  torsionedRSignature,
  withNonCanonicalS,
} from '../craft.ts';
import { bodies, fakeId, keys, rosterDocumentFixture, TS } from '../fixtures.ts';
import { rosterVectors } from './roster-cases.ts';

const backends = [nodeEd25519, nobleEd25519];
const utf8 = (text: string) => new TextEncoder().encode(text);

interface ValidCase {
  comment: string;
  envelope_hex: string;
  id_hex: string;
  origin_hex: string;
  kind: string;
}
interface InvalidCase {
  comment: string;
  envelope_hex: string;
  error: string;
}

const valid: ValidCase[] = [];
const invalid: InvalidCase[] = [];

function addValid(comment: string, envelope: Uint8Array): void {
  let first: ValidCase | undefined;
  for (const backend of backends) {
    const result = tryVerifyEntry(envelope, backend);
    if (!result.ok) throw new Error(`valid case "${comment}" refused by ${backend.name}: ${result.error.message}`);
    first ??= {
      comment,
      envelope_hex: toHex(envelope),
      id_hex: result.entry.idHex,
      origin_hex: result.entry.originHex,
      kind: result.entry.payload.kind,
    };
  }
  valid.push(first!);
}

function addInvalid(comment: string, envelope: Uint8Array, error: string): void {
  for (const backend of backends) {
    const result = tryVerifyEntry(envelope, backend);
    const got = result.ok ? 'accepted' : result.error.code;
    if (got !== error) throw new Error(`invalid case "${comment}": ${backend.name} gives ${got}, expected ${error}`);
  }
  invalid.push({ comment, envelope_hex: toHex(envelope), error });
}

/** Chain state per origin, so the valid entries of each origin form one log. */
const heads = new Map<string, { seq: number; id: Uint8Array }>();

function next<K extends EntryKind>(signer: KeyPair, kind: K, body: EntryDraft<K>['body']): Uint8Array {
  const o = toHex(signer.publicKey);
  const h = heads.get(o);
  const entry = signEntry({ seq: (h?.seq ?? 0) + 1, prev: h?.id ?? null, ts: TS, kind, body }, signer, nobleEd25519);
  heads.set(o, { seq: entry.payload.seq, id: entry.id });
  return entry.bytes;
}

// ------------------------------------------------------------------ valid entries

const r = keys.reporter;
const p = keys.provider;
const lo = keys.listOperator;

addValid(
  'report about an IPv4 address, first entry of its origin (seq 1, prev null)',
  next(r, 'report', bodies.report),
);
addValid(
  'report about an IPv6 prefix, second entry (prev = id of seq 1)',
  next(r, 'report', {
    about: parsePrefix('2001:db8:1234::/48'),
    category: 'host.compromised',
    observed: { first: TS - 86_400_000, last: TS, count: 1 },
    source: 'trap',
  }),
);
addValid(
  'report about a domain, only required fields',
  next(r, 'report', {
    about: { domain: 'spam-shop.example' },
    category: 'site.spamvertised',
    observed: { first: TS, last: TS, count: 1 },
    source: 'complaint',
  }),
);
addValid(
  'report about a URL with ARF evidence (one field repeated as an array) and redacted headers',
  next(r, 'report', {
    about: { url: 'https://login.bank.example.net/verify?id=1' },
    category: 'phishing',
    observed: { first: TS - 1000, last: TS, count: 3 },
    source: 'fbl',
    confidence: 100,
    evidence: {
      arf: {
        'feedback-type': 'fraud',
        'reported-uri': ['https://login.bank.example.net/verify?id=1', 'mailto:x@y.example'],
      },
      headers: 'Received: from [192.0.2.7] by mx.example\r\nSubject: verify your account',
      refs: [fakeId('earlier-report')],
    },
  }),
);
addValid('ack: report resolved, outbound port 25 blocked', next(p, 'ack', bodies.ack));
addValid(
  'ack: report rejected with a rejection reason and a bilingual note',
  next(p, 'ack', {
    report: fakeId('other-report'),
    status: 'rejected',
    reason: 'not-our-network',
    note: { en: 'Reassigned to another ISP', 'zh-CN': '已转给其他运营商' },
  }),
);
addValid(
  'listing: add an IPv4 /24 to the spam-source list, with evidence and expiry',
  next(lo, 'listing', bodies.listing),
);
addValid(
  'listing: add a domain to the spamvertised-site list',
  next(lo, 'listing', {
    list: 'spamvertised-site',
    op: 'add',
    target: { domain: 'spam-shop.example' },
    reason: 'site.spamvertised',
  }),
);
addValid('delist-request: remediation codes for a listing', next(p, 'delist-request', bodies['delist-request']));
addValid('delist-decision: granted', next(lo, 'delist-decision', bodies['delist-decision']));
addValid(
  'delist-decision: denied with a reason',
  next(lo, 'delist-decision', {
    request: fakeId('delist-request-2'),
    decision: 'denied',
    reason: 'insufficient-evidence',
  }),
);
addValid('profile: contacts, languages, declared dynamic range, endpoint', next(p, 'profile', bodies.profile));
addValid('notice: help request in two languages', next(p, 'notice', bodies.notice));
addValid('retract: the origin withdraws one of its entries', next(r, 'retract', bodies.retract));
addValid('receipt: a delivery watermark for one origin', next(p, 'receipt', bodies.receipt));
addValid(
  'roster: carries a roster document (COSE_Sign, tag 98) signed 2 of 3',
  next(keys.observer, 'roster', { document: rosterDocumentFixture() }),
);
addValid(
  'roster, detached: commits to the SHA-256 digest, size and version of a document that travels as a blob',
  next(keys.observer, 'roster', detachedRosterBody(rosterDocumentFixture(), 1)),
);
addValid(
  'notice with seq 70000 (four-byte head) and a timestamp needing eight bytes',
  signEntry(
    {
      seq: 70_000,
      prev: fakeId('prev-69999'),
      ts: 2 ** 40 + 1,
      kind: 'notice',
      body: { topic: 'standards', urgency: 'low', text: { en: 'x' } },
    },
    r,
  ).bytes,
);
// The commercial-mail categories, signed with explicit seqs so the chains above are unchanged.
addValid(
  'report category ad.unlabelled: commercial mail without "AD" / "广告" at the front of its subject',
  signEntry(
    {
      seq: 900,
      prev: fakeId('prev-899'),
      ts: TS,
      kind: 'report',
      body: {
        about: parsePrefix('192.0.2.77'),
        category: 'ad.unlabelled',
        observed: { first: TS - 60_000, last: TS, count: 2 },
        source: 'complaint',
        evidence: { headers: 'Subject: Spring sale', format: 'arf' },
      },
    },
    r,
  ).bytes,
);
addValid(
  'report category optout.ignored: from an ARF opt-out feedback report',
  signEntry(
    {
      seq: 901,
      prev: fakeId('prev-900'),
      ts: TS,
      kind: 'report',
      body: {
        about: parsePrefix('2001:db8::77'),
        category: 'optout.ignored',
        observed: { first: TS, last: TS, count: 1 },
        source: 'fbl',
        evidence: { arf: { 'feedback-type': 'opt-out' }, format: 'arf' },
      },
    },
    r,
  ).bytes,
);
{
  // Mixed-order key aB + T with a signature where 8 | k: the cofactorless equation holds.
  const origin = mixedOrderKey(keys.outsider);
  const payload = encodeDeterministic(
    payloadValue({ publicKey: origin }, { seq: 1, prev: null, ts: TS, kind: 'notice', body: bodies.notice }),
  );
  const signature = mixedOrderSignature(keys.outsider, sign1Message(payload), true, 'mixed-valid');
  addValid(
    'key of mixed order (aB + T, T of order 8) and a signature where the cofactorless equation holds: accepted (only small-order keys are refused)',
    encodeSign1(payload, signature),
  );
}

// ------------------------------------------------------------------ invalid: envelope

const draft1 = { seq: 1, prev: null, ts: TS, kind: 'report' as const, body: bodies.report };
const base = signEntry(draft1, r);
const payload = base.payloadBytes;
const sig = base.signature;
const payloadHead = head(2, payload.length);
const sigPart = concatBytes(head(2, 64), sig);
const PROTECTED = Uint8Array.of(0x43, 0xa1, 0x01, 0x27);

addInvalid('empty input', new Uint8Array(0), 'ARX_PROTO_NOT_COSE_SIGN1');
addInvalid('untagged COSE_Sign1 array (tag 18 is required)', base.bytes.subarray(1), 'ARX_PROTO_NOT_COSE_SIGN1');
addInvalid('a COSE_Sign (tag 98) document instead of COSE_Sign1', rosterDocumentFixture(), 'ARX_PROTO_NOT_COSE_SIGN1');
addInvalid(
  'tag 18 around a three-item array',
  concatBytes(Uint8Array.of(0xd2, 0x83), PROTECTED, Uint8Array.of(0xa0), payloadHead, payload),
  'ARX_PROTO_NOT_COSE_SIGN1',
);
addInvalid(
  'a trailing byte after the signature',
  concatBytes(base.bytes, Uint8Array.of(0)),
  'ARX_PROTO_NOT_COSE_SIGN1',
);
addInvalid(
  'signature truncated to 63 bytes',
  concatBytes(base.bytes.subarray(0, base.bytes.length - 66), head(2, 63), sig.subarray(0, 63)),
  'ARX_PROTO_NOT_COSE_SIGN1',
);
addInvalid(
  'protected header as a map instead of a byte string',
  concatBytes(Uint8Array.of(0xd2, 0x84, 0xa1, 0x01, 0x27, 0xa0), payloadHead, payload, sigPart),
  'ARX_PROTO_NOT_COSE_SIGN1',
);
addInvalid(
  'unprotected header as an array instead of a map',
  concatBytes(Uint8Array.of(0xd2, 0x84), PROTECTED, Uint8Array.of(0x80), payloadHead, payload, sigPart),
  'ARX_PROTO_NOT_COSE_SIGN1',
);

function withProtected(protectedBytes: Uint8Array): Uint8Array {
  return concatBytes(
    Uint8Array.of(0xd2, 0x84),
    head(2, protectedBytes.length),
    protectedBytes,
    Uint8Array.of(0xa0),
    payloadHead,
    payload,
    sigPart,
  );
}
addInvalid('alg ES256 (-7) instead of EdDSA (-8)', withProtected(Uint8Array.of(0xa1, 0x01, 0x26)), 'ARX_PROTO_BAD_ALG');
addInvalid('empty protected header (no alg)', withProtected(new Uint8Array(0)), 'ARX_PROTO_BAD_ALG');
addInvalid(
  'protected header {1: -8, 4: kid}: anything beyond alg is refused',
  withProtected(concatBytes(Uint8Array.of(0xa2, 0x01, 0x27, 0x04, 0x58, 0x20), r.publicKey)),
  'ARX_PROTO_BAD_ALG',
);

function withUnprotected(unprotectedBytes: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(0xd2, 0x84), PROTECTED, unprotectedBytes, payloadHead, payload, sigPart);
}
addInvalid(
  'unprotected header carrying a kid {4: key}',
  withUnprotected(concatBytes(Uint8Array.of(0xa1, 0x04, 0x58, 0x20), r.publicKey)),
  'ARX_PROTO_EXTRA_HEADERS',
);
addInvalid(
  'unprotected header repeating alg {1: -8}',
  withUnprotected(Uint8Array.of(0xa1, 0x01, 0x27)),
  'ARX_PROTO_EXTRA_HEADERS',
);
addInvalid(
  'protected header length in two bytes (58 03) instead of one',
  concatBytes(Uint8Array.of(0xd2, 0x84, 0x58, 0x03, 0xa1, 0x01, 0x27, 0xa0), payloadHead, payload, sigPart),
  'ARX_PROTO_NOT_DETERMINISTIC',
);
addInvalid(
  'payload length head in four bytes instead of the shortest form',
  concatBytes(Uint8Array.of(0xd2, 0x84), PROTECTED, Uint8Array.of(0xa0), head(2, payload.length, 4), payload, sigPart),
  'ARX_PROTO_NOT_DETERMINISTIC',
);

// ------------------------------------------------------------------ invalid: payload encoding

const pairs = pairsOf(payloadValue(r, draft1));
const signed = (bytes: Uint8Array, signer: KeyPair = r) => envelopeOver(bytes, signer);
const withPair = (key: string, value: Uint8Array) => signed(mapFromPairs(replaceValue(pairs, key, value)));

addInvalid(
  'top-level map keys not in bytewise order (first two swapped)',
  signed(mapFromPairs([pairs[1]!, pairs[0]!, ...pairs.slice(2)])),
  'ARX_PROTO_NOT_DETERMINISTIC',
);
{
  const bodyPairs = pairsOf(bodies.report as unknown as Record<string, CborValue>);
  addInvalid(
    'body map keys in reverse order',
    withPair('body', mapFromPairs([...bodyPairs].reverse())),
    'ARX_PROTO_NOT_DETERMINISTIC',
  );
  addInvalid(
    'body as an indefinite-length map',
    withPair('body', mapFromPairs(bodyPairs, true)),
    'ARX_PROTO_NOT_DETERMINISTIC',
  );
}
addInvalid('seq 1 encoded in two bytes (18 01)', withPair('seq', head(0, 1, 1)), 'ARX_PROTO_NOT_DETERMINISTIC');
addInvalid(
  'kind text length in a one-byte argument (78 06) though 6 < 24',
  withPair('kind', concatBytes(head(3, 6, 1), utf8('report'))),
  'ARX_PROTO_NOT_DETERMINISTIC',
);
addInvalid(
  'kind as an indefinite-length text string',
  withPair(
    'kind',
    concatBytes(Uint8Array.of(0x7f, 0x63), utf8('rep'), Uint8Array.of(0x63), utf8('ort'), Uint8Array.of(0xff)),
  ),
  'ARX_PROTO_NOT_DETERMINISTIC',
);
addInvalid('ts as a float64 of the same value', withPair('ts', float64(TS)), 'ARX_PROTO_NOT_DETERMINISTIC');
addInvalid(
  'v as a float16 1.0 (f9 3c00)',
  withPair('v', Uint8Array.of(0xf9, 0x3c, 0x00)),
  'ARX_PROTO_NOT_DETERMINISTIC',
);
addInvalid(
  'ts wrapped in tag 1 (epoch time): payloads carry no tags',
  withPair('ts', concatBytes(Uint8Array.of(0xc1), encodeDeterministic(TS))),
  'ARX_PROTO_NOT_DETERMINISTIC',
);
{
  const seqPair = pairs.find(([k]) => toHex(k) === toHex(encodeDeterministic('seq')))!;
  const doubled = [...pairs, seqPair].sort((a, b) => Buffer.compare(a[0], b[0]));
  addInvalid('seq given twice (duplicate map key)', signed(mapFromPairs(doubled)), 'ARX_PROTO_NOT_DETERMINISTIC');
}
addInvalid(
  'payload ts above 2^53 - 1 (outside the integer range)',
  withPair('ts', head(0, 2 ** 53, 8)),
  'ARX_PROTO_NOT_DETERMINISTIC',
);
addInvalid('payload truncated inside the map', signed(mapFromPairs(pairs).subarray(0, 40)), 'ARX_PROTO_BAD_CBOR');
addInvalid(
  'payload followed by a second data item',
  signed(concatBytes(mapFromPairs(pairs), Uint8Array.of(0x00))),
  'ARX_PROTO_BAD_CBOR',
);
addInvalid(
  'payload with reserved additional information 28 in the value of "v"',
  signed(concatBytes(Uint8Array.of(0xa1, 0x61, 0x76, 0x1c), new Uint8Array(16))),
  'ARX_PROTO_BAD_CBOR',
);

// ------------------------------------------------------------------ invalid: payload structure

const top = payloadValue(r, draft1);
const report = bodies.report as unknown as Record<string, CborValue>;
const entryWith = (value: Record<string, CborValue | undefined>) => signed(encodeDeterministic(value));
const withBody = (body: Record<string, CborValue | undefined>, kind = 'report') => entryWith({ ...top, kind, body });
const listing = bodies.listing as unknown as Record<string, CborValue>;

addInvalid('unknown top-level field "x"', entryWith({ ...top, x: 1 }), 'ARX_PROTO_UNKNOWN_FIELD');
addInvalid(
  'unknown body field "severity" in a report',
  withBody({ ...report, severity: 3 }),
  'ARX_PROTO_UNKNOWN_FIELD',
);
addInvalid(
  'unknown field "peak" inside report.observed',
  withBody({ ...report, observed: { first: TS, last: TS, count: 1, peak: 5 } }),
  'ARX_PROTO_UNKNOWN_FIELD',
);
addInvalid('format version 2', entryWith({ ...top, v: 2 }), 'ARX_PROTO_BAD_VERSION');
addInvalid('payload is an array, not a map', signed(encodeDeterministic([1, r.publicKey])), 'ARX_PROTO_BAD_FIELD');
addInvalid('origin of 31 bytes', entryWith({ ...top, origin: r.publicKey.subarray(0, 31) }), 'ARX_PROTO_BAD_FIELD');
addInvalid('seq 0 (logs start at 1)', entryWith({ ...top, seq: 0 }), 'ARX_PROTO_BAD_FIELD');
addInvalid('negative ts', entryWith({ ...top, ts: -1 }), 'ARX_PROTO_BAD_FIELD');
addInvalid('ts as text', entryWith({ ...top, ts: String(TS) }), 'ARX_PROTO_BAD_FIELD');
addInvalid('report without category', withBody({ ...report, category: undefined }), 'ARX_PROTO_BAD_FIELD');
addInvalid(
  'report observed.last before observed.first',
  withBody({ ...report, observed: { first: TS, last: TS - 1, count: 1 } }),
  'ARX_PROTO_BAD_FIELD',
);
addInvalid('report confidence 101 (0..100)', withBody({ ...report, confidence: 101 }), 'ARX_PROTO_BAD_FIELD');
addInvalid(
  'note with a key that is not a BCP 47 tag',
  withBody({ ...report, note: { english: 'x' } }),
  'ARX_PROTO_BAD_FIELD',
);
addInvalid(
  'domain target in upper case',
  withBody({ ...report, about: { domain: 'Spam-Shop.example' } }),
  'ARX_PROTO_BAD_FIELD',
);
addInvalid(
  'detached roster body with an inline document as well',
  withBody({ ...detachedRosterBody(rosterDocumentFixture(), 1), document: new Uint8Array(1) }, 'roster'),
  'ARX_PROTO_UNKNOWN_FIELD',
);
addInvalid(
  'detached roster body with a 31-byte digest',
  withBody({ digest: new Uint8Array(31), size: 100, version: 1 }, 'roster'),
  'ARX_PROTO_BAD_FIELD',
);
addInvalid(
  'detached roster body of size 0',
  withBody({ digest: new Uint8Array(32), size: 0, version: 1 }, 'roster'),
  'ARX_PROTO_BAD_FIELD',
);
addInvalid(
  'ack status rejected without a reason',
  withBody({ report: fakeId('x'), status: 'rejected' }, 'ack'),
  'ARX_PROTO_BAD_FIELD',
);
addInvalid(
  'listing of a domain on an IP list',
  withBody({ list: 'spam-source', op: 'add', target: { domain: 'x.example' }, reason: 'spam.source' }, 'listing'),
  'ARX_PROTO_BAD_FIELD',
);
addInvalid(
  'seq 1 with a prev (the first entry has no predecessor)',
  entryWith({ ...top, prev: fakeId('p') }),
  'ARX_PROTO_BAD_CHAIN_LINK',
);
addInvalid('seq 2 with prev null', entryWith({ ...top, seq: 2, prev: null }), 'ARX_PROTO_BAD_CHAIN_LINK');
addInvalid('unknown kind "complaint"', entryWith({ ...top, kind: 'complaint' }), 'ARX_PROTO_UNKNOWN_KIND');
addInvalid('kind as an integer', entryWith({ ...top, kind: 1 }), 'ARX_PROTO_UNKNOWN_KIND');
addInvalid(
  'unknown report category "spam.unknown"',
  withBody({ ...report, category: 'spam.unknown' }),
  'ARX_PROTO_UNKNOWN_CODE',
);
addInvalid('unknown report source "honeypot"', withBody({ ...report, source: 'honeypot' }), 'ARX_PROTO_UNKNOWN_CODE');
addInvalid(
  'unknown ack status "done"',
  withBody({ report: fakeId('x'), status: 'done' }, 'ack'),
  'ARX_PROTO_UNKNOWN_CODE',
);
addInvalid('unknown list kind "rbl"', withBody({ ...listing, list: 'rbl' }, 'listing'), 'ARX_PROTO_UNKNOWN_CODE');
addInvalid(
  'code in the wrong letter case "Spam.Source"',
  withBody({ ...report, category: 'Spam.Source' }),
  'ARX_PROTO_UNKNOWN_CODE',
);
addInvalid(
  'IPv4 prefix 192.0.2.1/24: host bits set',
  withBody({ ...report, about: { ip: fromHex('c0000201'), len: 24 } }),
  'ARX_PROTO_HOST_BITS',
);
addInvalid(
  'IPv6 prefix 2001:db8::1/64: host bits set',
  withBody({ ...report, about: { ip: fromHex('20010db8000000000000000000000001'), len: 64 } }),
  'ARX_PROTO_HOST_BITS',
);
addInvalid(
  'address of 5 bytes',
  withBody({ ...report, about: { ip: fromHex('c000020100'), len: 32 } }),
  'ARX_PROTO_BAD_ADDRESS',
);
addInvalid(
  'IPv4-mapped IPv6 address (must be sent as 4 bytes)',
  withBody({ ...report, about: { ip: fromHex('00000000000000000000ffffc0000201'), len: 128 } }),
  'ARX_PROTO_BAD_ADDRESS',
);
addInvalid(
  'report about 127.0.0.1, which a DNSBL must never list (RFC 5782 §5)',
  withBody({ ...report, about: { ip: fromHex('7f000001'), len: 32 } }),
  'ARX_PROTO_RESERVED_TARGET',
);
addInvalid(
  'listing of 127.0.0.2, the test entry every DNSBL answers by itself (RFC 5782 §5)',
  withBody({ ...listing, target: { ip: fromHex('7f000002'), len: 32 } }, 'listing'),
  'ARX_PROTO_RESERVED_TARGET',
);
addInvalid(
  'listing of 0.0.0.0/0, which covers 127.0.0.1',
  withBody({ ...listing, target: { ip: fromHex('00000000'), len: 0 } }, 'listing'),
  'ARX_PROTO_RESERVED_TARGET',
);
addInvalid(
  'spamvertised-site listing of the domain INVALID (RFC 5782 §5)',
  withBody(
    { list: 'spamvertised-site', op: 'add', target: { domain: 'invalid' }, reason: 'site.spamvertised' },
    'listing',
  ),
  'ARX_PROTO_RESERVED_TARGET',
);
{
  // Exactly one byte over the limit, otherwise a well-formed report with a valid signature.
  const languages = ['en', 'zh', 'ja', 'ko', 'fr'];
  const big = (n: number) => ({
    ...top,
    body: {
      ...report,
      evidence: { headers: 'h'.repeat(n) },
      note: Object.fromEntries(languages.map((l) => [l, '垃'.repeat(4096)])),
    },
  });
  // The headers' length head keeps its size for any guess above 255.
  const n = 1000 + 65_537 - encodeDeterministic(big(1000)).length;
  const bytes = encodeDeterministic(big(n));
  if (bytes.length !== 65_537) throw new Error(`oversize payload is ${bytes.length} bytes`);
  addInvalid('payload of 65537 bytes, one over the 64 KiB limit', signed(bytes), 'ARX_PROTO_TOO_LARGE');
}

// ------------------------------------------------------------------ invalid: signatures

addInvalid(
  'signature with one bit of S flipped',
  encodeSign1(payload, concatBytes(sig.subarray(0, 32), Uint8Array.of(sig[32]! ^ 1), sig.subarray(33))),
  'ARX_PROTO_BAD_SIGNATURE',
);
addInvalid(
  'signature with one bit of R flipped',
  encodeSign1(payload, concatBytes(Uint8Array.of(sig[0]! ^ 2), sig.subarray(1))),
  'ARX_PROTO_BAD_SIGNATURE',
);
addInvalid(
  'signed by another key than origin',
  encodeSign1(payload, nobleEd25519.sign(sign1Message(payload), p.secretKey)),
  'ARX_PROTO_BAD_SIGNATURE',
);
addInvalid(
  'payload changed after signing (ts + 1), signature kept',
  encodeSign1(encodeDeterministic({ ...top, ts: TS + 1 }), sig),
  'ARX_PROTO_BAD_SIGNATURE',
);
addInvalid(
  'signature over the bare payload instead of the Sig_structure',
  encodeSign1(payload, nobleEd25519.sign(payload, r.secretKey)),
  'ARX_PROTO_BAD_SIGNATURE',
);
addInvalid(
  'R is not the encoding of a curve point',
  encodeSign1(payload, concatBytes(notOnCurve(), sig.subarray(32))),
  'ARX_PROTO_BAD_SIGNATURE',
);
addInvalid('all-zero signature', encodeSign1(payload, new Uint8Array(64)), 'ARX_PROTO_BAD_SIGNATURE');
addInvalid(
  'R is the identity (small order) and S = k·a, so [S]B = R + [k]A holds: a small-order R is refused',
  encodeSign1(payload, signWithR(smallOrderPoints()[0]!, 0n, secretScalar(r), r.publicKey, sign1Message(payload))),
  'ARX_PROTO_BAD_SIGNATURE',
);
addInvalid(
  'R = rB + T with T of order 8: valid under the cofactored equation only (cofactorless is required)',
  encodeSign1(payload, torsionedRSignature(r, sign1Message(payload), 'torsion-r')),
  'ARX_PROTO_BAD_SIGNATURE',
);
{
  const mixedPayload = encodeDeterministic({ ...top, origin: mixedOrderKey(keys.outsider) });
  addInvalid(
    'key of mixed order (aB + T) with a signature where 8 does not divide k: valid under the cofactored equation only',
    encodeSign1(mixedPayload, mixedOrderSignature(keys.outsider, sign1Message(mixedPayload), false, 'mixed-invalid')),
    'ARX_PROTO_BAD_SIGNATURE',
  );
}
addInvalid(
  'S + L: the same signature with a non-canonical scalar (S >= L)',
  encodeSign1(payload, withNonCanonicalS(sig)),
  'ARX_PROTO_NON_CANONICAL_SIGNATURE',
);
addInvalid(
  'S = 2^253 - 1 (top three bits clear, still >= L)',
  encodeSign1(payload, concatBytes(sig.subarray(0, 32), numberToLE(2n ** 253n - 1n))),
  'ARX_PROTO_NON_CANONICAL_SIGNATURE',
);
const nonCanonical = [
  ['y = p + 1 (non-canonical encoding of the identity)', nonCanonicalY(1n)],
  ['the identity with the sign bit set (x = 0, x_0 = 1)', IDENTITY_WITH_SIGN_BIT],
] as const;
for (const [label, rBytes] of nonCanonical) {
  // R is the identity written non-canonically and S = k·a: [S]B = R + [k]A holds when R is decoded leniently.
  addInvalid(
    `R is ${label}; lenient decoders accept the signature`,
    encodeSign1(payload, signWithR(rBytes, 0n, secretScalar(r), r.publicKey, sign1Message(payload))),
    'ARX_PROTO_NON_CANONICAL_KEY',
  );
}
for (const [label, origin] of nonCanonical) {
  const keyPayload = encodeDeterministic({ ...top, origin });
  addInvalid(
    `origin key is ${label}, signature valid under lenient decoding`,
    encodeSign1(keyPayload, smallOrderKeySignature(origin, sign1Message(keyPayload), `noncanon-${label}`)),
    'ARX_PROTO_NON_CANONICAL_KEY',
  );
}
{
  const points = smallOrderPoints();
  const smallOrder = [
    ['the identity (order 1)', points[0]!],
    ['a point of order 2 (y = p - 1)', points[4]!],
    ['a point of order 4 (y = 0)', points[2]!],
    ['a point of order 8', points[1]!],
  ] as const;
  for (const [label, origin] of smallOrder) {
    const keyPayload = encodeDeterministic({ ...top, origin });
    addInvalid(
      `origin key is ${label}, with a signature OpenSSL accepts`,
      encodeSign1(keyPayload, smallOrderKeySignature(origin, sign1Message(keyPayload), `small-${label}`)),
      'ARX_PROTO_SMALL_ORDER_KEY',
    );
  }
}
addInvalid(
  'origin key is not a curve point',
  encodeSign1(encodeDeterministic({ ...top, origin: notOnCurve() }), sig),
  'ARX_PROTO_BAD_KEY',
);

// ------------------------------------------------------------------ detached evidence

interface EvidenceCase {
  comment: string;
  envelope_hex: string;
  /** The evidence bytes sent beside the entry, or null for an entry sent without them. */
  evidence_hex: string | null;
  /** The id for a valid case; the refusal code for an invalid one. */
  id_hex?: string;
  error?: string;
}

const evidenceCases: { valid: EvidenceCase[]; invalid: EvidenceCase[] } = { valid: [], invalid: [] };

/** Checks a case against the implementation before it is written (as addValid/addInvalid do). */
function addEvidenceCase(comment: string, envelope: Uint8Array, evidence: Uint8Array | null, error?: string): void {
  const checked = tryVerifyEntry(envelope, nobleEd25519);
  if (!checked.ok) throw new Error(`evidence case "${comment}": entry refused: ${checked.error.message}`);
  let got = 'accepted';
  try {
    if (evidence) attachEvidence(checked.entry, evidence);
  } catch (e) {
    got = (e as { code?: string }).code ?? String(e);
  }
  if (got !== (error ?? 'accepted')) throw new Error(`evidence case "${comment}": got ${got}`);
  const base = { comment, envelope_hex: toHex(envelope), evidence_hex: evidence && toHex(evidence) };
  if (error) evidenceCases.invalid.push({ ...base, error });
  else evidenceCases.valid.push({ ...base, id_hex: checked.entry.idHex });
}

const withEvidence = detachEvidence({
  about: parsePrefix('192.0.2.66'),
  category: 'spam.source',
  observed: { first: TS - 60_000, last: TS, count: 1 },
  source: 'fbl',
  evidence: {
    arf: { 'feedback-type': 'abuse', 'original-rcpt-to': 'redacted@mail.example' },
    headers: 'Subject: Cheap pills\nFrom: sender@spam.example',
  },
});
const committing = next(r, 'report', withEvidence.body);
addValid('report committing to detached evidence by evidenceDigest (the evidence travels beside it)', committing);
addEvidenceCase('report with its detached evidence (SHA-256 of the evidence equals evidenceDigest)', committing, withEvidence.evidence!);
addEvidenceCase(
  'the same report without its evidence: still valid, same id (after retention deleted it)',
  committing,
  null,
);
const tampered = withEvidence.evidence!.slice();
tampered[tampered.length - 1] ^= 1;
addEvidenceCase('evidence that does not match the digest its report commits to', committing, tampered, 'ARX_PROTO_EVIDENCE_MISMATCH');
addEvidenceCase(
  'evidence sent with a report that commits to none',
  fromHex(valid[0]!.envelope_hex),
  withEvidence.evidence!,
  'ARX_PROTO_EVIDENCE_UNCOMMITTED',
);
{
  // A body with both inline evidence and a commitment is refused by the body check.
  const both = { ...bodies.report, evidence: { format: 'arf' }, evidenceDigest: new Uint8Array(32) };
  const payload = encodeDeterministic({ v: 1, origin: r.publicKey, seq: 1, prev: null, ts: TS, kind: 'report', body: both } as never);
  addInvalid(
    'report with both inline evidence and evidenceDigest',
    encodeSign1(payload, nobleEd25519.sign(sign1Message(payload), r.secretKey)),
    'ARX_PROTO_BAD_FIELD',
  );
}

// ------------------------------------------------------------------ write

const dir = new URL('.', import.meta.url);
const entries = {
  comment:
    'ARX entry vectors (docs/protocol.md, "Test vectors"). Each valid envelope must verify with the given id (SHA-256 of the payload), origin and kind; each invalid one must be refused with the given error code.',
  valid,
  invalid,
  evidence: {
    comment:
      'Detached evidence: each valid case is an entry and the evidence bytes sent beside it (or none); the evidence must be accepted and the entry keep the given id. Each invalid case must be refused with the given error code.',
    ...evidenceCases,
  },
};
writeFileSync(new URL('entries.json', dir), `${JSON.stringify(entries, null, 2)}\n`);
writeFileSync(new URL('roster.json', dir), `${JSON.stringify(rosterVectors(backends), null, 2)}\n`);
console.log(`entries.json: ${valid.length} valid, ${invalid.length} invalid`);

/**
 * Generates protocol/test/vectors/frames.json: frame-level vectors another
 * implementation can replay (docs/protocol.md "Test vectors", docs/conformance.md).
 * Deterministic: fixed seeds, fixed challenges, fixed timestamps.
 *
 *   node --import tsx protocol/test/vectors/generate-frames.ts
 *
 * The expected node behaviour (`ok` replies, what catch-up streams, which entries a
 * filter matches) is written here by hand from the spec, not computed by the node;
 * node/test/frame-vectors.test.ts replays it against a real node.
 */
import { writeFileSync } from 'node:fs';
import {
  type BodyByKind,
  createRosterDocument,
  type EntryKind,
  encodeDeterministic,
  encodeFrame,
  type Frame,
  formatPrefix,
  fromHex,
  type IpPrefix,
  type KeyPair,
  linkAuthMessage,
  nobleEd25519,
  parsePrefix,
  signEntry,
  toHex,
  type VerifiedEntry,
} from '@arx/protocol';
import { fakeId, keys, rosterFixture, seededKeys, TS } from '../fixtures.ts';

/** The node that replays the vectors: an observer member of the vector roster. */
const hub = seededKeys('hub');
const roster = rosterFixture(1);
const rosterDocument = createRosterDocument(
  {
    ...roster,
    members: [
      ...roster.members,
      {
        key: hub.publicKey,
        handle: 'hub',
        names: { en: 'Replay node' },
        roles: ['observer'],
        netblocks: [],
        contacts: { abuse: ['abuse@hub.example'] },
      },
    ],
  },
  [keys.steward1, keys.steward2],
  nobleEd25519,
);

const hex = (frame: Frame | readonly unknown[]) => toHex(encodeFrame(frame as Frame));

/** One origin's chain. */
function chain(signer: KeyPair) {
  let seq = 0;
  let prev: Uint8Array | null = null;
  return <K extends EntryKind>(kind: K, body: BodyByKind[K]): VerifiedEntry<K> => {
    const entry = signEntry({ seq: ++seq, prev, ts: TS + seq * 1000, kind, body }, signer, nobleEd25519);
    prev = entry.id;
    return entry;
  };
}

const report = (about: string): BodyByKind['report'] => ({
  about: parsePrefix(about),
  category: 'spam.source',
  observed: { first: TS - 60_000, last: TS, count: 3 },
  source: 'fbl',
});

const mailbox = chain(keys.reporter);
const isp = chain(keys.provider);
const list = chain(keys.listOperator);
const E0 = mailbox('report', report('192.0.2.25'));
const E1 = mailbox('report', report('198.51.100.9'));
const E2 = mailbox('report', report('2001:db8::1'));
const E3 = mailbox('report', report('192.0.2.77'));
const E4 = isp('ack', { report: E0.id, status: 'resolved', action: 'port25-blocked' });
const E5 = list('listing', {
  list: 'spam-source',
  op: 'add',
  target: parsePrefix('198.51.100.0/24'),
  reason: 'spam.source',
});
const E6 = isp('ack', { report: E1.id, status: 'received' });
const E7 = list('delist-decision', { request: fakeId('a request not held'), decision: 'granted' });
// A second entry at mailbox seq 1: a fork.
const E8 = signEntry({ seq: 1, prev: null, ts: TS + 500, kind: 'report', body: report('192.0.2.99') }, keys.reporter);
// A key that is not in the roster.
const E9 = signEntry({ seq: 1, prev: null, ts: TS, kind: 'report', body: report('192.0.2.1') }, keys.outsider);
const entries: [VerifiedEntry, string][] = [
  [E0, 'mailbox seq 1: report about 192.0.2.25 (isp’s netblock)'],
  [E1, 'mailbox seq 2: report about 198.51.100.9 (claimed by no member)'],
  [E2, 'mailbox seq 3: report about 2001:db8::1 (isp’s netblock)'],
  [E3, 'mailbox seq 4: report about 192.0.2.77 (isp’s netblock)'],
  [E4, 'isp seq 1: ack of E0, resolved'],
  [E5, 'list seq 1: listing of 198.51.100.0/24 on spam-source'],
  [E6, 'isp seq 2: ack of E1, about space isp does not claim'],
  [E7, 'list seq 2: delisting decision on a request the node does not hold'],
  [E8, 'mailbox seq 1 again, a different entry: a fork of E0'],
  [E9, 'an entry by a key outside the roster'],
];

const origin = { mailbox: keys.reporter.publicKey, isp: keys.provider.publicKey, list: keys.listOperator.publicKey };

// The handshake: isp dials list; both send hello at once, then each signs the other's challenge.
const challengeA = fakeId('challenge of the dialler');
const challengeB = fakeId('challenge of the listener');
const authA = linkAuthMessage(keys.provider.publicKey, challengeA, keys.listOperator.publicKey, challengeB);
const authB = linkAuthMessage(keys.listOperator.publicKey, challengeB, keys.provider.publicKey, challengeA);
const handshake = {
  comment:
    'isp (a) dials list (b). Each hello carries the sender’s key and a fresh challenge; each auth signs link-auth-message = "ARX-LINK-AUTH-v1" ‖ signer key ‖ signer challenge ‖ peer key ‖ peer challenge with Ed25519 (deterministic, RFC 8032), so these bytes are exact.',
  a: { seed_hex: toHex(keys.provider.secretKey), key_hex: toHex(keys.provider.publicKey), challenge_hex: toHex(challengeA) },
  b: {
    seed_hex: toHex(keys.listOperator.secretKey),
    key_hex: toHex(keys.listOperator.publicKey),
    challenge_hex: toHex(challengeB),
  },
  auth_message_a_hex: toHex(authA),
  auth_message_b_hex: toHex(authB),
  transcript: [
    { from: 'a', frame_hex: hex(['hello', { v: 1, key: keys.provider.publicKey, challenge: challengeA, agent: 'vectors' }]) },
    {
      from: 'b',
      frame_hex: hex(['hello', { v: 1, key: keys.listOperator.publicKey, challenge: challengeB, agent: 'vectors' }]),
    },
    { from: 'a', frame_hex: hex(['auth', { sig: nobleEd25519.sign(authA, keys.provider.secretKey) }]) },
    { from: 'b', frame_hex: hex(['auth', { sig: nobleEd25519.sign(authB, keys.listOperator.secretKey) }]) },
  ],
};

/** An `ok` the node must send; `detail_code` is the code before the colon of the detail ("" when none). */
const ok = (
  comment: string,
  send: number | string,
  id: VerifiedEntry | null,
  accepted: boolean,
  reason: string,
  detailCode: string,
  effect: { outcome: string; reason?: string } | null,
) => ({
  comment,
  send: typeof send === 'number' ? { entry: send } : { bytes_hex: send },
  expect: { id_hex: id ? id.idHex : null, accepted, reason, detail_code: detailCode, effect },
  ...(effect
    ? { frame_hex: hex(['ok', id?.id ?? null, accepted, reason, '', effect]) }
    : detailCode === ''
      ? { frame_hex: hex(['ok', id?.id ?? null, accepted, reason, '']) }
      : {}),
});

const okScript = [
  ok('a new entry that applies', 0, E0, true, 'accepted', '', { outcome: 'applied' }),
  ok('the same entry again', 0, E0, true, 'duplicate', '', null),
  ok('seq 4 while the head is 1: held, seqs 2..3 missing', 3, E3, false, 'gap', 'ARX_NODE_GAP', null),
  ok('seq 2 fills part of the gap', 1, E1, true, 'accepted', '', { outcome: 'applied' }),
  ok('seq 3 fills the gap; the held seq 4 is stored after it without an ok of its own', 2, E2, true, 'accepted', '', {
    outcome: 'applied',
  }),
  ok('an ack by the responsible member', 4, E4, true, 'accepted', '', { outcome: 'applied' }),
  ok('an ack about space the acking member does not claim: stored, no effect', 6, E6, true, 'accepted', '', {
    outcome: 'no-effect',
    reason: 'not-responsible',
  }),
  ok('a listing', 5, E5, true, 'accepted', '', { outcome: 'applied' }),
  ok('a decision on a request not held yet: pending', 7, E7, true, 'accepted', '', {
    outcome: 'pending',
    reason: 'reference-not-yet-held',
  }),
  ok('a different entry at a held seq', 8, E8, false, 'fork', 'ARX_NODE_FORK', null),
  ok('a non-member: refused, but the entry parsed, so ok names it', 9, E9, false, 'not-member', 'ARX_NODE_NOT_MEMBER', null),
  ok('bytes that are not an entry: refused with a null id', toHex(new Uint8Array([1, 2, 3])), null, false, 'invalid', 'ARX_PROTO_NOT_COSE_SIGN1', null),
];

function readable(value: unknown): unknown {
  if (value instanceof Uint8Array) return toHex(value);
  if (Array.isArray(value)) return value.map(readable);
  if (value && typeof value === 'object' && 'ip' in value) return formatPrefix(value as IpPrefix);
  return value;
}

const seqs = (name: keyof typeof origin, ...list: number[]) => ({ origin_hex: toHex(origin[name]), seqs: list });

/** Frame bytes a decoder must refuse (any frame shape would do; these are `horizon`'s). */
const raw = (items: readonly unknown[]) => toHex(encodeDeterministic(items as never));

const horizon = {
  comment:
    'The `horizon` frame (link protocol 3, docs/protocol.md "Horizon"). `frames` decode to the stated origin and floor and re-encode to their bytes; `invalid` are refused with the stated error code. `replay`: a node holding entries 0..7 applies its horizon with every entry past it (the rule is in docs/operator-guide.md "The horizon"): the resolved report E0 carries no live state and is deleted, and its ack E4 with it; E1..E3 are open reports and stay. So mailbox’s log is held from seq 2, and a peer of link protocol 3 that sends `want_hex` receives `horizon_hex` before any entry of mailbox, then exactly `expect`.',
  frames: [
    { comment: 'mailbox’s log held from seq 2', origin_hex: toHex(origin.mailbox), floor: 2 },
    { comment: 'the largest floor', origin_hex: toHex(origin.isp), floor: Number.MAX_SAFE_INTEGER },
  ].map((f) => ({ ...f, frame_hex: hex(['horizon', fromHex(f.origin_hex), f.floor]) })),
  invalid: [
    {
      comment: 'floor 1: a log held from seq 1 has no floor to state',
      frame_hex: raw(['horizon', origin.mailbox, 1]),
      error: 'ARX_PROTO_BAD_FIELD',
    },
    {
      comment: 'an origin of 31 bytes',
      frame_hex: raw(['horizon', origin.mailbox.subarray(0, 31), 2]),
      error: 'ARX_PROTO_BAD_FIELD',
    },
    { comment: 'no floor', frame_hex: raw(['horizon', origin.mailbox]), error: 'ARX_PROTO_BAD_FRAME' },
    { comment: 'an item too many', frame_hex: raw(['horizon', origin.mailbox, 2, 3]), error: 'ARX_PROTO_BAD_FRAME' },
  ],
  replay: {
    deleted: [0, 4],
    want_hex: hex(['want', origin.mailbox, 1, 4]),
    horizon_hex: hex(['horizon', origin.mailbox, 2]),
    expect: [seqs('mailbox', 2, 3, 4)],
  },
};

const vectors = {
  comment:
    'Frame-level vectors (docs/conformance.md). A replaying node is the member "hub" of roster_hex (its seed is hub_seed_hex). `entries` are in the order they are referred to; `ok_script` is sent in order to a fresh node on one connection; `catchup` and `filters` run against a node holding entries 0..7.',
  roster_hex: toHex(rosterDocument),
  hub_seed_hex: toHex(hub.secretKey),
  entries: entries.map(([e, comment]) => ({ comment, envelope_hex: toHex(e.bytes), id_hex: e.idHex })),
  handshake,
  ok_script: okScript,
  catchup: [
    {
      comment:
        'a peer that holds mailbox up to 2 (head E1) and isp up to 2 (head E6) receives exactly what it lacks, in seq order per origin',
      frame_hex: hex([
        'have',
        [
          [origin.mailbox, 2, E1.id],
          [origin.isp, 2, E6.id],
        ],
      ]),
      expect: [seqs('mailbox', 3, 4), seqs('list', 1, 2)],
    },
    {
      comment: 'then `want` mailbox 1..2: exactly those two, nothing after them',
      frame_hex: hex(['want', origin.mailbox, 1, 2]),
      expect: [seqs('mailbox', 1, 2)],
    },
  ],
  horizon,
  filters: [
    { comment: 'kinds: reports only', filter: { kinds: ['report'] }, matches: [0, 1, 2, 3] },
    { comment: 'origins: one member’s entries', filter: { origins: [origin.isp] }, matches: [4, 6] },
    {
      comment: 'responsible: entries about a member’s netblocks, acks by the report’s address',
      filter: { responsible: origin.isp },
      matches: [0, 2, 3, 4],
    },
    {
      comment: 'about: entries whose subject overlaps the prefix (inside it or containing it)',
      filter: { about: [parsePrefix('198.51.100.0/24')] },
      matches: [1, 5, 6],
    },
    { comment: 'about, IPv6', filter: { about: [parsePrefix('2001:db8::/32')] }, matches: [2] },
    {
      comment: 'every present field must match',
      filter: { kinds: ['report'], about: [parsePrefix('192.0.2.0/24')] },
      matches: [0, 3],
    },
    { comment: 'kinds: any of these', filter: { kinds: ['listing', 'delist-decision'] }, matches: [5, 7] },
  ].map((f, i) => ({
    comment: f.comment,
    // Readable form of the filter: keys as hex, prefixes as CIDR; sub_hex is the frame.
    filter: Object.fromEntries(
      Object.entries(f.filter).map(([k, v]) => [k, readable(v)]),
    ),
    sub_hex: hex(['sub', `f${i}`, { ...f.filter, since: 0 }]),
    matches: f.matches,
  })),
};

writeFileSync(new URL('frames.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
console.log(`frames.json: ${vectors.entries.length} entries, ${okScript.length} ok cases, ${vectors.filters.length} filters`);

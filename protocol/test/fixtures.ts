/**
 * Shared test fixtures: keys from fixed seeds, a typical body for every kind, and a
 * small roster. Used by the tests and by vectors/generate.ts, so everything here is
 * deterministic (Ed25519 signing is deterministic, RFC 8032 §5.1.6).
 */

import {
  type BodyByKind,
  createRosterDocument,
  type EntryKind,
  type KeyPair,
  keyPairFromSecret,
  nobleEd25519,
  parsePrefix,
  type Roster,
} from '@arx/protocol';
import { sha256 } from '@noble/hashes/sha2.js';

const utf8 = new TextEncoder();

/** A key pair whose seed is SHA-256("arx-test/" + label). */
export function seededKeys(label: string): KeyPair {
  return keyPairFromSecret(sha256(utf8.encode(`arx-test/${label}`)), nobleEd25519);
}

/** A 32-byte value standing in for an entry id or digest. */
export function fakeId(label: string): Uint8Array {
  return sha256(utf8.encode(`arx-test-id/${label}`));
}

export const keys = {
  reporter: seededKeys('reporter'),
  provider: seededKeys('provider'),
  listOperator: seededKeys('list-operator'),
  observer: seededKeys('observer'),
  outsider: seededKeys('outsider'),
  steward1: seededKeys('steward-1'),
  steward2: seededKeys('steward-2'),
  steward3: seededKeys('steward-3'),
  steward4: seededKeys('steward-4'),
};

/** 2025-11-24T16:00:00Z, the timestamp every fixture entry carries. */
export const TS = 1_764_000_000_000;

/** A typical body for every kind. */
export const bodies: { [K in EntryKind]: BodyByKind[K] } = {
  report: {
    about: parsePrefix('192.0.2.25'),
    category: 'spam.source',
    observed: { first: TS - 3_600_000, last: TS - 60_000, count: 42 },
    source: 'fbl',
    confidence: 90,
    evidence: {
      arf: { 'feedback-type': 'abuse', 'user-agent': 'ExampleFBL/1.0', 'source-ip': '192.0.2.25' },
      digest: fakeId('sample-message'),
      format: 'arf',
    },
    note: { en: 'Complaints from our feedback loop', 'zh-CN': '来自反馈环的投诉' },
  },
  ack: { report: fakeId('report'), status: 'resolved', action: 'port25-blocked' },
  listing: {
    list: 'spam-source',
    op: 'add',
    target: parsePrefix('198.51.100.0/24'),
    reason: 'spam.source',
    evidence: [fakeId('report')],
    expires: TS + 7 * 86_400_000,
  },
  'delist-request': { listing: fakeId('listing'), remediation: ['port25-blocked', 'customer-notified'] },
  'delist-decision': { request: fakeId('delist-request'), decision: 'granted' },
  profile: {
    contacts: { abuse: ['abuse@example.net'], escalation: ['noc@example.net'] },
    languages: ['zh-CN', 'en'],
    dynamic: [parsePrefix('203.0.113.0/25')],
    endpoints: ['wss://arx.example.net/ws'],
  },
  notice: {
    topic: 'help',
    urgency: 'normal',
    text: { en: 'Who handles 203.0.113.0/24?', 'zh-CN': '谁负责 203.0.113.0/24？' },
  },
  retract: { entry: fakeId('report'), reason: 'mistaken' },
  receipt: { holdings: [{ origin: seededKeys('reporter').publicKey, seq: 2, head: fakeId('head') }] },
  roster: { document: new Uint8Array(0) },
};

/** Roster version `version` with stewards 1-3 (threshold 2) unless told otherwise. */
export function rosterFixture(version: number, overrides: Partial<Roster> = {}): Roster {
  return {
    v: 1,
    version,
    issued: TS,
    threshold: 2,
    stewards: [keys.steward1.publicKey, keys.steward2.publicKey, keys.steward3.publicKey],
    members: [
      {
        key: keys.reporter.publicKey,
        handle: 'mailbox',
        names: { en: 'Example Mailbox Provider', 'zh-CN': '示例邮箱服务商' },
        roles: ['reporter'],
        netblocks: [],
        contacts: { abuse: ['abuse@mailbox.example'] },
      },
      {
        key: keys.provider.publicKey,
        handle: 'isp',
        names: { en: 'Example ISP', 'zh-CN': '示例运营商' },
        roles: ['provider'],
        netblocks: [parsePrefix('192.0.2.0/24'), parsePrefix('2001:db8::/32')],
        contacts: { abuse: ['abuse@isp.example'], escalation: ['noc@isp.example'] },
        languages: ['zh-CN', 'en'],
        endpoint: 'wss://arx.isp.example/ws',
      },
      {
        key: keys.listOperator.publicKey,
        handle: 'list',
        names: { en: 'Example Blocklist' },
        roles: ['list-operator', 'reporter'],
        netblocks: [],
        contacts: { abuse: ['listmaster@list.example'] },
      },
    ],
    name: { en: 'Example federation', 'zh-CN': '示例联盟' },
    ...overrides,
  };
}

/** A roster document signed by stewards 1 and 2, for the body of a `roster` entry. */
export function rosterDocumentFixture(): Uint8Array {
  return createRosterDocument(rosterFixture(1), [keys.steward1, keys.steward2], nobleEd25519);
}

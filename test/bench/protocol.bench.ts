/**
 * @arx/protocol on a typical report entry: sign, verify (OpenSSL and noble backends),
 * encode and decode, each beside the raw rate of the primitive underneath, measured in
 * the same run:
 *
 *   protocol.sign            signEntry (encode, validate, sign)      vs node:crypto sign, cached KeyObject
 *   protocol.verify.openssl  verifyEntry with node:crypto           vs node:crypto verify, cached KeyObject
 *   protocol.verify.noble    verifyEntry with @noble/ed25519        vs @noble/ed25519 verify
 *   protocol.encode          encodeDeterministic of the payload     vs cbor-x encode of the same value
 *   protocol.decode          parseEntry (envelope, CBOR, determinism
 *                            check, validation, SHA-256 id)         vs cbor-x decode of the payload bytes
 *
 * Run alone: node --import tsx test/bench/protocol.bench.ts
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import {
  type CborValue,
  type EntryDraft,
  encodeDeterministic,
  keyPairFromSecret,
  nobleEd25519,
  parseEntry,
  parsePrefix,
  sign1Message,
  signEntry,
  verifyEntry,
} from '@arx/protocol';
import { nodeEd25519 } from '@arx/protocol/node-crypto';
import { type BenchResult, compareRates, formatResult, result } from './lib.ts';

// The raw primitives come from the protocol package's own dependencies.
const fromProtocol = createRequire(new URL('../../protocol/package.json', import.meta.url));
const load = async <T>(name: string) => (await import(pathToFileURL(fromProtocol.resolve(name)).href)) as T;
type Hash = (message: Uint8Array) => Uint8Array;
const ed = await load<{
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array, options: { zip215: boolean }): boolean;
  hashes: { sha512?: Hash };
}>('@noble/ed25519');
ed.hashes.sha512 ??= (await load<{ sha512: Hash }>('@noble/hashes/sha2.js')).sha512;
const cborx = fromProtocol('cbor-x') as {
  Encoder: new (options: object) => { encode(value: unknown): Uint8Array };
  Decoder: new (options: object) => { decode(bytes: Uint8Array): unknown };
};

const TS = 1_764_000_000_000;
const keys = keyPairFromSecret(createHash('sha256').update('arx-bench/reporter').digest());

/** A report as a mailbox provider's feedback loop produces them. */
const draft: EntryDraft<'report'> = {
  seq: 1_234_567,
  prev: createHash('sha256').update('previous entry').digest(),
  ts: TS,
  kind: 'report',
  body: {
    about: parsePrefix('198.51.100.23'),
    category: 'spam.source',
    observed: { first: TS - 3_600_000, last: TS - 5_000, count: 17 },
    source: 'fbl',
    confidence: 90,
    evidence: {
      arf: {
        'feedback-type': 'abuse',
        'user-agent': 'ExampleFBL/2.1',
        'source-ip': '198.51.100.23',
        'arrival-date': 'Mon, 24 Nov 2025 15:59:55 +0000',
        'reported-domain': 'example.com',
      },
      digest: createHash('sha256').update('message').digest(),
      format: 'arf',
    },
    note: { en: 'Complaints from our feedback loop', 'zh-CN': '来自反馈环的投诉' },
  },
};

export async function run(): Promise<BenchResult[]> {
  const entry = signEntry(draft, keys, nodeEd25519);
  const message = sign1Message(entry.payloadBytes);
  const payloadValue = { v: 1, origin: keys.publicKey, ...draft } as unknown as CborValue;
  const out: BenchResult[] = [];
  // Many short alternating rounds: a burst of load elsewhere on the machine hits figure and baseline alike.
  const opts = { rounds: 7, roundMs: 300 };

  const privateKey = createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), keys.secretKey]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey);

  const signing = compareRates(
    () => signEntry(draft, keys, nodeEd25519),
    () => sign(null, message, privateKey),
    opts,
  );
  out.push(result('protocol.sign', signing.figure, 'ops/s', 'node:crypto Ed25519 sign', signing.baseline));

  const openssl = compareRates(
    () => verifyEntry(entry.bytes, nodeEd25519),
    () => verify(null, message, publicKey, entry.signature),
    opts,
  );
  out.push(result('protocol.verify.openssl', openssl.figure, 'ops/s', 'node:crypto Ed25519 verify', openssl.baseline));

  const noble = compareRates(
    () => verifyEntry(entry.bytes, nobleEd25519),
    () => ed.verify(entry.signature, message, keys.publicKey, { zip215: false }),
    { rounds: 5, roundMs: 500 },
  );
  out.push(result('protocol.verify.noble', noble.figure, 'ops/s', '@noble/ed25519 verify', noble.baseline));

  const encoder = new cborx.Encoder({ useRecords: false, mapsAsObjects: true });
  const encoding = compareRates(
    () => encodeDeterministic(payloadValue),
    () => encoder.encode(payloadValue),
    opts,
  );
  out.push(result('protocol.encode', encoding.figure, 'ops/s', 'cbor-x encode', encoding.baseline));

  const decoder = new cborx.Decoder({ mapsAsObjects: true, useRecords: false, int64AsNumber: true });
  const decoding = compareRates(
    () => parseEntry(entry.bytes),
    () => decoder.decode(entry.payloadBytes),
    opts,
  );
  out.push(result('protocol.decode', decoding.figure, 'ops/s', 'cbor-x decode', decoding.baseline));

  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await run()) console.log(formatResult(r));
}

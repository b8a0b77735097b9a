#!/usr/bin/env node
// Protocol round trip: sign a report, verify it with both Ed25519 implementations.
import * as arx from '@arx/protocol';

const keys = arx.generateKeyPair();
const now = Date.now();
const entry = arx.signEntry(
  {
    seq: 1,
    prev: null,
    ts: now,
    kind: 'report',
    body: {
      about: arx.parsePrefix('192.0.2.25'),
      category: 'spam.source',
      observed: { first: now - 3_600_000, last: now, count: 12 },
      source: 'fbl',
    },
  },
  keys,
);
console.log(`origin   ${arx.formatKeyId(keys.publicKey)}`);
console.log(`entry id ${entry.idHex} (${entry.bytes.length} bytes)`);
for (const backend of [arx.defaultEd25519, arx.nobleEd25519]) {
  const verified = arx.verifyEntry(entry.bytes, backend);
  const category = verified.payload.kind === 'report' ? verified.payload.body.category : '';
  console.log(
    `verified with ${backend.name}: ${arx.describeCode(arx.REPORT_CATEGORIES, category, 'en')} / ${arx.describeCode(arx.REPORT_CATEGORIES, category, 'zh-CN')}`,
  );
}

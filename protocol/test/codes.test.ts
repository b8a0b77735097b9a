import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  ARF_FEEDBACK_TYPES,
  CODE_TABLES,
  type CodeTable,
  type CodeTableName,
  DISPLAY_LANGUAGES,
  describeCode,
  displayLanguage,
  isCode,
  LIST_KINDS,
  REPORT_CATEGORIES,
} from '@arx/protocol';

const protocolDoc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');

/** The rows of the markdown table under `### \`name\`` in the "Code tables" section. */
function documentedTable(name: string): string[][] {
  const section = protocolDoc.slice(protocolDoc.indexOf('## Code tables'));
  const start = section.indexOf(`### \`${name}\``);
  assert.ok(start >= 0, `docs/protocol.md has no code table for ${name}`);
  const rows: string[][] = [];
  for (const line of section.slice(start).split('\n').slice(1)) {
    if (line.startsWith('### ')) break;
    if (!line.startsWith('| `')) continue;
    rows.push(
      line
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
  }
  return rows;
}

test('every code table of the source is in docs/protocol.md, code for code and word for word', () => {
  for (const [name, table] of Object.entries(CODE_TABLES)) {
    const rows = documentedTable(name);
    const entries = Object.entries(table as Record<string, { en: string; zh: string }>);
    assert.deepEqual(
      rows.map((r) => r.slice(0, 3)),
      entries.map(([code, info]) => [`\`${code}\``, info.en, info.zh]),
      name,
    );
  }
});

test('the documented mappings of categories and list kinds are those of the source', () => {
  for (const [code, info] of Object.entries(REPORT_CATEGORIES)) {
    const row = documentedTable('report-category').find((r) => r[0] === `\`${code}\``)!;
    assert.deepEqual(row.slice(3), [
      info.arf ?? '—',
      info.xarf ? `${info.xarf.category}/${info.xarf.type}` : '—',
      info.abuseipdb.join(', ') || '—',
      info.maps ?? '—',
    ]);
  }
  for (const [code, info] of Object.entries(LIST_KINDS)) {
    const row = documentedTable('list-kind').find((r) => r[0] === `\`${code}\``)!;
    assert.deepEqual(row.slice(3), [info.maps ?? '—', info.dnsbl, info.targets === 'ip' ? 'IP prefixes' : 'domains']);
  }
});

test('the CDDL rule of each code field lists exactly the codes of its table', () => {
  const rules: Partial<Record<CodeTableName, string>> = {
    'report-category': 'report-category',
    'report-source': 'report-source',
    'ack-status': 'ack-status',
    action: 'action',
    'rejection-reason': 'rejection-reason',
    'retract-reason': 'retract-reason',
    'list-kind': 'list-kind',
    'listing-op': 'listing-op',
    'delist-decision': 'delist-decision-code',
    role: 'role',
    'notice-topic': 'notice-topic',
    urgency: 'urgency',
  };
  for (const [table, rule] of Object.entries(rules)) {
    const match = new RegExp(`^${rule} = ((?:.|\\n  /)*)$`, 'm').exec(protocolDoc);
    assert.ok(match, `no CDDL rule ${rule}`);
    const codes = [...match[1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(codes, Object.keys(CODE_TABLES[table as CodeTableName]), rule);
  }
});

test('every code has display text in English and Simplified Chinese', () => {
  assert.deepEqual([...DISPLAY_LANGUAGES], ['en', 'zh-CN']);
  for (const [name, table] of Object.entries(CODE_TABLES)) {
    for (const [code, info] of Object.entries(table as Record<string, { en: string; zh: string }>)) {
      assert.match(code, /^[a-z0-9]+([.-][a-z0-9]+)*$/, `${name}: ${code} is not a lowercase identifier`);
      assert.ok(info.en.trim().length > 0, `${name}.${code} en`);
      assert.match(info.zh, /[\u4e00-\u9fff]/, `${name}.${code} zh has no Chinese text`);
    }
  }
});

test('the codes the design requires exist with their meanings', () => {
  const has = (table: CodeTableName, codes: string[]) => {
    for (const code of codes) assert.ok(isCode(CODE_TABLES[table] as CodeTable, code), `${table}: ${code}`);
  };
  has('report-category', [
    'spam.source',
    'spam.bulk-unconfirmed',
    'relay.open',
    'proxy.open',
    'host.compromised',
    'policy.dynamic',
    'site.spamvertised',
    'phishing',
    'fraud',
    'malware',
    'auth.failure',
    'not-spam',
    'other',
  ]);
  has('list-kind', ['spam-source', 'dynamic', 'open-relay', 'open-proxy', 'non-conforming-list', 'spamvertised-site']);
  has('ack-status', ['received', 'investigating', 'resolved', 'rejected']);
  has('action', [
    'customer-notified',
    'account-suspended',
    'port25-blocked',
    'relay-closed',
    'proxy-closed',
    'host-cleaned',
    'site-removed',
    'rdns-fixed',
    'no-action',
  ]);
  has('rejection-reason', [
    'not-our-network',
    'insufficient-evidence',
    'false-positive',
    'duplicate',
    'already-resolved',
  ]);
  has('notice-topic', ['help', 'escalation', 'standards']);
  // The MAPS list kinds line up between categories and lists.
  const maps = (m: string) => Object.entries(LIST_KINDS).find(([, i]) => i.maps === m)?.[0];
  assert.equal(maps('RBL'), 'spam-source');
  assert.equal(maps('DUL'), 'dynamic');
  assert.equal(maps('RSS'), 'open-relay');
  assert.equal(maps('OPS'), 'open-proxy');
  assert.equal(maps('NML'), 'non-conforming-list');
  assert.equal(REPORT_CATEGORIES['relay.open'].maps, 'RSS');
  assert.equal(REPORT_CATEGORIES['spam.source'].arf, 'abuse');
  assert.deepEqual(REPORT_CATEGORIES.phishing.xarf, { category: 'content', type: 'phishing' });
});

test('every ARF Feedback-Type maps to an existing category', () => {
  for (const [type, category] of Object.entries(ARF_FEEDBACK_TYPES)) {
    assert.ok(isCode(REPORT_CATEGORIES, category), type);
  }
  assert.equal(ARF_FEEDBACK_TYPES.abuse, 'spam.source');
  assert.equal(ARF_FEEDBACK_TYPES['auth-failure'], 'auth.failure');
});

test('display text follows the language asked for, Chinese for any zh tag, English otherwise', () => {
  const table = CODE_TABLES['ack-status'];
  assert.equal(describeCode(table, 'resolved'), 'Resolved');
  assert.equal(describeCode(table, 'resolved', 'zh'), '已解决');
  assert.equal(describeCode(table, 'resolved', 'zh-Hans-CN'), '已解决');
  assert.equal(describeCode(table, 'resolved', 'fr'), 'Resolved');
  assert.equal(describeCode(table, 'no-such-code', 'zh'), 'no-such-code');
  assert.equal(displayLanguage('zh_CN'), 'zh-CN');
  assert.equal(displayLanguage('zu'), 'en');
  assert.equal(displayLanguage(undefined), 'en');
});

test('inherited object properties are never codes', () => {
  for (const notCode of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'Resolved', '', null, 1]) {
    assert.equal(isCode(CODE_TABLES['ack-status'], notCode), false, String(notCode));
  }
});

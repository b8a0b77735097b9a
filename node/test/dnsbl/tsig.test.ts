/** TSIG (RFC 8945) request checks: each way a signature can be wrong gets its own error. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encode } from 'dns-packet';
import { findTsig, signRequest, TSIG_ERROR, tsigKeys, verifyRequest } from '../../src/dnsbl/tsig.js';

const [key] = tsigKeys([{ name: 'arx-xfr', secret: Buffer.alloc(32, 7).toString('base64') }]);
const [other] = tsigKeys([{ name: 'arx-xfr', secret: Buffer.alloc(32, 8).toString('base64') }]);
const query = encode({ type: 'query', id: 4242, questions: [{ type: 'AXFR', name: 'bl.example' }] });
const NOW = 1_800_000_000_000;

test('a request signed with the key verifies; the record is found and stripped exactly', () => {
  const signed = signRequest(query, key!, NOW);
  const record = findTsig(signed);
  assert.ok(record);
  assert.deepEqual(record.unsigned, query);
  assert.equal(record.keyName, 'arx-xfr');
  assert.equal(verifyRequest(signed, [key!], NOW).kind, 'signed');
  assert.equal(verifyRequest(query, [key!], NOW).kind, 'unsigned');
});

test('a wrong secret is BADSIG, an unknown key BADKEY, a clock off by more than the fudge BADTIME', () => {
  const bySomeoneElse = signRequest(query, other!, NOW);
  const verdict = (msg: Buffer, at = NOW) => {
    const v = verifyRequest(msg, [key!], at);
    return v.kind === 'failed' ? v.error : v.kind;
  };
  assert.equal(verdict(bySomeoneElse), TSIG_ERROR.BADSIG);
  const [stranger] = tsigKeys([{ name: 'stranger', secret: Buffer.alloc(32, 7).toString('base64') }]);
  assert.equal(verdict(signRequest(query, stranger!, NOW)), TSIG_ERROR.BADKEY);
  assert.equal(verdict(signRequest(query, key!, NOW)), 'signed');
  assert.equal(verdict(signRequest(query, key!, NOW), NOW + 301_000), TSIG_ERROR.BADTIME);
  const tampered = signRequest(query, key!, NOW);
  tampered[13] ^= 1; // inside the question name
  assert.equal(verdict(tampered), TSIG_ERROR.BADSIG);
});

test('secrets shorter than 16 bytes or not base64 are refused', () => {
  assert.throws(() => tsigKeys([{ name: 'k', secret: Buffer.alloc(8).toString('base64') }]), /at least 16 bytes/);
  assert.throws(() => tsigKeys([{ name: 'k', secret: 'not base64!' }]), /base64/);
});

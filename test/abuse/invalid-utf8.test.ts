/**
 * Invalid UTF-8 in a frame's text: decoded leniently it would become U+FFFD and be
 * echoed back as something the sender never sent. A node refuses the frame with
 * ARX_PROTO_BAD_UTF8 and does not act on it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type AbuseNode, openNormal, startNode } from './helpers.js';

describe('invalid UTF-8 in frames', () => {
  let node: AbuseNode;

  before(async () => {
    node = await startNode();
  });

  after(async () => {
    await node?.close();
  });

  test('a sub whose id is not valid UTF-8 is refused with ARX_PROTO_BAD_UTF8 and starts nothing', async () => {
    const client = await openNormal(node.ws);
    // ["sub", <text "a" 0xFF "b">, {}]: 0xFF is never valid in UTF-8.
    client.sendRaw(Uint8Array.of(0x83, 0x63, 0x73, 0x75, 0x62, 0x63, 0x61, 0xff, 0x62, 0xa0));
    const notice = await client.waitFor((f) => f[0] === 'notice');
    assert.equal(notice[1], 'ARX_PROTO_BAD_UTF8');
    // The same frame with valid text is served: the refusal was about the bytes alone.
    client.sendRaw(Uint8Array.of(0x83, 0x63, 0x73, 0x75, 0x62, 0x63, 0x61, 0x78, 0x62, 0xa0));
    const eose = await client.waitFor((f) => f[0] === 'eose');
    assert.equal(eose[1], 'axb');
    assert.ok(
      !client.frames.some((f) => f[0] !== 'notice' && String(f[1]).includes('\ufffd')),
      'nothing echoed as U+FFFD',
    );
    await client.close();
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { displayWidth, padEnd, progressLine, renderPairs, renderTable } from '../src/table.js';

test('Chinese characters take two cells, ASCII one, colour codes none', () => {
  assert.equal(displayWidth('abc'), 3);
  assert.equal(displayWidth('网络运营商'), 10);
  assert.equal(displayWidth('已解决（relay）'), 6 + 4 + 5);
  assert.equal(displayWidth('\x1b[36m[isc]\x1b[0m'), 5);
});

test('columns line up by display width, with no trailing blanks', () => {
  const text = renderTable(
    ['CODE', 'MEANING'],
    [
      ['received', '已收到'],
      ['investigating', '调查中'],
    ],
  );
  const lines = text.split('\n');
  assert.equal(lines[0], 'CODE           MEANING');
  assert.equal(lines[1], 'received       已收到');
  for (const line of lines) assert.equal(line, line.trimEnd());
  const zh = renderTable(['简称', '角色'], [['cnisp1', '网络运营商']]).split('\n');
  assert.equal(zh[1]!.indexOf('网'), displayWidth('简称') + 4);
});

test('pairs align their labels', () => {
  assert.equal(
    renderPairs([
      ['id', 'x'],
      ['网段', 'y'],
    ]),
    'id    x\n网段  y',
  );
  assert.equal(padEnd('网', 4), '网  ');
});

test('a progress line shows the share done', () => {
  assert.equal(progressLine(0, 4, 'a', 4), '[----] 0/4   0%  a');
  assert.equal(progressLine(2, 4, '', 4), '[##--] 2/4  50%');
  assert.equal(progressLine(0, 0, '', 4), '[####] 0/0 100%');
});

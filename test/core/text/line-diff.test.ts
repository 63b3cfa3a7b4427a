import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffLines, unifiedDiff } from '../../../src/core/text/line-diff.ts';

test('identical texts have no diff', () => {
  assert.equal(unifiedDiff('a\nb\n', 'a\nb\n', { before: 'x', after: 'y' }), '');
});

test('a changed line shows as removed then added, with context and a hunk header', () => {
  const before = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'].join('\n');
  const after = ['one', 'two', 'three', 'FOUR', 'five', 'six', 'seven', 'eight'].join('\n');
  const diff = unifiedDiff(before, after, { before: 'approved', after: 'current' });
  assert.equal(
    diff,
    [
      '--- approved',
      '+++ current',
      '@@ -1,7 +1,7 @@',
      ' one',
      ' two',
      ' three',
      '-four',
      '+FOUR',
      ' five',
      ' six',
      ' seven',
      '',
    ].join('\n'),
  );
});

test('far-apart changes make separate hunks', () => {
  const before = Array.from({ length: 30 }, (_, index) => `line ${index}`).join('\n');
  const after = before.replace('line 2\n', 'line two\n').replace('line 25', 'line twenty-five');
  const diff = unifiedDiff(before, after, { before: 'a', after: 'b' });
  assert.equal(diff.match(/^@@/gm)?.length, 2);
});

test('diffLines keeps every line of both texts', () => {
  const lines = diffLines('a\nb\nc', 'b\nc\nd');
  assert.deepEqual(
    lines.map((line) => `${line.kind}:${line.text}`),
    ['removed:a', 'same:b', 'same:c', 'added:d'],
  );
});

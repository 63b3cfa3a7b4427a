import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toAscii } from '../src/ascii.js';

test('accents are dropped', () => {
  assert.equal(toAscii('Crème brûlée à la française'), 'Creme brulee a la francaise');
});

test('plain text is unchanged', () => {
  assert.equal(toAscii('Hello, world 42'), 'Hello, world 42');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { words } from '../src/words.js';

test('splits on anything but letters and digits, in lower case', () => {
  assert.deepEqual(words('Crème Brûlée, 2 spoons!'), ['creme', 'brulee', '2', 'spoons']);
});

test('an empty or blank text has no words', () => {
  assert.deepEqual(words(''), []);
  assert.deepEqual(words('  -- '), []);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { camelCase } from '../src/camel-case.js';

test('words joined, each after the first capitalised', () => {
  assert.equal(camelCase('user ID number'), 'userIdNumber');
  assert.equal(camelCase('Crème brûlée'), 'cremeBrulee');
});

test('an empty text gives an empty name', () => {
  assert.equal(camelCase(''), '');
});

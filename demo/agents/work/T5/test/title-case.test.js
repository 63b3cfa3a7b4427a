import assert from 'node:assert/strict';
import { test } from 'node:test';
import { titleCase } from '../src/title-case.js';

test('small words stay lower case inside a title', () => {
  assert.equal(titleCase('the lord of the rings'), 'The Lord of the Rings');
});

test('a small word first is capitalised', () => {
  assert.equal(titleCase('a tale of two cities'), 'A Tale of Two Cities');
});

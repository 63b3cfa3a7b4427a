import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slugify } from '../src/slugify.js';

test('words joined by hyphens', () => {
  assert.equal(slugify('Crème Brûlée, 2 spoons!'), 'creme-brulee-2-spoons');
});

test('no leading or trailing hyphen', () => {
  assert.equal(slugify('  Hello, world!  '), 'hello-world');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uniqueSlugs } from '../src/unique-slugs.js';

test('a repeated title is numbered from 2', () => {
  const slug = uniqueSlugs();
  assert.deepEqual(
    ['Intro', 'Usage', 'Intro', 'intro!'].map((title) => slug(title)),
    ['intro', 'usage', 'intro-2', 'intro-3'],
  );
});

test('each document starts afresh', () => {
  assert.equal(uniqueSlugs()('Intro'), 'intro');
  assert.equal(uniqueSlugs()('Intro'), 'intro');
});

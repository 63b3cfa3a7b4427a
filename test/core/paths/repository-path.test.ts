import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isEscapingPath, normalizeRepositoryPath } from '../../../src/core/paths/repository-path.ts';

describe('normalizeRepositoryPath', () => {
  test('drops ./, empty segments and trailing slashes, resolves inner ..', () => {
    assert.equal(normalizeRepositoryPath('./src//a/./b.ts'), 'src/a/b.ts');
    assert.equal(normalizeRepositoryPath('src/a/../b.ts'), 'src/b.ts');
    assert.equal(normalizeRepositoryPath('build/'), 'build');
    assert.equal(normalizeRepositoryPath('a/../../b'), '../b');
  });
});

describe('isEscapingPath', () => {
  const escaping = [
    '/etc/passwd',
    '../secrets.txt',
    'src/../../x',
    '~/notes.md',
    '~root/x',
    '$HOME/x',
    '$' + '{HOME}/x',
    'C:\\Windows\\x',
    'c:/x',
    '\\\\server\\share',
    'src\\..\\..\\x',
  ];
  const inside = ['src/a.ts', 'src/../b.ts', './a', 'a/b/../c', 'src/**/*.ts', 'file~', 'a..b', ''];
  for (const path of escaping) test(`${path} escapes`, () => assert.equal(isEscapingPath(path), true));
  for (const path of inside)
    test(`${JSON.stringify(path)} stays inside`, () => assert.equal(isEscapingPath(path), false));
});

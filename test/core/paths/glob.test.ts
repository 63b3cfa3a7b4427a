import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  expandBraces,
  globToRegExp,
  isGlob,
  literalPrefix,
  pathMatchesGlob,
  patternsMayOverlap,
} from '../../../src/core/paths/glob.ts';

describe('isGlob', () => {
  test('wildcards, classes and alternatives make a glob; escaped ones do not', () => {
    for (const pattern of ['src/*.ts', 'src/**', 'a?.ts', 'a[bc].ts', '{a,b}.ts'])
      assert.equal(isGlob(pattern), true, pattern);
    for (const pattern of ['src/a.ts', 'src/a\\*.ts', 'docs/read-me.md', ''])
      assert.equal(isGlob(pattern), false, pattern);
  });
});

describe('globToRegExp and pathMatchesGlob', () => {
  const cases: Array<[pattern: string, path: string, matches: boolean]> = [
    ['src/*.ts', 'src/a.ts', true],
    ['src/*.ts', 'src/a/b.ts', false],
    ['src/*.ts', 'src/.hidden.ts', true],
    ['src/**', 'src', true],
    ['src/**', 'src/a/b/c.ts', true],
    ['src/**', 'srcx/a.ts', false],
    ['src/**/*.ts', 'src/a.ts', true],
    ['src/**/*.ts', 'src/a/b/c.ts', true],
    ['src/**/*.ts', 'src/a/b/c.js', false],
    ['**/*.md', 'README.md', true],
    ['**/*.md', 'docs/a/b.md', true],
    ['**', 'anything/at/all', true],
    ['a?.ts', 'ab.ts', true],
    ['a?.ts', 'a/.ts', false],
    ['a[bc].ts', 'ac.ts', true],
    ['a[!bc].ts', 'ac.ts', false],
    ['a[!bc].ts', 'ad.ts', true],
    ['a[^bc].ts', 'ad.ts', true],
    ['src/{models,routes}/*.ts', 'src/routes/auth.ts', true],
    ['src/{models,routes}/*.ts', 'src/services/auth.ts', false],
    ['{src/a,lib/{b,c}}.ts', 'lib/c.ts', true],
    ['{src/a,lib/{b,c}}.ts', 'lib/d.ts', false],
    ['a\\*.ts', 'a*.ts', true],
    ['a\\*.ts', 'ab.ts', false],
    ['file.(ts)', 'file.(ts)', true],
    ['a+b.ts', 'a+b.ts', true],
    ['a+b.ts', 'aab.ts', false],
    ['{unclosed', '{unclosed', true],
    ['[unclosed', '[unclosed', true],
    ['./src//*.ts', 'src/a.ts', true],
    ['build/', 'build/out/x.js', true],
  ];
  for (const [pattern, path, matches] of cases) {
    test(`${pattern} ${matches ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(pathMatchesGlob(path, pattern), matches);
    });
  }

  test('a literal pattern names a file or a directory', () => {
    assert.equal(pathMatchesGlob('src/models/user.ts', 'src/models'), true);
    assert.equal(pathMatchesGlob('src/models', 'src/models'), true);
    assert.equal(pathMatchesGlob('src/models-old/user.ts', 'src/models'), false);
    assert.equal(pathMatchesGlob('./src/a.ts', 'src/a.ts'), true);
  });

  test('globToRegExp is anchored', () => {
    assert.equal(globToRegExp('*.ts').test('x/a.ts'), false);
    assert.equal(globToRegExp('a.ts').test('ba.ts'), false);
  });
});

describe('expandBraces', () => {
  test('writes out nested alternatives', () => {
    assert.deepEqual(expandBraces('src/{a,b/{c,d}}.ts'), ['src/a.ts', 'src/b/c.ts', 'src/b/d.ts']);
    assert.deepEqual(expandBraces('plain'), ['plain']);
  });
  test('gives up past the limit', () => {
    assert.equal(expandBraces('{a,b}{c,d}{e,f}', 4), undefined);
    assert.equal(expandBraces('{a,b}{c,d}{e,f}')?.length, 8);
  });
});

describe('patternsMayOverlap', () => {
  const cases: Array<[a: string, b: string, overlap: boolean]> = [
    // two literals: exact
    ['src/a.ts', 'src/a.ts', true],
    ['src/a.ts', './src/a.ts', true],
    ['src/a.ts', 'src/b.ts', false],
    ['src', 'src/a.ts', true],
    ['src/a', 'src/ab.ts', false],
    // a literal and a glob: the literal is matched
    ['src/a.ts', 'src/*.ts', true],
    ['src/a.js', 'src/*.ts', false],
    ['src/a/b.ts', 'src/*.ts', false],
    ['src', 'src/**/*.ts', true],
    ['src/models', 'src/*/user.ts', true],
    ['lib', 'src/**', false],
    // two globs: conservative
    ['src/*.ts', 'src/*.md', false],
    ['src/*.ts', 'lib/*.ts', false],
    ['src/*.ts', 'src/a*.ts', true],
    ['src/a*.ts', 'src/b*.ts', false],
    ['src/**', 'src/models/*.ts', true],
    ['**/*.ts', 'docs/*.md', true],
    ['src/*/*.ts', 'src/*.ts', false],
    ['src/{a,b}/*.ts', 'src/c/*.ts', false],
    ['src/{a,c}/*.ts', 'src/c/*.ts', true],
    ['src/[ab].ts', 'src/*.md', false],
    ['src/?.ts', 'src/*.ts', true],
  ];
  for (const [a, b, overlap] of cases) {
    test(`${a} and ${b}: ${overlap ? 'may overlap' : 'cannot overlap'}`, () => {
      assert.equal(patternsMayOverlap(a, b), overlap);
      assert.equal(patternsMayOverlap(b, a), overlap, 'the answer does not depend on the order');
    });
  }

  test('never says "no" when some path matches both (sampled)', () => {
    const patterns = [
      'src/*.ts',
      'src/**',
      'src/a*.ts',
      '*.md',
      'src/{a,b}.ts',
      'src/a/*.ts',
      'src/?.ts',
      'src/a.ts',
    ];
    const paths = ['src/a.ts', 'src/b.ts', 'src/ab.ts', 'README.md', 'src/a/x.ts', 'src/c.md', 'src/a'];
    for (const a of patterns) {
      for (const b of patterns) {
        const shared = paths.some((path) => pathMatchesGlob(path, a) && pathMatchesGlob(path, b));
        if (shared) assert.equal(patternsMayOverlap(a, b), true, `${a} / ${b}`);
      }
    }
  });
});

describe('literalPrefix', () => {
  test('keeps the leading segments without wildcards', () => {
    assert.equal(literalPrefix('src/gen/**/*.ts'), 'src/gen');
    assert.equal(literalPrefix('*.md'), '');
    assert.equal(literalPrefix('./src/a.ts'), 'src/a.ts');
  });
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { createIgnoreRules, parseIgnoreLine } from '../../../src/agents/tools/gitignore.ts';
import { makeRepository } from '../../support/repository.ts';
import { writeFiles } from './workspace-fixture.ts';

test('ignore lines: comments, blanks, escapes, anchoring and folder-only rules', () => {
  assert.equal(parseIgnoreLine('# comment'), undefined);
  assert.equal(parseIgnoreLine('   '), undefined);
  assert.ok(parseIgnoreLine('\\#not-a-comment')?.matches('#not-a-comment'));
  assert.ok(parseIgnoreLine('\\!important')?.matches('!important'));

  const anywhere = parseIgnoreLine('*.log')!;
  assert.ok(anywhere.matches('a.log') && anywhere.matches('deep/down/a.log'));
  const anchored = parseIgnoreLine('/build')!;
  assert.ok(anchored.matches('build'));
  assert.equal(anchored.matches('src/build'), false);
  const middle = parseIgnoreLine('doc/*.txt')!;
  assert.ok(middle.matches('doc/a.txt'));
  assert.equal(middle.matches('x/doc/a.txt'), false);
  assert.equal(middle.matches('doc/deep/a.txt'), false);
  const folderOnly = parseIgnoreLine('cache/')!;
  assert.equal(folderOnly.directoryOnly, true);
  assert.ok(parseIgnoreLine('a/**/b')?.matches('a/x/y/b'));
  assert.equal(parseIgnoreLine('!keep.log')?.negated, true);
  // Braces mean nothing to git.
  assert.equal(parseIgnoreLine('{a,b}.txt')?.matches('a.txt'), false);
  assert.ok(parseIgnoreLine('trailing.txt  ')?.matches('trailing.txt'));
});

test('rules from the root, nested files and info/exclude; a file under an ignored folder stays ignored', (t) => {
  const root = makeRepository(t);
  writeFiles(root, {
    '.gitignore': 'cache/\n*.tmp\n!keep.tmp\nbuild\n!build/keep.txt\n',
    'pkg/.gitignore': '/local.txt\n!*.tmp\n',
    '.git/info/exclude': 'scratch.md\n',
  });
  const rules = createIgnoreRules(root);
  assert.equal(rules.isIgnored('cache', true), true);
  assert.equal(rules.isIgnored('cache', false), false, 'cache/ names folders only');
  assert.equal(rules.isIgnored('src/cache/file.ts', false), true);
  assert.equal(rules.isIgnored('a.tmp', false), true);
  assert.equal(rules.isIgnored('keep.tmp', false), false);
  assert.equal(rules.isIgnored('pkg/a.tmp', false), false, 'a nested !*.tmp overrides the root');
  assert.equal(rules.isIgnored('pkg/local.txt', false), true);
  assert.equal(rules.isIgnored('pkg/sub/local.txt', false), false, '/local.txt is anchored to pkg/');
  assert.equal(rules.isIgnored('build/keep.txt', false), true, 'cannot re-include under an ignored folder');
  assert.equal(rules.isIgnored('scratch.md', false), true);
  assert.equal(rules.isIgnored('src/index.ts', false), false);

  // The same verdicts as git's own.
  const files = [
    'src/cache/file.ts',
    'a.tmp',
    'keep.tmp',
    'pkg/a.tmp',
    'pkg/local.txt',
    'pkg/sub/local.txt',
    'build/keep.txt',
    'scratch.md',
    'src/index.ts',
  ];
  for (const file of files) {
    const git = spawnSync('git', ['check-ignore', '-q', '--no-index', file], { cwd: root });
    assert.equal(
      rules.isIgnored(file, false),
      git.status === 0,
      `${file}: git says ${git.status === 0 ? 'ignored' : 'not ignored'}`,
    );
  }
});

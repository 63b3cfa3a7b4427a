// The symlink escape check against a real file system: links that exist, dangling links, links
// to links, and links that stay inside.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { makeSymlinkEscapeCheck } from '../../src/workspace/path-escape.ts';
import { makeTemporaryDirectory } from '../support/repository.ts';

test('a dangling symlink to a path outside the repository is an escape', (t) => {
  const outside = makeTemporaryDirectory(t, 'baton-outside-');
  const repository = makeTemporaryDirectory(t);
  symlinkSync(path.join(outside, 'escaped.txt'), path.join(repository, 'notes.txt'));
  symlinkSync('../../nowhere/x', path.join(repository, 'relative.txt'));
  const escapes = makeSymlinkEscapeCheck(repository);
  assert.equal(escapes('notes.txt'), true);
  assert.equal(escapes('relative.txt'), true);
  // A file a task will create, below a missing folder, is not an escape.
  assert.equal(escapes('src/new/file.ts'), false);
});

test('links are followed component by component, through links to links', (t) => {
  const outside = makeTemporaryDirectory(t, 'baton-outside-');
  const repository = makeTemporaryDirectory(t);
  mkdirSync(path.join(repository, 'src'));
  symlinkSync(outside, path.join(repository, 'vendor'));
  symlinkSync('vendor/missing', path.join(repository, 'chain'));
  symlinkSync('src', path.join(repository, 'inside'));
  symlinkSync('src/not-yet.ts', path.join(repository, 'dangling-inside.ts'));
  symlinkSync('loop-b', path.join(repository, 'loop-a'));
  symlinkSync('loop-a', path.join(repository, 'loop-b'));
  const escapes = makeSymlinkEscapeCheck(repository);
  assert.equal(escapes('vendor/new.ts'), true);
  assert.equal(escapes('chain/deeper/x.ts'), true);
  assert.equal(escapes('inside/a.ts'), false);
  assert.equal(escapes('dangling-inside.ts'), false);
  assert.equal(escapes('inside/../vendor'), true);
  // A loop cannot be shown to stay inside.
  assert.equal(escapes('loop-a'), true);
});

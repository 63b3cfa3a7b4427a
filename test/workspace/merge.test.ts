// Merges are all or nothing; the scope check names files outside the declared ones.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { countTaskMerges, mergeBranch, mergeMessage } from '../../src/workspace/merge.ts';
import { changedFiles, filesOutsideScope } from '../../src/workspace/scope-check.ts';
import { commitAll, createWorktree } from '../../src/workspace/worktrees.ts';
import { git, makeRepository, makeTemporaryDirectory } from '../support/repository.ts';

test('a conflicting merge is aborted and leaves the branch and worktree as they were', async (t) => {
  const repository = makeRepository(t);
  const worktrees = makeTemporaryDirectory(t);
  const integration = path.join(worktrees, 'integration');
  const left = path.join(worktrees, 'left');
  const right = path.join(worktrees, 'right');
  git(repository, 'branch', 'integration');
  git(repository, 'worktree', 'add', '--quiet', integration, 'integration');
  for (const [directory, branch, text] of [
    [left, 'left', 'L'],
    [right, 'right', 'R'],
  ] as const) {
    await createWorktree({ repositoryRoot: repository, directory, branch, startPoint: 'integration' });
    writeFileSync(path.join(directory, 'file.txt'), `${text}\n`);
    assert.ok(await commitAll(directory, `${branch} change`));
  }
  const first = await mergeBranch(integration, 'left', mergeMessage('p', 'T1', 'left'));
  assert.ok(first.merged);
  const before = git(integration, 'rev-parse', 'HEAD');
  const second = await mergeBranch(integration, 'right', mergeMessage('p', 'T2', 'right'));
  assert.equal(second.merged, false);
  assert.deepEqual(!second.merged && second.conflicts, ['file.txt']);
  assert.equal(git(integration, 'rev-parse', 'HEAD'), before);
  assert.equal(git(integration, 'status', '--porcelain'), '');
  assert.equal(await countTaskMerges(repository, 'integration', 'p', 'T1'), 1);
  assert.equal(await countTaskMerges(repository, 'integration', 'p', 'T2'), 0);
});

test('the scope check names changed files no declared pattern covers', async (t) => {
  const repository = makeRepository(t);
  const start = git(repository, 'rev-parse', 'HEAD');
  writeFileSync(path.join(repository, 'inside.ts'), 'x');
  writeFileSync(path.join(repository, 'outside.ts'), 'y');
  await commitAll(repository, 'work');
  const changed = await changedFiles(repository, start);
  assert.deepEqual(changed.sort(), ['inside.ts', 'outside.ts']);
  assert.deepEqual(filesOutsideScope(changed, ['inside.ts']), ['outside.ts']);
  assert.deepEqual(filesOutsideScope(['src/a/b.ts'], ['src/**']), []);
});

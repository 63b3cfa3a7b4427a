// The integration branch without a checkout: merges made in memory, a task with no changes
// still getting a merge of its own, and where a task on a worktree made ahead must start.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Integration, mergedTaskIds } from '../../src/runner/integration.ts';
import { commitAll, createWorktree } from '../../src/workspace/worktrees.ts';
import { git, makeRepository, makeTemporaryDirectory } from '../support/repository.ts';
import { commitOnBranch } from './support/run-repository.ts';

test('merges need no checkout; an unchanged task still gets its merge; a prepared worktree catches up only when its files may have changed', async (t) => {
  const repository = makeRepository(t);
  const worktrees = makeTemporaryDirectory(t);
  const integration = new Integration('p', worktrees, repository);
  assert.deepEqual(await integration.prepare('main'), { created: true, base: 'main' });
  const start = await integration.tip();

  async function taskBranch(taskId: string, file?: string): Promise<string> {
    const directory = path.join(worktrees, taskId);
    const branch = `baton-task/p/${taskId}`;
    await createWorktree({ repositoryRoot: repository, directory, branch, startPoint: start });
    if (file) {
      writeFileSync(path.join(directory, file), `${taskId}\n`);
      assert.ok(await commitAll(directory, taskId));
    }
    return branch;
  }

  const one = await integration.merge('T1', 'one', await taskBranch('T1', 'one.txt'), false, ['one.txt']);
  assert.ok(one.merged);
  const afterOne = await integration.tip();
  const none = await integration.merge('T2', 'nothing', await taskBranch('T2'), true, ['two.txt']);
  assert.ok(none.merged);
  assert.equal(git(repository, 'show', '-s', '--format=%s', 'baton/p^2'), 'baton: T2: nothing (no changes)');
  assert.deepEqual([...(await mergedTaskIds(repository, 'baton/p', 'p'))].sort(), ['T1', 'T2']);
  assert.equal(git(repository, 'show', 'baton/p:one.txt'), 'T1');
  // No checkout was touched: the main checkout is as it was.
  assert.equal(git(repository, 'status', '--porcelain'), '');

  // A worktree made at `start`: T1 (one.txt) and T2 (nothing) merged since.
  assert.equal(await integration.startPointFor(['three.txt'], start), start);
  assert.equal(await integration.startPointFor(['one.txt'], start), await integration.tip());
  assert.equal(await integration.startPointFor(['*.txt'], start), await integration.tip());
  assert.equal(await integration.startPointFor(['one.txt'], afterOne), afterOne);

  // Someone else commits: after a conflict the runner reads the real tip, and what changed
  // there is unknown, so every worktree made before catches up.
  const external = commitOnBranch(repository, 'baton/p', 'one.txt', 'external\n', 'external');
  const conflict = await integration.merge('T3', 'one again', await taskBranch('T3', 'one.txt'), false, [
    'one.txt',
  ]);
  assert.equal(conflict.merged, false);
  assert.deepEqual(!conflict.merged && conflict.conflicts, ['one.txt']);
  assert.equal(git(repository, 'rev-parse', 'baton/p'), external);
  assert.equal(await integration.tip(), external);
  assert.equal(await integration.startPointFor(['three.txt'], start), external);
});

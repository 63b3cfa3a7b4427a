// The integration branch without a checkout: merges made in memory, a task with no changes
// still getting a merge of its own, and where a task on a worktree made ahead must start.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Integration, mergedTaskIds } from '../../src/runner/integration-branch.ts';
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

  // Someone else commits on the branch: before the next merge baton puts it back where its last
  // merge left it (keeping the commit under refs/baton/moved/), and says so.
  const moves: string[] = [];
  integration.onMove = (message) => moves.push(message);
  const recorded = await integration.tip();
  const external = commitOnBranch(repository, 'baton/p', 'one.txt', 'external\n', 'external');
  const merged = await integration.merge('T3', 'three again', await taskBranch('T3', 'three.txt'), false, [
    'three.txt',
  ]);
  assert.equal(merged.merged, true);
  assert.equal(merged.merged && merged.previousTip, recorded);
  assert.equal(moves.length, 1);
  assert.match(moves[0]!, /refs\/heads\/baton\/p moved .*put back/);
  assert.equal(git(repository, 'show', 'baton/p:one.txt'), git(repository, 'show', `${recorded}:one.txt`));
  assert.match(
    git(repository, 'for-each-ref', '--format=%(objectname)', 'refs/baton/moved/'),
    new RegExp(external),
  );
  // verifyTip answers nothing while the branch is where baton left it.
  assert.equal(await integration.verifyTip(), undefined);
});

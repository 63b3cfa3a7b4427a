// An executor's branch whose history makes git merge more than its diff: the scope check reads
// the task's diff from the commit it started from, but git merges against the common ancestor
// of the integration tip and the task's head. A head made with the tip among its parents
// (`git commit-tree <tree> -p HEAD -p <tip>`, the tip read with `git rev-parse baton/<plan>`)
// passes the scope check with an in-scope diff, yet its merge takes its whole tree — undoing
// every task merged since it started. The merge must change nothing outside the task's files.
// Control: an honest task branch merges beside another task's merged work.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { mergeIntoBranch } from '../../src/workspace/merge.ts';
import { changedFiles, filesOutsideScope } from '../../src/workspace/scope-check.ts';
import { git, makeRepository } from '../support/repository.ts';

/** main → integration branch with task 1's merged file; task 2's branch started before it. */
function repositoryWithParallelTasks(t: Parameters<typeof makeRepository>[0]) {
  const repository = makeRepository(t);
  writeFileSync(path.join(repository, 'README.md'), 'readme\n');
  git(repository, 'add', '-A');
  git(repository, 'commit', '-qm', 'base');
  const start = git(repository, 'rev-parse', 'HEAD').trim();
  git(repository, 'branch', 'baton/plan');
  git(repository, 'checkout', '-qb', 'task-2');
  // Task 1 merges first: its file lands on the integration branch.
  git(repository, 'checkout', '-q', 'baton/plan');
  writeFileSync(path.join(repository, 'one.ts'), 'task one\n');
  git(repository, 'add', '-A');
  git(repository, 'commit', '-qm', 'task 1 merged');
  git(repository, 'checkout', '-q', 'task-2');
  return { repository, start };
}

const attempts: Array<[string, (repository: string) => void]> = [
  [
    'a head whose parents include the integration tip',
    (repository) => {
      writeFileSync(path.join(repository, 'two.ts'), 'task two\n');
      git(repository, 'add', '-A');
      const tree = git(repository, 'write-tree').trim();
      const tip = git(repository, 'rev-parse', 'baton/plan').trim();
      const commit = git(repository, 'commit-tree', tree, '-p', 'HEAD', '-p', tip, '-m', 'two').trim();
      git(repository, 'reset', '-q', '--hard', commit);
    },
  ],
  [
    'a head made on top of the integration tip with its file taken out',
    (repository) => {
      git(repository, 'merge', '-q', '--no-edit', 'baton/plan');
      git(repository, 'rm', '-q', 'one.ts');
      writeFileSync(path.join(repository, 'two.ts'), 'task two\n');
      git(repository, 'add', '-A');
      git(repository, 'commit', '-qm', 'two');
    },
  ],
];

for (const [name, craft] of attempts) {
  test(`merge: ${name} passes the diff check but may not undo task 1`, async (t) => {
    const { repository, start } = repositoryWithParallelTasks(t);
    craft(repository);
    // What the round's scope check sees.
    const changed = await changedFiles(repository, start);
    const seenOutside = filesOutsideScope(changed, ['two.ts']);
    git(repository, 'checkout', '-q', '--detach');
    const outcome = await mergeIntoBranch({
      repositoryRoot: repository,
      target: 'baton/plan',
      branch: 'task-2',
      unchanged: false,
      message: 'merge task 2',
      emptyMessage: 'task 2',
      scope: ['two.ts'],
    }).catch((error: Error) => error);
    git(repository, 'checkout', '-q', 'baton/plan');
    assert.ok(existsSync(path.join(repository, 'one.ts')), `task 1's file survives (${name})`);
    if (seenOutside.length === 0) {
      assert.ok(outcome instanceof Error, 'the merge is refused');
      assert.match(outcome.message, /outside the task's scope \(one\.ts\)/);
    }
  });
}

test('merge control: an honest task branch merges beside task 1', async (t) => {
  const { repository } = repositoryWithParallelTasks(t);
  writeFileSync(path.join(repository, 'two.ts'), 'task two\n');
  git(repository, 'add', '-A');
  git(repository, 'commit', '-qm', 'two');
  git(repository, 'checkout', '-q', '--detach');
  const outcome = await mergeIntoBranch({
    repositoryRoot: repository,
    target: 'baton/plan',
    branch: 'task-2',
    unchanged: false,
    message: 'merge task 2',
    emptyMessage: 'task 2',
    scope: ['two.ts'],
  });
  assert.equal(outcome.merged, true);
  git(repository, 'checkout', '-q', 'baton/plan');
  assert.ok(existsSync(path.join(repository, 'one.ts')));
  assert.ok(existsSync(path.join(repository, 'two.ts')));
});

test('merge: an integration branch moved just before the merge is put back at the recorded tip and merged there', async (t) => {
  const { repository } = repositoryWithParallelTasks(t);
  writeFileSync(path.join(repository, 'two.ts'), 'task two\n');
  git(repository, 'add', '-A');
  git(repository, 'commit', '-qm', 'two');
  const recordedTip = git(repository, 'rev-parse', 'baton/plan').trim();
  // Behind baton's back (plumbing, as an executor could): the branch gains a file no task declared.
  git(repository, 'checkout', '-q', 'baton/plan');
  writeFileSync(path.join(repository, 'stray.ts'), 'not a task\n');
  git(repository, 'add', '-A');
  git(repository, 'commit', '-qm', 'moved');
  const moved = git(repository, 'rev-parse', 'HEAD').trim();
  git(repository, 'checkout', '-q', '--detach');
  const foundAt: Array<string | undefined> = [];
  const outcome = await mergeIntoBranch({
    repositoryRoot: repository,
    target: 'baton/plan',
    branch: 'task-2',
    unchanged: false,
    message: 'merge task 2',
    emptyMessage: 'task 2',
    scope: ['two.ts'],
    expectedTip: recordedTip,
    putBack: async (actual) => {
      foundAt.push(actual);
      git(repository, 'update-ref', 'refs/heads/baton/plan', recordedTip);
    },
  });
  assert.equal(outcome.merged, true);
  assert.deepEqual(foundAt, [moved]);
  assert.equal(git(repository, 'rev-parse', 'baton/plan^1').trim(), recordedTip);
  const files = git(repository, 'ls-tree', '--name-only', 'baton/plan').trim().split('\n');
  assert.deepEqual(files.sort(), ['README.md', 'one.ts', 'two.ts']);
});

// The manual hand-off inside `baton run`: the run blocks the task with the exact command to
// hand back, the person works in the task's worktree, `baton submit` (its --dir defaulting to
// that worktree) approves and commits the work, and the next run merges that commit without
// recreating the worktree or handing off again.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { makeRunRepository, parseEvents, reviewerSpec } from '../runner/support/run-repository.ts';
import { runBaton } from '../support/cli.ts';
import { git } from '../support/repository.ts';

const taskStates = (repository: string, planId: string) =>
  JSON.parse(runBaton(repository, ['status', planId, '--json']).stdout).plans[0].tasks.map(
    (task: { taskId: string; state: string }) => `${task.taskId}:${task.state}`,
  );

test('manual hand-off in a run: submit in the worktree, then the next run merges the submitted work', (t) => {
  const planId = 'by-hand';
  const run = makeRunRepository(t, planId, [
    { id: 'T1', files: ['one.txt'] },
    { id: 'T2', files: ['two.txt'], dependencies: ['T1'] },
  ]);
  const worktree = path.join(run.worktrees, planId, 'T1');
  const backends = ['--executor', 'manual', '--reviewer', reviewerSpec];
  const first = runBaton(run.repository, ['run', planId, '--json', ...backends], { env: run.env });
  assert.equal(first.status, 1, `${first.stdout}\n${first.stderr}`);
  const blocked = parseEvents(first.stdout).find(
    (event) => event.kind === 'task-blocked' && event.taskId === 'T1',
  );
  assert.ok(blocked?.message.includes(`baton submit ${planId} T1 --dir ${worktree}`), blocked?.message);
  const build = readFileSync(path.join(run.worktrees, planId, '_handoff', 'T1', 'BUILD_T1.md'), 'utf8');
  assert.ok(build.includes(`baton submit ${planId} T1 --dir ${worktree}`));

  // The person does the work in the worktree, and submits from the main checkout.
  writeFileSync(path.join(worktree, 'one.txt'), 'T1 OK\n');
  const submitted = runBaton(run.repository, ['submit', planId, 'T1', '--reviewer', reviewerSpec], {
    env: run.env,
  });
  assert.equal(submitted.status, 0, `${submitted.stdout}\n${submitted.stderr}`);
  assert.match(submitted.stdout, /APPROVED/);
  assert.deepEqual(taskStates(run.repository, planId), ['T1:submitted', 'T2:blocked']);
  const submittedCommit = git(worktree, 'rev-parse', 'HEAD');
  assert.equal(git(worktree, 'show', 'HEAD:one.txt'), 'T1 OK');

  // The next run keeps the worktree, merges the submitted commit, and hands T2 off.
  const second = runBaton(run.repository, ['run', planId, '--json', ...backends], { env: run.env });
  const events = parseEvents(second.stdout);
  assert.ok(
    events.some((event) => event.kind === 'task-merged' && event.taskId === 'T1'),
    second.stdout,
  );
  assert.equal(
    events.filter((event) => event.kind === 'task-blocked' && event.taskId === 'T1').length,
    0,
    'T1 is not handed off again',
  );
  assert.equal(git(run.repository, 'show', `baton/${planId}:one.txt`), 'T1 OK');
  assert.equal(git(run.repository, 'rev-parse', `baton/${planId}^2`), submittedCommit);
  assert.deepEqual(taskStates(run.repository, planId), ['T1:done', 'T2:blocked']);
});

test('submit applies the scope check: a change beside the declared files is changes requested, naming it', (t) => {
  const planId = 'scoped';
  const run = makeRunRepository(t, planId, [{ id: 'T1', files: ['one.txt'] }]);
  const first = runBaton(
    run.repository,
    ['run', planId, '--executor', 'manual', '--reviewer', reviewerSpec],
    {
      env: run.env,
    },
  );
  assert.equal(first.status, 1);
  const worktree = path.join(run.worktrees, planId, 'T1');
  writeFileSync(path.join(worktree, 'one.txt'), 'T1 OK\n');
  writeFileSync(path.join(worktree, 'README.md'), 'changed besides\n');
  const submitted = runBaton(run.repository, ['submit', planId, 'T1', '--reviewer', reviewerSpec], {
    env: run.env,
  });
  assert.equal(submitted.status, 1, submitted.stdout);
  assert.match(submitted.stdout, /CHANGES REQUESTED: .*changed files outside its declared files: README\.md/);
  assert.deepEqual(taskStates(run.repository, planId), ['T1:blocked']);
});

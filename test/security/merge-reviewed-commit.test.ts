// What lands is what was verified and reviewed. The merge takes the commit the round's diff
// ended at, not wherever the task branch is when the merge comes: a commit made meanwhile (by a
// process the executor left behind, a verify command, anyone with the repository) was never
// reviewed. Before, the merge took the branch, and such a commit landed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { executorSpec, makeRunRepository, reviewerSpec } from '../runner/support/run-repository.ts';
import { runBaton } from '../support/cli.ts';
import { git } from '../support/repository.ts';

test('baton run merges the commit that was verified and reviewed: a task branch moved during the review (a commit of unreviewed content) is not what lands', (t) => {
  const planId = 'pinned-head';
  const sneak =
    'echo UNREVIEWED > one.txt && git add one.txt && git -c user.name=x -c user.email=x@example.com commit -qm sneaky';
  const run = makeRunRepository(t, planId, [{ id: 'T1', files: ['one.txt'] }], {
    scenario: { T1: { duringReview: sneak } },
  });
  const result = runBaton(
    run.repository,
    ['run', planId, '--json', '--executor', executorSpec, '--reviewer', reviewerSpec],
    { env: run.env },
  );
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  assert.equal(git(run.repository, 'show', `baton/${planId}:one.txt`), 'T1 OK');
  assert.doesNotMatch(git(run.repository, 'log', '--format=%s', `baton/${planId}`), /sneaky/);
});

// `baton run` and the integration branch: while a task's executor works, someone else commits to
// the same file on `baton/<plan>`. Only baton merges into that branch: before the task's merge
// the branch is put back where baton's last merge left it (the other commit kept under
// refs/baton/moved/), so there is no conflict and nothing but the plan's tasks is merged.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import {
  commitOnBranch,
  makeRunRepository,
  parseEvents,
  scriptedBackends,
  waitFor,
} from '../runner/support/run-repository.ts';
import { startBaton } from '../support/cli.ts';
import { git } from '../support/repository.ts';

const backends = scriptedBackends;

function mergeCommits(repository: string, branch: string, planId: string, taskId: string): string[] {
  const log = git(
    repository,
    'log',
    '--merges',
    '--format=%H',
    '--fixed-strings',
    `--grep=Baton-Task: ${planId}/${taskId}`,
    branch,
  );
  return log === '' ? [] : log.split('\n');
}

/** No merge in progress anywhere: the main checkout and every worktree git knows. */
function assertNothingHalfMerged(repository: string): void {
  const worktrees = git(repository, 'worktree', 'list', '--porcelain')
    .split('\n')
    .filter((line) => line.startsWith('worktree '))
    .map((line) => line.slice('worktree '.length));
  for (const worktree of worktrees) {
    const mergeHead = git(worktree, 'rev-parse', '--path-format=absolute', '--git-path', 'MERGE_HEAD');
    assert.equal(existsSync(mergeHead), false, `MERGE_HEAD in ${worktree}`);
  }
  assert.equal(git(repository, 'status', '--porcelain', '--untracked-files=no'), '');
}

/** T1 writes shared.txt, waiting at its n-th start for the file `gate(n)`; T2 depends on it. */
function setUp(t: TestContext, planId: string, gates: number) {
  const run = makeRunRepository(t, planId, [
    { id: 'T1', files: ['shared.txt'] },
    { id: 'T2', files: ['after.txt'], dependencies: ['T1'] },
  ]);
  const gate = (n: number) => path.join(path.dirname(run.log), `go-${n}`);
  const waitForGates = Array.from({ length: gates }, (_, index) => gate(index + 1));
  writeFileSync(run.scenario, JSON.stringify({ T1: { waitFor: waitForGates, show: 'shared.txt' } }));
  return { run, gate };
}

test('a commit slipped onto baton/<plan> while a task works is put back before the merge, kept, and said', async (t) => {
  const planId = 'slipped';
  const { run, gate } = setUp(t, planId, 1);
  const branch = `baton/${planId}`;
  const running = startBaton(run.repository, ['run', planId, '--concurrency', '2', '--json', ...backends], {
    env: run.env,
  });
  // T1's executor has started and waits: someone else changes shared.txt on baton/<plan>.
  await waitFor(() => run.readLog().some((entry) => entry.task === 'T1' && entry.what === 'start'));
  const recorded = git(run.repository, 'rev-parse', branch);
  const external = commitOnBranch(run.repository, branch, 'shared.txt', 'external\n', 'external');
  writeFileSync(gate(1), '');

  const result = await running;
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  const events = parseEvents(result.stdout);
  assert.equal(events.filter((event) => event.kind === 'task-merge-conflict').length, 0);
  // Caught at the end of T1's round (the move came while it worked: the round fails, as for any
  // change outside a worktree, and runs again) or before the merge (integration-restored).
  const restored = events.filter(
    (event) =>
      (event.kind === 'integration-restored' || event.kind === 'task-scope-failed') &&
      event.message.includes(
        `refs/heads/${branch} moved from ${recorded.slice(0, 12)} to ${external.slice(0, 12)}`,
      ),
  );
  assert.equal(restored.length, 1, result.stdout);
  assert.match(restored[0]!.message, /put back/);
  // Only baton's merges are on the branch; the other commit is kept aside, not lost.
  assert.equal(git(run.repository, 'show', `${branch}:shared.txt`), 'T1 OK');
  assert.equal(mergeCommits(run.repository, branch, planId, 'T1').length, 1);
  assert.equal(mergeCommits(run.repository, branch, planId, 'T2').length, 1);
  assert.throws(() => git(run.repository, 'merge-base', '--is-ancestor', external, branch));
  assert.match(
    git(run.repository, 'for-each-ref', '--format=%(objectname)', 'refs/baton/moved/'),
    new RegExp(external),
  );
  assertNothingHalfMerged(run.repository);
});

// `baton run` and merge conflicts: while a task's executor works, someone else commits to the
// same file on the integration branch `baton/<plan>`. The task's merge conflicts; it runs once
// more on the new tip and is merged — or, when the conflict comes back, it is blocked with the
// reason, its dependents blocked, and nothing of it merged.
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

test('a merge conflict re-runs the task once on the new tip, which then merges', async (t) => {
  const planId = 'conflict-once';
  const { run, gate } = setUp(t, planId, 1);
  const running = startBaton(run.repository, ['run', planId, '--concurrency', '2', '--json', ...backends], {
    env: run.env,
  });
  // T1's executor has started and waits: someone else changes shared.txt on baton/<plan>.
  await waitFor(() => run.readLog().some((entry) => entry.task === 'T1' && entry.what === 'start'));
  const external = commitOnBranch(run.repository, `baton/${planId}`, 'shared.txt', 'external\n', 'external');
  writeFileSync(gate(1), '');

  const result = await running;
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  const events = parseEvents(result.stdout);
  const conflict = events.find((event) => event.kind === 'task-merge-conflict');
  assert.ok(conflict, 'a merge conflict was reported');
  assert.match(conflict.message, /shared\.txt/);
  const starts = events.filter((event) => event.kind === 'task-started' && event.taskId === 'T1');
  assert.equal(starts.length, 2);
  assert.match(starts[1]!.message, /again on the new tip/);

  // The second attempt saw the other change; the first did not.
  const seen = run
    .readLog()
    .filter((entry) => entry.task === 'T1' && entry.what === 'start')
    .map((entry) => entry.seen);
  assert.deepEqual(seen, [null, 'external\n']);

  const branch = `baton/${planId}`;
  assert.equal(git(run.repository, 'show', `${branch}:shared.txt`), 'T1 OK');
  assert.equal(mergeCommits(run.repository, branch, planId, 'T1').length, 1);
  assert.equal(mergeCommits(run.repository, branch, planId, 'T2').length, 1);
  // The other session's commit is kept, under the task's merge.
  git(run.repository, 'merge-base', '--is-ancestor', external, branch);
  assertNothingHalfMerged(run.repository);
});

test('a conflict that comes back after the re-run blocks the task and its dependents; nothing is half-merged', async (t) => {
  const planId = 'conflict-twice';
  const { run, gate } = setUp(t, planId, 2);
  const branch = `baton/${planId}`;
  const running = startBaton(run.repository, ['run', planId, '--json', ...backends], { env: run.env });
  const startsOfT1 = () => run.readLog().filter((entry) => entry.task === 'T1' && entry.what === 'start');
  await waitFor(() => startsOfT1().length === 1);
  commitOnBranch(run.repository, branch, 'shared.txt', 'external 1\n', 'external 1');
  writeFileSync(gate(1), '');
  await waitFor(() => startsOfT1().length === 2);
  const last = commitOnBranch(run.repository, branch, 'shared.txt', 'external 2\n', 'external 2');
  writeFileSync(gate(2), '');

  const result = await running;
  assert.equal(result.status, 1, `${result.stdout}\n${result.stderr}`);
  const events = parseEvents(result.stdout);
  assert.equal(events.filter((event) => event.kind === 'task-merge-conflict').length, 2);
  const finished = events.find((event) => event.kind === 'run-finished')!;
  assert.equal(finished.data!.outcome, 'blocked');
  const blocked = finished.data!.blocked as Array<{ taskId: string; reason: string }>;
  assert.deepEqual(blocked.map((entry) => entry.taskId).sort(), ['T1', 'T2']);
  assert.match(
    blocked.find((entry) => entry.taskId === 'T1')!.reason,
    /merge conflict in shared\.txt .*still there after re-running on the new tip/,
  );
  assert.match(blocked.find((entry) => entry.taskId === 'T2')!.reason, /depends on T1/);
  assert.deepEqual(
    startsOfT1().map((entry) => entry.seen),
    [null, 'external 1\n'],
  );
  assert.equal(
    run.readLog().some((entry) => entry.task === 'T2'),
    false,
  );

  // Nothing of T1 reached the branch: its tip is the other session's last commit.
  assert.equal(git(run.repository, 'rev-parse', branch), last);
  assert.equal(git(run.repository, 'show', `${branch}:shared.txt`), 'external 2');
  assert.deepEqual(mergeCommits(run.repository, branch, planId, 'T1'), []);
  assertNothingHalfMerged(run.repository);
});

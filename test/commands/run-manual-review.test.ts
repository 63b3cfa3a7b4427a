// `baton run --reviewer manual`: the review is handed to a person. A round that passes its checks
// leaves REVIEW_<task>.md (the rubric and the diff) and the task waiting; `baton score` (a
// person's command) records the scores; the next run gives the executor the person's feedback,
// or merges the reviewed commit.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { executorSpec, makeRunRepository, mergeCount } from '../runner/support/run-repository.ts';
import { runBaton } from '../support/cli.ts';

const backends = ['--executor', executorSpec, '--reviewer', 'manual'];
const scores = (value: number) => [
  '--criterion',
  `adherence=${value},correctness=${value},architecture=${value}`,
  '--criterion',
  `readability=${value},security=${value},performance=${value}`,
];

test('a manual review: REVIEW file, the person scores, feedback goes to the executor, approval merges', (t) => {
  const planId = 'by-person';
  const run = makeRunRepository(t, planId, [
    { id: 'T1', files: ['one.txt'] },
    { id: 'T2', files: ['two.txt'], dependencies: ['T1'] },
  ]);
  const status = () =>
    JSON.parse(runBaton(run.repository, ['status', planId, '--json']).stdout).plans[0].tasks;
  const starts = (task: string) =>
    run.readLog().filter((entry) => entry.task === task && entry.what === 'start');

  const first = runBaton(run.repository, ['run', planId, ...backends], { env: run.env });
  assert.equal(first.status, 1, first.stdout + first.stderr);
  assert.doesNotMatch(first.stdout + first.stderr, /cannot review/);
  assert.equal(starts('T1').length, 1, 'the executor ran once');
  const [t1] = status();
  assert.equal(t1.state, 'blocked');
  assert.match(
    t1.reason,
    /waiting for a person's review: read .*REVIEW_T1\.md, then record it with baton score by-person T1/,
  );
  const reviewFile = path.join(run.worktrees, planId, '_handoff', 'T1', 'REVIEW_T1.md');
  const review = readFileSync(reviewFile, 'utf8');
  assert.match(review, /\| adherence \| 30% \|/);
  assert.match(review, /\| performance \| 10% \|/);
  assert.match(review, /a total of 90 or more approves/);
  assert.match(review, /\+T1 OK/, 'the diff');
  assert.match(review, /`grep -q "T1 OK" one.txt`: passed/);

  // Run again before anyone scored: it still waits, the executor is not asked again.
  const waiting = runBaton(run.repository, ['run', planId, ...backends], { env: run.env });
  assert.equal(waiting.status, 1);
  assert.equal(starts('T1').length, 1);

  // Scoring is a person's command; every criterion is needed; a task not waiting is named.
  const byAgent = runBaton(run.repository, ['score', planId, 'T1', ...scores(95)], {
    env: { ...run.env, BATON_ROLE: 'executor' },
  });
  assert.equal(byAgent.status, 1);
  assert.match(byAgent.stderr, /PERSON_ONLY/);
  const partial = runBaton(run.repository, ['score', planId, 'T1', '--criterion', 'adherence=95'], {
    env: run.env,
  });
  assert.equal(partial.status, 2);
  assert.match(partial.stderr, /no score for correctness, architecture, readability, security, performance/);
  const outOfRange = runBaton(run.repository, ['score', planId, 'T1', ...scores(101)], { env: run.env });
  assert.equal(outOfRange.status, 2);
  const notWaiting = runBaton(run.repository, ['score', planId, 'T2', ...scores(95)], { env: run.env });
  assert.equal(notWaiting.status, 1);
  assert.match(notWaiting.stderr, /REVIEW_NOT_WAITING/);

  // Under the threshold: changes requested, the note and low scores go to the executor.
  const low = runBaton(
    run.repository,
    ['score', planId, 'T1', ...scores(70), '--note', 'Say it louder.', '--by', 'Grace'],
    { env: run.env },
  );
  assert.equal(low.status, 0, low.stderr);
  assert.match(low.stdout, /CHANGES REQUESTED by Grace with 70/);
  assert.match(status()[0].reason, /changes requested by Grace/);
  const again = runBaton(run.repository, ['run', planId, ...backends], { env: run.env });
  assert.equal(again.status, 1, again.stdout);
  assert.equal(starts('T1').length, 2, 'the executor had another round');
  const feedback = (starts('T1').at(-1) as { feedbackText?: string }).feedbackText ?? '';
  assert.match(feedback, /Review feedback from Grace: changes requested/);
  assert.match(feedback, /Say it louder\./);
  assert.match(status()[0].reason, /waiting for a person's review/);

  // Approved: the next run merges the reviewed commit and hands T2's review over.
  const approved = runBaton(run.repository, ['score', planId, 'T1', ...scores(95), '--json'], {
    env: run.env,
  });
  assert.equal(approved.status, 0, approved.stderr);
  assert.equal(JSON.parse(approved.stdout).verdict, 'approved');
  const third = runBaton(run.repository, ['run', planId, ...backends], { env: run.env });
  assert.equal(third.status, 1, third.stdout);
  assert.deepEqual(
    status().map((task: { state: string }) => task.state),
    ['done', 'blocked'],
  );
  assert.equal(mergeCount(run.repository, `baton/${planId}`, planId, 'T1'), 1);
  assert.equal(starts('T1').length, 2, 'approval does not run the executor again');

  // T2 scored from a file; --verdict approve overrides scores under the threshold.
  const file = path.join(run.repository, 'scores.yaml');
  writeFileSync(
    file,
    'scores:\n  adherence: 88\n  correctness: 88\n  architecture: 88\n  readability: 88\n  security: 88\n  performance: 88\nsummary: fine by me\n',
  );
  const fromFile = runBaton(run.repository, ['score', planId, 'T2', '--file', file, '--verdict', 'approve'], {
    env: run.env,
  });
  assert.equal(fromFile.status, 0, fromFile.stderr);
  assert.match(fromFile.stdout, /APPROVED/);
  const last = runBaton(run.repository, ['run', planId, ...backends], { env: run.env });
  assert.equal(last.status, 0, last.stdout);
  assert.equal(mergeCount(run.repository, `baton/${planId}`, planId, 'T2'), 1);
  const events = JSON.parse(
    runBaton(run.repository, ['events', '--kind', 'task-reviewed', '--json'], { env: run.env }).stdout,
  ).events.filter((event: { data: { reviewer?: string } }) =>
    String(event.data.reviewer).startsWith('person'),
  );
  assert.equal(events.length, 3);
  // A person's review has the shape of every other review: the page reads its score and
  // criteria as it reads a reviewer's.
  for (const event of events as Array<{ data: Record<string, unknown> }>) {
    assert.equal(typeof event.data.score, 'number', JSON.stringify(event.data));
    assert.deepEqual(
      (event.data.criteria as Array<{ criterion: string }>).map((criterion) => criterion.criterion),
      ['adherence', 'correctness', 'architecture', 'readability', 'security', 'performance'],
    );
  }
  assert.equal(events.at(-1).data.score, 88);
  assert.equal(existsSync(reviewFile), false, 'hand-off files go when the plan is ready');
});

test('retry with a note answers a review waiting for a person: the executor goes again in the same worktree', (t) => {
  const planId = 'redo';
  const run = makeRunRepository(t, planId, [{ id: 'T1', files: ['one.txt'] }]);
  assert.equal(runBaton(run.repository, ['run', planId, ...backends], { env: run.env }).status, 1);
  const retried = runBaton(run.repository, ['retry', planId, 'T1', '--note', 'Write it in capitals.'], {
    env: run.env,
  });
  assert.equal(retried.status, 0, retried.stderr);
  const again = runBaton(run.repository, ['run', planId, ...backends], { env: run.env });
  assert.equal(again.status, 1, again.stdout);
  const starts = run.readLog().filter((entry) => entry.task === 'T1' && entry.what === 'start');
  assert.equal(starts.length, 2);
  assert.match((starts[1] as { feedbackText?: string }).feedbackText ?? '', /Write it in capitals\./);
  assert.match(again.stdout, /started from/);
  const status = JSON.parse(runBaton(run.repository, ['status', planId, '--json']).stdout).plans[0].tasks[0];
  assert.match(status.reason, /waiting for a person's review/);
});

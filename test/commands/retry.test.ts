// `baton retry`: a person sends a blocked task (and the tasks blocked behind it) back for another
// round, with a note the executor reads as its feedback; the next `baton run` finishes the plan.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { makeRunRepository, scriptedBackends } from '../runner/support/run-repository.ts';
import { runBaton } from '../support/cli.ts';
import { cleanPlanText } from '../support/plans.ts';
import { makeRepository } from '../support/repository.ts';

const taskStates = (repository: string, planId: string) =>
  JSON.parse(runBaton(repository, ['status', planId, '--json']).stdout).plans[0].tasks.map(
    (task: { taskId: string; state: string }) => `${task.taskId}:${task.state}`,
  );

test('a run that blocks, retry with a note, run again: done, and the note was the executor feedback', (t) => {
  const planId = 'needs-word';
  const run = makeRunRepository(
    t,
    planId,
    [
      { id: 'T1', files: ['one.txt'] },
      { id: 'T2', files: ['two.txt'], dependencies: ['T1'] },
      { id: 'T3', files: ['three.txt'] },
    ],
    {
      scenario: { T1: { blockedUnlessFeedback: 'needs a decision: which greeting?' } },
    },
  );
  const first = runBaton(run.repository, ['run', planId, ...scriptedBackends], { env: run.env });
  assert.equal(first.status, 1, first.stdout);
  assert.deepEqual(taskStates(run.repository, planId), ['T1:blocked', 'T2:blocked', 'T3:done']);

  // Without a person's word the task blocks again (a plain re-run retries it with no feedback).
  const again = runBaton(run.repository, ['run', planId, ...scriptedBackends], { env: run.env });
  assert.equal(again.status, 1, again.stdout);
  assert.deepEqual(taskStates(run.repository, planId), ['T1:blocked', 'T2:blocked', 'T3:done']);

  // An agent may not retry; a task that is not blocked cannot be retried; an unknown one is named.
  const byAgent = runBaton(run.repository, ['retry', planId, 'T1', '--note', 'x'], {
    env: { ...run.env, BATON_AGENT: 'executor' },
  });
  assert.equal(byAgent.status, 1);
  assert.match(byAgent.stderr, /PERSON_ONLY/);
  const notBlocked = runBaton(run.repository, ['retry', planId, 'T3'], { env: run.env });
  assert.equal(notBlocked.status, 1, notBlocked.stderr);
  assert.match(notBlocked.stderr, /TASK_NOT_BLOCKED: .*T3 is done/);
  assert.equal(runBaton(run.repository, ['retry', planId, 'T9'], { env: run.env }).status, 2);
  assert.deepEqual(taskStates(run.repository, planId), ['T1:blocked', 'T2:blocked', 'T3:done']);

  const retried = runBaton(
    run.repository,
    ['retry', planId, 'T1', '--note', 'Say "Hello" and nothing else.', '--json'],
    { env: run.env },
  );
  assert.equal(retried.status, 0, retried.stderr);
  assert.deepEqual(JSON.parse(retried.stdout).tasks, ['T1', 'T2']);
  assert.deepEqual(taskStates(run.repository, planId), ['T1:pending', 'T2:pending', 'T3:done']);
  const events = JSON.parse(
    runBaton(run.repository, ['events', '--kind', 'task-retried', '--json'], { env: run.env }).stdout,
  ).events;
  assert.deepEqual(
    events.map((event: { taskId: string }) => event.taskId),
    ['T1', 'T2'],
  );

  const last = runBaton(run.repository, ['run', planId, ...scriptedBackends], { env: run.env });
  assert.equal(last.status, 0, last.stdout);
  assert.deepEqual(taskStates(run.repository, planId), ['T1:done', 'T2:done', 'T3:done']);
  const starts = run.readLog().filter((entry) => entry.task === 'T1' && entry.what === 'start');
  const lastStart = starts.at(-1) as { feedbackText?: string };
  assert.match(lastStart.feedbackText ?? '', /Say "Hello" and nothing else\./);
  // The note is given once: it is not left to be given again.
  const status = JSON.parse(runBaton(run.repository, ['status', planId, '--json']).stdout);
  assert.equal(status.plans[0].tasks[0].reason, undefined);
});

test('retry without a task sends every blocked task back', (t) => {
  const planId = 'all-back';
  const run = makeRunRepository(
    t,
    planId,
    [
      { id: 'T1', files: ['one.txt'] },
      { id: 'T2', files: ['two.txt'] },
    ],
    {
      scenario: {
        T1: { blockedUnlessFeedback: 'stuck one' },
        T2: { blockedUnlessFeedback: 'stuck two' },
      },
    },
  );
  assert.equal(runBaton(run.repository, ['run', planId, ...scriptedBackends], { env: run.env }).status, 1);
  const retried = runBaton(run.repository, ['retry', planId, '--note', 'go on'], { env: run.env });
  assert.equal(retried.status, 0, retried.stderr);
  assert.match(retried.stdout, /T1, T2/);
  const last = runBaton(run.repository, ['run', planId, ...scriptedBackends], { env: run.env });
  assert.equal(last.status, 0, last.stdout);
  // Nothing blocked: retry says so.
  const nothing = runBaton(run.repository, ['retry', planId], { env: run.env });
  assert.equal(nothing.status, 1);
  assert.match(nothing.stderr, /no blocked task/);
});

test('retry on a plan in review is refused, naming its state', (t) => {
  const repository = makeRepository(t);
  const review = path.join(repository, '.baton', 'plans', 'review');
  mkdirSync(review, { recursive: true });
  writeFileSync(path.join(review, 'greeting.md'), cleanPlanText('greeting'));
  const result = runBaton(repository, ['retry', 'greeting', 'T1', '--json'], { terminal: true });
  assert.equal(result.status, 1, result.stdout + result.stderr);
  const { error } = JSON.parse(result.stdout);
  assert.equal(error.code, 'PLAN_WRONG_STATE');
  assert.equal(error.message, 'plan "greeting" is in review: only an active plan\'s tasks are retried');
});

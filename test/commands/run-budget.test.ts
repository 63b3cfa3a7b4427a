// `baton run` stops cleanly before the plan would pass `budget.plan_usd` (the executor reports
// its cost through the command backend's result file), and a run with a higher budget
// finishes the job. And a reviewer that fails outright fails the round, not the task.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  makeRunRepository,
  mergeCount,
  parseEvents,
  scriptedBackends,
} from '../runner/support/run-repository.ts';
import { runBaton } from '../support/cli.ts';
import { git } from '../support/repository.ts';

const backends = scriptedBackends;

test('the run stops before a task would pass budget.plan_usd; a higher budget finishes it', (t) => {
  const planId = 'budget';
  const ids = ['T1', 'T2', 'T3', 'T4'];
  const usage = { input_tokens: 1000, output_tokens: 200, cost_usd: 0.1, model: 'test:model' };
  const run = makeRunRepository(
    t,
    planId,
    ids.map((id, index) => ({
      id,
      files: [`${id}.txt`],
      dependencies: index > 0 ? [ids[index - 1]!] : [],
    })),
    {
      config: 'budget:\n  plan_usd: 0.25\n',
      scenario: Object.fromEntries(ids.map((id) => [id, { usage }])),
    },
  );
  const first = runBaton(run.repository, ['run', planId, ...backends], { env: run.env });
  assert.equal(first.status, 1, `${first.stdout}\n${first.stderr}`);
  // $0.20 spent after two tasks; the third executor, at about $0.10, would pass $0.25.
  assert.match(
    first.stdout,
    /stopped \(BUDGET_EXCEEDED\): plan budget has spent \$0\.2000 of its \$0\.25 budget/,
  );
  assert.match(first.stdout, /budget\.plan_usd/);
  assert.deepEqual(
    run
      .readLog()
      .filter((entry) => entry.what === 'start')
      .map((entry) => entry.task),
    ['T1', 'T2'],
  );
  const branch = `baton/${planId}`;
  for (const [task, merges] of [
    ['T1', 1],
    ['T2', 1],
    ['T3', 0],
    ['T4', 0],
  ] as const)
    assert.equal(mergeCount(run.repository, branch, planId, task), merges, task);
  // The stop came before T3 took a worktree: nothing of it exists.
  assert.equal(existsSync(path.join(run.worktrees, planId, 'T3')), false);
  assert.equal(git(run.repository, 'branch', '--list', 'baton-task/*'), '');

  const status = JSON.parse(runBaton(run.repository, ['status', planId, '--json']).stdout).plans[0];
  assert.deepEqual(
    status.tasks.map((task: { state: string }) => task.state),
    ['done', 'done', 'pending', 'pending'],
  );
  assert.equal(status.runner.state, 'stopped');
  const cost = runBaton(run.repository, ['cost', '--plan', planId, '--json']);
  assert.equal(cost.status, 0, cost.stderr);
  assert.match(cost.stdout, /0\.2/);

  const config = path.join(run.repository, '.baton/config.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').replace('plan_usd: 0.25', 'plan_usd: 1'));
  const second = runBaton(run.repository, ['run', planId, '--json', ...backends], { env: run.env });
  assert.equal(second.status, 0, `${second.stdout}\n${second.stderr}`);
  const started = parseEvents(second.stdout)
    .filter((event) => event.kind === 'task-started')
    .map((event) => event.taskId);
  assert.deepEqual(started, ['T3', 'T4']);
  for (const id of ids) assert.equal(mergeCount(run.repository, branch, planId, id), 1, id);
});

test('a reviewer that fails outright fails the round, with its error in the feedback; the next round can pass', (t) => {
  const planId = 'reviewer-fails';
  const run = makeRunRepository(
    t,
    planId,
    [
      { id: 'T1', files: ['one.txt'] },
      { id: 'T2', files: ['two.txt'] },
    ],
    { scenario: { T1: { reviewFails: 1 }, T2: { reviewFails: 10 } } },
  );
  const result = runBaton(run.repository, ['run', planId, '--json', ...backends], { env: run.env });
  assert.equal(result.status, 1, `${result.stdout}\n${result.stderr}`);
  const events = parseEvents(result.stdout);
  const failed = events.find(
    (event) => event.kind === 'task-round-failed' && event.taskId === 'T1' && event.round === 1,
  );
  assert.ok(failed, 'round 1 of T1 failed');
  assert.match(failed.message, /the reviewer failed: .*exit code 3.*the judge model is unreachable/);
  // Round 2 got the reviewer's error as feedback, and was approved and merged.
  const feedback = readFileSync(
    path.join(run.worktrees, planId, '_handoff', 'T1', 'FEEDBACK_T1_round2.md'),
    'utf8',
  );
  assert.match(feedback, /## The reviewer failed/);
  assert.match(feedback, /the judge model is unreachable/);
  assert.ok(events.some((event) => event.kind === 'task-merged' && event.taskId === 'T1'));
  assert.equal(git(run.repository, 'show', `baton/${planId}:one.txt`), 'T1 OK');

  // A reviewer failing every round blocks the task, saying so.
  const finished = events.find((event) => event.kind === 'run-finished')!;
  const blocked = finished.data!.blocked as Array<{ taskId: string; reason: string }>;
  assert.deepEqual(
    blocked.map((entry) => entry.taskId),
    ['T2'],
  );
  assert.match(blocked[0]!.reason, /not approved after 2 round\(s\): the reviewer failed/);
});

test('parallel tasks: a reservation for each task in flight keeps the run within budget; paid tasks finish and merge', (t) => {
  const planId = 'parallel-budget';
  const ids = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6'];
  const usage = { input_tokens: 1000, output_tokens: 200, cost_usd: 0.3, model: 'test:model' };
  const run = makeRunRepository(
    t,
    planId,
    ids.map((id) => ({ id, files: [`${id}.txt`] })),
    {
      config: 'budget:\n  plan_usd: 1.0\n',
      scenario: Object.fromEntries(ids.map((id) => [id, { usage }])),
    },
  );
  const result = runBaton(run.repository, ['run', planId, '--concurrency', '2', '--json', ...backends], {
    env: run.env,
  });
  assert.equal(result.status, 1, `${result.stdout}\n${result.stderr}`);
  const events = parseEvents(result.stdout);
  const finished = events.find((event) => event.kind === 'run-finished')!;
  assert.equal(finished.data!.stopCode, 'BUDGET_EXCEEDED');
  // Never more than the budget, and nothing paid for is thrown away.
  const cost = JSON.parse(runBaton(run.repository, ['cost', '--plan', planId, '--json']).stdout);
  assert.ok(cost.total.costUsd <= 1.0 + 1e-9, `spent ${cost.total.costUsd}`);
  assert.equal(events.filter((event) => event.kind === 'task-interrupted').length, 0);
  const started = run
    .readLog()
    .filter((entry) => entry.what === 'start')
    .map((entry) => entry.task);
  assert.ok(started.length >= 2 && started.length < ids.length, started.join(','));
  for (const id of started) assert.equal(mergeCount(run.repository, `baton/${planId}`, planId, id), 1, id);
  assert.deepEqual((finished.data!.done as string[]).sort(), [...started].sort());
});

test('a model missing from the price table: warned about once per run, and recorded', async (t) => {
  const planId = 'unpriced';
  const usage = { input_tokens: 1000, output_tokens: 200, model: 'nowhere:model-x' };
  const run = makeRunRepository(
    t,
    planId,
    [
      { id: 'T1', files: ['one.txt'] },
      { id: 'T2', files: ['two.txt'] },
    ],
    { config: 'budget:\n  plan_usd: 1.0\n', scenario: { T1: { usage }, T2: { usage } } },
  );
  const result = runBaton(run.repository, ['run', planId, '--json', ...backends], { env: run.env });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  const warnings =
    result.stderr.match(/no price for model nowhere:model-x: the budget cannot count it/g) ?? [];
  assert.equal(warnings.length, 1, result.stderr);
  const { openStore } = await import('../../src/store/store.ts');
  const store = await openStore({ url: path.join(run.repository, '.baton', 'baton.db') });
  t.after(() => store.close());
  const recorded = await store.db
    .selectFrom('events')
    .selectAll()
    .where('kind', '=', 'usage-unpriced')
    .execute();
  assert.equal(recorded.length, 1);
});

// `baton status`: every task of every active plan, with state, round, score and cost.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordUsage } from '../../src/store/usage.ts';
import { executorSpec, makeRunRepository, reviewerSpec } from '../runner/support/run-repository.ts';
import { runBaton } from '../support/cli.ts';
import { storeTargets } from '../support/stores.ts';

test('status lists the tasks of active plans before and after a run, with the cost recorded', async (t) => {
  const run = makeRunRepository(t, 'stat', [
    { id: 'T1', files: ['one.txt'] },
    { id: 'T2', files: ['two.txt'], dependencies: ['T1'] },
  ]);
  const before = runBaton(run.repository, ['status', '--json']);
  assert.equal(before.status, 0, before.stderr);
  const plan = JSON.parse(before.stdout).plans[0];
  assert.equal(plan.planId, 'stat');
  assert.deepEqual(
    plan.tasks.map((task: { state: string }) => task.state),
    ['pending', 'pending'],
  );
  assert.equal(plan.runner, undefined);

  const result = runBaton(
    run.repository,
    ['run', 'stat', '--executor', executorSpec, '--reviewer', reviewerSpec],
    {
      env: run.env,
    },
  );
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  const { store } = await storeTargets[0]!.open(t, run.repository);
  await recordUsage(store, {
    role: 'executor',
    backend: 'command',
    planId: 'stat',
    taskId: 'T1',
    costUsd: 0.25,
  });

  const text = runBaton(run.repository, ['status']);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^stat: Run test plan \[active\] — last run finished, cost \$0\.2500$/m);
  assert.match(text.stdout, /^ {2}T1 +done +round 1 +score 95 .*\$0\.2500/m);
  assert.match(text.stdout, /^ {2}T2 +done +round 1 +score 95/m);
  // Finished tasks say who finished them: the run's instance and runner.
  assert.match(text.stdout, /^ {2}T1 +done .* by baton-run \(runner-\d+-[0-9a-f]+\)$/m);
  const json = JSON.parse(runBaton(run.repository, ['status', 'stat', '--json']).stdout);
  for (const task of json.plans[0].tasks) assert.match(task.by, /^baton-run \(runner-/);
});

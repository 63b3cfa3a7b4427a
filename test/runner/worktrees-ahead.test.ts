// While every slot is busy, the worktrees of the tasks next in line are made ahead, once the
// tasks just started have their executors under way and the merges in progress have ended
// (foreground-steps.ts): not while the runner is launching executors or merging. An executor
// that runs as a process is under way once its process has started; one that runs as none (a
// model through its API) once it is called. Either way the next task's worktree is made while
// the executor works, never only after its task ends.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Backend } from '../../src/agents/backend.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { ForegroundSteps, launchOf, mergeOf } from '../../src/runner/foreground-steps.ts';
import { runPlan } from '../../src/runner/run-plan.ts';
import { openStore } from '../../src/store/store.ts';
import { runBaton } from '../support/cli.ts';
import { approvingBackend, makeRunRepository, scriptedBackends, waitFor } from './support/run-repository.ts';

test('background work waits for the launches and merges in progress when it asks, not for those begun later', async () => {
  const foreground = new ForegroundSteps();
  await foreground.settled();
  foreground.begin(launchOf('T1'));
  foreground.begin(mergeOf('T0'));
  let settled = false;
  const waiting = foreground.settled().then(() => {
    settled = true;
  });
  foreground.end(launchOf('T1'));
  foreground.end(launchOf('T1'));
  foreground.begin(mergeOf('T2'));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(settled, false, "T0's merge is still in progress");
  foreground.end(launchOf('T3'));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(settled, false, 'ending a step never begun ends nothing');
  foreground.end(mergeOf('T0'));
  await waiting;
  assert.equal(settled, true, "T2's merge, begun after the wait began, is not waited for");
});

test("an executor without a process of its own is under way when called: the next task's worktree is made while it works", async (t) => {
  const planId = 'ahead';
  const run = makeRunRepository(t, planId, [
    { id: 'T1', files: ['one.txt'] },
    { id: 'T2', files: ['two.txt'] },
  ]);
  const store = await openStore({ url: path.join(run.repository, '.baton', 'baton.db') });
  t.after(() => store.close());
  const nextWorktree = path.join(run.worktrees, planId, 'T2', '.git');
  let madeWhileT1Worked = false;
  const backend: Backend = {
    ...approvingBackend,
    kind: 'model',
    async execute(request) {
      const outcome = await approvingBackend.execute!(request);
      if (request.task.id === 'T1') {
        await waitFor(() => existsSync(nextWorktree), 10_000).catch(() => {});
        madeWhileT1Worked = existsSync(nextWorktree);
      }
      return outcome;
    },
  };

  const summary = await runPlan({
    repositoryRoot: run.repository,
    config: loadConfig(run.repository),
    store,
    planId,
    executor: backend,
    reviewer: backend,
    concurrency: 1,
  });
  assert.equal(summary.outcome, 'done');
  assert.equal(madeWhileT1Worked, true, "T2's worktree was made while T1's executor worked");
});

test("an executor run as a process is under way once it has started: the next task's worktree is made while it works", (t) => {
  const planId = 'ahead-process';
  const run = makeRunRepository(t, planId, [
    { id: 'T1', files: ['one.txt'] },
    { id: 'T2', files: ['two.txt'] },
  ]);
  const nextWorktree = path.join(run.worktrees, planId, 'T2', '.git');
  const seen = path.join(path.dirname(run.log), 'seen.txt');
  // T1's executor waits (up to 10 s) for T2's worktree and says whether it came.
  writeFileSync(
    run.scenario,
    JSON.stringify({
      T1: {
        shell: `for i in $(seq 200); do [ -e '${nextWorktree}' ] && break; sleep 0.05; done; if [ -e '${nextWorktree}' ]; then echo made > '${seen}'; else echo missing > '${seen}'; fi`,
      },
    }),
  );
  const result = runBaton(run.repository, ['run', planId, '--concurrency', '1', ...scriptedBackends], {
    env: run.env,
  });
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.equal(
    readFileSync(seen, 'utf8').trim(),
    'made',
    "T2's worktree was made while T1's executor worked",
  );
});

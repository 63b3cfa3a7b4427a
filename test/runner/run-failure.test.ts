// When the store fails under a run (a disk gone, a database restarted), the run fails — and
// first stops the tasks in flight and waits for them, so no executor keeps working behind it.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Backend } from '../../src/agents/backend.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { runPlan } from '../../src/runner/run-plan.ts';
import { openStore } from '../../src/store/store.ts';
import { makeRunRepository } from './support/run-repository.ts';

test('a store failing mid-run stops the tasks in flight before the run fails', async (t) => {
  const run = makeRunRepository(t, 'failing', [
    { id: 'T1', files: ['one.txt'] },
    { id: 'T2', files: ['two.txt'] },
    { id: 'T3', files: ['three.txt'] },
  ]);
  const store = await openStore({ url: path.join(run.repository, '.baton', 'baton.db') });
  let secondStopped = false;
  let secondWorking!: () => void;
  const secondStarted = new Promise<void>((resolve) => {
    secondWorking = resolve;
  });
  const executor: Backend = {
    kind: 'command',
    description: 'in-process test executor',
    async execute(request) {
      if (request.task.id === 'T1') {
        writeFileSync(path.join(request.workdir, 'one.txt'), 'T1 OK\n');
        await secondStarted; // T2 is at work
        await store.close(); // the store goes away under the run
        return { status: 'finished' };
      }
      // T2 works until it is stopped.
      secondWorking();
      await new Promise<void>((resolve) => request.signal.addEventListener('abort', () => resolve()));
      secondStopped = true;
      return { status: 'failed', reason: 'stopped' };
    },
  };
  const reviewer: Backend = {
    kind: 'command',
    description: 'in-process test reviewer',
    async review() {
      return { text: '{"scores": {}, "issues": [], "summary": "never reached"}' };
    },
  };
  let settled = false;
  const running = runPlan({
    repositoryRoot: run.repository,
    config: loadConfig(run.repository),
    store,
    planId: 'failing',
    executor,
    reviewer,
    concurrency: 2,
  }).finally(() => {
    settled = true;
  });
  await assert.rejects(running);
  assert.equal(settled, true);
  assert.equal(secondStopped, true, "T2's executor was still working when the run failed");
});

// The scheduling loop has the worktrees of the tasks it is about to pick made while it asks for
// their claims (schedule-loop.ts), not after: a run's first tasks start that much sooner. A task
// kept out by someone's claim meanwhile keeps its worktree for when it starts, and never starts
// while the claim is held.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Backend } from '../../src/agents/backend.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { runPlan } from '../../src/runner/run-plan.ts';
import { acquireClaims } from '../../src/store/claim-leases.ts';
import { openStore } from '../../src/store/store.ts';
import { makeRunRepository, waitFor } from './support/run-repository.ts';

test("a task's worktree is made while its claims are asked for, even when someone else's claim keeps it waiting", async (t) => {
  const run = makeRunRepository(t, 'held', [{ id: 'T1', files: ['one.txt'] }]);
  const store = await openStore({ url: path.join(run.repository, '.baton', 'baton.db') });
  t.after(() => store.close());
  const held = await acquireClaims(store, {
    instance: 'someone-else',
    patterns: ['one.txt'],
    ttlMs: 3_600_000,
    exclusive: true,
    reason: 'editing it by hand',
  });
  assert.ok('granted' in held);
  let started = false;
  const backend: Backend = {
    kind: 'command',
    description: 'in-process test backend',
    async execute() {
      started = true;
      return { status: 'failed', reason: 'must not start while the claim is held' };
    },
    async review() {
      return { text: '{"scores": {}, "issues": [], "summary": "never reached"}' };
    },
  };
  const stop = new AbortController();
  const running = runPlan({
    repositoryRoot: run.repository,
    config: loadConfig(run.repository),
    store,
    planId: 'held',
    executor: backend,
    reviewer: backend,
    concurrency: 1,
    signal: stop.signal,
  });
  try {
    await waitFor(() => existsSync(path.join(run.worktrees, 'held', 'T1', '.git')) || started, 10_000);
  } finally {
    stop.abort();
  }
  const summary = await running;
  assert.equal(started, false);
  assert.equal(summary.outcome, 'stopped');
  assert.ok(existsSync(path.join(run.worktrees, 'held', 'T1')));
});

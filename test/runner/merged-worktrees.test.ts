// A merged task's worktree is removed in the background, removals gathering for a moment (one
// process for several). Once every task has started, nothing is left to start that a removal
// could slow and the run's end waits for them: a merged task's worktree then goes at once.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Backend } from '../../src/agents/backend.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { runPlan } from '../../src/runner/run-plan.ts';
import { openStore } from '../../src/store/store.ts';
import { makeRunRepository, mergeCount, waitFor } from './support/run-repository.ts';

// Removals gather for a second (worktrees.ts): gone well within it means they did not gather.
const withinMs = 800;

test("once every task has started, a merged task's worktree is removed at once, not after the gathering moment", async (t) => {
  const planId = 'endgame';
  const run = makeRunRepository(t, planId, [
    { id: 'T1', files: ['one.txt'] },
    { id: 'T2', files: ['two.txt'] },
  ]);
  const store = await openStore({ url: path.join(run.repository, '.baton', 'baton.db') });
  t.after(() => store.close());
  const firstWorktree = path.join(run.worktrees, planId, 'T1');
  let goneAfterMs: number | undefined;
  const backend: Backend = {
    kind: 'command',
    description: 'in-process test backend',
    async execute(request) {
      writeFileSync(path.join(request.workdir, request.task.files[0]!), `${request.task.id} OK\n`);
      if (request.task.id === 'T2') {
        // T2 works on while T1 is merged, and watches T1's worktree go.
        await waitFor(() => mergeCount(run.repository, `baton/${planId}`, planId, 'T1') === 1);
        const merged = Date.now();
        await waitFor(() => !existsSync(firstWorktree), 5_000).catch(() => {});
        if (!existsSync(firstWorktree)) goneAfterMs = Date.now() - merged;
      }
      return { status: 'finished' };
    },
    async review() {
      const scores = Object.fromEntries(
        ['adherence', 'correctness', 'architecture', 'readability', 'security', 'performance'].map((key) => [
          key,
          95,
        ]),
      );
      return { text: JSON.stringify({ scores, issues: [], summary: 'fine' }) };
    },
  };
  const summary = await runPlan({
    repositoryRoot: run.repository,
    config: loadConfig(run.repository),
    store,
    planId,
    executor: backend,
    reviewer: backend,
    concurrency: 2,
  });
  assert.equal(summary.outcome, 'done');
  assert.ok(goneAfterMs !== undefined, "T1's worktree was still there when T2 ended");
  assert.ok(goneAfterMs < withinMs, `T1's worktree went ${goneAfterMs} ms after its merge`);
  assert.equal(existsSync(path.join(run.worktrees, planId, 'T2')), false);
});

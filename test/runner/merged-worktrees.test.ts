// A merged task's worktree is removed in the background, removals gathering for a moment (one
// process for several). Once every task has started, nothing is left to start that a removal
// could slow and the run's end waits for them: a merged task's worktree then goes at once. The
// last to merge go while the plan's verification runs, which does not wait for them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Backend } from '../../src/agents/backend.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { runPlan } from '../../src/runner/run-plan.ts';
import { openStore } from '../../src/store/store.ts';
import { makeTemporaryDirectory } from '../support/repository.ts';
import { approvingBackend, makeRunRepository, mergeCount, waitFor } from './support/run-repository.ts';

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
    ...approvingBackend,
    async execute(request) {
      const outcome = await approvingBackend.execute!(request);
      if (request.task.id === 'T2') {
        // T2 works on while T1 is merged, and watches T1's worktree go.
        await waitFor(() => mergeCount(run.repository, `baton/${planId}`, planId, 'T1') === 1);
        const merged = Date.now();
        await waitFor(() => !existsSync(firstWorktree), 5_000).catch(() => {});
        if (!existsSync(firstWorktree)) goneAfterMs = Date.now() - merged;
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
    concurrency: 2,
  });
  assert.equal(summary.outcome, 'done');
  assert.ok(goneAfterMs !== undefined, "T1's worktree was still there when T2 ended");
  assert.ok(goneAfterMs < withinMs, `T1's worktree went ${goneAfterMs} ms after its merge`);
  assert.equal(existsSync(path.join(run.worktrees, planId, 'T2')), false);
});

test("the plan's verification does not wait for the last merged task's worktree to be removed", async (t) => {
  const planId = 'verifying';
  // Run in the integration worktree: it notes whether T1's worktree, beside it, is still there.
  const run = makeRunRepository(t, planId, [{ id: 'T1', files: ['one.txt'] }], {
    verification: ['test ! -d ../T1 || touch ../../saw-T1'],
  });
  const store = await openStore({ url: path.join(run.repository, '.baton', 'baton.db') });
  t.after(() => store.close());
  // T1's removal takes a while (a big checkout on a slow disk, say): a git that waits first.
  const shim = makeTemporaryDirectory(t, 'baton-git-shim-');
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  writeFileSync(
    path.join(shim, 'git'),
    `#!/bin/sh\ncase "$1 $2 $*" in "worktree remove "*/T1) sleep 2 ;; esac\nexec ${realGit} "$@"\n`,
    { mode: 0o755 },
  );
  const originalPath = process.env.PATH;
  process.env.PATH = `${shim}${path.delimiter}${originalPath}`;
  t.after(() => {
    process.env.PATH = originalPath;
  });
  const summary = await runPlan({
    repositoryRoot: run.repository,
    config: loadConfig(run.repository),
    store,
    planId,
    executor: approvingBackend,
    reviewer: approvingBackend,
    concurrency: 1,
  });
  assert.equal(summary.outcome, 'done');
  assert.ok(existsSync(path.join(run.worktrees, 'saw-T1')), "the verification waited for T1's removal");
  // The run still waited for the removal before it ended.
  assert.equal(existsSync(path.join(run.worktrees, planId, 'T1')), false);
});

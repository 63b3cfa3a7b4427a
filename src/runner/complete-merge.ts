// `baton complete <plan> --merge`: merges the integration branch `baton/<plan>` into the
// plan's base, before the plan is archived, so a conflict leaves the plan active and nothing
// half-done. Refused while tasks are unfinished (unless forced), like completion itself.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import { BatonError } from '../errors.ts';
import { readPlanDocument } from '../plans/plan-document.ts';
import { findPlan } from '../plans/plan-files.ts';
import { planFolders } from '../plans/plan-folders.ts';
import type { Store } from '../store/store.ts';
import { listTaskRuns } from '../store/task-runs.ts';
import { currentBranch } from '../workspace/git.ts';
import { mergeIntoBase } from '../workspace/merge.ts';
import { branchExists, deleteBranch, removeWorktree, worktreesRoot } from '../workspace/worktrees.ts';
import { integrationBranch, integrationWorktree, planWorktreesDirectory } from './integration-branch.ts';
import { requireRecordedIntegrationTip } from './integration-tip.ts';

/** The plans folder, relative to the repository (when it is inside it). */
function plansFolderIgnore(repositoryRoot: string, config: Config): string[] {
  return Object.values(planFolders(repositoryRoot, config))
    .map((folder) => path.relative(repositoryRoot, folder))
    .filter((relative) => relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative));
}

export async function mergePlanBranch(options: {
  repositoryRoot: string;
  config: Config;
  store: Store;
  planId: string;
  force: boolean;
}): Promise<{ branch: string; base: string; commit: string; where: string }> {
  const { repositoryRoot, planId } = options;
  const location = findPlan(planFolders(repositoryRoot, options.config), planId);
  const plan = readPlanDocument(location, repositoryRoot).parsed.plan;
  const branch = integrationBranch(planId);
  if (!(await branchExists(repositoryRoot, branch)))
    throw new BatonError('MERGE_FAILED', `there is no branch ${branch} to merge`, {
      hint: `Run the plan first: baton run ${planId}.`,
    });
  if (!options.force) {
    const done = new Set(
      (await listTaskRuns(options.store, planId))
        .filter((run) => run.state === 'done')
        .map((run) => run.taskId),
    );
    const unfinished = plan.tasks.filter((task) => !done.has(task.id)).map((task) => task.id);
    if (unfinished.length > 0)
      throw new BatonError(
        'PLAN_TASKS_UNFINISHED',
        `plan "${planId}" has unfinished task(s): ${unfinished.join(', ')}; not merging ${branch}`,
        {
          hint: `Finish them (baton run ${planId}), or use --force.`,
        },
      );
  }
  // Only what baton merged goes to the base: the branch must be where baton's last merge left it.
  await requireRecordedIntegrationTip(options.store, repositoryRoot, planId);
  const base = plan.meta.base ?? currentBranch(repositoryRoot) ?? 'main';
  const outcome = await mergeIntoBase({
    repositoryRoot,
    base,
    branch,
    message: `baton: merge plan ${planId}: ${plan.meta.title}\n\nBaton-Plan: ${planId}\n`,
    temporaryWorktree: path.join(tmpdir(), `baton-merge-${planId}-${process.pid}`),
    // baton's own plan moves (approve, complete) are not the user's uncommitted work.
    ignoreDirty: plansFolderIgnore(repositoryRoot, options.config),
  });
  if (!outcome.merged)
    throw new BatonError('MERGE_FAILED', `cannot merge ${branch} into ${base}: ${outcome.reason}`, {
      hint: `Nothing was merged and the plan stays active. Merge by hand (git merge --no-ff ${branch}), then baton complete ${planId}.`,
      data: { conflicts: outcome.conflicts },
    });
  // The work is on the base now: the integration worktree and branch have served their turn.
  const root = worktreesRoot(repositoryRoot, options.config.run.worktrees_dir);
  await removeWorktree(repositoryRoot, integrationWorktree(root, planId));
  await deleteBranch(repositoryRoot, branch);
  // The hand-off files of the plan's tasks have served their turn too.
  rmSync(path.join(planWorktreesDirectory(root, planId), '_handoff'), { recursive: true, force: true });
  return { branch, base, commit: outcome.commit, where: outcome.where };
}

// The integration branch `baton/<plan>` and its dedicated worktree: where approved tasks are
// merged, one at a time, never in the user's checkout or on their current branch. Task
// branches live in their own namespace, `baton-task/<plan>/<task>`, because git cannot have
// both a branch `baton/<plan>` and branches below it.
import path from 'node:path';
import { currentBranch } from '../workspace/git.ts';
import { gitResult } from '../workspace/git-async.ts';
import {
  cleanIntegrationWorktree,
  type MergeOutcome,
  mergeBranch,
  mergeMessage,
} from '../workspace/merge.ts';
import { branchExists, commitOf, ensureBranchWorktree } from '../workspace/worktrees.ts';

export const integrationBranch = (planId: string): string => `baton/${planId}`;
export const taskBranch = (planId: string, taskId: string): string => `baton-task/${planId}/${taskId}`;

/** Where a plan's worktrees go under the worktrees root. */
export function planWorktreesDirectory(worktreesRoot: string, planId: string): string {
  return path.join(worktreesRoot, planId);
}
export const integrationWorktree = (worktreesRoot: string, planId: string): string =>
  path.join(planWorktreesDirectory(worktreesRoot, planId), '_integration');
export const taskWorktree = (worktreesRoot: string, planId: string, taskId: string): string =>
  path.join(planWorktreesDirectory(worktreesRoot, planId), taskId);
export const handoffDirectory = (worktreesRoot: string, planId: string, taskId: string): string =>
  path.join(planWorktreesDirectory(worktreesRoot, planId), '_handoff', taskId);

export class Integration {
  readonly planId: string;
  readonly branch: string;
  readonly worktree: string;
  #queue: Promise<unknown> = Promise.resolve();
  // Known after every merge, so starting a task costs no `git rev-parse`.
  #tip: string | undefined;

  constructor(planId: string, worktreesRoot: string) {
    this.planId = planId;
    this.branch = integrationBranch(planId);
    this.worktree = integrationWorktree(worktreesRoot, planId);
  }

  /**
   * Creates `baton/<plan>` from the base (the plan's `base`, else the main checkout's branch)
   * unless it exists (a resumed run keeps it), checks it out in the integration worktree and
   * clears whatever an interrupted merge left there.
   */
  async prepare(
    repositoryRoot: string,
    base: string | undefined,
  ): Promise<{ created: boolean; base: string }> {
    const from = base ?? currentBranch(repositoryRoot) ?? 'HEAD';
    let created = false;
    if (!(await branchExists(repositoryRoot, this.branch))) {
      const result = await gitResult(repositoryRoot, ['branch', this.branch, from]);
      if (result.exitCode !== 0)
        throw new Error(`cannot create ${this.branch} from ${from}: ${result.stderr.trim()}`);
      created = true;
    }
    await ensureBranchWorktree({ repositoryRoot, directory: this.worktree, branch: this.branch });
    await cleanIntegrationWorktree(this.worktree);
    return { created, base: from };
  }

  async tip(): Promise<string> {
    this.#tip ??= await commitOf(this.worktree, 'HEAD');
    return this.#tip;
  }

  /** Merges one task branch; merges queue here so only one runs at a time. */
  merge(taskId: string, title: string, branch: string): Promise<MergeOutcome> {
    const next = this.#queue.then(async () => {
      const outcome = await mergeBranch(this.worktree, branch, mergeMessage(this.planId, taskId, title));
      if (outcome.merged) this.#tip = outcome.commit;
      return outcome;
    });
    this.#queue = next.catch(() => {});
    return next;
  }
}

/** Task ids whose merge commit is on the integration branch (one `git log` for all of them). */
export async function mergedTaskIds(worktree: string, planId: string): Promise<Set<string>> {
  const log = await gitResult(worktree, ['log', '--merges', '--format=%B%x00', 'HEAD']);
  const merged = new Set<string>();
  const prefix = `Baton-Task: ${planId}/`;
  for (const line of log.stdout.split('\n')) {
    const trimmed = line.replace(/\0/g, '').trim();
    if (trimmed.startsWith(prefix)) merged.add(trimmed.slice(prefix.length));
  }
  return merged;
}

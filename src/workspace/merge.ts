// Merging task branches into the integration branch, and the integration branch into the base.
// A merge is all or nothing: on a conflict (or any failure) the merge is aborted and the
// worktree reset to where it was, so nothing half-merged is ever left behind. git writes the
// merge commit before it moves the branch, so a crash mid-merge leaves the branch untouched;
// `cleanIntegrationWorktree` clears the leftovers (MERGE_HEAD, a dirty index) on the next run.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { git, gitResult } from './git-async.ts';
import { identityArguments } from './worktrees.ts';

export type MergeOutcome =
  | { merged: true; commit: string }
  | { merged: false; conflicts: string[]; output: string };

/** The trailer that marks a task's merge commit: how a resumed run knows a task is merged. */
export function taskTrailer(planId: string, taskId: string): string {
  return `Baton-Task: ${planId}/${taskId}`;
}

export function mergeMessage(planId: string, taskId: string, title: string): string {
  return `baton: merge ${taskId}: ${title}\n\n${taskTrailer(planId, taskId)}\n`;
}

/** Aborts a merge in progress and resets the worktree to its HEAD. */
export async function cleanIntegrationWorktree(worktree: string): Promise<void> {
  const gitDirectory = await git(worktree, ['rev-parse', '--absolute-git-dir']);
  if (existsSync(path.join(gitDirectory, 'MERGE_HEAD'))) await gitResult(worktree, ['merge', '--abort']);
  await git(worktree, ['reset', '--quiet', '--hard', 'HEAD']);
  await git(worktree, ['clean', '-fdq']);
}

async function unmergedFiles(worktree: string): Promise<string[]> {
  const result = await gitResult(worktree, ['diff', '--name-only', '--diff-filter=U']);
  return result.stdout.split('\n').filter((line) => line.trim() !== '');
}

/** `git merge --no-ff` of `branch` into the worktree's branch, with a merge commit named after the task. */
export async function mergeBranch(worktree: string, branch: string, message: string): Promise<MergeOutcome> {
  const result = await gitResult(worktree, [
    ...(await identityArguments(worktree)),
    'merge',
    '--no-ff',
    '--no-edit',
    '--no-verify',
    '-m',
    message,
    branch,
  ]);
  if (result.exitCode === 0) return { merged: true, commit: await git(worktree, ['rev-parse', 'HEAD']) };
  const conflicts = await unmergedFiles(worktree);
  // --abort puts back HEAD, index and files as they were before the merge started.
  await gitResult(worktree, ['merge', '--abort']);
  await git(worktree, ['reset', '--quiet', '--hard', 'HEAD']);
  return { merged: false, conflicts, output: `${result.stdout}\n${result.stderr}`.trim() };
}

/** Is a merge commit for this task already on the branch checked out in `worktree`? */
export async function taskAlreadyMerged(worktree: string, planId: string, taskId: string): Promise<boolean> {
  const log = await gitResult(worktree, [
    'log',
    '--merges',
    '--format=%H',
    '--fixed-strings',
    `--grep=${taskTrailer(planId, taskId)}`,
    'HEAD',
  ]);
  return log.exitCode === 0 && log.stdout.trim() !== '';
}

/** How many merge commits on `branch` carry the task's trailer (a resumed run must leave one). */
export async function countTaskMerges(
  repositoryRoot: string,
  branch: string,
  planId: string,
  taskId: string,
): Promise<number> {
  const log = await git(repositoryRoot, [
    'log',
    '--merges',
    '--format=%H',
    '--fixed-strings',
    `--grep=${taskTrailer(planId, taskId)}`,
    branch,
  ]);
  return log === '' ? 0 : log.split('\n').length;
}

/** The worktree that has `branch` checked out, if any (`git worktree list`). */
export async function worktreeOfBranch(repositoryRoot: string, branch: string): Promise<string | undefined> {
  const list = await git(repositoryRoot, ['worktree', 'list', '--porcelain']);
  let current: string | undefined;
  for (const line of list.split('\n')) {
    if (line.startsWith('worktree ')) current = line.slice('worktree '.length);
    else if (line === `branch refs/heads/${branch}` && current) return current;
  }
  return undefined;
}

export type BaseMergeOutcome =
  | { merged: true; commit: string; where: string }
  | { merged: false; reason: string; conflicts: string[] };

/**
 * `baton complete --merge`: merges the integration branch into the base. Where the base is
 * checked out (usually the main checkout) the merge happens there, refused if that checkout has
 * uncommitted changes to tracked files; otherwise in a temporary worktree that is removed after.
 */
export async function mergeIntoBase(options: {
  repositoryRoot: string;
  base: string;
  branch: string;
  message: string;
  temporaryWorktree: string;
}): Promise<BaseMergeOutcome> {
  const checkedOut = await worktreeOfBranch(options.repositoryRoot, options.base);
  const where = checkedOut ?? options.temporaryWorktree;
  if (checkedOut) {
    const dirty = await gitResult(checkedOut, ['diff', '--quiet', 'HEAD', '--']);
    if (dirty.exitCode !== 0)
      return {
        merged: false,
        reason: `${checkedOut} has uncommitted changes; commit or stash them first`,
        conflicts: [],
      };
  } else {
    await git(options.repositoryRoot, [
      'worktree',
      'add',
      '--quiet',
      options.temporaryWorktree,
      options.base,
    ]);
  }
  try {
    const outcome = await mergeBranch(where, options.branch, options.message);
    if (outcome.merged) return { merged: true, commit: outcome.commit, where };
    return {
      merged: false,
      reason: `merge conflict in ${outcome.conflicts.join(', ') || 'the tree'}`,
      conflicts: outcome.conflicts,
    };
  } finally {
    if (!checkedOut) {
      await gitResult(options.repositoryRoot, ['worktree', 'remove', '--force', options.temporaryWorktree]);
      await gitResult(options.repositoryRoot, ['worktree', 'prune']);
    }
  }
}

// The scope check: a task may change only the files it declared. The diff is taken against
// the commit the task started from, so it covers everything the executor did in every round,
// whether it committed the work itself or left it for baton to commit.
import { pathMatchesGlob } from '../core/paths/glob.ts';
import { git, gitResult } from './git-async.ts';

/** Files changed between `from` and HEAD (renames as a deletion plus an addition). */
export async function changedFiles(worktree: string, from: string): Promise<string[]> {
  const output = await git(worktree, ['diff', '--name-only', '--no-renames', '-z', from, 'HEAD']);
  return output.split('\0').filter((file) => file !== '');
}

/** The changed files that no declared pattern covers. */
export function filesOutsideScope(changed: readonly string[], declared: readonly string[]): string[] {
  return changed.filter((file) => !declared.some((pattern) => pathMatchesGlob(file, pattern)));
}

/** The unified diff of the task's work, for the reviewer. */
export async function taskDiff(worktree: string, from: string): Promise<string> {
  return git(worktree, ['diff', '--no-color', from, 'HEAD']);
}

/**
 * Puts out-of-scope files back as they were at `from` (deleting those that did not exist),
 * so a failed round's stray edits can never be merged; the caller commits the result.
 */
export async function revertFiles(worktree: string, from: string, files: readonly string[]): Promise<void> {
  for (const file of files) {
    const existed = await gitResult(worktree, ['cat-file', '-e', `${from}:${file}`]);
    if (existed.exitCode === 0) await git(worktree, ['checkout', from, '--', file]);
    else await git(worktree, ['rm', '--quiet', '--force', '--ignore-unmatch', '--', file]);
  }
}

// Merging task branches into the integration branch, and the integration branch into the base.
// A merge is all or nothing. Task merges (`mergeIntoBranch`) need no checkout at all: git
// merges the trees in memory (`merge-tree --write-tree`), writes the merge commit
// (`commit-tree`) and moves the branch only if it is still where the merge started
// (`update-ref <new> <old>`) — a conflict or a crash leaves the branch exactly as it was, and
// there is never a MERGE_HEAD or a dirty index to clear. `mergeBranch` (a real `git merge` in
// a checkout) is for `baton complete --merge`, where the user's checkout must follow; on a
// conflict it aborts and resets the checkout to where it was.
import { git, gitResult, gitScript } from './git-async.ts';
import { filesOutsideScope } from './scope-check.ts';
import { scopeInScript } from './scope-in-script.ts';
import { commitMergeScript, taskMergeScript } from './task-merge-scripts.ts';
import { taskTrailer } from './task-trailer.ts';
import { identityArguments, identityEnvironment } from './worktrees.ts';

export type MergeOutcome =
  | { merged: true; commit: string }
  | { merged: false; conflicts: string[]; output: string };

export function mergeMessage(planId: string, taskId: string, title: string): string {
  return `baton: merge ${taskId}: ${title}\n\n${taskTrailer(planId, taskId)}\n`;
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
  // --abort puts back HEAD, index and files as they were before the merge started. A merge git
  // refused to start (local changes in its way) left nothing to undo, and the checkout's own
  // uncommitted changes must stay: no reset.
  const merging = await gitResult(worktree, ['rev-parse', '--verify', '--quiet', 'MERGE_HEAD']);
  if (merging.exitCode === 0) await gitResult(worktree, ['merge', '--abort']);
  return { merged: false, conflicts, output: `${result.stdout}\n${result.stderr}`.trim() };
}

export type BranchMergeOutcome =
  | { merged: true; commit: string; previousTip: string }
  | { merged: false; conflicts: string[]; tip: string };

/** The commit a branch points at (undefined when there is no such branch). */
export async function branchTip(repositoryRoot: string, branch: string): Promise<string | undefined> {
  const result = await gitResult(repositoryRoot, [
    'rev-parse',
    '--verify',
    '-q',
    `refs/heads/${branch}^{commit}`,
  ]);
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

interface BranchMergeOptions {
  repositoryRoot: string;
  target: string;
  branch: string;
  /**
   * The task's commit to merge, the one that was verified and reviewed: whatever moved `branch`
   * since (the executor's or anyone's commit) is not merged. Default: where `branch` is.
   */
  head?: string;
  /** The task changed nothing: it gets an empty commit, so its merge is a merge. */
  unchanged: boolean;
  message: string;
  emptyMessage: string;
  /** The tip `target` must be at (with `putBack`); without it, the merge follows the target. */
  expectedTip?: string;
  /**
   * Puts `target` back at `expectedTip` when it is found at `actual` (undefined: deleted),
   * before the merge or between its steps; the merge is then made again on `expectedTip`.
   */
  putBack?: (actual: string | undefined) => Promise<void>;
  /** The task's declared files: the merge may change nothing else on the target. */
  scope?: readonly string[];
}

const attemptsWhenMoved = 3;

/**
 * What the script does with a clean merge: without a scope, commit it; with one git can check
 * exactly as `filesOutsideScope` does, check it and commit it in the same process; otherwise
 * list what it changes, for the check here and then `commitMergeScript`.
 */
function cleanMergeArguments(scope: readonly string[] | undefined): string[] {
  if (scope === undefined) return ['commit'];
  const paths = scopeInScript(scope);
  return paths ? ['check', ...paths] : ['list'];
}

/**
 * Merges `branch` into `target` without a checkout: one merge commit named by `message`, or
 * nothing at all on a conflict (the conflicted paths come back, with the tip they conflict
 * with). One process when git can do the scope check (the declared files are plain paths):
 * the merged tree, the check, the commit and the move of the branch, which happens only if the
 * branch is still where the merge started. Otherwise, or when git finds a file outside the
 * scope, a second process commits after the check here, which names the files outside.
 */
export async function mergeIntoBranch(options: BranchMergeOptions): Promise<BranchMergeOutcome> {
  const environment = await identityEnvironment(options.repositoryRoot);
  const failure = (what: string) => new Error(`merging ${options.branch} into ${options.target}${what}`);
  const cleanMerge = cleanMergeArguments(options.scope);
  // Without a way to put the target back, the merge follows it wherever it is.
  const expected = (options.putBack && options.expectedTip) || '-';
  // Both commits known (the recorded tip, the reviewed head): the first try reads neither ref,
  // one git process less; a target that moved fails its update-ref, and the next try reads it.
  const trustFirst = expected !== '-' && options.head !== undefined && /^[0-9a-f]{40,64}$/.test(options.head);
  const attempts = attemptsWhenMoved + (trustFirst ? 1 : 0);
  for (let tries = 1; ; tries++) {
    const result = await gitScript(
      options.repositoryRoot,
      taskMergeScript,
      [
        options.target,
        options.head ?? `refs/heads/${options.branch}`,
        trustFirst && tries === 1 ? `${expected}!` : expected,
        options.unchanged ? 'empty' : 'changed',
        options.emptyMessage,
        options.message,
        ...cleanMerge,
      ],
      environment,
    );
    if (result.exitCode === 22 && (await branchTip(options.repositoryRoot, options.target)) === undefined)
      throw new Error(`there is no branch ${options.target}`);
    // Moved while the script ran: the next try finds where (and puts it back) and merges again.
    if (result.exitCode === 25 && tries < attempts) continue;
    if (result.exitCode !== 0) throw failure(` failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
    const newline = result.stdout.indexOf('\n');
    const [word = '', ...fields] = result.stdout.slice(0, newline < 0 ? undefined : newline).split(' ');
    const rest = newline < 0 ? '' : result.stdout.slice(newline + 1);
    if (word === 'moved') {
      if (tries >= attempts || !options.putBack) throw failure(`: ${options.target} keeps moving`);
      await options.putBack(fields[0] || undefined);
      continue;
    }
    if (word === 'conflict') {
      // The first line after `conflict` is the (partial) tree; then one conflicted path a line.
      const conflicts = [
        ...new Set(
          rest
            .split('\n')
            .slice(1)
            .filter((line) => line.trim() !== ''),
        ),
      ];
      return { merged: false, conflicts, tip: fields[0]! };
    }
    if (word === 'merged') return mergedOutcome(result.stdout, failure);
    const [tree, head, tip] = fields;
    if (word !== 'tree' || !tree || !head || !tip) throw failure(`: ${result.stdout.slice(0, 200)}`);
    if (options.scope !== undefined) assertMergeInScope(options, rest.split('\0'), options.scope);
    const committed = await gitScript(
      options.repositoryRoot,
      commitMergeScript,
      [options.target, options.branch, tip, options.message, tree, head],
      environment,
    );
    // Moved between the two steps: the next try finds where (and puts it back) and merges again.
    if (committed.exitCode === 25 && tries < attempts) continue;
    if (committed.exitCode !== 0)
      throw failure(` failed (exit ${committed.exitCode}): ${committed.stderr.trim()}`);
    return mergedOutcome(committed.stdout, failure);
  }
}

/** `merged <commit> <tip>`, as both scripts print a merge they made. */
function mergedOutcome(output: string, failure: (what: string) => Error): BranchMergeOutcome {
  const [word, commit, tip] = output.trim().split(' ');
  if (word !== 'merged' || !commit || !tip) throw failure(`: ${output.slice(0, 200)}`);
  return { merged: true, commit, previousTip: tip };
}

/**
 * The merge may change, against the integration branch's tip, only files the task declared.
 * The scope check reads the task's diff from its start commit, but git merges against the
 * common ancestor of the tip and the task's head, which the executor's history decides: a head
 * with the tip among its parents (`commit-tree -p HEAD -p <tip>`) makes its tree the result, and
 * undoes every task merged since this one started without a line of its diff showing it.
 */
function assertMergeInScope(
  options: { branch: string; target: string },
  changedAgainstTip: readonly string[],
  scope: readonly string[],
): void {
  const outside = filesOutsideScope(
    changedAgainstTip.filter((file) => file !== ''),
    scope,
  );
  if (outside.length === 0) return;
  throw new Error(
    `merging ${options.branch} into ${options.target} would change files outside the task's scope (${outside.join(', ')}): its history does not descend from where it started as baton made it, so it is not merged`,
  );
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
  /**
   * Repository-relative folders whose uncommitted changes do not stop the merge (baton's plans
   * folder: `approve` and `complete` move plan files without committing). git itself still
   * refuses a merge that would overwrite any of them.
   */
  ignoreDirty?: readonly string[];
}): Promise<BaseMergeOutcome> {
  const checkedOut = await worktreeOfBranch(options.repositoryRoot, options.base);
  const where = checkedOut ?? options.temporaryWorktree;
  if (checkedOut) {
    const dirty = await gitResult(checkedOut, [
      'diff',
      '--quiet',
      'HEAD',
      '--',
      '.',
      ...(options.ignoreDirty ?? []).map((relative) => `:(exclude,literal)${relative}`),
    ]);
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

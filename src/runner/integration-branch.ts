// The integration branch `baton/<plan>` and its dedicated worktree: where approved tasks are
// merged, one at a time, never in the user's checkout or on their current branch. Task
// branches live in their own namespace, `baton-task/<plan>/<task>`, because git cannot have
// both a branch `baton/<plan>` and branches below it.
import path from 'node:path';
import { filesOverlap } from '../core/schedule/scheduler.ts';
import { currentBranch } from '../workspace/git.ts';
import { gitResult, gitScript } from '../workspace/git-async.ts';
import { type BranchMergeOutcome, branchTip, mergeIntoBranch, mergeMessage } from '../workspace/merge.ts';
import { describeRefChange, restoreRefs } from '../workspace/refs.ts';
import { trailerTaskIds } from '../workspace/task-trailer.ts';
import { createDetachedWorktree } from '../workspace/worktrees.ts';

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

// $1 the branch, $2 where to create it from: prints `created`/`exists` and the tip.
const prepareScript = `if tip=$(git rev-parse --verify -q "refs/heads/$1^{commit}"); then echo "exists $tip"; exit 0; fi
git branch "$1" "$2" || exit 1
echo "created $(git rev-parse --verify "refs/heads/$1^{commit}")"`;

/**
 * The integration branch. Merges into it need no checkout (see `mergeIntoBranch`); the
 * integration worktree is made only at the end, a detached checkout of the tip where the
 * plan's verification runs.
 */
export class Integration {
  readonly planId: string;
  readonly branch: string;
  readonly worktree: string;
  readonly #repositoryRoot: string;
  #queue: Promise<unknown> = Promise.resolve();
  // Known after every merge, so starting a task costs no `git rev-parse`.
  #tip: string | undefined;
  // Every tip this run has seen, oldest first, with the files declared by the task whose merge
  // made it ('unknown' for a commit someone else made): what changed since a given tip.
  readonly #history: Array<{ tip: string; files: readonly string[] | 'unknown' }> = [];
  /** Told of each move of the branch by someone else that a merge found and undid. */
  onMove: ((description: string) => void) | undefined;

  constructor(planId: string, worktreesRoot: string, repositoryRoot: string) {
    this.planId = planId;
    this.branch = integrationBranch(planId);
    this.worktree = integrationWorktree(worktreesRoot, planId);
    this.#repositoryRoot = repositoryRoot;
  }

  /**
   * Creates `baton/<plan>` from the base (the plan's `base`, else the main checkout's branch)
   * unless it exists (a resumed run keeps it).
   */
  async prepare(base: string | undefined): Promise<{ created: boolean; base: string }> {
    const from = base ?? currentBranch(this.#repositoryRoot) ?? 'HEAD';
    const result = await gitScript(this.#repositoryRoot, prepareScript, [this.branch, from]);
    const [word, tip] = result.stdout.trim().split(' ');
    if (result.exitCode !== 0 || !tip)
      throw new Error(`cannot create ${this.branch} from ${from}: ${result.stderr.trim()}`);
    this.#tip = tip;
    this.#history.push({ tip, files: [] });
    return { created: word === 'created', base: from };
  }

  async tip(): Promise<string> {
    if (this.#tip === undefined) {
      const tip = await branchTip(this.#repositoryRoot, this.branch);
      if (tip === undefined) throw new Error(`the integration branch ${this.branch} is gone`);
      this.#seen(tip);
      this.#tip = tip;
    }
    return this.#tip;
  }

  // A tip this run did not make (someone else committed): what changed is unknown.
  #seen(tip: string): void {
    if (this.#history.at(-1)?.tip !== tip) this.#history.push({ tip, files: 'unknown' });
  }

  /**
   * Whether the integration branch is exactly at the tip baton recorded; when someone else moved
   * it, it is put back (what it pointed at is kept under refs/baton/moved/) and the answer says
   * so. `seen` is where a reading of the refs just taken found it: when that is the recorded
   * tip, nothing needs reading again. Otherwise the check queues with the merges, so it never
   * reads a tip mid-merge.
   */
  verifyTip(seen?: ReadonlyMap<string, string>): Promise<string | undefined> {
    if (this.#tip !== undefined && seen?.get(`refs/heads/${this.branch}`) === this.#tip)
      return Promise.resolve(undefined);
    const next = this.#queue.then(async () => {
      const recorded = this.#tip;
      if (recorded === undefined) return undefined;
      const actual = await branchTip(this.#repositoryRoot, this.branch);
      return actual === recorded ? undefined : this.#putBack(recorded, actual);
    });
    this.#queue = next.catch(() => {});
    return next;
  }

  /** Puts the branch back at `recorded` from `actual`; says what was found and done. */
  async #putBack(recorded: string, actual: string | undefined): Promise<string> {
    const change = { ref: `refs/heads/${this.branch}`, before: recorded, after: actual };
    const kept = await restoreRefs(this.#repositoryRoot, [change]);
    return `git ref ${describeRefChange(change)}: only baton merges into it (put back; what it pointed at is kept under ${kept})`;
  }

  /** Merges one task branch; merges queue here so only one runs at a time. */
  merge(
    taskId: string,
    title: string,
    branch: string,
    unchanged: boolean,
    files: readonly string[],
    /** The commit that was verified and reviewed (see mergeIntoBranch); default the branch's tip. */
    head?: string,
  ): Promise<BranchMergeOutcome> {
    const next = this.#queue.then(async () => {
      const recorded = this.#tip;
      const outcome = await mergeIntoBranch({
        repositoryRoot: this.#repositoryRoot,
        target: this.branch,
        branch,
        ...(head !== undefined ? { head } : {}),
        unchanged,
        message: mergeMessage(this.planId, taskId, title),
        emptyMessage: `baton: ${taskId}: ${title} (no changes)`,
        // The branch must be exactly where baton left it: a move by anyone else is undone first.
        expectedTip: recorded,
        putBack: async (actual) => {
          if (recorded !== undefined) this.onMove?.(await this.#putBack(recorded, actual));
        },
        scope: files,
      });
      if (outcome.merged) {
        this.#seen(outcome.previousTip);
        this.#history.push({ tip: outcome.commit, files });
        this.#tip = outcome.commit;
      }
      // A conflict leaves the branch where it was: the recorded tip stands.
      return outcome;
    });
    this.#queue = next.catch(() => {});
    return next;
  }

  /**
   * Where a task with these declared files starts when its worktree was made at `commit`:
   * there still, unless something merged since may have touched its files (a task declaring
   * an overlapping file, or a commit baton did not make) — then at the tip.
   */
  async startPointFor(files: readonly string[], commit: string): Promise<string> {
    const tip = await this.tip();
    const since = this.#history.findIndex((entry) => entry.tip === commit);
    if (commit === tip || since === -1) return tip;
    const touched = this.#history
      .slice(since + 1)
      .some((entry) => entry.files === 'unknown' || filesOverlap(entry.files, files));
    return touched ? tip : commit;
  }

  /** The integration worktree: a fresh detached checkout of the tip (for the plan's verification). */
  async checkout(): Promise<string> {
    await createDetachedWorktree({
      repositoryRoot: this.#repositoryRoot,
      directory: this.worktree,
      commit: await this.tip(),
    });
    return this.worktree;
  }
}

/** Task ids whose merge commit is on the integration branch (one `git log` for all of them). */
export async function mergedTaskIds(
  repositoryRoot: string,
  branch: string,
  planId: string,
): Promise<Set<string>> {
  const log = await gitResult(repositoryRoot, [
    'log',
    '--merges',
    '--format=%B%x00',
    `refs/heads/${branch}`,
    '--',
  ]);
  return trailerTaskIds(log.stdout.replace(/\0/g, '').split('\n'), planId);
}

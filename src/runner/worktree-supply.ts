// Worktrees made before their tasks start. Making a worktree is queued (git's worktree
// bookkeeping takes one change at a time) and costs a process, so the runner makes them in
// batches: the tasks starting together get theirs from one `git` script, and while every slot
// is busy the worktrees of the ready tasks next in line are made in the background, at the
// tip of that moment. A task that starts on a prepared worktree catches up with the tip only
// if a task merged since then declared files it declares too (see Integration.startPointFor);
// otherwise it is exactly as if it had started when its worktree was made.
import { createWorktrees } from '../workspace/worktrees.ts';
import { taskBranch, taskWorktree } from './integration-branch.ts';

export interface PreparedWorktree {
  directory: string;
  branch: string;
  /** The commit the worktree was made at. */
  commit: string;
}

export class WorktreeSupply {
  readonly #repositoryRoot: string;
  readonly #worktreesRoot: string;
  readonly #planId: string;
  readonly #prepared = new Map<string, Promise<PreparedWorktree | undefined>>();

  constructor(repositoryRoot: string, worktreesRoot: string, planId: string) {
    this.#repositoryRoot = repositoryRoot;
    this.#worktreesRoot = worktreesRoot;
    this.#planId = planId;
  }

  /** Tasks whose worktree is made or being made. */
  get preparedTasks(): ReadonlySet<string> {
    return new Set(this.#prepared.keys());
  }

  /** Makes worktrees for these tasks (those without one yet) at `commit`, in one batch. */
  prepare(taskIds: readonly string[], commit: string): void {
    const specs = taskIds
      .filter((taskId) => !this.#prepared.has(taskId))
      .map((taskId) => ({
        taskId,
        directory: taskWorktree(this.#worktreesRoot, this.#planId, taskId),
        branch: taskBranch(this.#planId, taskId),
        startPoint: commit,
      }));
    if (specs.length === 0) return;
    // Each task may start as soon as its own worktree is made, before the rest of the batch.
    const made = new Map<string, (ok: boolean) => void>();
    for (const spec of specs)
      this.#prepared.set(
        spec.taskId,
        new Promise((resolve) => {
          made.set(spec.directory, (ok) =>
            resolve(ok ? { directory: spec.directory, branch: spec.branch, commit } : undefined),
          );
        }),
      );
    const settle = (directory: string, ok: boolean) => {
      made.get(directory)?.(ok);
      made.delete(directory);
    };
    createWorktrees(this.#repositoryRoot, specs, settle)
      .catch(() => {})
      .finally(() => {
        // Whatever the batch did not report on is made again by the task itself.
        for (const directory of [...made.keys()]) settle(directory, false);
      });
  }

  /** The task's prepared worktree, if one was made (it is handed out once). */
  async take(taskId: string): Promise<PreparedWorktree | undefined> {
    const prepared = this.#prepared.get(taskId);
    if (!prepared) return undefined;
    this.#prepared.delete(taskId);
    return prepared;
  }
}

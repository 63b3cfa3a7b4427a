// The steps on a task's critical path that the runner's background work yields to: an executor's
// launch (from the task's start until its executor is under way: the round guard's first reading
// of the repository, the BUILD file, the executor's process starting) and a merge. The worktrees
// made ahead for the tasks next in line (worktree-supply.ts: four git processes and a checkout
// each) wait until the steps in progress when they were asked for have ended, so they use the
// time the executors work instead of competing with launches and merges for the CPU. Steps begun
// meanwhile are not waited for: under a stream of merges the worktrees are still made. Only when
// background work starts depends on it, never what any task does.

export class ForegroundSteps {
  /** Each step in progress, by name (`launch T1`, `merge T1`), with what settles when it ends. */
  readonly #steps = new Map<string, { ended: Promise<void>; end: () => void }>();

  /** The step has begun (once: beginning it again while in progress changes nothing). */
  begin(step: string): void {
    if (this.#steps.has(step)) return;
    let end = () => {};
    const ended = new Promise<void>((resolve) => {
      end = resolve;
    });
    this.#steps.set(step, { ended, end });
  }

  /** The step has ended; called as often as convenient (a step not in progress is no step). */
  end(step: string): void {
    const inProgress = this.#steps.get(step);
    if (!inProgress) return;
    this.#steps.delete(step);
    inProgress.end();
  }

  /** Resolves once the steps in progress now have ended (not those begun meanwhile). */
  async settled(): Promise<void> {
    await Promise.all([...this.#steps.values()].map((step) => step.ended));
  }
}

/** The step from a task's start until its executor is under way. */
export const launchOf = (taskId: string): string => `launch ${taskId}`;

/** A task's merge into the integration branch. */
export const mergeOf = (taskId: string): string => `merge ${taskId}`;

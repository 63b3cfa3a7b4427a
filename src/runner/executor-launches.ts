// The tasks whose executors are being launched. From a task's start until its executor is under
// way, the runner is on that task's critical path: the round guard's first reading of the
// repository (round-guard.ts), the executor's BUILD file, the executor's process starting. The
// worktrees made ahead for the tasks next in line (worktree-supply.ts: four git processes and a
// checkout each) wait until no launch is in progress, so they use the time the executors work
// instead of competing with their launches for the CPU. Only when background work starts
// depends on it, never what any task does.

export class ExecutorLaunches {
  readonly #launching = new Set<string>();
  #waiting: Array<() => void> = [];

  /** The task has started: its executor is not under way yet. */
  begin(taskId: string): void {
    this.#launching.add(taskId);
  }

  /**
   * The task's executor is under way (its process has started, or it was called if it has no
   * process of its own), or the task ended before it was: called as often as convenient.
   */
  end(taskId: string): void {
    if (!this.#launching.delete(taskId) || this.#launching.size > 0) return;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const resolve of waiting) resolve();
  }

  /** Resolves once no task is between its start and its executor being under way. */
  settled(): Promise<void> {
    if (this.#launching.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.push(resolve));
  }
}

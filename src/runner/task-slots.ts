// The run's N slots (`--concurrency`). A task holds one from its start until it is approved and
// waits for its merge: merges go one at a time, and a task waiting in that queue does no work,
// so its slot goes to the next task at once. A task whose merge conflicts must run again, and
// takes a slot again first (ahead of tasks not yet started), so no more than N tasks ever work.
export class TaskSlots {
  readonly capacity: number;
  readonly #holders = new Set<string>();
  readonly #waiting: Array<{ taskId: string; granted: () => void }> = [];
  readonly #changed: () => void;

  /** `changed` is called whenever a slot frees, so the scheduler can look again. */
  constructor(capacity: number, changed: () => void) {
    this.capacity = capacity;
    this.#changed = changed;
  }

  /** Slots free for tasks not yet started (tasks waiting to run again come first). */
  get free(): number {
    return Math.max(0, this.capacity - this.#holders.size - this.#waiting.length);
  }

  /** The scheduler takes a free slot for a task it picked (before asking for its claims). */
  take(taskId: string): void {
    this.#holders.add(taskId);
  }

  /** The picked task does not start after all (its claims were denied; the run stops). */
  cancel(taskId: string): void {
    if (this.#holders.delete(taskId)) this.#grantWaiting();
  }

  /** The task no longer works (approved and queued for its merge, or ended). */
  release(taskId: string): void {
    if (!this.#holders.delete(taskId)) return;
    this.#grantWaiting();
    this.#changed();
  }

  /** Resolves once the task holds a slot again; at once when the run is stopped (it checks). */
  takeAgain(taskId: string, signal: AbortSignal): Promise<void> {
    if (this.#holders.has(taskId) || signal.aborted) return Promise.resolve();
    if (this.#holders.size < this.capacity && this.#waiting.length === 0) {
      this.#holders.add(taskId);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const granted = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = this.#waiting.findIndex((entry) => entry.granted === granted);
        if (index !== -1) this.#waiting.splice(index, 1);
        resolve();
      };
      this.#waiting.push({ taskId, granted });
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  #grantWaiting(): void {
    while (this.#waiting.length > 0 && this.#holders.size < this.capacity) {
      const next = this.#waiting.shift()!;
      this.#holders.add(next.taskId);
      next.granted();
    }
  }
}

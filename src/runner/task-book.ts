// The run's record of every task: what the live view shows and what the store holds. Every
// change is written to `task_runs` before the run moves on, so after a crash the store says
// where each task was.
import type { PlanTask } from '../core/plan/model.ts';
import type { Store } from '../store/store.ts';
import { type TaskRunRecord, taskRunProgress, upsertTaskRun } from '../store/task-runs.ts';
import type { TaskView } from './progress.ts';

export interface TaskEntry {
  view: TaskView;
  attempts: number;
  branch: string | null;
  instance: string | null;
  data: Record<string, unknown>;
}

export class TaskBook {
  readonly #store: Store;
  readonly #planId: string;
  readonly entries = new Map<string, TaskEntry>();

  constructor(store: Store, planId: string, tasks: readonly PlanTask[], records: readonly TaskRunRecord[]) {
    this.#store = store;
    this.#planId = planId;
    const byTask = new Map(records.map((record) => [record.taskId, record]));
    for (const task of tasks) {
      const record = byTask.get(task.id);
      const { state, round, attempts, score } = taskRunProgress(record);
      this.entries.set(task.id, {
        view: { id: task.id, title: task.title, state, round, ...(score !== null ? { score } : {}) },
        attempts,
        branch: record?.branch ?? null,
        instance: record?.instance ?? null,
        data: record?.data ?? {},
      });
    }
  }

  views(): ReadonlyMap<string, TaskView> {
    return new Map([...this.entries].map(([id, entry]) => [id, entry.view]));
  }

  state(taskId: string): string {
    return this.entries.get(taskId)!.view.state;
  }

  idsIn(state: string): Set<string> {
    return new Set([...this.entries].filter(([, entry]) => entry.view.state === state).map(([id]) => id));
  }

  /** Changes a task and writes it to the store. */
  async update(
    taskId: string,
    change: Partial<Pick<TaskView, 'state' | 'round' | 'score' | 'startedAt' | 'finishedAt' | 'note'>> &
      Partial<Pick<TaskEntry, 'attempts' | 'branch' | 'instance' | 'data'>>,
  ): Promise<void> {
    const entry = this.entries.get(taskId)!;
    const { attempts, branch, instance, data, ...view } = change;
    Object.assign(entry.view, view);
    if ('note' in change && change.note === undefined) delete entry.view.note;
    if (attempts !== undefined) entry.attempts = attempts;
    if (branch !== undefined) entry.branch = branch;
    if (instance !== undefined) entry.instance = instance;
    if (data !== undefined) entry.data = data;
    await upsertTaskRun(this.#store, {
      planId: this.#planId,
      taskId,
      state: entry.view.state,
      attempts: entry.attempts,
      branch: entry.branch,
      score: entry.view.score ?? null,
      instance: entry.instance,
      round: entry.view.round,
      startedAt: entry.view.startedAt ?? null,
      data: entry.data,
    });
  }
}

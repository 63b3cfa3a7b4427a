// Task run state, written by `baton run` and read by `plans`, `show`, `status` and `complete`.
// One row per (plan, task); the runner rewrites it at every step, so after a crash the row
// says where the task was.
import type { StoreScope } from './store-scope.ts';

export interface TaskRunRecord {
  planId: string;
  taskId: string;
  state: string;
  attempts: number;
  branch: string | null;
  score: number | null;
  instance: string | null;
  /** The review round the task is in (1-based; 0 before its first round). */
  round: number;
  /** When the current attempt started, if it has. */
  startedAt: number | null;
  updatedAt: number;
  /** Event-specific detail: the blocking reason, the last failures, the worktree. */
  data: Record<string, unknown>;
}

export type TaskRunUpdate = Omit<TaskRunRecord, 'updatedAt' | 'round' | 'startedAt' | 'data'> & {
  updatedAt?: number;
  round?: number;
  startedAt?: number | null;
  data?: Record<string, unknown>;
};

/** How far a task has got: its record's say, or a task's that has none yet. */
export type TaskRunProgress = Pick<TaskRunRecord, 'state' | 'round' | 'attempts' | 'score'>;

/**
 * A task's progress from its record; without one (the run has not reached the task) it is
 * pending, before its first round, with no attempt and no score.
 */
export function taskRunProgress(record: TaskRunRecord | undefined): TaskRunProgress {
  return {
    state: record?.state ?? 'pending',
    round: record?.round ?? 0,
    attempts: record?.attempts ?? 0,
    score: record?.score ?? null,
  };
}

function parseData(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export async function listTaskRuns(scope: StoreScope, planId?: string): Promise<TaskRunRecord[]> {
  let query = scope.db.selectFrom('task_runs').selectAll().where('project', '=', scope.project);
  if (planId !== undefined) query = query.where('plan_id', '=', planId);
  const rows = await query.orderBy('plan_id').orderBy('task_id').execute();
  return rows.map((row) => ({
    planId: row.plan_id,
    taskId: row.task_id,
    state: row.state,
    attempts: Number(row.attempts),
    branch: row.branch,
    score: row.score === null ? null : Number(row.score),
    instance: row.instance,
    round: Number(row.round ?? 0),
    startedAt: row.started_at === null ? null : Number(row.started_at),
    updatedAt: Number(row.updated_at),
    data: parseData(row.data),
  }));
}

export async function upsertTaskRun(scope: StoreScope, record: TaskRunUpdate): Promise<void> {
  const values = {
    project: scope.project,
    plan_id: record.planId,
    task_id: record.taskId,
    state: record.state,
    attempts: record.attempts,
    branch: record.branch,
    score: record.score,
    instance: record.instance,
    round: record.round ?? 0,
    started_at: record.startedAt ?? null,
    updated_at: record.updatedAt ?? Date.now(),
    data: record.data === undefined ? null : JSON.stringify(record.data),
  };
  await scope.db
    .insertInto('task_runs')
    .values(values)
    .onConflict((conflict) =>
      conflict.columns(['project', 'plan_id', 'task_id']).doUpdateSet({
        state: values.state,
        attempts: values.attempts,
        branch: values.branch,
        score: values.score,
        instance: values.instance,
        round: values.round,
        started_at: values.started_at,
        updated_at: values.updated_at,
        data: values.data,
      }),
    )
    .execute();
}

/** Dollars recorded in the usage table per task of a plan (tasks without usage are absent). */
export async function taskCosts(scope: StoreScope, planId: string): Promise<Map<string, number>> {
  const rows = await scope.db
    .selectFrom('usage')
    .select(['task_id', (expression) => expression.fn.sum<number>('cost_usd').as('cost')])
    .where('project', '=', scope.project)
    .where('plan_id', '=', planId)
    .groupBy('task_id')
    .execute();
  const costs = new Map<string, number>();
  for (const row of rows) if (row.task_id !== null) costs.set(row.task_id, Number(row.cost ?? 0));
  return costs;
}

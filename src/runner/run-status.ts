// What `baton status` tells: for each plan, its runner (alive or not) and every task's state,
// who works on it, for how long, and what it has cost so far.
import type { Config } from '../config/load-config.ts';
import { inFlightStates } from '../core/schedule/task-state.ts';
import { readPlanDocument } from '../plans/plan-document.ts';
import { findPlan, listPlanFiles } from '../plans/plan-files.ts';
import { planFolders } from '../plans/plan-folders.ts';
import { getRunLease, type RunLease } from '../store/runs.ts';
import type { Store } from '../store/store.ts';
import { listTaskRuns, type TaskRunRecord, taskCosts, taskRunProgress } from '../store/task-runs.ts';
import { isHandoffLease } from './handed-task.ts';

export interface TaskStatus {
  taskId: string;
  title: string;
  state: string;
  round: number;
  attempts: number;
  score: number | null;
  /**
   * Who works on it (the runner, while it is in flight), or who last did: the instance and runner
   * that finished or blocked it, the person who submitted it.
   */
  by: string | null;
  /** Milliseconds in the current attempt (in flight), or how long the last one took. */
  elapsedMs: number | null;
  costUsd: number | null;
  reason?: string;
  /** The blocked task this one waits behind (a retry of that one brings this one back too). */
  blockedBy?: string;
  /** What baton refused the task's sessions in its latest attempt, oldest first (at most 20). */
  denials?: TaskDenial[];
}

export interface TaskDenial {
  round: number;
  role: string;
  kind: string;
  at: number;
  /** What was refused and why: "Write src/other.js: src/other.js is not among …". */
  text: string;
}

/** The denials a task's recorded detail holds (task-runner.ts), read leniently. */
function recordedDenials(data: Record<string, unknown>): TaskDenial[] {
  if (!Array.isArray(data.denials)) return [];
  return (data.denials as Array<Record<string, unknown>>)
    .filter((denial) => denial && typeof denial.text === 'string')
    .map((denial) => ({
      round: Number(denial.round ?? 0),
      role: String(denial.role ?? 'executor'),
      kind: String(denial.kind ?? ''),
      at: Number(denial.at ?? 0),
      text: String(denial.text),
    }));
}

export interface PlanStatus {
  planId: string;
  title: string;
  state: string;
  /** `handoff`: the lease was last held for one MCP hand-off step (handed-task.ts), not by a run. */
  runner?: RunLease & { live: boolean; handoff: boolean };
  tasks: TaskStatus[];
  costUsd: number;
}

/**
 * The plan's last lease holder, said: a run (with its pid and host when `where`), or one MCP
 * hand-off step, which holds the lease for a moment and is no run.
 */
export function describeRunner(runner: PlanStatus['runner'], options: { where?: boolean } = {}): string {
  if (!runner) return 'never run';
  if (runner.handoff)
    return runner.live
      ? 'a hand-off step through the MCP server under way'
      : 'last step a hand-off through the MCP server';
  if (!runner.live) return `last run ${runner.state}`;
  return options.where
    ? `running (${runner.runnerId}, pid ${runner.pid} on ${runner.host})`
    : `running (${runner.runnerId})`;
}

function finishedBy(record: TaskRunRecord | undefined): string | null {
  if (!record) return null;
  const runnerId = typeof record.data.runnerId === 'string' ? record.data.runnerId : undefined;
  if (record.instance && runnerId) return `${record.instance} (${runnerId})`;
  return record.instance ?? runnerId ?? null;
}

export async function planStatuses(
  repositoryRoot: string,
  config: Config,
  store: Store,
  planId?: string,
  now: number = Date.now(),
): Promise<PlanStatus[]> {
  const folders = planFolders(repositoryRoot, config);
  const locations = planId ? [findPlan(folders, planId)] : listPlanFiles(folders, ['active']);
  const statuses: PlanStatus[] = [];
  const heartbeatMs = config.run.heartbeat;
  for (const location of locations) {
    const plan = readPlanDocument(location, repositoryRoot).parsed.plan;
    const records = new Map(
      (await listTaskRuns(store, location.id)).map((record) => [record.taskId, record]),
    );
    const costs = await taskCosts(store, location.id);
    const lease = await getRunLease(store, location.id);
    const handoff = lease !== undefined && isHandoffLease(lease.runnerId);
    // Without a heartbeat for three intervals the runner is taken for dead (see src/store/runs.ts).
    const live =
      lease !== undefined && lease.state === 'running' && now - lease.heartbeatAt < 3 * heartbeatMs;
    const tasks = plan.tasks.map((task): TaskStatus => {
      const record = records.get(task.id);
      const inFlight = record !== undefined && inFlightStates.has(record.state);
      const reason = record?.data.reason;
      const denials = record ? recordedDenials(record.data) : [];
      return {
        taskId: task.id,
        title: task.title,
        ...taskRunProgress(record),
        // A task an agent started through the MCP server is the agent's, not the step's.
        by: inFlight
          ? ((handoff ? undefined : lease?.runnerId) ?? record?.instance ?? null)
          : finishedBy(record),
        elapsedMs: record?.startedAt ? (inFlight ? now : record.updatedAt) - record.startedAt : null,
        costUsd: costs.get(task.id) ?? null,
        ...(typeof reason === 'string' ? { reason } : {}),
        ...(typeof record?.data.blockedBy === 'string' ? { blockedBy: record.data.blockedBy } : {}),
        ...(denials.length > 0 ? { denials } : {}),
      };
    });
    statuses.push({
      planId: location.id,
      title: plan.meta.title,
      state: location.state,
      ...(lease ? { runner: { ...lease, live, handoff } } : {}),
      tasks,
      costUsd: [...costs.values()].reduce((sum, cost) => sum + cost, 0),
    });
  }
  return statuses;
}

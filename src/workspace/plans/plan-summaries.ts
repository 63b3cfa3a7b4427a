// The overview `baton plans` prints: every plan with its state, task count, progress and
// whether an active plan still matches its approval.
import type { Config } from '../../config.ts';
import { approvalStatus, planEventKinds } from '../../core/lifecycle/approval.ts';
import { parsePlan } from '../../core/plan/parse.ts';
import { listPlanEvents } from '../../store/events.ts';
import type { Store } from '../../store/store.ts';
import { listTaskRuns } from '../../store/task-runs.ts';
import { listPlanFiles, readPlanText } from './plan-files.ts';
import { type PlanState, planFolders } from './plan-folders.ts';

export interface PlanSummary {
  id: string;
  state: PlanState;
  title: string;
  file: string;
  tasks: number;
  done: number;
  /** Active plans: whether the text still matches its approval. */
  approved?: { by: string; at: number; current: boolean };
}

export async function summarisePlans(
  repositoryRoot: string,
  config: Config,
  store: Store,
  states?: readonly PlanState[],
): Promise<PlanSummary[]> {
  const locations = listPlanFiles(planFolders(repositoryRoot, config), states);
  const runs = await listTaskRuns(store);
  const summaries: PlanSummary[] = [];
  for (const location of locations) {
    const text = readPlanText(location.file);
    const { plan } = parsePlan(text);
    const taskIds = new Set(plan.tasks.map((task) => task.id));
    const done = runs.filter(
      (run) => run.planId === location.id && run.state === 'done' && taskIds.has(run.taskId),
    ).length;
    const summary: PlanSummary = {
      id: location.id,
      state: location.state,
      title: plan.meta.title,
      file: location.file,
      tasks: plan.tasks.length,
      done: location.state === 'completed' && done === 0 ? 0 : done,
    };
    if (location.state === 'active') {
      const status = approvalStatus(await listPlanEvents(store, location.id, planEventKinds), text);
      if (status.approval)
        summary.approved = { by: status.approval.by, at: status.approval.at, current: status.current };
    }
    summaries.push(summary);
  }
  return summaries;
}

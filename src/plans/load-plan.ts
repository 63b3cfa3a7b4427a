// Finding a plan and one of its tasks, for the hand-off, submit and review.
import type { Config } from '../config/config-schema.ts';
import type { Plan, PlanTask } from '../core/plan/model.ts';
import { BatonError } from '../errors.ts';
import { readPlanDocument } from './plan-document.ts';
import { findPlan } from './plan-files.ts';
import { planFolders } from './plan-folders.ts';

export interface LoadedPlan {
  planId: string;
  plan: Plan;
  file: string;
  state: string;
}

export function loadPlan(repositoryRoot: string, config: Config, planId: string): LoadedPlan {
  const location = findPlan(planFolders(repositoryRoot, config), planId);
  const document = readPlanDocument(location, repositoryRoot);
  return { planId, plan: document.parsed.plan, file: location.file, state: location.state };
}

export function findTask(loaded: LoadedPlan, taskId: string): PlanTask {
  const wanted = taskId.trim().toUpperCase();
  const task = loaded.plan.tasks.find((candidate) => candidate.id.toUpperCase() === wanted);
  if (!task) {
    throw new BatonError('TASK_NOT_FOUND', `plan ${loaded.planId} has no task ${taskId}`, {
      hint: `Its tasks: ${loaded.plan.tasks.map((candidate) => candidate.id).join(', ') || 'none'}.`,
    });
  }
  return task;
}

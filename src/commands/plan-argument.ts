// Arguments first: a command naming a plan (and a task) finds them in the plan folders before
// it opens the store, probes a backend or writes a file, so a typo costs nothing and leaves
// nothing behind (no .baton/baton.db in a repository that never had one).
import { findTask, type LoadedPlan, loadPlan } from '../plans/load-plan.ts';
import type { CommandContext } from './context.ts';

/** The plan (and task, when given) the command names; PLAN_NOT_FOUND / TASK_NOT_FOUND otherwise. */
export function requirePlanArgument(
  context: Pick<CommandContext, 'repositoryRoot' | 'config'>,
  planId: string,
  taskId?: string,
): LoadedPlan {
  const loaded = loadPlan(context.repositoryRoot, context.config, planId);
  if (taskId !== undefined) findTask(loaded, taskId);
  return loaded;
}

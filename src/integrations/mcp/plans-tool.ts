// The `plans` tool: list, show one, lint a plan text, and (planner role) write a plan into
// review. It calls the same services as `baton plans`, `show`, `lint` and `new`; approving,
// rejecting and completing are not here at all: they stay a person's.

import { BatonError } from '../../errors.ts';
import { createPlanInReview } from '../../plans/create-plan.ts';
import { planDetails } from '../../plans/plan-details.ts';
import { errorsIn, lintText } from '../../plans/plan-document.ts';
import { resolvePlanState } from '../../plans/plan-folders.ts';
import { summarisePlans } from '../../plans/plan-summaries.ts';
import { openPlanReads } from '../../store/plan-reads.ts';
import { callerInstance, type McpSession } from './session.ts';
import { requireArgument } from './tool-result.ts';

export interface PlansArguments {
  action: string;
  id?: string | undefined;
  text?: string | undefined;
  state?: string | undefined;
}

export async function plansTool(session: McpSession, args: PlansArguments): Promise<unknown> {
  const { context } = session;
  if (args.action === 'list') {
    const states = args.state === undefined ? undefined : [resolvePlanState(args.state, context.config)];
    const reads = await openPlanReads(context.storeOptions);
    try {
      return { plans: await summarisePlans(context.repositoryRoot, context.config, reads, states) };
    } finally {
      await reads.close();
    }
  }
  if (args.action === 'show') {
    const details = await planDetails(
      context.repositoryRoot,
      context.config,
      await context.store(),
      requireArgument(args.id, 'id'),
    );
    return planView(details);
  }
  const text = requireArgument(args.text, 'text');
  const { parsed, diagnostics } = lintText(text, args.id ?? 'plan.md', context.repositoryRoot);
  if (args.action === 'lint') return { ok: errorsIn(diagnostics).length === 0, diagnostics };
  // write: a plan with lint errors never enters review; nothing is written for it.
  const id = requireArgument(args.id, 'id');
  const errors = errorsIn(diagnostics);
  if (errors.length > 0)
    throw new BatonError('PLAN_INVALID', `the plan has ${errors.length} lint error(s); nothing was written`, {
      data: { diagnostics: errors },
    });
  const location = await createPlanInReview(
    {
      repositoryRoot: context.repositoryRoot,
      config: context.config,
      store: await context.store(),
      instance: callerInstance(session),
    },
    id,
    text,
    { origin: 'mcp' },
  );
  return { id: location.id, state: location.state, file: location.file, tasks: parsed.plan.tasks.length };
}

/** A plan as the agent needs it: tasks with their run state, the graph and the progress. */
export function planView(details: Awaited<ReturnType<typeof planDetails>>): Record<string, unknown> {
  const runs = new Map(details.runs.map((run) => [run.taskId, run]));
  const tasks = details.plan.tasks.map((task) => ({
    id: task.id,
    title: task.title,
    action: task.action,
    files: task.files,
    dependencies: task.dependencies,
    verify: task.verify,
    state: runs.get(task.id)?.state ?? 'pending',
    instance: runs.get(task.id)?.instance ?? null,
  }));
  return {
    id: details.id,
    title: details.plan.meta.title,
    state: details.state,
    approved: details.approval ? { by: details.approval.by, current: details.approval.current } : null,
    progress: { done: tasks.filter((task) => task.state === 'done').length, tasks: tasks.length },
    tasks,
    layers: details.layers,
    criticalPath: details.criticalPath,
    lint: details.diagnostics,
  };
}

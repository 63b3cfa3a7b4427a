// The `tasks` tool: the ready tasks of active plans; start one as a hand-off does (its own
// worktree on the plan's integration branch, its BUILD file, its files claimed for the caller;
// src/runner/handed-task.ts); report progress or a block; and "done", which is a submission from
// that worktree: the same verify, scope check and review as `baton submit`, then the run's merge
// into the integration branch, answered with the outcome. A task of a plan that `baton run` is
// running cannot be started here: the runner owns those tasks.
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { reviewTasks } from '../../agents/review-task.ts';
import { readyTasks } from '../../core/schedule/scheduler.ts';
import { inFlightStates } from '../../core/schedule/task-state.ts';
import { BatonError } from '../../errors.ts';
import { loadPlan } from '../../plans/load-plan.ts';
import { listPlanFiles } from '../../plans/plan-files.ts';
import { planFolders } from '../../plans/plan-folders.ts';
import { isHandoffLease, landHandedTask, startHandedTask } from '../../runner/handed-task.ts';
import { integrationBranch } from '../../runner/integration-branch.ts';
import { processAlive } from '../../runner/lease.ts';
import { loadRunnablePlan } from '../../runner/runnable-plan.ts';
import { appendEvent } from '../../store/event-log.ts';
import { getRunLease, leaseIsLive } from '../../store/runs.ts';
import type { Store } from '../../store/store.ts';
import { listTaskRuns, type TaskRunRecord, upsertTaskRun } from '../../store/task-runs.ts';
import { callerInstance, type McpSession } from './session.ts';
import { requireArgument } from './tool-result.ts';

export interface TasksArguments {
  action: string;
  plan?: string | undefined;
  task?: string | undefined;
  note?: string | undefined;
}

// A task that is handed to someone and not finished: `submitted` waits for the runner's merge.
const takenStates = new Set([...inFlightStates, 'submitted']);

export async function tasksTool(session: McpSession, args: TasksArguments): Promise<unknown> {
  if (args.action === 'ready') return { tasks: await listReady(session, args.plan) };
  const planId = requireArgument(args.plan, 'plan');
  const taskId = requireArgument(args.task, 'task');
  const instance = callerInstance(session);
  if (args.action === 'start') return startTask(session, instance, planId, taskId);
  const store = await session.context.store();
  if (args.action === 'done') return finishTask(session, store, instance, planId, taskId);
  const run = await ownRun(store, instance, planId, taskId);
  if (args.action === 'progress') {
    const note = requireArgument(args.note, 'note');
    await appendEvent(store, { kind: 'task-progress', instance, planId, taskId, summary: note });
    return { plan: planId, task: taskId, state: run.state, recorded: note };
  }
  if (args.action === 'blocked') {
    const reason = requireArgument(args.note, 'note');
    await upsertTaskRun(store, { ...run, state: 'blocked', data: { ...run.data, reason } });
    await appendEvent(store, { kind: 'task-blocked', instance, planId, taskId, summary: reason });
    return { plan: planId, task: taskId, state: 'blocked', reason };
  }
  throw new BatonError('USAGE', `unknown tasks action "${args.action}"`);
}

async function listReady(session: McpSession, only: string | undefined) {
  const { context } = session;
  const store = await context.store();
  const plans = listPlanFiles(planFolders(context.repositoryRoot, context.config), ['active']).filter(
    (plan) => only === undefined || plan.id === only,
  );
  const ready: Array<Record<string, unknown>> = [];
  for (const location of plans) {
    const { plan } = loadPlan(context.repositoryRoot, context.config, location.id);
    const runs = await listTaskRuns(store, location.id);
    const inState = (test: (state: string) => boolean) =>
      new Set(runs.filter((run) => test(run.state)).map((run) => run.taskId));
    for (const task of readyTasks({
      tasks: plan.tasks,
      done: inState((state) => state === 'done'),
      blocked: inState((state) => state === 'blocked'),
      running: inState((state) => takenStates.has(state)),
    })) {
      const full = plan.tasks.find((candidate) => candidate.id === task.id)!;
      ready.push({ plan: location.id, task: full.id, title: full.title, files: full.files });
    }
  }
  return ready;
}

/** A plan `baton run` is running: its tasks are the runner's (a hand-off step's hold is a moment). */
async function refuseWhileRunning(session: McpSession, store: Store, planId: string): Promise<void> {
  const lease = await getRunLease(store, planId);
  const staleAfterMs = session.context.config.run.heartbeat * 3;
  if (
    lease &&
    !isHandoffLease(lease.runnerId) &&
    leaseIsLive(lease, { host: hostname(), staleAfterMs, isProcessAlive: processAlive, now: Date.now() })
  )
    throw new BatonError(
      'RUN_IN_PROGRESS',
      `plan "${planId}" is being run by ${lease.runnerId}; its tasks are the runner's`,
      {
        hint: `Wait for the run to finish (baton status ${planId}).`,
      },
    );
}

/** A task of the caller's, as the hand-off services take it. */
function handedTask(session: McpSession, store: Store, instance: string, planId: string, taskId: string) {
  const { repositoryRoot, config } = session.context;
  return { repositoryRoot, config, store, planId, taskId, instance };
}

/** Starts the task as a hand-off does: its own worktree, its BUILD file, its files claimed for the caller. */
async function startTask(session: McpSession, instance: string, planId: string, taskId: string) {
  const { context } = session;
  const store = await context.store();
  await refuseWhileRunning(session, store, planId);
  const started = await startHandedTask(handedTask(session, store, instance, planId, taskId));
  return {
    plan: planId,
    task: started.task.id,
    state: 'running',
    worktree: started.worktree,
    ...(started.resumed ? { resumed: true } : {}),
    build: started.buildFile,
    files: started.task.files,
    verify: started.task.verify,
    next: `work in ${started.worktree} (read ${started.buildFile}), then tasks done`,
  };
}

/** The caller's own started task: nobody reports on another instance's task. */
async function ownRun(
  store: Store,
  instance: string,
  planId: string,
  taskId: string,
  states: readonly string[] = ['running', 'blocked'],
): Promise<TaskRunRecord> {
  const run = (await listTaskRuns(store, planId)).find((candidate) => candidate.taskId === taskId);
  if (!run || !states.includes(run.state) || run.instance !== instance)
    throw new BatonError(
      'TASK_NOT_READY',
      `${planId} ${taskId} is not a task instance ${instance} started${run ? ` (it is ${run.state}${run.instance ? `, instance ${run.instance}` : ''})` : ''}`,
      { hint: 'Start it first: tasks start.' },
    );
  return run;
}

/**
 * "Done" is a submission from the task's worktree: verify, scope check and review, as `baton
 * submit`; approved, it is merged into the plan's integration branch as a run merges it. The
 * answer is the outcome. A submission approved whose merge was refused waits, `submitted`, for
 * the next `tasks done` (or `baton run`).
 */
async function finishTask(
  session: McpSession,
  store: Store,
  instance: string,
  planId: string,
  taskId: string,
) {
  const { context } = session;
  await refuseWhileRunning(session, store, planId);
  const run = await ownRun(store, instance, planId, taskId, ['running', 'blocked', 'submitted']);
  const worktree = run.data.worktree;
  if (typeof worktree !== 'string' || !existsSync(worktree))
    throw new BatonError('TASK_NOT_READY', `${planId} ${taskId} has no worktree to submit from`, {
      hint: 'Start it again (tasks start): it gets a fresh worktree.',
    });
  // Only an approved plan's work is reviewed and merged (the landing checks it again).
  await loadRunnablePlan(context.repositoryRoot, context.config, store, planId);
  const handed = handedTask(session, store, instance, planId, taskId);
  if (run.state !== 'submitted') {
    const [review] = await reviewTasks({ ...handed, submitted: true, signal: new AbortController().signal });
    if (review!.verdict !== 'approved')
      return {
        plan: planId,
        task: taskId,
        accepted: false,
        state: 'blocked',
        verdict: review!.verdict,
        score: review!.total,
        threshold: review!.threshold,
        reasons: review!.reasons,
        verification: review!.verification.map((result) => ({
          command: result.command,
          passed: result.passed,
        })),
        next: `fix it in ${worktree}, then tasks done`,
      };
  }
  const landed = await landHandedTask(handed);
  const after = (await listTaskRuns(store, planId)).find((candidate) => candidate.taskId === taskId)!;
  return {
    plan: planId,
    task: taskId,
    accepted: landed.state === 'done',
    state: after.state,
    verdict: 'approved',
    score: after.score,
    ...(landed.state === 'blocked'
      ? { reasons: [landed.reason], next: `fix it in ${worktree}, then tasks done` }
      : {}),
    ...(landed.state === 'done' ? { merged: integrationBranch(planId) } : {}),
  };
}

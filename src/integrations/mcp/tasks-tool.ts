// The `tasks` tool: the ready tasks of active plans; start one (its files claimed for the
// caller, its BUILD file written, as a hand-off does); report progress or a block; and "done",
// which is a submission: the same verify, scope check and review as `baton submit`, answered
// with the outcome. A task of a plan that `baton run` is running cannot be started here: the
// runner owns those tasks.
import { hostname } from 'node:os';
import { writeHandoff } from '../../agents/build-handoff.ts';
import { reviewTasks } from '../../agents/review-task.ts';
import { describeHeldClaim } from '../../core/claims/describe-claim.ts';
import { readyTasks } from '../../core/schedule/scheduler.ts';
import { inFlightStates } from '../../core/schedule/task-state.ts';
import { BatonError } from '../../errors.ts';
import { findTask, loadPlan } from '../../plans/load-plan.ts';
import { listPlanFiles } from '../../plans/plan-files.ts';
import { planFolders } from '../../plans/plan-folders.ts';
import { processAlive } from '../../runner/lease.ts';
import { loadRunnablePlan } from '../../runner/runnable-plan.ts';
import { releaseClaims } from '../../store/claim-release.ts';
import { acquireClaims } from '../../store/claims.ts';
import { appendEvent } from '../../store/events.ts';
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
  return finishTask(session, store, instance, planId, taskId);
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

async function refuseWhileRunning(session: McpSession, store: Store, planId: string): Promise<void> {
  const lease = await getRunLease(store, planId);
  const staleAfterMs = session.context.config.run.heartbeat * 3;
  if (
    lease &&
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

async function startTask(session: McpSession, instance: string, planId: string, taskId: string) {
  const { context } = session;
  const store = await context.store();
  // Only an active plan a person approved, unchanged since: the same rule as `baton run`.
  const runnable = await loadRunnablePlan(context.repositoryRoot, context.config, store, planId);
  await refuseWhileRunning(session, store, planId);
  const task = findTask(
    { ...loadPlan(context.repositoryRoot, context.config, planId), plan: runnable.plan },
    taskId,
  );
  const runs = await listTaskRuns(store, planId);
  const run = runs.find((candidate) => candidate.taskId === task.id);
  if (run && (run.state === 'done' || (takenStates.has(run.state) && run.instance !== instance)))
    throw new BatonError(
      'TASK_NOT_READY',
      `${planId} ${task.id} is ${run.state}${run.instance ? ` (instance ${run.instance})` : ''}`,
    );
  const done = new Set(
    runs.filter((candidate) => candidate.state === 'done').map((candidate) => candidate.taskId),
  );
  const waiting = task.dependencies.filter((dependency) => !done.has(dependency));
  if (waiting.length > 0)
    throw new BatonError('TASK_NOT_READY', `${planId} ${task.id} waits for ${waiting.join(', ')}`);
  const now = Date.now();
  if (task.files.length > 0) {
    const claimed = await acquireClaims(store, {
      instance,
      patterns: task.files,
      ttlMs: context.config.claims.ttl,
      exclusive: true,
      reason: `${planId} ${task.id}`,
      planId,
      taskId: task.id,
      sessionId: null,
      now,
    });
    if ('denied' in claimed)
      throw new BatonError(
        'CLAIM_HELD',
        claimed.denied.map((denial) => describeHeldClaim(denial.pattern, denial.heldBy, now)).join('; '),
        { hint: 'Nothing was claimed and the task was not started. Pick another ready task.' },
      );
  }
  try {
    const handoff = writeHandoff({
      repositoryRoot: context.repositoryRoot,
      config: context.config,
      planId,
      taskId: task.id,
    });
    await upsertTaskRun(store, {
      planId,
      taskId: task.id,
      state: 'running',
      attempts: (run?.attempts ?? 0) + 1,
      branch: null,
      score: null,
      instance,
      startedAt: now,
      data: { handedOff: true, via: 'mcp' },
    });
    await appendEvent(store, {
      kind: 'task-started',
      instance,
      planId,
      taskId: task.id,
      summary: 'started through the MCP server',
      affects: task.files,
    });
    return {
      plan: planId,
      task: task.id,
      state: 'running',
      worktree: context.repositoryRoot,
      build: handoff.file,
      files: task.files,
      verify: task.verify,
      next: `work in ${context.repositoryRoot}, then tasks done`,
    };
  } catch (error) {
    // Nothing half done: the claims taken for a start that failed go back.
    if (task.files.length > 0) await releaseClaims(store, { instance, patterns: task.files });
    throw error;
  }
}

/** The caller's own started task: nobody reports on another instance's task. */
async function ownRun(
  store: Store,
  instance: string,
  planId: string,
  taskId: string,
): Promise<TaskRunRecord> {
  const run = (await listTaskRuns(store, planId)).find((candidate) => candidate.taskId === taskId);
  if (!run || !['running', 'blocked'].includes(run.state) || run.instance !== instance)
    throw new BatonError(
      'TASK_NOT_READY',
      `${planId} ${taskId} is not a task instance ${instance} started${run ? ` (it is ${run.state}${run.instance ? `, instance ${run.instance}` : ''})` : ''}`,
      { hint: 'Start it first: tasks start.' },
    );
  return run;
}

/** "Done" is a submission: verify, scope check and review, as `baton submit`; the answer is the verdict. */
async function finishTask(
  session: McpSession,
  store: Store,
  instance: string,
  planId: string,
  taskId: string,
) {
  const { context } = session;
  await refuseWhileRunning(session, store, planId);
  const [review] = await reviewTasks({
    repositoryRoot: context.repositoryRoot,
    config: context.config,
    store,
    planId,
    taskId,
    instance,
    submitted: true,
    signal: new AbortController().signal,
  });
  const accepted = review!.verdict === 'approved';
  const task = findTask(loadPlan(context.repositoryRoot, context.config, planId), taskId);
  if (accepted && task.files.length > 0) await releaseClaims(store, { instance, patterns: task.files });
  return {
    plan: planId,
    task: taskId,
    accepted,
    verdict: review!.verdict,
    score: review!.total,
    threshold: review!.threshold,
    reasons: review!.reasons,
    verification: review!.verification.map((result) => ({ command: result.command, passed: result.passed })),
  };
}

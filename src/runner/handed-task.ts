// A task handed to an agent outside `baton run`: the MCP server's `tasks start` and the landing
// of its `tasks done`. Both go through the runner's own steps, under the plan's lease, so that
// neither `baton run` nor another client's call on the same plan interleaves with them:
//  - start: the task's branch and worktree are made on the integration tip and made ready like
//    a run's (task-worktree.ts), its BUILD file is written from there (src/agents/handoff.ts),
//    its files are claimed for the caller, and it is recorded as running, handed off, with its
//    worktree. Started again by the same caller, it keeps that worktree and the work in it.
//  - land: the submission `baton submit`'s steps approved and committed (review-task.ts) is
//    verified, scope-checked and merged into the integration branch by the run's own landing
//    (land-submitted.ts).
// Another client's start or landing holds the lease for a moment: the call waits for it. A run
// holds it for long: the call is refused. The plan is read under the lease and, for a start,
// read again before anything is recorded: a plan another process revised, rejected or
// completed meanwhile undoes the start (worktree, branch and claims) and fails the call.

import { existsSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeHandoff } from '../agents/build-handoff.ts';
import type { Config } from '../config/load-config.ts';
import { describeHeldClaim } from '../core/claims/describe-claim.ts';
import type { PlanTask } from '../core/plan/model.ts';
import { BatonError, isBatonError } from '../errors.ts';
import { findTask, loadPlan } from '../plans/load-plan.ts';
import { acquireClaims, type Claim } from '../store/claim-leases.ts';
import { undoClaims } from '../store/claim-release.ts';
import type { Store } from '../store/store.ts';
import { listTaskRuns } from '../store/task-runs.ts';
import { createWorktree, removeTaskWorktree } from '../workspace/worktrees.ts';
import { ForegroundSteps } from './foreground-steps.ts';
import { handedToAgent } from './held-by-agent.ts';
import { Integration, taskBranch, taskWorktree } from './integration-branch.ts';
import { requireRecordedIntegrationTip } from './integration-tip.ts';
import { type LandingEnd, landSubmitted } from './land-submitted.ts';
import { type HeldLease, holdRunLease, newRunnerId } from './lease.ts';
import { emitTaskEvent, type LandingContext } from './run-context.ts';
import { RunEventRecorder } from './run-events.ts';
import { runSettings } from './run-plan.ts';
import { loadRunnablePlan, type RunnablePlan } from './runnable-plan.ts';
import { TaskBook } from './task-book.ts';
import { TaskInterrupted } from './task-steps.ts';
import { readyNewWorktree } from './task-worktree.ts';

export interface HandedTaskOptions {
  repositoryRoot: string;
  config: Config;
  store: Store;
  planId: string;
  taskId: string;
  /** The caller: the task is theirs, and so are its claims. */
  instance: string;
}

export interface StartedTask {
  task: PlanTask;
  worktree: string;
  branch: string;
  buildFile: string;
  /** Whether the caller's own worktree from an earlier start was kept. */
  resumed: boolean;
}

const handoffHolder = 'handoff';
const leaseWaitMs = 30_000;

/** Whether a plan's lease is held for one hand-off step (a moment), not by a run. */
export function isHandoffLease(runnerId: string): boolean {
  return runnerId.startsWith(`${handoffHolder}-`);
}

async function holdPlanLease(options: HandedTaskOptions, onLost: () => void): Promise<HeldLease> {
  const settings = runSettings(options.repositoryRoot, options.config);
  const deadline = Date.now() + leaseWaitMs;
  for (;;) {
    try {
      return await holdRunLease({
        store: options.store,
        planId: options.planId,
        heartbeatMs: settings.heartbeatMs,
        claimTtlMs: settings.claimTtlMs,
        claimInstances: () => [],
        onLost,
        runnerId: newRunnerId(handoffHolder),
      });
    } catch (error) {
      const holder =
        isBatonError(error) && error.code === 'RUN_IN_PROGRESS' ? error.data?.runnerId : undefined;
      if (typeof holder !== 'string' || !isHandoffLease(holder) || Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

/** Runs `work` holding the plan's lease, with what the runner's steps need of a run. */
async function underPlanLease<Result>(
  options: HandedTaskOptions,
  work: (context: LandingContext, runnable: RunnablePlan) => Promise<Result>,
): Promise<Result> {
  const controller = new AbortController();
  const lease = await holdPlanLease(options, () => controller.abort());
  const events = new RunEventRecorder(options.store, options.instance);
  let state = 'failed';
  try {
    const { repositoryRoot, store, planId } = options;
    const runnable = await loadRunnablePlan(repositoryRoot, options.config, store, planId);
    const settings = runSettings(repositoryRoot, options.config);
    const integration = new Integration(planId, settings.worktreesRoot, repositoryRoot);
    const prepared = await integration.prepare(runnable.plan.meta.base);
    if (!prepared.created) await requireRecordedIntegrationTip(store, repositoryRoot, planId);
    const context: LandingContext = {
      repositoryRoot,
      store,
      planId,
      plan: runnable.plan,
      book: new TaskBook(store, planId, runnable.plan.tasks, await listTaskRuns(store, planId)),
      events,
      integration,
      settings,
      instance: options.instance,
      runnerId: lease.runnerId,
      signal: controller.signal,
      cleanups: [],
      foreground: new ForegroundSteps(),
    };
    const result = await work(context, runnable);
    await Promise.all(context.cleanups);
    state = 'finished';
    return result;
  } finally {
    await events.flush();
    await lease.finish(state);
  }
}

/** Refuses a start the task's record does not allow: done, someone else's, or waiting. */
function assertStartable(context: LandingContext, task: PlanTask, instance: string): void {
  const entry = context.book.entries.get(task.id)!;
  const state = entry.view.state;
  const taken = !['pending', 'blocked', 'interrupted'].includes(state);
  if (state === 'done' || (taken && entry.instance !== instance) || state === 'submitted')
    throw new BatonError(
      'TASK_NOT_READY',
      `${context.planId} ${task.id} is ${state}${entry.instance ? ` (instance ${entry.instance})` : ''}`,
    );
  const waiting = task.dependencies.filter((dependency) => context.book.state(dependency) !== 'done');
  if (waiting.length > 0)
    throw new BatonError('TASK_NOT_READY', `${context.planId} ${task.id} waits for ${waiting.join(', ')}`);
}

/** The caller's own worktree from an earlier start of this task, if it is still there. */
function ownWorktree(context: LandingContext, taskId: string, instance: string): string | undefined {
  const entry = context.book.entries.get(taskId)!;
  const worktree = entry.data.worktree;
  return entry.instance === instance &&
    entry.data.handedOff === true &&
    typeof worktree === 'string' &&
    typeof entry.data.startCommit === 'string' &&
    existsSync(worktree)
    ? worktree
    : undefined;
}

/** What a start's claim request granted, for undoing exactly that (undoClaims). */
type GrantedClaims = { granted: Claim[]; replaced: Claim[] };

async function claimFiles(options: HandedTaskOptions, task: PlanTask): Promise<GrantedClaims> {
  if (task.files.length === 0) return { granted: [], replaced: [] };
  const now = Date.now();
  const claimed = await acquireClaims(options.store, {
    instance: options.instance,
    patterns: task.files,
    ttlMs: options.config.claims.ttl,
    exclusive: true,
    reason: `${options.planId} ${task.id}`,
    planId: options.planId,
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
  return claimed;
}

/** The task's worktree, made on the integration tip and made ready (or the caller's own, kept). */
async function makeWorktree(
  context: LandingContext,
  taskId: string,
): Promise<{ worktree: string; branch: string; startCommit: string; excluded: string[] }> {
  const worktree = taskWorktree(context.settings.worktreesRoot, context.planId, taskId);
  const branch = taskBranch(context.planId, taskId);
  const startCommit = await context.integration.tip();
  await createWorktree({
    repositoryRoot: context.repositoryRoot,
    directory: worktree,
    branch,
    startPoint: startCommit,
  });
  const ready = await readyNewWorktree(context.repositoryRoot, worktree, context.settings, context.signal);
  if ('failure' in ready) {
    await removeTaskWorktree(context.repositoryRoot, worktree, branch).catch(() => {});
    throw new BatonError('TASK_NOT_READY', `${context.planId} ${taskId}: ${ready.failure}`, {
      hint: 'Fix run.setup in .baton/config.yaml; nothing was started.',
    });
  }
  return { worktree, branch, startCommit, excluded: ready.excluded };
}

export function startHandedTask(options: HandedTaskOptions): Promise<StartedTask> {
  return underPlanLease(options, async (context, runnable) => {
    const loaded = {
      ...loadPlan(options.repositoryRoot, options.config, options.planId),
      plan: runnable.plan,
    };
    const task = findTask(loaded, options.taskId);
    assertStartable(context, task, options.instance);
    const entry = context.book.entries.get(task.id)!;
    const kept = ownWorktree(context, task.id, options.instance);
    const claimed = await claimFiles(options, task);
    let made: { worktree: string; branch: string } | undefined;
    let handoff: { file: string } | undefined;
    try {
      const prepared = kept
        ? {
            worktree: kept,
            branch: taskBranch(options.planId, task.id),
            startCommit: String(entry.data.startCommit),
            excluded: Array.isArray(entry.data.excluded) ? (entry.data.excluded as string[]) : [],
          }
        : await makeWorktree(context, task.id);
      if (!kept) made = prepared;
      const written = writeHandoff({
        repositoryRoot: options.repositoryRoot,
        config: options.config,
        planId: options.planId,
        taskId: task.id,
        dir: prepared.worktree,
      });
      handoff = written;
      // Read again: another process may have revised, rejected or completed the plan meanwhile.
      const now = await loadRunnablePlan(
        options.repositoryRoot,
        options.config,
        options.store,
        options.planId,
      );
      if (now.text !== runnable.text) throw planChanged(options.planId, 'started');
      await context.book.update(task.id, {
        state: 'running',
        round: 1,
        attempts: entry.attempts + (kept ? 0 : 1),
        branch: prepared.branch,
        instance: options.instance,
        startedAt: Date.now(),
        note: undefined,
        data: {
          worktree: prepared.worktree,
          startCommit: prepared.startCommit,
          excluded: prepared.excluded,
          ...handedToAgent,
        },
      });
      emitTaskEvent(
        context,
        'task-started',
        task.id,
        `handed to ${options.instance} in ${prepared.worktree}`,
        {
          files: task.files,
          worktree: prepared.worktree,
          branch: prepared.branch,
          resumed: kept !== undefined,
        },
      );
      return {
        task,
        worktree: prepared.worktree,
        branch: prepared.branch,
        buildFile: written.file,
        resumed: kept !== undefined,
      };
    } catch (error) {
      // Nothing half done: what this start made and claimed goes back, and only that: claims
      // the caller held before the call stay, with the lease and mode they had.
      if (made) await removeTaskWorktree(options.repositoryRoot, made.worktree, made.branch).catch(() => {});
      if (made && handoff) rmSync(handoff.file, { force: true });
      await undoClaims(options.store, { instance: options.instance, ...claimed });
      throw isPlanError(error) ? planChanged(options.planId, 'started', error) : error;
    }
  });
}

const isPlanError = (error: unknown): error is BatonError =>
  isBatonError(error) && error.code.startsWith('PLAN_') && error.code !== 'PLAN_CONCURRENT_CHANGE';

function planChanged(planId: string, doing: 'started' | 'merged', cause?: BatonError): BatonError {
  const outcome =
    doing === 'started'
      ? 'nothing was started'
      : 'nothing was merged; its approved submission waits (submitted) for the plan to be approved again, then tasks done again (or baton run) merges it';
  return new BatonError(
    'PLAN_CONCURRENT_CHANGE',
    `plan "${planId}" changed while the task was being ${doing}${cause ? ` (${cause.message})` : ''}: ${outcome}`,
    {
      hint: `See what changed with baton show ${planId}; a person approves it again.`,
      ...(cause ? { cause } : {}),
    },
  );
}

/**
 * Lands the caller's approved submission (recorded `submitted` by the review): verified, scope
 * checked and merged; the caller's claims on its files go once it is merged (land-submitted.ts).
 */
export async function landHandedTask(options: HandedTaskOptions): Promise<LandingEnd> {
  try {
    return await landUnderLease(options);
  } catch (error) {
    // The caller checked the plan before its review: a plan that fails now changed meanwhile.
    throw isPlanError(error) ? planChanged(options.planId, 'merged', error) : error;
  }
}

function landUnderLease(options: HandedTaskOptions): Promise<LandingEnd> {
  return underPlanLease(options, async (context) => {
    const entry = context.book.entries.get(options.taskId);
    if (entry?.view.state !== 'submitted' || !ownWorktree(context, options.taskId, options.instance))
      throw new BatonError(
        'TASK_NOT_READY',
        `${options.planId} ${options.taskId} has no submission of instance ${options.instance} to merge${entry ? ` (it is ${entry.view.state})` : ''}`,
      );
    let end: LandingEnd;
    try {
      end = await landSubmitted(context, options.taskId);
    } catch (error) {
      if (error instanceof TaskInterrupted || context.signal.aborted) {
        // The lease was lost midway: the submission stays, to be landed again.
        await context.book.update(options.taskId, { state: 'submitted' });
        throw new BatonError(
          'RUN_IN_PROGRESS',
          `plan "${options.planId}" was taken over while merging; the submission stays`,
        );
      }
      end = { state: 'blocked', reason: `error: ${(error as Error).message}` };
    }
    if (end.state === 'blocked') {
      const data = { ...context.book.entries.get(options.taskId)!.data, reason: end.reason };
      await context.book.update(options.taskId, {
        state: 'blocked',
        finishedAt: Date.now(),
        note: end.reason,
        data,
      });
      emitTaskEvent(context, 'task-blocked', options.taskId, end.reason, { reason: end.reason });
    }
    return end;
  });
}

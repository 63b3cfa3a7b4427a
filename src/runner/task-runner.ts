// One task from start to merge: a fresh worktree on the integration tip, setup and links, the
// rounds, then the merge. A merge conflict gets one more attempt from the new tip; a second
// conflict blocks the task. Whatever ends the task, its claims are released. A person's
// submitted work is landed instead (land-submitted.ts).
//
// What `run.setup` creates or changes in a new worktree (files not ignored by git) is its
// baseline: like the `run.link` paths, those files are never committed and are outside the
// task's scope check, so a setup that writes a marker or a lock file does not fail round 1.

import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { RoleCalls } from '../agents/backend.ts';
import { refusalRecorder } from '../agents/tools/record-refusal.ts';
import { taskReviewInstance } from '../core/instance.ts';
import type { PlanTask } from '../core/plan/model.ts';
import { isBatonError } from '../errors.ts';
import { releaseClaims } from '../store/claim-release.ts';
import { bindSession, releaseSessionBindings } from '../store/session-bindings.ts';
import { createWorktree, resetWorktree } from '../workspace/worktrees.ts';
import { dashboardFile } from './dashboard-file.ts';
import { launchOf } from './foreground-steps.ts';
import { handoffDirectory, taskBranch, taskWorktree } from './integration-branch.ts';
import { landSubmitted } from './land-submitted.ts';
import { personFeedbackKey } from './retry-tasks.ts';
import { awaitingReviewReason, readReviewHandoff, reviewHandoffKey } from './review-handoff.ts';
import { denialsSince, type RoundDenial } from './round-denials.ts';
import { emitTaskEvent, type RunContext, taskClaimInstance, taskEvents } from './run-context.ts';
import { runTaskRounds } from './task-rounds.ts';
import type { TaskRoundsInput } from './task-rounds-input.ts';
import { mergeStep, TaskInterrupted } from './task-steps.ts';
import { readyNewWorktree } from './task-worktree.ts';

export type TaskEnd = { state: 'done' } | { state: 'blocked'; reason: string } | { state: 'interrupted' };

const maximumAttempts = 2;

/** The task's recorded detail, changed in part. */
function updateData(context: RunContext, taskId: string, change: Record<string, unknown>): Promise<void> {
  const data = { ...context.book.entries.get(taskId)!.data, ...change };
  for (const [key, value] of Object.entries(change)) if (value === undefined) delete data[key];
  return context.book.update(taskId, { data });
}

/** How many of an attempt's denials the task keeps (for `baton status`; `baton events` has all). */
const keptDenials = 20;

/** The task's latest denials, in its recorded detail: `baton status` shows them. */
function recordDenials(
  context: RunContext,
  taskId: string,
  role: 'executor' | 'reviewer',
  round: number,
  denials: readonly RoundDenial[],
): Promise<void> {
  const previous = context.book.entries.get(taskId)!.data.denials;
  const kept = Array.isArray(previous) ? previous : [];
  const added = denials.map((denial) => ({
    round,
    role,
    kind: denial.kind,
    at: denial.at,
    text: denial.text,
  }));
  return updateData(context, taskId, { denials: [...kept, ...added].slice(-keptDenials) });
}

/**
 * Whether the task's worktree holds a person's work that must be kept: submitted work, or a
 * hand-off to a person still in progress. Such a worktree is never made afresh.
 */
export function keepsItsWorktree(context: RunContext, taskId: string): boolean {
  const entry = context.book.entries.get(taskId)!;
  const worktree = entry.data.worktree;
  if (typeof worktree !== 'string' || !existsSync(worktree)) return false;
  if (entry.view.state === 'submitted') return true;
  // A review handed to a person: the reviewed work stays, for their scores and what follows.
  if (readReviewHandoff(entry.data)) return true;
  return entry.data.handedOff === true && context.executor.kind === 'manual';
}

/** Folders of the main checkout an executor's changes there are not looked for in. */
function guardExclusions(context: RunContext): string[] {
  // baton's state, and the dashboard baton writes at the end of every run (project-dashboard.ts).
  const exclude = ['.baton', dashboardFile];
  const relative = path.relative(context.repositoryRoot, context.settings.worktreesRoot);
  if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) exclude.push(relative);
  return exclude;
}

/**
 * Where an attempt starts: a person's kept worktree as it is, a worktree made ahead (the first
 * attempt only: a re-run after a conflict starts afresh on the new tip) caught up with the tip
 * only when its files may have changed since, or a new worktree on the tip. Its start commit.
 */
async function placeWorktree(
  context: RunContext,
  task: PlanTask,
  attemptNumber: number,
  kept: boolean,
): Promise<string> {
  if (kept) return context.book.entries.get(task.id)!.data.startCommit as string;
  const worktree = taskWorktree(context.settings.worktreesRoot, context.planId, task.id);
  const prepared = attemptNumber === 1 ? await context.worktrees.take(task.id) : undefined;
  if (prepared) {
    const startCommit = await context.integration.startPointFor(task.files, prepared.commit);
    if (startCommit !== prepared.commit) await resetWorktree(worktree, startCommit);
    return startCommit;
  }
  const startCommit = await context.integration.tip();
  await createWorktree({
    repositoryRoot: context.repositoryRoot,
    directory: worktree,
    branch: taskBranch(context.planId, task.id),
    startPoint: startCommit,
  });
  return startCommit;
}

/**
 * The paths a new worktree gets linked and what `run.setup` makes there: never committed, outside
 * the scope check. A kept worktree keeps what it had. A failed setup blocks the task.
 */
async function settleWorktree(
  context: RunContext,
  taskId: string,
  worktree: string,
  kept: Record<string, unknown> | undefined,
): Promise<{ excluded: string[] } | { blocked: string }> {
  if (kept) return { excluded: Array.isArray(kept.excluded) ? kept.excluded : [...context.settings.link] };
  const ready = await readyNewWorktree(context.repositoryRoot, worktree, context.settings, context.signal);
  if (context.signal.aborted) throw new TaskInterrupted();
  if ('failure' in ready) return { blocked: ready.failure };
  const { excluded } = ready;
  await updateData(context, taskId, { excluded });
  return { excluded };
}

/** What one role's calls carry for the task: its instance, the run's signal, usage, budget and refusals. */
function roleCalls(
  context: RunContext,
  taskId: string,
  role: 'executor' | 'reviewer',
  instance: string,
): RoleCalls {
  const { accounting } = context;
  return {
    instance,
    signal: context.signal,
    // A new session is bound to the instance before it starts (see CallHooks.bindSession).
    bindSession: (sessionId) =>
      bindSession(context.store, { instance, sessionId, planId: context.planId, taskId, role }),
    ...(accounting
      ? { onUsage: accounting.onUsage(role, taskId), beforeModelCall: () => accounting.beforeCall(role) }
      : {}),
    onRefusal: refusalRecorder(context.store, { role, instance, planId: context.planId, taskId }),
  };
}

/** The rounds' input: the task in its worktree, and the run's hooks bound to the task's instances. */
function roundsInput(
  context: RunContext,
  task: PlanTask,
  place: { worktree: string; startCommit: string; excluded: string[] },
  personFeedback: string | undefined,
): TaskRoundsInput {
  const taskId = task.id;
  // The task's sessions act as the task's own instances: the executor's holds the task's claims.
  const instances = {
    executor: taskClaimInstance(context.planId, taskId),
    reviewer: taskReviewInstance(context.planId, taskId),
  };
  return {
    planId: context.planId,
    plan: context.plan,
    task,
    ...place,
    handoffDirectory: handoffDirectory(context.settings.worktreesRoot, context.planId, taskId),
    executor: context.executor,
    reviewer: context.reviewer,
    review: context.settings.review,
    ...(personFeedback === undefined ? {} : { feedback: personFeedback }),
    verifyTimeoutMs: context.settings.verifyTimeoutMs,
    guard: {
      repositoryRoot: context.repositoryRoot,
      exclude: guardExclusions(context),
      files: [path.join(context.repositoryRoot, '.baton', 'config.yaml'), context.planFile],
      verifyIntegration: (refs) => context.integration.verifyTip(refs),
    },
    executorUnderWay: () => context.foreground.end(launchOf(taskId)),
    onProcess: (started) =>
      void updateData(context, taskId, {
        process: started === undefined ? undefined : { ...started, host: hostname(), startedAt: Date.now() },
      }).catch(() => {}),
    calls: {
      executor: roleCalls(context, taskId, 'executor', instances.executor),
      reviewer: roleCalls(context, taskId, 'reviewer', instances.reviewer),
    },
    denials: async (role, since, round) => {
      const found = await denialsSince(context.store, instances[role], since);
      if (found.length > 0) await recordDenials(context, taskId, role, round, found);
      return found;
    },
    signal: context.signal,
    setState: (state, round) => context.book.update(taskId, { state, round }),
    emit: taskEvents(context, taskId),
  };
}

async function attempt(
  context: RunContext,
  taskId: string,
  attemptNumber: number,
): Promise<TaskEnd | { conflicts: string[] }> {
  const task = context.plan.tasks.find((candidate) => candidate.id === taskId)!;
  const entry = context.book.entries.get(taskId)!;
  const branch = taskBranch(context.planId, taskId);
  const worktree = taskWorktree(context.settings.worktreesRoot, context.planId, taskId);
  const worktreeStarted = performance.now();
  const current = entry.data;
  // A person's feedback for this round (given once: the task's data is rewritten below).
  const personFeedback =
    typeof current[personFeedbackKey] === 'string' ? current[personFeedbackKey] : undefined;
  // A person's hand-off in progress: their worktree stays as it is.
  const kept =
    attemptNumber === 1 && keepsItsWorktree(context, taskId) && typeof current.startCommit === 'string';
  const startCommit = await placeWorktree(context, task, attemptNumber, kept);
  const worktreeMs = Math.round(performance.now() - worktreeStarted);
  await context.book.update(taskId, {
    state: 'running',
    round: 1,
    attempts: entry.attempts + 1,
    branch,
    instance: context.instance,
    startedAt: Date.now(),
    note: undefined,
    data: {
      worktree,
      startCommit,
      attempt: attemptNumber,
      runnerId: context.runnerId,
      ...(kept ? { handedOff: true, excluded: current.excluded } : {}),
    },
  });
  emitTaskEvent(
    context,
    'task-started',
    taskId,
    attemptNumber > 1
      ? `started again on the new tip (${startCommit.slice(0, 8)})`
      : `started from ${startCommit.slice(0, 8)}`,
    { files: task.files, worktree, branch, worktreeMs },
    1,
  );
  const settled = await settleWorktree(context, taskId, worktree, kept ? current : undefined);
  if ('blocked' in settled) return { state: 'blocked', reason: settled.blocked };
  const outcome = await runTaskRounds(
    roundsInput(context, task, { worktree, startCommit, excluded: settled.excluded }, personFeedback),
  );
  if (outcome.status === 'blocked') {
    // Handed off to a person: the worktree is theirs now, kept for `baton submit`.
    if (context.executor.kind === 'manual') await updateData(context, taskId, { handedOff: true });
    if (outcome.reviewHandoff)
      await updateData(context, taskId, { [reviewHandoffKey]: outcome.reviewHandoff });
    return { state: 'blocked', reason: outcome.reason };
  }
  const merge = await mergeStep(context, task, {
    branch,
    head: outcome.head,
    worktree,
    unchanged: outcome.unchanged,
    score: outcome.score,
    approvedAs: `score ${outcome.score}`,
    data: { rounds: outcome.rounds },
  });
  if (!merge.merged) {
    emitTaskEvent(
      context,
      'task-merge-conflict',
      taskId,
      `merge conflict in ${merge.conflicts.join(', ') || 'the tree'}`,
      { files: merge.conflicts, attempt: attemptNumber },
    );
    return { conflicts: merge.conflicts };
  }
  return { state: 'done' };
}

export async function runTask(context: RunContext, taskId: string): Promise<TaskEnd> {
  try {
    if (context.book.state(taskId) === 'submitted' && keepsItsWorktree(context, taskId))
      return await landSubmitted(context, taskId);
    // Its review is with a person who has not scored it yet: it waits, untouched.
    const handedReview = readReviewHandoff(context.book.entries.get(taskId)!.data);
    if (
      handedReview &&
      !handedReview.scored &&
      context.reviewer.kind === 'manual' &&
      keepsItsWorktree(context, taskId)
    )
      return { state: 'blocked', reason: awaitingReviewReason(context.planId, taskId, handedReview) };
    let conflicts: string[] = [];
    for (let attemptNumber = 1; attemptNumber <= maximumAttempts; attemptNumber++) {
      // A re-run after a conflict works again: it needs a slot again.
      if (attemptNumber > 1 && context.slots) {
        await context.slots.takeAgain(taskId, context.signal);
        if (context.signal.aborted) throw new TaskInterrupted();
      }
      const end = await attempt(context, taskId, attemptNumber);
      if (!('conflicts' in end)) return end;
      conflicts = end.conflicts;
    }
    return {
      state: 'blocked',
      reason: `merge conflict in ${conflicts.join(', ') || 'the tree'} with ${context.integration.branch}, still there after re-running on the new tip; nothing of the task was merged`,
    };
  } catch (error) {
    if (error instanceof TaskInterrupted || context.signal.aborted) return { state: 'interrupted' };
    if (isBatonError(error) && error.code === 'BUDGET_EXCEEDED') {
      // The plan has passed its budget inside this task: it stops and starts again on the next
      // run; no new task starts, but the others in flight are left to finish.
      context.stopRun(error.message, error.code, false);
      return { state: 'interrupted' };
    }
    return { state: 'blocked', reason: `error: ${(error as Error).message}` };
  } finally {
    context.foreground.end(launchOf(taskId));
    context.slots?.release(taskId);
    await releaseClaims(context.store, {
      instance: taskClaimInstance(context.planId, taskId),
      all: true,
    }).catch(() => {});
    await releaseSessionBindings(context.store, [
      taskClaimInstance(context.planId, taskId),
      taskReviewInstance(context.planId, taskId),
    ]).catch(() => {});
  }
}

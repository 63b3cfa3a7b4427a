// One task from start to merge: a fresh worktree on the integration tip, setup and links, the
// rounds, then the merge. A merge conflict gets one more attempt from the new tip; a second
// conflict blocks the task. Whatever ends the task, its claims are released.
//
// What `run.setup` creates or changes in a new worktree (files not ignored by git) is its
// baseline: like the `run.link` paths, those files are never committed and are outside the
// task's scope check, so a setup that writes a marker or a lock file does not fail round 1.
//
// A person's work is never thrown away. A task handed off to a person (the manual executor)
// keeps its worktree across runs; once `baton submit <plan> <task> --dir <worktree>` approves
// it, the work is committed on the task branch and the task is `submitted`: the next run does
// not recreate that worktree, it verifies the submitted commit, checks its scope and merges it.
// The approval recorded by `submit` is trusted as long as the commit is the one approved (the
// branch tip is the submitted commit and nothing is left uncommitted); otherwise the task is
// blocked until it is submitted again.
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { refusalRecorder } from '../agents/tools/record-refusal.ts';
import { taskReviewInstance } from '../core/instance.ts';
import { isBatonError } from '../errors.ts';
import { releaseClaims } from '../store/claims.ts';
import { bindSession, releaseSessionBindings } from '../store/session-bindings.ts';
import { gitResult } from '../workspace/git-async.ts';
import { changedFiles, filesOutsideScope } from '../workspace/scope.ts';
import { runVerifyCommands } from '../workspace/verify.ts';
import {
  createWorktree,
  linkIntoWorktree,
  removeTaskWorktree,
  resetWorktree,
  runSetupCommands,
  uncommittedFiles,
} from '../workspace/worktrees.ts';
import { dashboardFile } from './dashboard-file.ts';
import { handoffDirectory, taskBranch, taskWorktree } from './integration.ts';
import { personFeedbackKey } from './retry.ts';
import { awaitingReviewReason, readReviewHandoff, reviewHandoffKey } from './review-handoff.ts';
import { denialsSince, type RoundDenial } from './round-denials.ts';
import { emitTaskEvent, type RunContext, taskClaimInstance } from './run-context.ts';
import { runTaskRounds, TaskInterrupted } from './task-rounds.ts';

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
  // baton's state, and the dashboard baton writes at the end of every run (dashboard.ts).
  const exclude = ['.baton', dashboardFile];
  const relative = path.relative(context.repositoryRoot, context.settings.worktreesRoot);
  if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) exclude.push(relative);
  return exclude;
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
  const current = context.book.entries.get(taskId)!.data;
  // A person's feedback for this round (given once: the task's data is rewritten below).
  const personFeedback =
    typeof current[personFeedbackKey] === 'string' ? current[personFeedbackKey] : undefined;
  // A person's hand-off in progress: their worktree stays as it is.
  const kept =
    attemptNumber === 1 && keepsItsWorktree(context, taskId) && typeof current.startCommit === 'string';
  // A worktree made ahead (the first attempt only: a re-run after a conflict starts afresh on
  // the new tip) catches up with the tip only when its files may have changed since.
  const prepared = attemptNumber === 1 && !kept ? await context.worktrees.take(taskId) : undefined;
  let startCommit: string;
  if (kept) startCommit = current.startCommit as string;
  else if (prepared) {
    startCommit = await context.integration.startPointFor(task.files, prepared.commit);
    if (startCommit !== prepared.commit) await resetWorktree(worktree, startCommit);
  } else {
    startCommit = await context.integration.tip();
    await createWorktree({
      repositoryRoot: context.repositoryRoot,
      directory: worktree,
      branch,
      startPoint: startCommit,
    });
  }
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
    {
      files: task.files,
      worktree,
      branch,
      worktreeMs,
    },
    1,
  );
  let excluded: string[] = [...context.settings.link];
  if (kept && Array.isArray(current.excluded)) excluded = current.excluded as string[];
  else if (!kept) {
    linkIntoWorktree(context.repositoryRoot, worktree, context.settings.link);
    const setupFailure = await runSetupCommands(worktree, context.settings.setup, {
      timeoutMs: context.settings.verifyTimeoutMs,
      signal: context.signal,
    });
    if (context.signal.aborted) throw new TaskInterrupted();
    if (setupFailure)
      return {
        state: 'blocked',
        reason: `setup command \`${setupFailure.command}\` failed (exit ${setupFailure.exitCode}): ${setupFailure.output.slice(-500)}`,
      };
    // The setup's own files are the worktree's baseline, not the task's change.
    if (context.settings.setup.length > 0)
      excluded = [...excluded, ...(await uncommittedFiles(worktree, context.settings.link))];
    await updateData(context, taskId, { excluded });
  }

  // The task's sessions act as the task's own instances: the executor's holds the task's claims.
  const instances = {
    executor: taskClaimInstance(context.planId, taskId),
    reviewer: taskReviewInstance(context.planId, taskId),
  };
  const outcome = await runTaskRounds({
    planId: context.planId,
    plan: context.plan,
    task,
    worktree,
    startCommit,
    handoffDirectory: handoffDirectory(context.settings.worktreesRoot, context.planId, taskId),
    executor: context.executor,
    reviewer: context.reviewer,
    review: context.settings.review,
    ...(personFeedback === undefined ? {} : { feedback: personFeedback }),
    verifyTimeoutMs: context.settings.verifyTimeoutMs,
    excluded,
    guard: {
      repositoryRoot: context.repositoryRoot,
      exclude: guardExclusions(context),
      files: [path.join(context.repositoryRoot, '.baton', 'config.yaml'), context.planFile],
      verifyIntegration: () => context.integration.verifyTip(),
    },
    onProcess: (started) =>
      void updateData(context, taskId, {
        process: started === undefined ? undefined : { ...started, host: hostname(), startedAt: Date.now() },
      }).catch(() => {}),
    instances,
    bindSession: (role) => (sessionId) =>
      bindSession(context.store, {
        instance: instances[role],
        sessionId,
        planId: context.planId,
        taskId,
        role,
      }),
    denials: async (role, since, round) => {
      const found = await denialsSince(context.store, instances[role], since);
      if (found.length > 0) await recordDenials(context, taskId, role, round, found);
      return found;
    },
    signal: context.signal,
    onUsage: context.onUsage ? (role) => context.onUsage!(role, taskId) : undefined,
    beforeCall: context.beforeCall,
    onRefusal: (role) =>
      refusalRecorder(context.store, { role, instance: instances[role], planId: context.planId, taskId }),
    setState: (state, round) => context.book.update(taskId, { state, round }),
    emit: (kind, round, message, data) => emitTaskEvent(context, kind, taskId, message, data, round),
  });
  if (outcome.status === 'blocked') {
    // Handed off to a person: the worktree is theirs now, kept for `baton submit`.
    if (context.executor.kind === 'manual') await updateData(context, taskId, { handedOff: true });
    if (outcome.reviewHandoff)
      await updateData(context, taskId, { [reviewHandoffKey]: outcome.reviewHandoff });
    return { state: 'blocked', reason: outcome.reason };
  }

  await context.book.update(taskId, { state: 'merging', score: outcome.score });
  // Waiting for the merge is no work: the slot goes to the next task.
  context.slots?.release(taskId);
  const merge = await context.integration.merge(taskId, task.title, branch, outcome.unchanged, task.files);
  if (!merge.merged) {
    emitTaskEvent(
      context,
      'task-merge-conflict',
      taskId,
      `merge conflict in ${merge.conflicts.join(', ') || 'the tree'}`,
      {
        files: merge.conflicts,
        attempt: attemptNumber,
      },
    );
    return { conflicts: merge.conflicts };
  }
  await context.book.update(taskId, { state: 'done', finishedAt: Date.now() });
  emitTaskEvent(
    context,
    'task-merged',
    taskId,
    `merged into ${context.integration.branch} (${merge.commit.slice(0, 8)}), score ${outcome.score}`,
    {
      commit: merge.commit,
      score: outcome.score,
      rounds: outcome.rounds,
      files: task.files,
    },
  );
  // Merged work lives on the integration branch now; the task's worktree and branch can go —
  // in the background, so the task's slot is free for the next one at once.
  context.cleanups.push(removeTaskWorktree(context.repositoryRoot, worktree, branch).catch(() => {}));
  return { state: 'done' };
}

/** A person's approved submission: verified, scope-checked and merged as it was approved. */
async function landSubmitted(context: RunContext, taskId: string): Promise<TaskEnd> {
  const task = context.plan.tasks.find((candidate) => candidate.id === taskId)!;
  const data = context.book.entries.get(taskId)!.data;
  const worktree = String(data.worktree);
  const startCommit = String(data.startCommit);
  const submitted = String(data.submittedCommit ?? '');
  const excluded = Array.isArray(data.excluded) ? (data.excluded as string[]) : [...context.settings.link];
  const branch = taskBranch(context.planId, taskId);
  const submitAgain = `baton submit ${context.planId} ${taskId} --dir ${worktree}`;
  await context.book.update(taskId, {
    state: 'verifying',
    instance: context.instance,
    startedAt: Date.now(),
    note: undefined,
    data: { ...data, runnerId: context.runnerId },
  });
  emitTaskEvent(context, 'task-started', taskId, `merging the submitted work (${submitted.slice(0, 8)})`, {
    files: task.files,
    worktree,
    branch,
    submitted: true,
  });
  const head = await gitResult(worktree, ['rev-parse', 'HEAD']);
  const left = await uncommittedFiles(worktree, excluded);
  if (head.stdout.trim() !== submitted || left.length > 0)
    return {
      state: 'blocked',
      reason: `the worktree changed since its work was submitted${left.length > 0 ? ` (uncommitted: ${left.join(', ')})` : ''}; submit it again: ${submitAgain}`,
    };
  const verification = await runVerifyCommands(task.verify, {
    cwd: worktree,
    timeoutMs: context.settings.verifyTimeoutMs,
    signal: context.signal,
  });
  if (context.signal.aborted) throw new TaskInterrupted();
  emitTaskEvent(
    context,
    'task-verified',
    taskId,
    verification.outcome.passed
      ? `${task.verify.length} verify command(s) passed`
      : `verification failed: ${verification.outcome.failures.map((failure) => failure.command).join(', ')}`,
    { passed: verification.outcome.passed },
  );
  if (!verification.outcome.passed)
    return {
      state: 'blocked',
      reason: `the submitted work fails verification (${verification.outcome.failures.map((failure) => failure.command).join(', ')}); fix it in ${worktree}, then ${submitAgain}`,
    };
  const files = await changedFiles(worktree, startCommit);
  const outside = filesOutsideScope(files, task.files);
  if (outside.length > 0) {
    emitTaskEvent(
      context,
      'task-scope-failed',
      taskId,
      `changed files outside its declared files: ${outside.join(', ')}`,
      {
        files: outside,
      },
    );
    return {
      state: 'blocked',
      reason: `the submitted work changes files outside its declared files: ${outside.join(', ')}; undo them in ${worktree}, then ${submitAgain}`,
    };
  }
  const score = typeof data.submittedScore === 'number' ? data.submittedScore : undefined;
  emitTaskEvent(
    context,
    'task-reviewed',
    taskId,
    `approved on submission${score !== undefined ? ` with ${score}` : ''}`,
    {
      score,
      verdict: 'approved',
      submitted: true,
    },
  );
  await context.book.update(taskId, { state: 'merging', ...(score !== undefined ? { score } : {}) });
  context.slots?.release(taskId);
  const merge = await context.integration.merge(taskId, task.title, branch, files.length === 0, task.files);
  if (!merge.merged)
    return {
      state: 'blocked',
      reason: `merge conflict in ${merge.conflicts.join(', ') || 'the tree'} with ${context.integration.branch}; the submitted work stays in ${worktree}: merge ${context.integration.branch} into it, then ${submitAgain}`,
    };
  await context.book.update(taskId, { state: 'done', finishedAt: Date.now() });
  emitTaskEvent(
    context,
    'task-merged',
    taskId,
    `merged into ${context.integration.branch} (${merge.commit.slice(0, 8)}), submitted work`,
    { commit: merge.commit, score, files: task.files },
  );
  context.cleanups.push(removeTaskWorktree(context.repositoryRoot, worktree, branch).catch(() => {}));
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

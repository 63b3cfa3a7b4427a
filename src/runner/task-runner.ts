// One task from start to merge: a fresh worktree on the integration tip, setup and links, the
// rounds, then the merge. A merge conflict gets one more attempt from the new tip; a second
// conflict blocks the task. Whatever ends the task, its claims are released.
import { refusalRecorder } from '../agents/tools/record-refusal.ts';
import { isBatonError } from '../errors.ts';
import { releaseClaims } from '../store/claims.ts';
import {
  createWorktree,
  linkIntoWorktree,
  removeTaskWorktree,
  resetWorktree,
  runSetupCommands,
} from '../workspace/worktrees.ts';
import { handoffDirectory, taskBranch, taskWorktree } from './integration.ts';
import { emitTaskEvent, type RunContext, taskClaimInstance } from './run-context.ts';
import { runTaskRounds, TaskInterrupted } from './task-rounds.ts';

export type TaskEnd = { state: 'done' } | { state: 'blocked'; reason: string } | { state: 'interrupted' };

const maximumAttempts = 2;

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
  // A worktree made ahead (the first attempt only: a re-run after a conflict starts afresh on
  // the new tip) catches up with the tip only when its files may have changed since.
  const prepared = attemptNumber === 1 ? await context.worktrees.take(taskId) : undefined;
  let startCommit: string;
  if (prepared) {
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
    startedAt: Date.now(),
    note: undefined,
    data: { worktree, startCommit, attempt: attemptNumber },
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
    verifyTimeoutMs: context.settings.verifyTimeoutMs,
    excluded: context.settings.link,
    instance: context.instance,
    signal: context.signal,
    onUsage: context.onUsage ? (role) => context.onUsage!(role, taskId) : undefined,
    beforeCall: context.beforeCall,
    onRefusal: (role) =>
      refusalRecorder(context.store, { role, instance: context.instance, planId: context.planId, taskId }),
    setState: (state, round) => context.book.update(taskId, { state, round }),
    emit: (kind, round, message, data) => emitTaskEvent(context, kind, taskId, message, data, round),
  });
  if (outcome.status === 'blocked') return { state: 'blocked', reason: outcome.reason };

  await context.book.update(taskId, { state: 'merging', score: outcome.score });
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

export async function runTask(context: RunContext, taskId: string): Promise<TaskEnd> {
  try {
    let conflicts: string[] = [];
    for (let attemptNumber = 1; attemptNumber <= maximumAttempts; attemptNumber++) {
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
      // Not the task's fault: the whole run stops, and the task starts again on the next run.
      context.stopRun(error.message, error.code);
      return { state: 'interrupted' };
    }
    return { state: 'blocked', reason: `error: ${(error as Error).message}` };
  } finally {
    await releaseClaims(context.store, {
      instance: taskClaimInstance(context.planId, taskId),
      all: true,
    }).catch(() => {});
  }
}

// The steps after a task's work is in its worktree, one way each: verify, check the scope, merge.
// A round of `baton run` (task-rounds.ts) and the landing of a person's submitted work
// (land-submitted.ts) compose them; what a failed step means is theirs to say (a round's
// feedback, a submission to fix), the step and its event are the same. The checks themselves
// are the agents' (agents/task-checks.ts), shared with `baton review`; this adds the run's events.

import { outsideScope, outsideScopeReason, verifyTask } from '../agents/task-checks.ts';
import type { PlanTask } from '../core/plan/model.ts';
import type { VerifyRun } from '../workspace/verify-commands.ts';
import { removeTaskWorktree } from '../workspace/worktrees.ts';
import { mergeOf } from './foreground-steps.ts';
import { summarizeProblems } from './round-feedback.ts';
import { emitTaskEvent, type LandingContext } from './run-context.ts';
import type { TaskEventSink } from './run-events.ts';

/** Thrown when the run stops a task in flight (Ctrl-C, a lost lease): nothing is recorded as failed. */
export class TaskInterrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'TaskInterrupted';
  }
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new TaskInterrupted();
}

/** What a step needs of the task it runs for. */
export interface StepTarget {
  task: PlanTask;
  worktree: string;
  signal: AbortSignal;
  verifyTimeoutMs: number;
  /** The round the step runs in, if any: its events carry it. */
  round?: number;
  emit: TaskEventSink;
}

/** The task's verify commands in its worktree (secrets stripped, output scrubbed: verify-commands.ts). */
export async function verifyStep(target: StepTarget): Promise<VerifyRun> {
  const { task } = target;
  const verification = await verifyTask(task, {
    cwd: target.worktree,
    timeoutMs: target.verifyTimeoutMs,
    signal: target.signal,
  });
  target.emit(
    'task-verified',
    verification.outcome.passed
      ? `${task.verify.length} verify command(s) passed`
      : summarizeProblems({ declaredFiles: task.files, verification: verification.outcome }),
    {
      passed: verification.outcome.passed,
      commands: verification.results.map((result) => ({
        command: result.command,
        passed: result.passed,
        exitCode: result.exitCode,
      })),
    },
    target.round,
  );
  return verification;
}

/** The changed files outside the task's declared files, named in a `task-scope-failed` event. */
export function scopeStep(target: StepTarget, changed: readonly string[]): string[] {
  const outside = outsideScope(target.task, changed);
  if (outside.length > 0)
    target.emit('task-scope-failed', outsideScopeReason(outside), { files: outside }, target.round);
  return outside;
}

export interface MergeStep {
  branch: string;
  /** The commit that was verified and reviewed: it, not wherever the branch is now, is merged. */
  head: string;
  worktree: string;
  /** Nothing changed: the merge records the task without a tree change. */
  unchanged: boolean;
  score?: number;
  /** How the merged work came to be approved, after the commit in the event's message. */
  approvedAs: string;
  /** More for the `task-merged` event (the rounds it took). */
  data?: Record<string, unknown>;
}

/**
 * Approved work merged into the integration branch. Waiting for the merge is no work, so the
 * task's slot goes to the next task at once; the merged task's worktree and branch are removed
 * in the background. A conflict is the caller's to handle: nothing of the task was merged.
 */
export async function mergeStep(
  context: LandingContext,
  task: PlanTask,
  step: MergeStep,
): Promise<{ merged: true } | { merged: false; conflicts: string[] }> {
  await context.book.update(task.id, {
    state: 'merging',
    ...(step.score !== undefined ? { score: step.score } : {}),
  });
  context.slots?.release(task.id);
  // On the critical path: worktrees made ahead wait for it (foreground-steps.ts).
  context.foreground.begin(mergeOf(task.id));
  let merge: Awaited<ReturnType<typeof context.integration.merge>>;
  try {
    merge = await context.integration.merge(
      task.id,
      task.title,
      step.branch,
      step.unchanged,
      task.files,
      step.head,
    );
  } finally {
    context.foreground.end(mergeOf(task.id));
  }
  if (!merge.merged) return { merged: false, conflicts: merge.conflicts };
  await context.book.update(task.id, { state: 'done', finishedAt: Date.now() });
  emitTaskEvent(
    context,
    'task-merged',
    task.id,
    `merged into ${context.integration.branch} (${merge.commit.slice(0, 8)}), ${step.approvedAs}`,
    { commit: merge.commit, score: step.score, ...step.data, files: task.files },
  );
  // Merged work lives on the integration branch now; the task's worktree and branch can go.
  context.cleanups.push(
    removeTaskWorktree(context.repositoryRoot, step.worktree, step.branch).catch(() => {}),
  );
  return { merged: true };
}

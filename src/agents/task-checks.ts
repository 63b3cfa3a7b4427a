// The checks of a task's work, one way each: its verify commands, the scope check, the judge.
// `baton run`'s rounds and its landing of a person's submitted work (src/runner/task-steps.ts)
// and `baton review` / `baton submit` (review-task.ts) compose them; what a failed check means
// (a round's feedback, a submission to fix, changes requested) is each caller's to say.
import type { PlanTask } from '../core/plan/model.ts';
import { filesOutsideScope } from '../workspace/scope-check.ts';
import { runVerifyCommands, type VerifyRun } from '../workspace/verify-commands.ts';
import type { Backend, ReviewRequest, RoleCalls } from './backend.ts';
import { type JudgeOutcome, judgeReview } from './judge.ts';

/**
 * The task's verify commands where its work is, every one of them (no secret variable reaches
 * them, their output is scrubbed: workspace/verify-commands.ts). An abort throws once they have stopped.
 */
export async function verifyTask(
  task: PlanTask,
  options: { cwd: string; timeoutMs: number; signal: AbortSignal },
): Promise<VerifyRun> {
  const verification = await runVerifyCommands(task.verify, options);
  options.signal.throwIfAborted();
  return verification;
}

/** The changed files outside the task's declared files. */
export function outsideScope(task: PlanTask, changed: readonly string[]): string[] {
  return filesOutsideScope(changed, task.files);
}

/** The one sentence that names them, in events, reasons and feedback. */
export function outsideScopeReason(outside: readonly string[]): string {
  return `changed files outside its declared files: ${outside.join(', ')}`;
}

/** What the judge reads of a task's work: the plan and task, the diff, the verify results. */
export type TaskWork = Pick<ReviewRequest, 'planId' | 'plan' | 'task' | 'diff' | 'workdir'> & {
  verification: VerifyRun;
};

export interface JudgeSettings {
  samples: number;
  weights?: Readonly<Record<string, number>>;
  threshold?: number;
}

/**
 * The judge on a task's work (judge.ts: samples, one retry of an unreadable answer, baton's
 * scoring). The budget (the calls' `beforeModelCall`) is asked before every reviewer call; a
 * reviewer that fails or cannot be read is an outcome, only the budget and an abort throw.
 */
export function judgeTask(
  reviewer: Backend,
  work: TaskWork,
  calls: RoleCalls,
  settings: JudgeSettings,
): Promise<JudgeOutcome> {
  const { verification, ...rest } = work;
  return judgeReview(
    reviewer,
    { ...rest, verification: verification.results, ...calls },
    { ...settings, verification: verification.outcome, beforeCall: calls.beforeModelCall },
  );
}

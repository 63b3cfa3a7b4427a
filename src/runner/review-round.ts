// The reviewer's part of a round whose checks passed: the judge (agents/judge.ts: samples, one
// retry of an unreadable answer, the budget asked before every reviewer call), or, with
// `--reviewer manual`, the review handed to a person. A reviewer that fails or answers unreadably
// is an outcome of the round, never a throw; only the budget and an abort go on up.

import type { JudgeOutcome } from '../agents/judge.ts';
import { judgeTask } from '../agents/task-checks.ts';
import { reviewedEventData } from '../core/review/reviewed-event.ts';
import type { ReviewResult } from '../core/review/score-review.ts';
import type { VerifyRun } from '../workspace/verify-commands.ts';
import { handReviewToPerson, type ReviewHandoff } from './review-handoff.ts';
import { reportDenials } from './round-denials.ts';
import type { TaskRoundsInput } from './task-rounds-input.ts';
import { throwIfAborted } from './task-steps.ts';

export type ReviewRound =
  | { result: ReviewResult }
  | { reviewerFailed: string }
  | { unreadable: string | undefined }
  /** Handed to a person: the task waits for their scores (`baton score`). */
  | { handedOff: { reason: string; handoff: ReviewHandoff } };

async function judgeRound(input: TaskRoundsInput, round: number, verification: VerifyRun, diff: string) {
  let judged: JudgeOutcome;
  try {
    judged = await judgeTask(
      input.reviewer,
      {
        planId: input.planId,
        plan: input.plan,
        task: input.task,
        diff,
        verification,
        workdir: input.worktree,
      },
      input.calls.reviewer,
      input.review,
    );
  } catch (error) {
    // An abort is this task's interruption; the budget's stop goes on up.
    throwIfAborted(input.signal);
    throw error;
  }
  // The reviewer failed or answered unreadably twice: this round fails, the next asks again.
  if (!judged.judged)
    return 'reviewerFailed' in judged
      ? { reviewerFailed: judged.reviewerFailed }
      : { unreadable: judged.unreadable };
  const { result } = judged;
  input.emit(
    'task-reviewed',
    `${result.verdict} with ${result.total} (threshold ${result.threshold})`,
    reviewedEventData(result),
    round,
  );
  return { result };
}

export async function reviewRound(
  input: TaskRoundsInput,
  round: number,
  verification: VerifyRun,
  diff: string,
): Promise<ReviewRound> {
  await input.setState('reviewing', round);
  if (input.reviewer.kind === 'manual') {
    const handedOff = await handReviewToPerson({
      ...input,
      round,
      diff,
      verification: verification.results,
    });
    return { handedOff };
  }
  const reviewStarted = Date.now();
  const review = await judgeRound(input, round, verification, diff);
  throwIfAborted(input.signal);
  await reportDenials(input, 'reviewer', reviewStarted, round);
  return review;
}

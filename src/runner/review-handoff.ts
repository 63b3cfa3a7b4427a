// `--reviewer manual` inside `baton run`: the review of a round that passed its checks is handed
// to a person. baton writes REVIEW_<task>.md beside the BUILD file (the rubric, the verify
// results, the diff) and the task waits, blocked on that person, its worktree kept. `baton score`
// records their scores (src/runner/person-review.ts); the next run merges approved work, or
// gives the executor the person's feedback for another round in the same worktree.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderReviewFile, reviewFileName, scoreCommand } from '../core/handoff/review-file.ts';
import type { Plan, PlanTask } from '../core/plan/model.ts';
import { resolveReviewWeights } from '../core/review/criteria.ts';
import type { VerificationResult } from '../core/review/verify-results.ts';
import { git } from '../workspace/git-async.ts';

/** What the task's record keeps of a review handed to a person (task_runs data `reviewHandoff`). */
export interface ReviewHandoff {
  file: string;
  round: number;
  /** The commit reviewed: scores are for this, and approval merges exactly this. */
  commit: string;
  at: number;
  /** Set by `baton score` when the person asked for changes (their feedback is the next round's). */
  scored?: 'changes-requested';
}

export const reviewHandoffKey = 'reviewHandoff';

export function readReviewHandoff(data: Record<string, unknown>): ReviewHandoff | undefined {
  const value = data[reviewHandoffKey] as Partial<ReviewHandoff> | undefined;
  return value && typeof value.file === 'string' && typeof value.commit === 'string'
    ? (value as ReviewHandoff)
    : undefined;
}

export function awaitingReviewReason(planId: string, taskId: string, handoff: ReviewHandoff): string {
  return `waiting for a person's review: read ${handoff.file}, then record it with ${scoreCommand(planId, taskId)} (and baton run ${planId} again)`;
}

export async function handReviewToPerson(input: {
  planId: string;
  plan: Plan;
  task: PlanTask;
  round: number;
  worktree: string;
  handoffDirectory: string;
  diff: string;
  verification: readonly VerificationResult[];
  review: { threshold: number; weights: Readonly<Record<string, number>> };
}): Promise<{ reason: string; handoff: ReviewHandoff }> {
  const weights = resolveReviewWeights(input.review.weights);
  if (!weights.ok)
    throw new Error(`review weights: ${weights.diagnostics.map((each) => each.message).join('; ')}`);
  const file = path.join(input.handoffDirectory, reviewFileName(input.task.id));
  writeFileSync(
    file,
    renderReviewFile({
      plan: input.plan,
      planId: input.planId,
      task: input.task,
      round: input.round,
      diff: input.diff,
      verification: input.verification,
      weights: weights.weights,
      threshold: input.review.threshold,
      worktree: input.worktree,
    }),
  );
  const handoff: ReviewHandoff = {
    file,
    round: input.round,
    commit: (await git(input.worktree, ['rev-parse', 'HEAD'])).trim(),
    at: Date.now(),
  };
  return { reason: awaitingReviewReason(input.planId, input.task.id, handoff), handoff };
}

// One attempt at one task, in its worktree: round after round of executor → commit → verify →
// scope check → review, until the reviewer approves or the rounds run out. What failed in a
// round (and what the reviewer asked for) is the next round's feedback file.
import { mkdirSync } from 'node:fs';
import { feedbackForExecutor } from '../core/review/feedback.ts';
import { revertFiles } from '../workspace/scope-check.ts';
import { commitAll } from '../workspace/worktrees.ts';
import { executorRound } from './executor-round.ts';
import type { ReviewHandoff } from './review-handoff.ts';
import { reviewRound } from './review-round.ts';
import {
  deniedSection,
  deniedSummary,
  feedbackForProblems,
  type RoundProblems,
  summarizeProblems,
} from './round-feedback.ts';
import type { TaskRoundsInput } from './task-rounds-input.ts';
import { type StepTarget, scopeStep, throwIfAborted, verifyStep } from './task-steps.ts';

export type TaskRoundsOutcome =
  | {
      status: 'approved';
      score: number;
      rounds: number;
      unchanged: boolean;
      /** The commit that was verified and reviewed: the one to merge. */
      head: string;
    }
  | { status: 'blocked'; reason: string; rounds: number; reviewHandoff?: ReviewHandoff };

/** A round that ends the task, or one that failed: why, and the next round's feedback. */
type RoundEnd = TaskRoundsOutcome | { failed: string; feedback: string };

/** A reason, with what baton refused during the round after it. */
const withDenials = (reason: string, denials: readonly string[]): string =>
  denials.length > 0 ? `${reason}; ${deniedSummary(denials)}` : reason;

/** The round's problems, as its failure: a one-line reason and the feedback file's text. */
function failedRound(input: TaskRoundsInput, round: number, problems: RoundProblems): RoundEnd {
  const failed = summarizeProblems(problems);
  const feedback = feedbackForProblems(problems);
  input.emit('task-round-failed', failed, { feedback }, round);
  return { failed, feedback };
}

async function runRound(
  input: TaskRoundsInput,
  round: number,
  feedback: string | undefined,
): Promise<RoundEnd> {
  const { task } = input;
  await input.setState('running', round);
  const executed = await executorRound(input, round, feedback);
  const { outcome, outsideWorktree, denials } = executed;
  if (outcome.status === 'blocked')
    return { status: 'blocked', reason: withDenials(outcome.reason, denials), rounds: round };
  // Committed (and diffed) by the executor's part whenever the executor did not block.
  const changes = executed.changes!;
  input.emit(
    'task-executed',
    outcome.status === 'finished' ? 'executor finished' : `executor failed: ${outcome.reason}`,
    // What the executor said it did, kept with the event (the store, NDJSON).
    outcome.status === 'finished' && outcome.summary ? { summary: outcome.summary } : undefined,
    round,
  );

  const problems: RoundProblems = { declaredFiles: task.files, denials };
  if (outcome.status === 'failed') problems.executorFailure = outcome.reason;
  if (outsideWorktree.length > 0) {
    // Reported, never undone: the main checkout is the user's, and so is their git config.
    problems.outsideWorktree = outsideWorktree;
    input.emit(
      'task-scope-failed',
      `changed things outside its worktree: ${outsideWorktree.join(', ')}`,
      { outsideWorktree },
      round,
    );
  }
  const target: StepTarget = { ...input, round };
  await input.setState('verifying', round);
  const verification = await verifyStep(target);
  problems.verification = verification.outcome;
  const outside = scopeStep(target, changes.files);
  if (outside.length > 0) {
    problems.outsideScope = outside;
    // Undone at once, so nothing outside the task's files can ever reach the merge.
    await revertFiles(input.worktree, input.startCommit, outside);
    await commitAll(
      input.worktree,
      `baton: ${task.id} round ${round}: undo changes outside the declared files`,
      input.excluded,
    );
  }
  if (
    problems.executorFailure ||
    !verification.outcome.passed ||
    outside.length > 0 ||
    outsideWorktree.length > 0
  )
    return failedRound(input, round, problems);

  const review = await reviewRound(input, round, verification, changes.diff);
  if ('handedOff' in review)
    return {
      status: 'blocked',
      reason: review.handedOff.reason,
      rounds: round,
      reviewHandoff: review.handedOff.handoff,
    };
  if ('reviewerFailed' in review)
    return failedRound(input, round, { ...problems, reviewerFailure: review.reviewerFailed });
  if ('unreadable' in review)
    return failedRound(input, round, { ...problems, reviewUnreadable: review.unreadable ?? 'no answer' });
  if (review.result.verdict === 'approved')
    return {
      status: 'approved',
      score: review.result.total,
      rounds: round,
      unchanged: changes.files.length === 0,
      head: changes.head,
    };
  const failed = withDenials(review.result.reasons.join('; '), denials);
  const nextFeedback = [
    feedbackForExecutor(review.result, verification.outcome),
    ...deniedSection(denials),
  ].join('\n');
  input.emit('task-round-failed', failed, { score: review.result.total, feedback: nextFeedback }, round);
  return { failed, feedback: nextFeedback };
}

export async function runTaskRounds(input: TaskRoundsInput): Promise<TaskRoundsOutcome> {
  mkdirSync(input.handoffDirectory, { recursive: true });
  let feedback: string | undefined = input.feedback;
  let lastReason = '';
  for (let round = 1; round <= input.review.maxRounds; round++) {
    throwIfAborted(input.signal);
    const end = await runRound(input, round, feedback);
    if ('status' in end) return end;
    lastReason = end.failed;
    feedback = end.feedback;
  }
  return {
    status: 'blocked',
    reason: `not approved after ${input.review.maxRounds} round(s): ${lastReason}`,
    rounds: input.review.maxRounds,
  };
}

// `baton score`: a person's review of a task whose review `baton run` handed to them
// (`--reviewer manual`, see review-handoff.ts). baton weighs the scores as it weighs a model's;
// approved, the reviewed commit is recorded as submitted and the next run verifies and merges
// exactly that commit (as after `baton submit`); changes requested, the person's feedback waits
// for the executor's next round in the same worktree.

import type { Plan } from '../core/plan/model.ts';
import { feedbackForExecutor } from '../core/review/feedback.ts';
import type { JudgeAnswer } from '../core/review/judge-answer.ts';
import { reviewedEventData } from '../core/review/reviewed-event.ts';
import { type ReviewResult, type ReviewVerdict, scoreReview } from '../core/review/score-review.ts';
import { BatonError } from '../errors.ts';
import { appendEvent } from '../store/event-log.ts';
import type { Store } from '../store/store.ts';
import { listTaskRuns, upsertTaskRun } from '../store/task-runs.ts';
import { gitResult } from '../workspace/git-async.ts';
import { uncommittedFiles } from '../workspace/worktrees.ts';
import { personFeedbackKey, refuseWhileRunning } from './retry-tasks.ts';
import { readReviewHandoff, reviewHandoffKey } from './review-handoff.ts';

export interface PersonReviewRequest {
  store: Store;
  planId: string;
  plan: Plan;
  taskId: string;
  answer: JudgeAnswer;
  /** The person's own verdict, over what the scores say. */
  verdict?: ReviewVerdict;
  by: string;
  review: { threshold: number; weights: Readonly<Record<string, number>> };
  heartbeatMs: number;
}

export async function recordPersonReview(
  request: PersonReviewRequest,
): Promise<{ result: ReviewResult; verdict: ReviewVerdict }> {
  const { store, planId, taskId } = request;
  await refuseWhileRunning(store, planId, request.heartbeatMs, 'score it');
  const record = (await listTaskRuns(store, planId)).find((candidate) => candidate.taskId === taskId);
  const handoff = record ? readReviewHandoff(record.data) : undefined;
  if (!record || !handoff || record.state !== 'blocked' || handoff.scored)
    throw new BatonError(
      'REVIEW_NOT_WAITING',
      `${taskId} of plan ${planId} has no review waiting for a person`,
      {
        hint: handoff?.scored
          ? `It was scored already: baton run ${planId} goes on from there.`
          : `baton run ${planId} --reviewer manual hands a task's review to a person once its work passes its checks.`,
      },
    );
  // The scores are for the commit handed over: a change since would be merged unreviewed.
  const worktree = String(record.data.worktree);
  const excluded = Array.isArray(record.data.excluded) ? (record.data.excluded as string[]) : [];
  const head = (await gitResult(worktree, ['rev-parse', 'HEAD'])).stdout.trim();
  const left = head === handoff.commit ? await uncommittedFiles(worktree, excluded) : [];
  if (head !== handoff.commit || left.length > 0)
    throw new BatonError(
      'REVIEW_NOT_WAITING',
      `the work in ${worktree} changed since its review was handed over${left.length > 0 ? ` (uncommitted: ${left.join(', ')})` : ''}`,
      {
        hint: `Undo the change (git -C ${worktree} checkout ${handoff.commit} -- .), or baton retry ${planId} ${taskId} to build it again.`,
      },
    );
  const verification = { passed: true, failures: [] };
  const result = scoreReview({
    samples: [request.answer],
    weights: request.review.weights,
    threshold: request.review.threshold,
    verification,
  });
  const verdict = request.verdict ?? result.verdict;
  const { reason: _reason, [reviewHandoffKey]: _handoff, ...data } = record.data;
  const base = {
    planId,
    taskId,
    attempts: record.attempts,
    branch: record.branch,
    score: result.total,
    instance: record.instance,
    round: record.round,
    startedAt: record.startedAt,
  };
  if (verdict === 'approved') {
    await upsertTaskRun(store, {
      ...base,
      state: 'submitted',
      data: {
        ...data,
        submittedCommit: handoff.commit,
        submittedScore: result.total,
        submittedAt: Date.now(),
        reviewedBy: request.by,
      },
    });
  } else {
    const reasons =
      request.verdict && result.verdict === 'approved' ? [`${request.by} asked for changes`] : result.reasons;
    const feedback = feedbackForExecutor({ ...result, verdict, reasons }, verification).replace(
      /^# Review feedback: changes requested/,
      `# Review feedback from ${request.by}: changes requested`,
    );
    await upsertTaskRun(store, {
      ...base,
      state: 'blocked',
      data: {
        ...data,
        [reviewHandoffKey]: { ...handoff, scored: 'changes-requested' },
        [personFeedbackKey]: feedback,
        reason: `changes requested by ${request.by} (${result.total}/${result.threshold}): ${reasons.join('; ')}; baton run ${planId} gives the executor this feedback`,
      },
    });
  }
  await appendEvent(store, {
    kind: 'task-reviewed',
    planId,
    taskId,
    summary: `${verdict} by ${request.by} (${result.total}/${result.threshold})`,
    data: reviewedEventData(
      { ...result, verdict },
      {
        reviewer: `person: ${request.by}`,
        round: handoff.round,
        commit: handoff.commit,
        ...(request.verdict ? { verdictGiven: request.verdict } : {}),
      },
    ),
  });
  return { result, verdict };
}

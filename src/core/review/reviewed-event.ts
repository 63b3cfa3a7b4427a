// The data of a `task-reviewed` event, one shape whoever reviewed (a run's reviewer, `baton
// review`, a person's `baton score`, a landed submission): the page's rounds, `baton events`
// and scripts read `verdict`, `score` and `criteria` from every one of them alike. What only
// one kind of review knows (its round, the commit a person scored, the samples) comes after.
import type { ReviewResult } from './score-review.ts';

export interface ReviewedEventData extends Record<string, unknown> {
  verdict: ReviewResult['verdict'];
  /** The weighted total, 0–100; absent when the review gave none (a submission landed unscored). */
  score?: number;
  threshold?: number;
  /** How many issues the review raised. */
  issues?: number;
  /** Per criterion, with the samples' spread, in rubric order. */
  criteria: Array<{
    criterion: string;
    weight: number;
    mean: number;
    min: number;
    max: number;
    standardDeviation: number;
  }>;
}

/** The event data of a scored review; `more` adds what only this kind of review knows. */
export function reviewedEventData(
  result: ReviewResult,
  more: Record<string, unknown> = {},
): ReviewedEventData {
  return {
    verdict: result.verdict,
    score: result.total,
    threshold: result.threshold,
    issues: result.issues.length,
    criteria: result.criteria.map((criterion) => ({
      criterion: criterion.criterion,
      weight: criterion.weight,
      mean: criterion.mean,
      min: criterion.min,
      max: criterion.max,
      standardDeviation: criterion.standardDeviation,
    })),
    ...more,
  };
}

/** The event data of work approved without a scored review of its own (a landed submission). */
export function approvedEventData(
  score: number | undefined,
  more: Record<string, unknown> = {},
): ReviewedEventData {
  return { verdict: 'approved', ...(score !== undefined ? { score } : {}), criteria: [], ...more };
}

// Turning judge answers into a review: per-criterion mean and spread over the samples (single
// LLM-judge scores flip between runs, so `review.samples` asks several times), the weighted
// total of the means, the issues found, and the verdict. baton computes all of it; the judge
// only scores.
import { BatonError } from '../../errors.ts';
import { type ReviewCriterion, resolveReviewWeights, reviewCriteria } from './criteria.ts';
import { formatReviewDiagnostics } from './diagnostic.ts';
import type { IssueSeverity, JudgeAnswer, JudgeIssue } from './judge-answer.ts';
import { describeFailure, type VerificationOutcome, verificationFailed } from './verify-results.ts';

export const defaultReviewThreshold = 90;

export interface ScoreReviewInput {
  /** One parsed judge answer per sample; at least one. */
  samples: readonly JudgeAnswer[];
  /** Configured weights (see resolveReviewWeights); default issue 4's 30/25/15/10/10/10. */
  weights?: Readonly<Record<string, number>>;
  /** Approval at a total at or above this (0–100). Default 90. */
  threshold?: number;
  verification: VerificationOutcome;
}

export interface CriterionScore {
  criterion: ReviewCriterion;
  /** Normalised: the weights of all criteria sum to 1. */
  weight: number;
  mean: number;
  min: number;
  max: number;
  /** Population standard deviation of the samples' scores (0 for one sample). */
  standardDeviation: number;
  /** Each sample's score, in sample order. */
  scores: number[];
}

export interface ReviewIssue extends JudgeIssue {
  /** How many samples reported it. */
  samples: number;
}

export type ReviewVerdict = 'approved' | 'changes-requested';

export interface ReviewResult {
  verdict: ReviewVerdict;
  /** Weighted total of the criterion means, 0–100, rounded to two decimals. */
  total: number;
  threshold: number;
  /** In rubric order. */
  criteria: CriterionScore[];
  /** Deduplicated across samples; high first, then the ones more samples agree on. */
  issues: ReviewIssue[];
  /** Each sample's summary, where it gave one. */
  summaries: string[];
  sampleCount: number;
  verificationPassed: boolean;
  /** Why the verdict is what it is, one sentence each. */
  reasons: string[];
}

function roundToHundredths(value: number): number {
  return Math.round(value * 100) / 100;
}

function statistics(
  scores: readonly number[],
): Pick<CriterionScore, 'mean' | 'min' | 'max' | 'standardDeviation'> {
  const mean = scores.reduce((sum, score) => sum + score, 0) / scores.length;
  const variance = scores.reduce((sum, score) => sum + (score - mean) ** 2, 0) / scores.length;
  return { mean, min: Math.min(...scores), max: Math.max(...scores), standardDeviation: Math.sqrt(variance) };
}

const severityRank: Record<IssueSeverity, number> = { high: 0, medium: 1, low: 2 };

// Two samples rarely word an issue identically, but often exactly enough: case, spacing and
// a final full stop are not differences.
function issueKey(issue: JudgeIssue): string {
  const message = issue.message
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.!]+$/, '');
  return `${issue.file ?? ''}\u0000${message}`;
}

export function mergeIssues(samples: readonly JudgeAnswer[]): ReviewIssue[] {
  const merged = new Map<string, ReviewIssue>();
  for (const sample of samples) {
    const seenInSample = new Set<string>();
    for (const issue of sample.issues) {
      const key = issueKey(issue);
      const existing = merged.get(key);
      if (!existing) {
        merged.set(key, { ...issue, samples: 1 });
      } else {
        // The gravest severity any sample gave wins.
        if (severityRank[issue.severity] < severityRank[existing.severity])
          existing.severity = issue.severity;
        if (!seenInSample.has(key)) existing.samples++;
      }
      seenInSample.add(key);
    }
  }
  // Map order is first-seen order, and sort is stable.
  return [...merged.values()].sort(
    (left, right) =>
      severityRank[left.severity] - severityRank[right.severity] || right.samples - left.samples,
  );
}

export function scoreReview(input: ScoreReviewInput): ReviewResult {
  if (input.samples.length === 0) {
    throw new BatonError('INTERNAL', 'A review needs at least one judge answer.');
  }
  const threshold = input.threshold ?? defaultReviewThreshold;
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 100) {
    throw new BatonError('CONFIG_INVALID', `review.threshold must be between 0 and 100, not ${threshold}.`);
  }
  const weightsResult = resolveReviewWeights(input.weights);
  if (!weightsResult.ok) {
    throw new BatonError(
      'CONFIG_INVALID',
      `review.weights: ${formatReviewDiagnostics(weightsResult.diagnostics)}`,
    );
  }
  const weights = weightsResult.weights;

  const criteria = reviewCriteria.map((criterion): CriterionScore => {
    const scores = input.samples.map((sample) => sample.scores[criterion]);
    return { criterion, weight: weights[criterion], ...statistics(scores), scores };
  });
  const total = roundToHundredths(criteria.reduce((sum, score) => sum + score.weight * score.mean, 0));

  const reasons: string[] = [];
  const failed = verificationFailed(input.verification);
  if (failed) {
    const failures = input.verification.failures.map(
      (failure) => `\`${failure.command}\` (${describeFailure(failure)})`,
    );
    reasons.push(
      failures.length > 0
        ? `verification failed: ${failures.join(', ')}; whatever the score, that means changes are requested`
        : 'verification failed; whatever the score, that means changes are requested',
    );
  }
  const reachesThreshold = total >= threshold;
  if (!reachesThreshold) reasons.push(`the weighted total ${total} is below the threshold ${threshold}`);
  const verdict: ReviewVerdict = !failed && reachesThreshold ? 'approved' : 'changes-requested';
  if (verdict === 'approved')
    reasons.push(`verification passed and the weighted total ${total} reaches the threshold ${threshold}`);

  return {
    verdict,
    total,
    threshold,
    criteria,
    issues: mergeIssues(input.samples),
    summaries: input.samples.map((sample) => sample.summary).filter((summary) => summary !== ''),
    sampleCount: input.samples.length,
    verificationPassed: !failed,
    reasons,
  };
}

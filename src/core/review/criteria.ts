// The reviewer's rubric: six criteria and how much each counts (issue 4). Weights are
// configurable; baton, not the judge, turns scores into a total.
import { hasErrors, type ReviewDiagnostic } from './diagnostic.ts';

export const reviewCriteria = [
  'adherence',
  'correctness',
  'architecture',
  'readability',
  'security',
  'performance',
] as const;
export type ReviewCriterion = (typeof reviewCriteria)[number];

/** What each criterion asks, for prompts and reports. */
export const criterionDescriptions: Readonly<Record<ReviewCriterion, string>> = {
  adherence: 'follows the plan and meets the task’s success criteria, and nothing outside them',
  correctness: 'does what it should, including edge cases, with tests that show it',
  architecture: 'fits the existing structure and layering; no needless coupling or duplication',
  readability: 'clear names, small units, comments that say why',
  security: 'no injection, secrets, unsafe input handling or widened permissions',
  performance: 'no needless work, blocking calls or unbounded growth',
};

export const defaultReviewWeights: Readonly<Record<ReviewCriterion, number>> = {
  adherence: 30,
  correctness: 25,
  architecture: 15,
  readability: 10,
  security: 10,
  performance: 10,
};

/** Normalised weights: non-negative, summing to 1. */
export type ReviewWeights = Readonly<Record<ReviewCriterion, number>>;

export type WeightsResult =
  | { ok: true; weights: ReviewWeights; diagnostics: ReviewDiagnostic[] }
  | { ok: false; diagnostics: ReviewDiagnostic[] };

export function isReviewCriterion(name: string): name is ReviewCriterion {
  return (reviewCriteria as readonly string[]).includes(name);
}

/**
 * Reads configured weights: a key given replaces that criterion's default, a key left out
 * keeps its default (set it to 0 to leave a criterion out). Weights must be finite and
 * non-negative, not all zero, and name known criteria; they are normalised to sum to 1, so
 * `{ adherence: 3, … }` and `{ adherence: 30, … }` mean the same.
 */
export function resolveReviewWeights(configured: Readonly<Record<string, number>> = {}): WeightsResult {
  const diagnostics: ReviewDiagnostic[] = [];
  const raw: Record<ReviewCriterion, number> = { ...defaultReviewWeights };
  for (const [name, weight] of Object.entries(configured)) {
    if (!isReviewCriterion(name)) {
      diagnostics.push({
        severity: 'error',
        code: 'REVIEW_WEIGHT_UNKNOWN',
        message: `${name} is not a review criterion (known: ${reviewCriteria.join(', ')})`,
      });
      continue;
    }
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      diagnostics.push({
        severity: 'error',
        code: 'REVIEW_WEIGHT_INVALID',
        message: `the weight of ${name} must be a non-negative number, not ${String(weight)}`,
      });
      continue;
    }
    raw[name] = weight;
  }
  const sum = reviewCriteria.reduce((total, criterion) => total + raw[criterion], 0);
  if (sum === 0) {
    diagnostics.push({
      severity: 'error',
      code: 'REVIEW_WEIGHTS_ZERO',
      message: 'the review weights are all zero',
    });
  }
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  const weights = Object.fromEntries(
    reviewCriteria.map((criterion) => [criterion, raw[criterion] / sum]),
  ) as Record<ReviewCriterion, number>;
  return { ok: true, weights, diagnostics };
}

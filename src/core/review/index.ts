// Review scoring: the rubric, reading judge answers, the weighted verdict and the feedback.
export {
  criterionDescriptions,
  defaultReviewWeights,
  isReviewCriterion,
  type ReviewCriterion,
  type ReviewWeights,
  resolveReviewWeights,
  reviewCriteria,
  type WeightsResult,
} from './criteria.ts';
export { formatReviewDiagnostics, hasErrors, type ReviewDiagnostic } from './diagnostic.ts';
export { type FeedbackOptions, feedbackForExecutor, outputTail } from './feedback.ts';
export { findJsonObject, type JsonSearchResult } from './json-in-text.ts';
export {
  type IssueSeverity,
  issueSeverities,
  type JudgeAnswer,
  type JudgeIssue,
  type JudgeParseResult,
  parseJudgeAnswer,
} from './judge-answer.ts';
export {
  type CriterionScore,
  defaultReviewThreshold,
  mergeIssues,
  type ReviewIssue,
  type ReviewResult,
  type ReviewVerdict,
  type ScoreReviewInput,
  scoreReview,
} from './score-review.ts';
export {
  describeFailure,
  type VerificationFailure,
  type VerificationOutcome,
  verificationFailed,
} from './verify-results.ts';

// Hand-written judge answers shared by the review tests.

import type { ReviewCriterion } from '../../../src/core/review/criteria.ts';
import type { JudgeAnswer } from '../../../src/core/review/judge-answer.ts';

export function answer(
  scores: Partial<Record<ReviewCriterion, number>> & { all?: number },
  extra: Partial<Omit<JudgeAnswer, 'scores'>> = {},
): JudgeAnswer {
  const base = scores.all ?? 0;
  return {
    scores: {
      adherence: scores.adherence ?? base,
      correctness: scores.correctness ?? base,
      architecture: scores.architecture ?? base,
      readability: scores.readability ?? base,
      security: scores.security ?? base,
      performance: scores.performance ?? base,
    },
    evidence: {},
    issues: [],
    summary: '',
    ...extra,
  };
}

export const passed = { passed: true, failures: [] } as const;

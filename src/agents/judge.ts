// Asking the reviewer backend for judge answers: `samples` times (single LLM-judge scores flip
// between runs), each answer read by parseJudgeAnswer; an answer that cannot be read gets ONE
// retry, with the answer and what was wrong with it. baton, not the judge, computes the total
// and the verdict (scoreReview).
import { formatReviewDiagnostics } from '../core/review/diagnostic.ts';
import { type JudgeAnswer, parseJudgeAnswer } from '../core/review/judge-answer.ts';
import { type ReviewResult, scoreReview } from '../core/review/score.ts';
import type { VerificationOutcome } from '../core/review/verification.ts';
import { BatonError } from '../errors.ts';
import type { Backend, ReviewRequest } from './backend.ts';

export interface JudgeSample {
  answer: JudgeAnswer;
  /** 1, or 2 when the first answer could not be read. */
  attempts: number;
  /** What was wrong with the first answer, when it was retried. */
  retriedBecause?: string;
  /** Warnings about the answer that was used. */
  warnings: string[];
}

export async function judgeOnce(backend: Backend, request: ReviewRequest): Promise<JudgeSample> {
  if (!backend.review) {
    throw new BatonError('BACKEND_UNAVAILABLE', `${backend.description} cannot review`, { exitCode: 3 });
  }
  const first = await backend.review(request);
  const parsed = parseJudgeAnswer(first.text);
  if (parsed.ok) {
    return {
      answer: parsed.answer,
      attempts: 1,
      warnings: parsed.diagnostics.map((diagnostic) => diagnostic.message),
    };
  }
  const problems = formatReviewDiagnostics(parsed.diagnostics);
  const second = await backend.review({ ...request, previousAnswer: { text: first.text, problems } });
  const reparsed = parseJudgeAnswer(second.text);
  if (reparsed.ok) {
    return {
      answer: reparsed.answer,
      attempts: 2,
      retriedBecause: problems,
      warnings: reparsed.diagnostics.map((diagnostic) => diagnostic.message),
    };
  }
  throw new BatonError(
    'REVIEW_INVALID',
    `the reviewer's answer could not be read, twice:\n${formatReviewDiagnostics(reparsed.diagnostics)}`,
    {
      hint: `The reviewer (${backend.description}) must answer with one JSON object: {"scores": {…}, "issues": […], "summary": "…"}.`,
      data: { firstProblems: problems, secondProblems: formatReviewDiagnostics(reparsed.diagnostics) },
    },
  );
}

export interface JudgeOptions {
  samples: number;
  weights?: Readonly<Record<string, number>>;
  threshold?: number;
  verification: VerificationOutcome;
}

export interface JudgedReview {
  result: ReviewResult;
  samples: JudgeSample[];
}

/** Samples one after another (a CLI agent per sample is heavy enough). */
export async function judge(
  backend: Backend,
  request: ReviewRequest,
  options: JudgeOptions,
): Promise<JudgedReview> {
  const samples: JudgeSample[] = [];
  for (let index = 0; index < Math.max(1, options.samples); index++) {
    request.signal.throwIfAborted();
    samples.push(await judgeOnce(backend, request));
  }
  const result = scoreReview({
    samples: samples.map((sample) => sample.answer),
    weights: options.weights,
    threshold: options.threshold,
    verification: options.verification,
  });
  return { result, samples };
}

// Asking the reviewer backend for judge answers: `samples` times (single LLM-judge scores flip
// between runs), each answer read by parseJudgeAnswer; an answer that cannot be read gets ONE
// retry, with the answer and what was wrong with it. baton, not the judge, computes the total
// and the verdict (scoreReview). The one judge of baton: `baton run`'s rounds and `baton review`
// (through task-checks.ts).
import { formatReviewDiagnostics } from '../core/review/diagnostic.ts';
import { type JudgeAnswer, parseJudgeAnswer } from '../core/review/judge-answer.ts';
import { type ReviewResult, scoreReview } from '../core/review/score-review.ts';
import type { VerificationOutcome } from '../core/review/verify-results.ts';
import { BatonError, isBatonError } from '../errors.ts';
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

/** One sample's answer, or why there is none: the reviewer failed, or answered unreadably twice. */
type SampleOutcome =
  | { ok: true; sample: JudgeSample }
  | { ok: false; reviewerFailed: string; error: unknown }
  | { ok: false; unreadable: string; error: BatonError };

async function askReviewer(
  backend: Backend,
  request: ReviewRequest,
  beforeCall: (() => void) | undefined,
): Promise<{ text: string } | { failed: unknown }> {
  request.signal.throwIfAborted();
  beforeCall?.();
  try {
    if (!backend.review)
      throw new BatonError('BACKEND_UNAVAILABLE', `${backend.description} cannot review`, { exitCode: 3 });
    return { text: (await backend.review(request)).text };
  } catch (error) {
    // The budget stops the whole run and an abort the whole task; anything else (the reviewer
    // command failed, the model could not be reached) is this judgement's outcome.
    if (request.signal.aborted || (isBatonError(error) && error.code === 'BUDGET_EXCEEDED')) throw error;
    return { failed: error };
  }
}

async function judgeSample(
  backend: Backend,
  request: ReviewRequest,
  beforeCall: (() => void) | undefined,
): Promise<SampleOutcome> {
  const first = await askReviewer(backend, request, beforeCall);
  if ('failed' in first) return reviewerFailed(first.failed);
  const parsed = parseJudgeAnswer(first.text);
  if (parsed.ok) {
    return {
      ok: true,
      sample: {
        answer: parsed.answer,
        attempts: 1,
        warnings: parsed.diagnostics.map((item) => item.message),
      },
    };
  }
  const problems = formatReviewDiagnostics(parsed.diagnostics);
  const second = await askReviewer(
    backend,
    { ...request, previousAnswer: { text: first.text, problems } },
    beforeCall,
  );
  if ('failed' in second) return reviewerFailed(second.failed);
  const reparsed = parseJudgeAnswer(second.text);
  if (reparsed.ok) {
    return {
      ok: true,
      sample: {
        answer: reparsed.answer,
        attempts: 2,
        retriedBecause: problems,
        warnings: reparsed.diagnostics.map((item) => item.message),
      },
    };
  }
  const secondProblems = formatReviewDiagnostics(reparsed.diagnostics);
  return {
    ok: false,
    unreadable: secondProblems,
    error: new BatonError(
      'REVIEW_INVALID',
      `the reviewer's answer could not be read, twice:\n${secondProblems}`,
      {
        hint: `The reviewer (${backend.description}) must answer with one JSON object: {"scores": {…}, "issues": […], "summary": "…"}.`,
        data: { firstProblems: problems, secondProblems },
      },
    ),
  };
}

function reviewerFailed(error: unknown): SampleOutcome {
  return { ok: false, reviewerFailed: (error as Error).message, error };
}

export interface JudgeOptions {
  samples: number;
  weights?: Readonly<Record<string, number>>;
  threshold?: number;
  verification: VerificationOutcome;
  /** Called before every call to the reviewer (the budget's check: it may throw BUDGET_EXCEEDED). */
  beforeCall?: () => void;
}

export interface JudgedReview {
  result: ReviewResult;
  samples: JudgeSample[];
}

/**
 * A judgement, or why there is none: the reviewer failed (`reviewerFailed`, its message) or
 * answered unreadably twice (`unreadable`, what was wrong). Only the budget and an abort throw.
 */
export type JudgeOutcome =
  | ({ judged: true } & JudgedReview)
  | { judged: false; reviewerFailed: string; error: unknown }
  | { judged: false; unreadable: string; error: BatonError };

/** Samples one after another (a CLI agent per sample is heavy enough). */
export async function judgeReview(
  backend: Backend,
  request: ReviewRequest,
  options: JudgeOptions,
): Promise<JudgeOutcome> {
  const samples: JudgeSample[] = [];
  for (let index = 0; index < Math.max(1, options.samples); index++) {
    const outcome = await judgeSample(backend, request, options.beforeCall);
    if (!outcome.ok) {
      const { ok: _ok, ...failure } = outcome;
      return { judged: false, ...failure };
    }
    samples.push(outcome.sample);
  }
  const result = scoreReview({
    samples: samples.map((sample) => sample.answer),
    weights: options.weights,
    threshold: options.threshold,
    verification: options.verification,
  });
  return { judged: true, result, samples };
}

// Reading a judge's answer (a model, or a `command` reviewer that prints it):
//   {"scores": {"<criterion>": 0-100, …}, "issues": [{"severity": "high|medium|low",
//    "file": "…", "message": "…"}], "summary": "…"}
// Leniently, naming only the fields used: prose or a fence around the JSON, a score written
// as "85" or as {"score": 85, "evidence": "…"}, an odd severity or a bad issue cost a warning;
// a missing score is an error, because a total without it would be a different rubric.
import { z } from 'zod';
import { isReviewCriterion, type ReviewCriterion, reviewCriteria } from './criteria.ts';
import { hasErrors, type ReviewDiagnostic } from './diagnostic.ts';
import { findJsonObject } from './json-in-text.ts';

export const issueSeverities = ['high', 'medium', 'low'] as const;
export type IssueSeverity = (typeof issueSeverities)[number];

export interface JudgeIssue {
  severity: IssueSeverity;
  /** Repository-relative path, when the issue is about one file. */
  file?: string;
  message: string;
}

export interface JudgeAnswer {
  /** 0–100 for every criterion. */
  scores: Record<ReviewCriterion, number>;
  /** What the judge gave as evidence for a score, when it did. */
  evidence: Partial<Record<ReviewCriterion, string>>;
  issues: JudgeIssue[];
  summary: string;
}

export type JudgeParseResult =
  | { ok: true; answer: JudgeAnswer; diagnostics: ReviewDiagnostic[] }
  | { ok: false; diagnostics: ReviewDiagnostic[] };

const numberLike = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);
const scoreSchema = z.union([numberLike, z.object({ score: numberLike, evidence: z.string().optional() })]);
const issueSchema = z.object({
  severity: z.string().optional(),
  file: z.string().optional(),
  message: z.string().trim().min(1),
});
const answerSchema = z.object({
  scores: z.record(z.string(), z.unknown()),
  issues: z.array(z.unknown()).optional(),
  summary: z.string().optional(),
});

function error(code: string, message: string): ReviewDiagnostic {
  return { severity: 'error', code, message };
}

function warning(code: string, message: string): ReviewDiagnostic {
  return { severity: 'warning', code, message };
}

function readScores(
  rawScores: Record<string, unknown>,
  diagnostics: ReviewDiagnostic[],
): {
  scores: Partial<Record<ReviewCriterion, number>>;
  evidence: Partial<Record<ReviewCriterion, string>>;
  given: Set<ReviewCriterion>;
} {
  const given = new Set<ReviewCriterion>();
  const scores: Partial<Record<ReviewCriterion, number>> = {};
  const evidence: Partial<Record<ReviewCriterion, string>> = {};
  for (const [key, rawScore] of Object.entries(rawScores)) {
    const criterion = key.trim().toLowerCase();
    if (!isReviewCriterion(criterion)) {
      diagnostics.push(
        warning('JUDGE_UNKNOWN_CRITERION', `ignored a score for ${key}, which is not a criterion`),
      );
      continue;
    }
    given.add(criterion);
    const parsed = scoreSchema.safeParse(rawScore);
    if (!parsed.success) {
      diagnostics.push(
        error(
          'JUDGE_SCORE_INVALID',
          `the score for ${criterion} is not a number: ${JSON.stringify(rawScore)}`,
        ),
      );
      continue;
    }
    const value = typeof parsed.data === 'number' ? parsed.data : parsed.data.score;
    if (typeof parsed.data === 'object' && parsed.data.evidence) evidence[criterion] = parsed.data.evidence;
    if (!Number.isFinite(value)) {
      diagnostics.push(error('JUDGE_SCORE_INVALID', `the score for ${criterion} is not a finite number`));
      continue;
    }
    const clamped = Math.min(100, Math.max(0, value));
    if (clamped !== value) {
      diagnostics.push(
        warning(
          'JUDGE_SCORE_CLAMPED',
          `the score for ${criterion} was ${value}; read as ${clamped} (scores are 0–100)`,
        ),
      );
    }
    scores[criterion] = clamped;
  }
  return { scores, evidence, given };
}

function readIssues(rawIssues: readonly unknown[], diagnostics: ReviewDiagnostic[]): JudgeIssue[] {
  const issues: JudgeIssue[] = [];
  rawIssues.forEach((rawIssue, index) => {
    const parsed = issueSchema.safeParse(rawIssue);
    if (!parsed.success) {
      diagnostics.push(warning('JUDGE_ISSUE_DROPPED', `issue ${index + 1} has no message; it was left out`));
      return;
    }
    const severityText = parsed.data.severity?.trim().toLowerCase() ?? '';
    let severity: IssueSeverity = 'medium';
    if ((issueSeverities as readonly string[]).includes(severityText))
      severity = severityText as IssueSeverity;
    else
      diagnostics.push(
        warning(
          'JUDGE_SEVERITY_UNKNOWN',
          `issue ${index + 1} has severity "${severityText}"; read as medium`,
        ),
      );
    const file = parsed.data.file?.trim();
    issues.push({ severity, ...(file ? { file } : {}), message: parsed.data.message });
  });
  return issues;
}

export function parseJudgeAnswer(text: string): JudgeParseResult {
  const found = findJsonObject(text);
  if (!found.found) {
    return {
      ok: false,
      diagnostics: [
        found.error === undefined
          ? error('JUDGE_NO_JSON', 'the answer holds no JSON object')
          : error('JUDGE_INVALID_JSON', `the answer's JSON does not parse: ${found.error}`),
      ],
    };
  }
  const shaped = answerSchema.safeParse(found.value);
  if (!shaped.success) {
    return {
      ok: false,
      diagnostics: [error('JUDGE_SCHEMA', `the answer is not a review: ${z.prettifyError(shaped.error)}`)],
    };
  }
  const diagnostics: ReviewDiagnostic[] = [];
  const { scores, evidence, given } = readScores(shaped.data.scores, diagnostics);
  // A score given but unreadable already has its own error; the rest were left out.
  const missing = reviewCriteria.filter(
    (criterion) => scores[criterion] === undefined && !given.has(criterion),
  );
  if (missing.length > 0) {
    diagnostics.push(error('JUDGE_MISSING_CRITERIA', `no score for ${missing.join(', ')}`));
  }
  const issues = readIssues(shaped.data.issues ?? [], diagnostics);
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  return {
    ok: true,
    answer: {
      scores: scores as Record<ReviewCriterion, number>,
      evidence,
      issues,
      summary: shaped.data.summary?.trim() ?? '',
    },
    diagnostics,
  };
}

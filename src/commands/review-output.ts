// How `baton review` and `baton submit` print a review, and the Ctrl-C handling they share.
import type { TaskReview } from '../agents/review-task.ts';
import { scrubSecrets } from '../core/secrets/secrets.ts';

const round = (value: number): string => String(Math.round(value * 10) / 10);

export function describeReview(review: TaskReview): string[] {
  const verdict = review.verdict === 'approved' ? 'APPROVED' : 'CHANGES REQUESTED';
  const lines = [`${review.planId} ${review.taskId}: ${review.title}`, `  reviewer  ${review.reviewer}`];
  const verifyLine =
    review.verification.length === 0
      ? '  verify    (no verify commands)'
      : `  verify    ${review.verification.filter((result) => result.passed).length}/${review.verification.length} passed`;
  lines.push(verifyLine);
  for (const result of review.verification) {
    lines.push(`    ${result.passed ? 'pass' : result.timedOut ? 'TIME' : 'FAIL'}  ${result.command}`);
  }
  const sampleCount = review.samples.length;
  lines.push(
    '',
    `  ${'criterion'.padEnd(13)} ${'weight'.padStart(6)} ${'score'.padStart(6)}${sampleCount > 1 ? '   spread (min–max, sd)' : ''}`,
  );
  for (const score of review.criteria) {
    const spread =
      sampleCount > 1
        ? `   ${round(score.min)}–${round(score.max)}, sd ${round(score.standardDeviation)}`
        : '';
    lines.push(
      `  ${score.criterion.padEnd(13)} ${`${Math.round(score.weight * 100)}%`.padStart(6)} ${round(score.mean).padStart(6)}${spread}`,
    );
    for (const evidence of score.evidence) lines.push(`      evidence: ${evidence}`);
  }
  lines.push(
    `  ${'total'.padEnd(13)} ${''.padStart(6)} ${round(review.total).padStart(6)}   (approval at ${round(review.threshold)})`,
  );
  if (review.issues.length > 0) {
    lines.push('', '  issues');
    for (const issue of review.issues) {
      const agreement = sampleCount > 1 ? ` (${issue.samples}/${sampleCount})` : '';
      lines.push(
        `    ${issue.severity.padEnd(6)} ${issue.file ? `${issue.file}: ` : ''}${issue.message}${agreement}`,
      );
    }
  }
  for (const summary of review.summaries) lines.push('', `  summary: ${summary}`);
  const retried = review.samples.filter((sample) => sample.attempts > 1).length;
  if (retried > 0)
    lines.push(
      '',
      `  ${retried} answer${retried === 1 ? ' was' : 's were'} retried after a malformed first answer`,
    );
  lines.push('', `  verdict   ${verdict}: ${review.reasons.join('; ')}`);
  lines.push(`  feedback  ${review.feedbackFile}`);
  if (review.costUsd > 0) lines.push(`  cost      $${review.costUsd.toFixed(4)}`);
  return lines.map((line) => scrubSecrets(line));
}

/** Runs `work` with a signal that Ctrl-C aborts (calls in flight stop; what was recorded stays). */
export async function withInterrupt<Result>(work: (signal: AbortSignal) => Promise<Result>): Promise<Result> {
  const controller = new AbortController();
  const onInterrupt = () => controller.abort(new Error('interrupted (Ctrl-C)'));
  process.once('SIGINT', onInterrupt);
  try {
    return await work(controller.signal);
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}

export function parseSamples(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const samples = Number(value);
  if (!Number.isInteger(samples) || samples < 1 || samples > 10) {
    return Number.NaN;
  }
  return samples;
}

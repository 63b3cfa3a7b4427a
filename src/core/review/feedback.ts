// The feedback an executor gets for its next round: what failed to verify (with the end of
// the output, where the error usually is) and the issues the reviewer found, gravest first.
// Written from the review, so it says only what was found, never a guess at a fix.
import { type ReviewCriterion, reviewCriteria } from './criteria.ts';
import type { IssueSeverity } from './judge-answer.ts';
import type { ReviewResult } from './score-review.ts';
import {
  describeFailure,
  type VerificationFailure,
  type VerificationOutcome,
  verificationFailed,
} from './verify-results.ts';

export interface FeedbackOptions {
  /** Lines kept from the end of a failed command's output. Default 40. */
  tailLines?: number;
  /** Characters kept from the end, whatever the lines. Default 4000. */
  tailCharacters?: number;
}

const severityHeadings: Record<IssueSeverity, string> = { high: 'High', medium: 'Medium', low: 'Low' };

// Colour codes from a test runner are noise to a model.
const ansiEscape = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

export function outputTail(output: string, tailLines: number, tailCharacters: number): string {
  const lines = output.replace(ansiEscape, '').replace(/\s+$/, '').split('\n');
  let tail = lines.slice(-tailLines).join('\n');
  if (tail.length > tailCharacters) tail = `…${tail.slice(-tailCharacters)}`;
  const omitted = lines.length - Math.min(lines.length, tailLines);
  return omitted > 0 ? `[${omitted} earlier lines left out]\n${tail}` : tail;
}

/** A fenced block whose fence is longer than any run of backticks inside it. */
function fenced(text: string): string {
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}text\n${text}\n${fence}`;
}

function inlineCode(text: string): string {
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = '`'.repeat(longestRun + 1);
  return longestRun > 0 ? `${ticks} ${text} ${ticks}` : `${ticks}${text}${ticks}`;
}

function formatNumber(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function failureSection(failure: VerificationFailure, options: Required<FeedbackOptions>): string[] {
  const lines = [`### ${inlineCode(failure.command)}: ${describeFailure(failure)}`, ''];
  const streams: Array<[string, string | undefined]> = [
    ['stderr', failure.stderr],
    ['stdout', failure.stdout],
  ];
  const withOutput = streams.filter(([, output]) => output !== undefined && output.trim() !== '');
  if (withOutput.length === 0) lines.push('(no output)', '');
  for (const [name, output] of withOutput) {
    if (withOutput.length > 1) lines.push(`${name}:`, '');
    lines.push(fenced(outputTail(output!, options.tailLines, options.tailCharacters)), '');
  }
  return lines;
}

function issuesSection(review: ReviewResult): string[] {
  if (review.issues.length === 0) return [];
  const lines = ['## Issues found', ''];
  for (const severity of ['high', 'medium', 'low'] as const) {
    const issues = review.issues.filter((issue) => issue.severity === severity);
    if (issues.length === 0) continue;
    lines.push(`### ${severityHeadings[severity]}`, '');
    for (const issue of issues) {
      const where = issue.file ? `${inlineCode(issue.file)}: ` : '';
      const agreement = review.sampleCount > 1 ? ` (${issue.samples} of ${review.sampleCount} reviews)` : '';
      // Continuation lines indented, so a multi-line message stays inside its list item.
      lines.push(`- ${where}${issue.message.trim().replaceAll('\n', '\n  ')}${agreement}`);
    }
    lines.push('');
  }
  return lines;
}

function scoresSection(review: ReviewResult): string[] {
  const lines = ['## Scores', '', '| criterion | weight | score | range over samples |', '|---|---|---|---|'];
  const byCriterion = new Map<ReviewCriterion, ReviewResult['criteria'][number]>(
    review.criteria.map((score) => [score.criterion, score]),
  );
  for (const criterion of reviewCriteria) {
    const score = byCriterion.get(criterion);
    if (!score) continue;
    const range = score.min === score.max ? '—' : `${formatNumber(score.min)}–${formatNumber(score.max)}`;
    lines.push(
      `| ${criterion} | ${Math.round(score.weight * 100)}% | ${formatNumber(score.mean)} | ${range} |`,
    );
  }
  lines.push('');
  return lines;
}

/** Markdown feedback for the executor's next round. */
export function feedbackForExecutor(
  review: ReviewResult,
  verification: VerificationOutcome,
  options: FeedbackOptions = {},
): string {
  const settings: Required<FeedbackOptions> = { tailLines: 40, tailCharacters: 4000, ...options };
  const approved = review.verdict === 'approved';
  const lines = [
    `# Review feedback: ${approved ? 'approved' : 'changes requested'}`,
    '',
    `The review scored this round ${formatNumber(review.total)} out of 100 (approval at ${formatNumber(review.threshold)}).`,
    approved
      ? 'Nothing blocks this task; the notes below are for reference.'
      : "Fix what follows, within the task's declared files, then finish again.",
    '',
  ];
  if (verificationFailed(verification)) {
    lines.push('## Failed verification', '', 'Each of these must pass:', '');
    if (verification.failures.length === 0)
      lines.push('Verification failed, but no command was reported.', '');
    for (const failure of verification.failures) lines.push(...failureSection(failure, settings));
  }
  lines.push(...issuesSection(review));
  lines.push(...scoresSection(review));
  if (review.summaries.length > 0) {
    lines.push("## Reviewer's summary", '');
    for (const summary of review.summaries) lines.push(`> ${summary.replaceAll('\n', '\n> ')}`, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

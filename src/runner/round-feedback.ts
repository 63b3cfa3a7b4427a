// Feedback for a round that never got a verdict: the executor failed, verification failed,
// the work went outside the declared files, or the reviewer failed or could not be read. The reviewer is not asked in those
// cases (a failed check means "changes requested" whatever it would score), so the feedback
// says exactly what failed, with the end of each failing command's output.
import { outsideScopeReason } from '../agents/task-checks.ts';
import { outputTail } from '../core/review/feedback.ts';
import { describeFailure, type VerificationOutcome } from '../core/review/verify-results.ts';

export interface RoundProblems {
  executorFailure?: string;
  verification?: VerificationOutcome;
  outsideScope?: readonly string[];
  /** What the executor changed outside its worktree: main checkout files, `.git/…` files. */
  outsideWorktree?: readonly string[];
  declaredFiles: readonly string[];
  reviewUnreadable?: string;
  /** The reviewer itself failed (its command exited non-zero, its model was unreachable). */
  reviewerFailure?: string;
  /** What baton refused the executor during the round (round-denials.ts), one line each. */
  denials?: readonly string[];
}

function fenced(text: string): string {
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}text\n${text}\n${fence}`;
}

function oneLine(text: string, limit = 300): string {
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit)}…` : flat;
}

/** One line naming what failed, for events and the blocking reason. */
export function summarizeProblems(problems: RoundProblems): string {
  const parts: string[] = [];
  if (problems.executorFailure) parts.push(`executor failed: ${problems.executorFailure}`);
  for (const failure of problems.verification?.failures ?? [])
    parts.push(`\`${failure.command}\` ${describeFailure(failure)}`);
  if (problems.outsideScope && problems.outsideScope.length > 0)
    parts.push(outsideScopeReason(problems.outsideScope));
  if (problems.outsideWorktree && problems.outsideWorktree.length > 0)
    parts.push(`changed things outside its worktree: ${problems.outsideWorktree.join(', ')}`);
  if (problems.reviewUnreadable) parts.push(`the review could not be read: ${problems.reviewUnreadable}`);
  if (problems.reviewerFailure) parts.push(`the reviewer failed: ${oneLine(problems.reviewerFailure)}`);
  if (problems.denials && problems.denials.length > 0) parts.push(deniedSummary(problems.denials));
  return parts.join('; ');
}

/** "refused by baton: Write src/x.js: …; and 2 more": for events and the blocking reason. */
export function deniedSummary(denials: readonly string[], shown = 3): string {
  const listed = denials.slice(0, shown).map((denial) => oneLine(denial, 200));
  const more = denials.length - listed.length;
  return `refused by baton: ${listed.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

/** The feedback section naming what baton refused the executor during the round. */
export function deniedSection(denials: readonly string[]): string[] {
  if (denials.length === 0) return [];
  return [
    '## Refused during this round',
    '',
    'baton refused these tool uses; each says why. Do not try them again: stay within what the task allows.',
    '',
    ...denials.map((denial) => `- ${denial}`),
    '',
  ];
}

export function feedbackForProblems(problems: RoundProblems): string {
  const lines = [
    '# Round feedback: changes requested',
    '',
    "Fix what follows, within the task's declared files, then finish again.",
    '',
  ];
  if (problems.executorFailure) lines.push('## The executor failed', '', problems.executorFailure, '');
  if (problems.outsideScope && problems.outsideScope.length > 0) {
    lines.push(
      '## Changes outside the declared files',
      '',
      `This task may change only: ${problems.declaredFiles.map((file) => `\`${file}\``).join(', ') || '(no files)'}.`,
      'These changes were outside them and have been undone:',
      '',
      ...problems.outsideScope.map((file) => `- \`${file}\``),
      '',
    );
  }
  if (problems.outsideWorktree && problems.outsideWorktree.length > 0) {
    lines.push(
      '## Changes outside the worktree',
      '',
      "Work only inside the task's worktree: never in the main checkout, never in git's own files (`.git/config`, hooks). These changed while you worked, and baton did not undo them:",
      '',
      ...problems.outsideWorktree.map((file) => `- \`${file}\``),
      '',
    );
  }
  const failures = problems.verification?.failures ?? [];
  if (failures.length > 0) {
    lines.push('## Failed verification', '', 'Each of these must pass:', '');
    for (const failure of failures) {
      lines.push(`### \`${failure.command}\`: ${describeFailure(failure)}`, '');
      const output = [failure.stdout, failure.stderr].filter((text) => text && text.trim() !== '').join('\n');
      lines.push(output ? fenced(outputTail(output, 40, 4000)) : '(no output)', '');
    }
  }
  if (problems.reviewUnreadable)
    lines.push('## The review could not be read', '', problems.reviewUnreadable, '');
  if (problems.reviewerFailure)
    lines.push(
      '## The reviewer failed',
      '',
      'Your work passed its checks, but the review could not be done; it is asked again after this round. What the reviewer said:',
      '',
      fenced(problems.reviewerFailure),
      '',
    );
  lines.push(...deniedSection(problems.denials ?? []));
  return `${lines.join('\n').trimEnd()}\n`;
}

// The REVIEW_<task>.md hand-off: a task's change given to a person to review, with what the
// model reviewer is given — the task, its success criteria, the verify results, the diff — and
// the rubric it scores by (the criteria, their weights, the threshold), ending with the exact
// command that records the person's scores. Pure: the caller hands everything in.
import type { Plan, PlanTask } from '../plan/model.ts';
import { criterionDescriptions, type ReviewCriterion, reviewCriteria } from '../review/criteria.ts';
import { fence } from './build-file.ts';

export interface ReviewFileInput {
  plan: Plan;
  planId: string;
  task: PlanTask;
  round: number;
  /** The whole diff of the task's branch against where it started. */
  diff: string;
  verification: ReadonlyArray<{ command: string; passed: boolean; exitCode: number | null }>;
  /** Normalised weights (summing to 1), in rubric order. */
  weights: Readonly<Record<ReviewCriterion, number>>;
  threshold: number;
  /** Where the work is, for a person who wants to run or read it. */
  worktree: string;
}

export const reviewFileName = (taskId: string): string => `REVIEW_${taskId}.md`;

/** The command that records a person's scores (every criterion, 0–100). */
export function scoreCommand(planId: string, taskId: string): string {
  return `baton score ${planId} ${taskId} ${reviewCriteria.map((criterion) => `--criterion ${criterion}=<0-100>`).join(' ')} [--note "what to change"]`;
}

export function renderReviewFile(input: ReviewFileInput): string {
  const { task } = input;
  const lines = [
    `# Review ${task.id}: ${task.title}`,
    '',
    `Plan **${input.planId}** (${input.plan.meta.title}), round ${input.round}. The work passed its verify commands and the scope check; baton now waits for your review. The work is in \`${input.worktree}\`.`,
    '',
    '## The task',
    '',
    task.description.trim() || '(no description)',
    '',
    `Declared files: ${task.files.map((file) => `\`${file}\``).join(', ') || '(none)'}`,
    '',
    '## Success criteria',
    '',
    ...(task.successCriteria.length > 0
      ? task.successCriteria.map((criterion) => `- ${criterion}`)
      : ['(none given)']),
    '',
    '## Verify commands',
    '',
    ...(input.verification.length > 0
      ? input.verification.map(
          (result) =>
            `- \`${result.command}\`: ${result.passed ? 'passed' : `failed (exit ${result.exitCode ?? '?'})`}`,
        )
      : ['(none)']),
    '',
    '## The rubric',
    '',
    `Score each criterion from 0 to 100. baton weighs them as below; a total of ${input.threshold} or more approves the work and merges it, anything less sends your note and the low scores back to the executor for another round.`,
    '',
    '| criterion | weight | what it asks |',
    '|---|---|---|',
    ...reviewCriteria.map(
      (criterion) =>
        `| ${criterion} | ${Math.round(input.weights[criterion] * 100)}% | ${criterionDescriptions[criterion]} |`,
    ),
    '',
    '## Record your review',
    '',
    fence(scoreCommand(input.planId, task.id), 'sh'),
    '',
    'or put the scores in a file (YAML or JSON) and pass it with `--file`:',
    '',
    fence(
      [
        'scores:',
        ...reviewCriteria.map((criterion) => `  ${criterion}: 0`),
        'summary: what you found',
        'issues:',
        '  - { severity: medium, file: path/in/repo, message: what is wrong }',
      ].join('\n'),
      'yaml',
    ),
    '',
    `\`--verdict approve\` or \`--verdict request-changes\` overrides what the scores say. Then run \`baton run ${input.planId}\`: it merges approved work, or gives the executor your feedback.`,
    '',
    '## The diff',
    '',
    input.diff.trim() === '' ? '(no changes)' : fence(input.diff, 'diff'),
    '',
  ];
  return lines.join('\n');
}

// `baton review <plan> [--task T]`: judge a task's change (or each task's in turn) against the
// plan, its success criteria and its verify commands.
import type { Command } from 'commander';
import { BatonError } from '../errors.ts';

export interface ReviewCommandOptions {
  task?: string;
  samples?: string;
  reviewer?: string;
  base?: string;
  dir?: string;
  json?: boolean;
}

export async function runReviewCommand(
  planId: string,
  options: ReviewCommandOptions,
  submitted: boolean,
): Promise<void> {
  const { parseSamples, describeReview, withInterrupt } = await import('./review-output.ts');
  const samples = parseSamples(options.samples);
  if (samples !== undefined && Number.isNaN(samples))
    throw new BatonError('USAGE', `--samples wants a whole number from 1 to 10, not ${options.samples}`);
  if (options.reviewer !== undefined)
    (await import('../agents/backend-spec.ts')).parseBackendSpec(options.reviewer, '--reviewer');
  const { reviewTasks } = await import('../agents/review-task.ts');
  const { resolveInstance } = await import('../core/instance.ts');
  const { withContext } = await import('./context.ts');
  const { setExitCode, writeJson, writeLine } = await import('./output.ts');
  const { ExitCode } = await import('../errors.ts');
  const path = await import('node:path');
  await withContext(async (context) => {
    const { requirePlanArgument } = await import('./plan-argument.ts');
    requirePlanArgument(context, planId, options.task);
    const reviews = await withInterrupt(async (signal) =>
      reviewTasks({
        repositoryRoot: context.repositoryRoot,
        config: context.config,
        store: await context.store(),
        planId,
        signal,
        submitted,
        ...(options.task === undefined ? {} : { taskId: options.task }),
        ...(options.reviewer === undefined ? {} : { reviewer: options.reviewer }),
        ...(samples === undefined ? {} : { samples }),
        ...(options.base === undefined ? {} : { base: options.base }),
        ...(options.dir === undefined ? {} : { dir: path.resolve(options.dir) }),
        ...(resolveInstance() ? { instance: resolveInstance()! } : {}),
      }),
    );
    const approved = reviews.every((review) => review.verdict === 'approved');
    if (!approved) setExitCode(ExitCode.failed);
    if (options.json) return writeJson({ ok: true, approved, reviews });
    reviews.forEach((review, index) => {
      if (index > 0) writeLine('');
      for (const line of describeReview(review)) writeLine(line);
    });
  });
}

export function register(program: Command): void {
  program
    .command('review')
    .description(
      "score a task's change against its plan: verify commands run, a judge scores six criteria, baton decides (exit 1 when changes are requested)",
    )
    .argument('<plan>', 'the plan id')
    .option('--task <id>', 'the task to review (default: every task of the plan, in turn)')
    .option(
      '--samples <n>',
      'how many times the judge scores (mean and spread are reported; default review.samples)',
    )
    .option('--reviewer <spec>', 'the reviewer backend for this call, e.g. claude-code or command:./judge.sh')
    .option(
      '--base <ref>',
      "diff against the merge base with this ref (default: the plan's base branch, else HEAD)",
    )
    .option('--dir <path>', 'where the work is, e.g. a worktree (default: the repository)')
    .option('--json', 'print the reviews as JSON')
    .addHelpText(
      'after',
      '\nWithout --task every task is reviewed against the same whole diff, each with its own verify commands and\nsuccess criteria. The feedback for the executor goes to .baton/feedback/<plan>/<task>.md.\n',
    )
    .action((planId: string, options: ReviewCommandOptions) => runReviewCommand(planId, options, false));
}

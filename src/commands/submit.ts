// `baton submit <plan> <task>`: the work of a hand-off is in place; verify it and review it.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('submit')
    .description(
      "say a handed-off task's work is in place: runs its verify commands, then the reviewer, records the result and prints the verdict",
    )
    .argument('<plan>', 'the plan id')
    .argument('<task>', 'the task id, e.g. T2')
    .option('--reviewer <spec>', 'the reviewer backend for this call, e.g. claude-code or command:./judge.sh')
    .option('--samples <n>', 'how many times the judge scores (default review.samples)')
    .option(
      '--base <ref>',
      "diff against the merge base with this ref (default: the plan's base branch, else HEAD)",
    )
    .option('--dir <path>', 'where the work is (default: the repository)')
    .option('--json', 'print the review as JSON')
    .action(async (planId: string, task: string, options: Record<string, string | boolean | undefined>) => {
      const { runReviewCommand } = await import('./review.ts');
      await runReviewCommand(planId, { ...options, task } as Parameters<typeof runReviewCommand>[1], true);
    });
}

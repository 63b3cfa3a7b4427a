// `baton clean [<plan>]`: removes the worktrees, task branches and claims runs left behind.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('clean')
    .description(
      'remove what baton run left: task worktrees, the integration worktree, task branches, claims',
    )
    .argument('[plan]', 'one plan only (default: every plan with leftovers)')
    .option('--integration', 'also delete the integration branch baton/<plan> (the merged work)')
    .option('--json', 'print what was removed as JSON')
    .action(async (planId: string | undefined, options: { integration?: boolean; json?: boolean }) => {
      const { withContext } = await import('./context.ts');
      const { cleanRuns } = await import('../runner/clean-runs.ts');
      const { writeJson, writeLine } = await import('./output.ts');
      await withContext(async (context) => {
        const results = await cleanRuns({
          repositoryRoot: context.repositoryRoot,
          config: context.config,
          store: await context.store(),
          planId,
          integration: options.integration,
        });
        if (options.json) return writeJson({ ok: true, plans: results });
        if (results.length === 0) return writeLine('Nothing to clean.');
        for (const result of results)
          writeLine(
            `${result.planId}: removed ${result.worktrees.length} worktree(s), ${result.branches.length} branch(es), ${result.claims} claim(s)`,
          );
      });
    });
}

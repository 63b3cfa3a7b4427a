// `baton plans`: the plans, grouped by state, with task counts and progress.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('plans')
    .description('list plans grouped by state, with task counts and progress')
    .option(
      '--state <state>',
      'only this state: review, active, completed or rejected (or the folder name configured for it)',
    )
    .option('--json', 'print the plans as JSON')
    .action(async (options: { state?: string; json?: boolean }) => {
      const { planStates, resolvePlanState } = await import('../plans/plan-folders.ts');
      const { summarisePlans } = await import('../plans/plan-summaries.ts');
      const { openPlanReads } = await import('../store/plan-reads.ts');
      const { withContext } = await import('./context.ts');
      const { writeJson, writeLine } = await import('./output.ts');
      await withContext(async (context) => {
        const states =
          options.state !== undefined ? [resolvePlanState(options.state, context.config)] : undefined;
        // Raw SQLite reads when the store allows: loading Kysely would cost more than the rest.
        const reads = await openPlanReads(context.storeOptions);
        let summaries: Awaited<ReturnType<typeof summarisePlans>>;
        try {
          summaries = await summarisePlans(context.repositoryRoot, context.config, reads, states);
        } finally {
          await reads.close();
        }
        if (options.json) return writeJson({ ok: true, plans: summaries });
        for (const state of states ?? planStates) {
          const inState = summaries.filter((summary) => summary.state === state);
          writeLine(`${state} (${inState.length})`);
          if (inState.length === 0) writeLine('  (none)');
          for (const summary of inState) {
            const progress = state === 'active' ? `  ${summary.done}/${summary.tasks} done` : '';
            const changed =
              summary.approved && !summary.approved.current
                ? '  ! changed since approval: approve again'
                : '';
            const copies =
              summary.alsoIn && summary.alsoIn.length > 0
                ? `  ! in ${summary.alsoIn.length === 1 ? 'two' : summary.alsoIn.length + 1} folders: ${[state, ...summary.alsoIn].map((each) => context.config.plans.states[each]).join(', ')}`
                : '';
            writeLine(
              `  ${summary.id.padEnd(24)} ${String(summary.tasks).padStart(3)} task${summary.tasks === 1 ? ' ' : 's'}${progress}  ${summary.title}${changed}${copies}`,
            );
          }
          writeLine();
        }
      });
    });
}

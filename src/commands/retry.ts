// `baton retry <plan> [task] [--note "…"]`: a person sends a blocked task back for another round.
import type { Command } from 'commander';

interface RetryOptions {
  note?: string;
  by?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('retry')
    .description(
      'send a blocked task (and the tasks blocked behind it) back to pending, with your note as its feedback; then baton run',
    )
    .argument('<plan>', 'the plan id')
    .argument('[task]', 'the blocked task (default: every blocked task)')
    .option('--note <text>', "what the executor should know: given as the feedback of the task's next round")
    .option('--by <name>', 'who sends it back (default: git user.name)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExample: baton retry auth-jwt T3 --note "Use the existing session table; no migration."\n',
    )
    .action(async (planId: string, taskId: string | undefined, options: RetryOptions) => {
      // The environment and the processes above: an agent that emptied its environment is found too.
      const { assertPersonProcess } = await import('../workspace/people/person-process.ts');
      assertPersonProcess('retry');
      const { withContext } = await import('./context.ts');
      const { requirePlanArgument } = await import('./plan-argument.ts');
      const { retryTasks } = await import('../runner/retry-tasks.ts');
      const { personName } = await import('../workspace/git.ts');
      const { findTask } = await import('../plans/load-plan.ts');
      const { BatonError } = await import('../errors.ts');
      const { writeJson, writeLine } = await import('./output.ts');
      await withContext(async (context) => {
        const loaded = requirePlanArgument(context, planId, taskId);
        if (loaded.state !== 'active')
          throw new BatonError(
            'PLAN_WRONG_STATE',
            `plan "${planId}" is ${loaded.state === 'review' ? 'in review' : loaded.state}: only an active plan's tasks are retried`,
          );
        const by = options.by ?? personName(context.repositoryRoot);
        const tasks = await retryTasks({
          store: await context.store(),
          planId,
          plan: loaded.plan,
          ...(taskId === undefined ? {} : { taskId: findTask(loaded, taskId).id }),
          ...(options.note === undefined ? {} : { note: options.note }),
          by,
          heartbeatMs: context.config.run.heartbeat,
        });
        if (options.json) return writeJson({ ok: true, planId, tasks, by });
        writeLine(
          `sent back to pending: ${tasks.join(', ')}${options.note ? " (your note is the next round's feedback)" : ''}`,
        );
        writeLine(`Next: baton run ${planId}`);
      });
    });
}

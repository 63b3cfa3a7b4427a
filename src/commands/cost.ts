// `baton cost [--plan P] [--by role|model|task]`: what the model calls cost.
import type { Command } from 'commander';
import { BatonError } from '../errors.ts';

const groupings = ['role', 'model', 'task'] as const;

export function register(program: Command): void {
  program
    .command('cost')
    .description('tokens and dollars of the recorded model calls, by role, model or task')
    .option('--plan <id>', 'only this plan')
    .option('--by <grouping>', 'role, model or task', 'role')
    .option('--json', 'print the summary as JSON')
    .action(async (options: { plan?: string; by: string; json?: boolean }) => {
      if (!(groupings as readonly string[]).includes(options.by))
        throw new BatonError('USAGE', `--by wants role, model or task, not ${options.by}`);
      const { summariseUsage } = await import('../store/usage.ts');
      const { pricesListedOn } = await import('../agents/prices.ts');
      const { withContext } = await import('./context.ts');
      const { writeJson, writeLine } = await import('./output.ts');
      await withContext(async (context) => {
        const summary = await summariseUsage(await context.store(), {
          by: options.by as (typeof groupings)[number],
          ...(options.plan === undefined ? {} : { planId: options.plan }),
        });
        if (summary.rows.length === 0 && options.plan !== undefined) {
          // Nothing recorded for a plan that does not exist is a mistake, not "no calls".
          const { findPlan } = await import('../plans/plan-files.ts');
          const { planFolders } = await import('../plans/plan-folders.ts');
          findPlan(planFolders(context.repositoryRoot, context.config), options.plan);
        }
        const budget = context.config.budget?.plan_usd;
        if (options.json)
          return writeJson({
            ok: true,
            ...summary,
            pricesListedOn,
            ...(budget === undefined ? {} : { budgetUsd: budget }),
          });
        if (summary.rows.length === 0) {
          writeLine(options.plan ? `no model calls recorded for ${options.plan}` : 'no model calls recorded');
          return;
        }
        const dollars = (value: number) => `$${value.toFixed(4)}`;
        const tokens = (value: number) => value.toLocaleString('en-US');
        const width = Math.max(options.by.length, ...summary.rows.map((row) => row.key.length), 5);
        writeLine(
          `${options.by.padEnd(width)}  ${'calls'.padStart(5)}  ${'input'.padStart(11)}  ${'output'.padStart(11)}  ${'cache r/w'.padStart(17)}  ${'cost'.padStart(10)}`,
        );
        const line = (key: string, row: (typeof summary.rows)[number] | typeof summary.total) =>
          `${key.padEnd(width)}  ${String(row.calls).padStart(5)}  ${tokens(row.inputTokens).padStart(11)}  ${tokens(row.outputTokens).padStart(11)}  ${`${tokens(row.cacheReadTokens)}/${tokens(row.cacheWriteTokens)}`.padStart(17)}  ${dollars(row.costUsd).padStart(10)}${row.unpricedCalls > 0 ? `  (+${row.unpricedCalls} unpriced)` : ''}`;
        for (const row of summary.rows) writeLine(line(row.key, row));
        writeLine(line('total', summary.total));
        if (options.plan && budget !== undefined)
          writeLine(
            `budget ${dollars(budget)}: ${dollars(Math.max(0, budget - summary.total.costUsd))} left`,
          );
        if (summary.total.unpricedCalls > 0)
          writeLine(
            `Calls of models missing from the price table (prices as listed on ${pricesListedOn}) are not counted; set prices in .baton/config.yaml.`,
          );
      });
    });
}

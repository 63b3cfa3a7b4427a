// Cost during a run: every model call a backend reports is written to the usage table (by
// role, plan and task) and counted against `budget.plan_usd`; before each backend call the
// budget guard may stop the run, cleanly, before the plan would pass its budget. The next
// call is estimated at the average cost of the role's calls so far in this run, so a run
// stops before a task whose executor would take it over, not after.
import type { Backend, Usage, UsageSink } from '../agents/backend.ts';
import { BudgetGuard } from '../agents/budget.ts';
import { priceTable, priceUsage } from '../agents/prices.ts';
import type { Config } from '../config.ts';
import type { Store } from '../store/store.ts';
import { planSpend, recordUsage } from '../store/usage.ts';

export interface UsageAccounting {
  onUsage(role: 'executor' | 'reviewer', taskId: string): UsageSink;
  /** Throws BUDGET_EXCEEDED when the plan has spent its budget, or the role's next call would pass it. */
  beforeCall(role: 'executor' | 'reviewer'): void;
}

export async function usageAccounting(options: {
  store: Store;
  config: Config;
  planId: string;
  instance: string;
  backends: Record<'executor' | 'reviewer', Backend>;
}): Promise<UsageAccounting> {
  const prices = priceTable(options.config.prices ?? {});
  const guard = new BudgetGuard({
    planId: options.planId,
    limitUsd: options.config.budget?.plan_usd,
    spentUsd: await planSpend(options.store, options.planId),
    prices,
  });
  const spentByRole = { executor: { usd: 0, calls: 0 }, reviewer: { usd: 0, calls: 0 } };
  return {
    onUsage(role, taskId) {
      return async (usage: Usage) => {
        const cost = guard.record(usage);
        spentByRole[role].usd += cost;
        spentByRole[role].calls++;
        await recordUsage(options.store, {
          role,
          backend: options.backends[role].kind,
          model: usage.model ?? null,
          planId: options.planId,
          taskId,
          instance: options.instance,
          inputTokens: usage.inputTokens,
          outputTokens: usage.outputTokens,
          cacheReadTokens: usage.cacheReadTokens,
          cacheWriteTokens: usage.cacheWriteTokens,
          costUsd: usage.costUsd ?? priceUsage(usage, prices) ?? null,
        });
      };
    },
    beforeCall(role) {
      const spent = spentByRole[role];
      guard.check(spent.calls > 0 ? spent.usd / spent.calls : 0);
    },
  };
}

// Cost during a run: every model call a backend reports is written to the usage table (by
// role, plan and task) and counted against `budget.plan_usd`.
//
// The budget decides before a task starts, not in the middle of one: a task is started only
// if what the plan has spent, plus a reservation for every task in flight, plus an estimate
// for the new task stays within the budget. The estimate is the average cost of the tasks
// that have cost something so far (in this run); a task in flight keeps the estimate
// reserved until what it has reported reaches it. When the next task would not fit, the run
// starts no more tasks, lets those in flight finish (and merge: they are paid for), and stops.
// Inside a task a call is refused only when the plan has already passed its budget (a runaway
// agent), never merely because the run is stopping.
//
// A call to a model missing from the price table (and reporting no cost of its own) counts
// as $0: the run warns once per model ("no price for model X: the budget cannot count it")
// and records a `usage-unpriced` event.
import type { Backend, Usage, UsageSink } from '../agents/backend.ts';
import { BudgetGuard } from '../agents/budget.ts';
import { priceTable, priceUsage } from '../agents/prices.ts';
import type { Config } from '../config/load-config.ts';
import { BatonError } from '../errors.ts';
import { appendEvent } from '../store/event-log.ts';
import type { Store } from '../store/store.ts';
import { planSpend, recordUsage } from '../store/usage.ts';

export interface UsageAccounting {
  onUsage(role: 'executor' | 'reviewer', taskId: string): UsageSink;
  /** Inside a task: throws BUDGET_EXCEEDED only when the plan has already passed its budget. */
  beforeCall(role: 'executor' | 'reviewer'): void;
  /**
   * Before a task starts: throws BUDGET_EXCEEDED when the plan's spending, the reservations of
   * the tasks in flight and the new task's estimate together would pass the budget.
   */
  beforeTask(taskId: string, inFlight: readonly string[]): void;
  /** Models seen without a price, in the order they were first seen. */
  readonly unpricedModels: readonly string[];
}

export async function usageAccounting(options: {
  store: Store;
  config: Config;
  planId: string;
  instance: string;
  backends: Record<'executor' | 'reviewer', Backend>;
  /** Told once per model without a price (the run prints it). */
  onWarning?: (message: string) => void;
}): Promise<UsageAccounting> {
  const prices = priceTable(options.config.prices ?? {});
  const limitUsd = options.config.budget?.plan_usd;
  const guard = new BudgetGuard({
    planId: options.planId,
    limitUsd,
    spentUsd: await planSpend(options.store, options.planId),
    prices,
  });
  const spentByTask = new Map<string, number>();
  const unpriced: string[] = [];

  const taskEstimate = (): number => {
    const costs = [...spentByTask.values()].filter((cost) => cost > 0);
    return costs.length === 0 ? 0 : costs.reduce((sum, cost) => sum + cost, 0) / costs.length;
  };

  const warnUnpriced = async (model: string, taskId: string) => {
    if (unpriced.includes(model)) return;
    unpriced.push(model);
    const message = `no price for model ${model}: the budget cannot count it (set prices.${model} in .baton/config.yaml)`;
    options.onWarning?.(message);
    await appendEvent(options.store, {
      kind: 'usage-unpriced',
      instance: options.instance,
      planId: options.planId,
      taskId,
      summary: message,
      data: { model },
    }).catch(() => {});
  };

  return {
    get unpricedModels() {
      return unpriced;
    },
    onUsage(role, taskId) {
      return async (usage: Usage) => {
        const priced = priceUsage(usage, prices);
        const cost = guard.record(usage);
        spentByTask.set(taskId, (spentByTask.get(taskId) ?? 0) + cost);
        if (priced === undefined) await warnUnpriced(usage.model ?? `(unnamed ${role} model)`, taskId);
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
          costUsd: priced ?? null,
          data: {
            costSource:
              usage.costUsd !== undefined ? 'reported' : priced !== undefined ? 'price-table' : 'unknown',
          },
        });
      };
    },
    beforeCall() {
      if (limitUsd === undefined || guard.spentUsd <= limitUsd) return;
      guard.check(0);
    },
    beforeTask(_taskId, inFlight) {
      if (limitUsd === undefined) return;
      const estimate = taskEstimate();
      const reserved = inFlight.reduce(
        (sum, taskId) => sum + Math.max(0, estimate - (spentByTask.get(taskId) ?? 0)),
        0,
      );
      if (!guard.wouldExceed(reserved + estimate)) return;
      const spent = guard.spentUsd;
      throw new BatonError(
        'BUDGET_EXCEEDED',
        `plan ${options.planId} has spent $${spent.toFixed(4)} of its $${limitUsd.toFixed(2)} budget; the next task (about $${estimate.toFixed(4)}${inFlight.length > 0 ? `, with $${reserved.toFixed(4)} reserved for ${inFlight.length} task(s) in flight` : ''}) would pass it, so no more tasks start`,
        {
          hint: 'Raise budget.plan_usd in .baton/config.yaml, or see what it went on with baton cost --plan.',
          data: {
            planId: options.planId,
            spentUsd: spent,
            limitUsd,
            estimateUsd: estimate,
            reservedUsd: reserved,
          },
        },
      );
    },
  };
}

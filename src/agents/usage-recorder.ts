// The UsageSink backends report to: prices the usage when the backend did not (Claude Code's
// own cost is used as it is), records it in the store, and counts it against the budget.
import type { Store } from '../store/store.ts';
import { recordUsage } from '../store/usage.ts';
import type { BackendKind, Role, Usage, UsageSink } from './backend.ts';
import type { BudgetGuard } from './budget.ts';
import { type PriceTable, priceUsage } from './prices.ts';

export interface UsageRecorderOptions {
  store: Store;
  role: Role;
  backend: BackendKind;
  planId?: string;
  taskId?: string;
  instance?: string;
  prices?: PriceTable;
  budget?: BudgetGuard;
  /** Extra detail stored with each row (never secrets). */
  data?: Record<string, unknown>;
}

export function usageRecorder(
  options: UsageRecorderOptions,
): UsageSink & { readonly totalUsd: number; readonly calls: number } {
  let totalUsd = 0;
  let calls = 0;
  const sink = async (usage: Usage): Promise<void> => {
    const costUsd = priceUsage(usage, options.prices);
    calls++;
    totalUsd += costUsd ?? 0;
    options.budget?.record({ ...usage, costUsd: costUsd ?? 0 });
    await recordUsage(options.store, {
      role: options.role,
      backend: options.backend,
      model: usage.model ?? null,
      planId: options.planId ?? null,
      taskId: options.taskId ?? null,
      instance: options.instance ?? null,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      cacheReadTokens: usage.cacheReadTokens,
      cacheWriteTokens: usage.cacheWriteTokens,
      costUsd: costUsd ?? null,
      data: {
        costSource:
          usage.costUsd !== undefined ? 'reported' : costUsd !== undefined ? 'price-table' : 'unknown',
        ...options.data,
      },
    });
  };
  return Object.defineProperties(sink, {
    totalUsd: { get: () => totalUsd },
    calls: { get: () => calls },
  }) as UsageSink & { readonly totalUsd: number; readonly calls: number };
}

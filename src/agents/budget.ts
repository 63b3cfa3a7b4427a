// budget.plan_usd: a plan run stops cleanly *before* a call would take its recorded cost past
// the budget. The runner asks `check(estimate)` before each call (an estimate from the last
// calls of the role, say) and `record(usage)` after; the guard starts from what the store
// already holds for the plan, so a resumed run keeps counting.
import { BatonError } from '../errors.ts';
import type { Usage } from './backend.ts';
import { type PriceTable, priceUsage } from './prices.ts';

export interface BudgetGuardOptions {
  planId: string;
  /** Dollars; undefined means no budget (every check passes). */
  limitUsd: number | undefined;
  /** Already spent on this plan (from the usage table). */
  spentUsd?: number;
  prices?: PriceTable;
}

export class BudgetGuard {
  readonly planId: string;
  readonly limitUsd: number | undefined;
  private spent: number;
  private readonly prices: PriceTable | undefined;

  constructor(options: BudgetGuardOptions) {
    this.planId = options.planId;
    this.limitUsd = options.limitUsd;
    this.spent = options.spentUsd ?? 0;
    this.prices = options.prices;
  }

  get spentUsd(): number {
    return this.spent;
  }

  /** Dollars left; Infinity without a budget. */
  get remainingUsd(): number {
    return this.limitUsd === undefined ? Number.POSITIVE_INFINITY : Math.max(0, this.limitUsd - this.spent);
  }

  /** Whether a call estimated to cost `estimateUsd` would take the plan past its budget. */
  wouldExceed(estimateUsd = 0): boolean {
    if (this.limitUsd === undefined) return false;
    // Spent exactly up to the limit: nothing more may start, even a call estimated at zero.
    return this.spent + Math.max(0, estimateUsd) > this.limitUsd || this.spent >= this.limitUsd;
  }

  /** Throws BUDGET_EXCEEDED when `wouldExceed(estimateUsd)`; call before starting a call. */
  check(estimateUsd = 0): void {
    if (!this.wouldExceed(estimateUsd)) return;
    const limit = this.limitUsd!;
    throw new BatonError(
      'BUDGET_EXCEEDED',
      `plan ${this.planId} has spent $${this.spent.toFixed(4)} of its $${limit.toFixed(2)} budget; the next call (about $${Math.max(0, estimateUsd).toFixed(4)}) would pass it, so the run stops here`,
      {
        hint: 'Raise budget.plan_usd in .baton/config.yaml, or see what it went on with baton cost --plan.',
        data: {
          planId: this.planId,
          spentUsd: this.spent,
          limitUsd: limit,
          estimateUsd: Math.max(0, estimateUsd),
        },
      },
    );
  }

  /** Adds a call's cost (its own, or priced from the table); returns the dollars added. */
  record(usage: Usage): number {
    const cost = priceUsage(usage, this.prices) ?? 0;
    this.spent += cost;
    return cost;
  }
}

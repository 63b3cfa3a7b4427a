import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BudgetGuard } from '../../src/agents/budget.ts';
import {
  costOf,
  findPrice,
  pricesListedOn,
  priceTable,
  priceUsage,
  shippedPrices,
} from '../../src/agents/prices.ts';
import { BatonError } from '../../src/errors.ts';

const usage = { inputTokens: 1_000_000, outputTokens: 100_000, cacheReadTokens: 0, cacheWriteTokens: 0 };

test('prices are found with or without the vendor prefix and a date suffix', () => {
  assert.match(pricesListedOn, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(findPrice('anthropic:claude-sonnet-4-5-20250929'), shippedPrices['claude-sonnet-4-5']);
  assert.equal(findPrice('claude-sonnet-4-5'), shippedPrices['claude-sonnet-4-5']);
  assert.equal(findPrice('openai:gpt-5-mini'), shippedPrices['gpt-5-mini']);
  assert.equal(findPrice('nobody:knows'), undefined);
  assert.equal(costOf({ ...usage, model: 'x' }, findPrice('ollama:qwen3')!), 0);
  // $3/MTok in, $15/MTok out.
  assert.equal(priceUsage({ ...usage, model: 'anthropic:claude-sonnet-4-5' }), 3 + 1.5);
});

test('configured prices override the shipped table; a reported cost is used as it is', () => {
  const table = priceTable({ 'claude-sonnet-4-5': { input_per_mtok: 1, output_per_mtok: 2 } });
  assert.equal(priceUsage({ ...usage, model: 'anthropic:claude-sonnet-4-5' }, table), 1 + 0.2);
  assert.equal(priceUsage({ ...usage, model: 'anthropic:claude-sonnet-4-5', costUsd: 0.5 }, table), 0.5);
});

test('the budget guard stops before a call would pass the budget, with spent and limit', () => {
  const guard = new BudgetGuard({ planId: 'p', limitUsd: 1, spentUsd: 0.25 });
  assert.equal(guard.wouldExceed(0.5), false);
  guard.check(0.5);
  guard.record({ ...usage, inputTokens: 0, outputTokens: 0, costUsd: 0.6 });
  assert.equal(guard.spentUsd, 0.85);
  assert.equal(guard.wouldExceed(0.2), true);
  assert.throws(
    () => guard.check(0.2),
    (error: unknown) =>
      error instanceof BatonError &&
      error.code === 'BUDGET_EXCEEDED' &&
      error.data?.spentUsd === 0.85 &&
      error.data?.limitUsd === 1 &&
      /would pass it/.test(error.message),
  );
  assert.equal(new BudgetGuard({ planId: 'p', limitUsd: undefined, spentUsd: 100 }).wouldExceed(100), false);
});

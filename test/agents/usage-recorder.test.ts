// The usage sink backends report to: priced, recorded and counted against the budget; a
// budget stop leaves the store and the guard agreeing on what was spent.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BudgetGuard } from '../../src/agents/budget.ts';
import { priceTable } from '../../src/agents/prices.ts';
import { usageRecorder } from '../../src/agents/usage-recorder.ts';
import { BatonError } from '../../src/errors.ts';
import { listUsage, planSpend } from '../../src/store/usage.ts';
import { storeTargets } from '../support/stores.ts';

for (const target of storeTargets) {
  describe(`usage recorder on ${target.name}`, { skip: target.skip }, () => {
    test('prices what the backend did not, keeps a reported cost, and stops before the budget', async (t) => {
      const { store } = await target.open(t);
      const guard = new BudgetGuard({ planId: 'p', limitUsd: 1, spentUsd: await planSpend(store, 'p') });
      const sink = usageRecorder({
        store,
        role: 'executor',
        backend: 'codex',
        planId: 'p',
        taskId: 'T1',
        prices: priceTable({ 'gpt-5-codex': { input_per_mtok: 100, output_per_mtok: 0 } }),
        budget: guard,
      });
      const calls = [
        {
          inputTokens: 4000,
          outputTokens: 0,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          model: 'openai:gpt-5-codex',
        },
        {
          inputTokens: 1,
          outputTokens: 1,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          costUsd: 0.5,
          model: 'anthropic:x',
        },
      ];
      let stopped: BatonError | undefined;
      for (let index = 0; index < 10; index++) {
        try {
          // The estimate: what the first call cost.
          guard.check(0.4);
        } catch (error) {
          stopped = error as BatonError;
          break;
        }
        await sink(calls[index % 2]!);
      }
      assert.ok(stopped instanceof BatonError && stopped.code === 'BUDGET_EXCEEDED');
      // 0.4 + 0.5 = 0.9; another 0.4 would pass 1.
      assert.ok(Math.abs(guard.spentUsd - 0.9) < 1e-9, String(guard.spentUsd));
      assert.ok(Math.abs((await planSpend(store, 'p')) - guard.spentUsd) < 1e-9);
      assert.deepEqual(stopped.data?.limitUsd, 1);
      const rows = await listUsage(store, { planId: 'p' });
      assert.deepEqual(
        rows.map((row) => [row.model, row.data.costSource]),
        [
          ['openai:gpt-5-codex', 'price-table'],
          ['anthropic:x', 'reported'],
        ],
      );
      assert.equal(sink.calls, 2);
    });
  });
}

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { listUsage, planSpend, recordUsage, summariseUsage } from '../../src/store/usage.ts';
import { storeTargets } from '../support/stores.ts';

for (const target of storeTargets) {
  describe(`usage on ${target.name}`, { skip: target.skip }, () => {
    test('records calls and sums them by role, model, task and plan', async (t) => {
      const { store } = await target.open(t);
      const base = { backend: 'claude-code', planId: 'p1', instance: 'A' };
      await recordUsage(store, {
        ...base,
        role: 'executor',
        model: 'anthropic:claude-sonnet-4-5',
        taskId: 'T1',
        inputTokens: 1000,
        outputTokens: 100,
        cacheReadTokens: 50,
        costUsd: 0.25,
      });
      await recordUsage(store, {
        ...base,
        role: 'executor',
        model: 'anthropic:claude-sonnet-4-5',
        taskId: 'T2',
        inputTokens: 2000,
        outputTokens: 200,
        costUsd: 0.5,
      });
      await recordUsage(store, {
        ...base,
        role: 'reviewer',
        backend: 'command',
        model: null,
        taskId: 'T1',
        inputTokens: 10,
        outputTokens: 1,
        costUsd: null,
      });
      await recordUsage(store, {
        ...base,
        planId: 'p2',
        role: 'planner',
        model: 'openai:gpt-5',
        inputTokens: 5,
        outputTokens: 5,
        costUsd: 1,
        data: { costSource: 'price-table' },
      });

      const byRole = await summariseUsage(store, { by: 'role', planId: 'p1' });
      assert.deepEqual(
        byRole.rows.map((row) => [row.key, row.calls, row.inputTokens, row.costUsd, row.unpricedCalls]),
        [
          ['executor', 2, 3000, 0.75, 0],
          ['reviewer', 1, 10, 0, 1],
        ],
      );
      assert.equal(byRole.total.calls, 3);
      assert.equal(byRole.total.cacheReadTokens, 50);
      assert.equal(byRole.total.unpricedCalls, 1);

      const byModel = await summariseUsage(store, { by: 'model' });
      assert.deepEqual(
        byModel.rows.map((row) => [row.key, row.calls, row.costUsd]),
        [
          ['openai:gpt-5', 1, 1],
          ['anthropic:claude-sonnet-4-5', 2, 0.75],
          ['(none)', 1, 0],
        ],
      );
      const byTask = await summariseUsage(store, { by: 'task' });
      assert.deepEqual(
        byTask.rows.map((row) => [row.key, row.calls]),
        [
          ['p2/(plan)', 1],
          ['p1/T2', 1],
          ['p1/T1', 2],
        ],
      );
      const byPlan = await summariseUsage(store, { by: 'plan' });
      assert.deepEqual(
        byPlan.rows.map((row) => [row.key, row.calls, row.inputTokens, row.costUsd, row.unpricedCalls]),
        [
          ['p2', 1, 5, 1, 0],
          ['p1', 3, 3010, 0.75, 1],
        ],
      );
      assert.equal(byPlan.total.calls, 4);
      assert.equal(await planSpend(store, 'p1'), 0.75);
      assert.equal(await planSpend(store, 'nothing'), 0);
      const rows = await listUsage(store, { planId: 'p2' });
      assert.deepEqual(rows[0]?.data, { costSource: 'price-table' });
    });
  });
}

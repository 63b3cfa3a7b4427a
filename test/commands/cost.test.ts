// `baton cost` over usage recorded in the repository's store.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { recordUsage } from '../../src/store/usage.ts';
import { runBaton } from '../support/cli.ts';
import { makeRepository } from '../support/repository.ts';
import { storeTargets } from '../support/stores.ts';

for (const target of storeTargets) {
  test(`cost by role, model and task (${target.name})`, { skip: target.skip }, async (t) => {
    const repository = makeRepository(t);
    assert.equal(runBaton(repository, ['init']).status, 0);
    writeFileSync(path.join(repository, '.baton/config.yaml'), 'budget:\n  plan_usd: 2\n');
    const { store, environment } = await target.open(t, repository);
    const row = { backend: 'claude-code', model: 'anthropic:claude-sonnet-4-5', planId: 'p1' };
    await recordUsage(store, {
      ...row,
      role: 'executor',
      taskId: 'T1',
      inputTokens: 1000,
      outputTokens: 100,
      costUsd: 0.5,
    });
    await recordUsage(store, {
      ...row,
      role: 'reviewer',
      taskId: 'T1',
      inputTokens: 500,
      outputTokens: 50,
      costUsd: 0.25,
    });
    await recordUsage(store, {
      ...row,
      role: 'planner',
      planId: 'p2',
      model: 'mystery-model',
      inputTokens: 5,
      outputTokens: 5,
      costUsd: null,
    });

    const byRole = runBaton(repository, ['cost', '--plan', 'p1', '--json'], { env: environment });
    assert.equal(byRole.status, 0, byRole.stderr);
    const summary = JSON.parse(byRole.stdout);
    assert.deepEqual(
      summary.rows.map((entry: { key: string; costUsd: number }) => [entry.key, entry.costUsd]),
      [
        ['executor', 0.5],
        ['reviewer', 0.25],
      ],
    );
    assert.equal(summary.total.costUsd, 0.75);
    assert.equal(summary.budgetUsd, 2);
    assert.match(summary.pricesListedOn, /^\d{4}-\d{2}-\d{2}$/);

    const byModel = runBaton(repository, ['cost', '--by', 'model'], { env: environment });
    assert.equal(byModel.status, 0, byModel.stderr);
    assert.match(byModel.stdout, /^anthropic:claude-sonnet-4-5\s+2\s+1,500\s+150\s+0\/0\s+\$0\.7500$/m);
    assert.match(byModel.stdout, /^mystery-model\s+1 .*\(\+1 unpriced\)$/m);
    assert.match(byModel.stdout, /not counted; set prices in \.baton\/config\.yaml/);

    const byTask = runBaton(repository, ['cost', '--by', 'task', '--plan', 'p1'], { env: environment });
    assert.match(byTask.stdout, /^p1\/T1\s+2 /m);
    assert.match(byTask.stdout, /budget \$2\.0000: \$1\.2500 left/);

    const bad = runBaton(repository, ['cost', '--by', 'colour'], { env: environment });
    assert.equal(bad.status, 2);
  });
}

test('cost --plan of a plan that does not exist: exit 2, PLAN_NOT_FOUND; of one without calls: exit 0', (t) => {
  const repository = makeRepository(t);
  assert.equal(runBaton(repository, ['init']).status, 0);
  const missing = runBaton(repository, ['cost', '--plan', 'nope']);
  assert.equal(missing.status, 2, missing.stdout);
  assert.match(missing.stderr, /PLAN_NOT_FOUND/);
  const missingJson = runBaton(repository, ['cost', '--plan', 'nope', '--json']);
  assert.equal(missingJson.status, 2);
  writeFileSync(
    path.join(repository, '.baton/plans/review/quiet.md'),
    '---\nid: quiet\ntitle: Quiet\ncreated: 2026-01-01\nauthor: test\nrisk: low\n---\n\n# Plan: Quiet\n\n## Summary\n\nx\n',
  );
  const quiet = runBaton(repository, ['cost', '--plan', 'quiet']);
  assert.equal(quiet.status, 0, quiet.stderr);
  assert.match(quiet.stdout, /no model calls recorded for quiet/);
});

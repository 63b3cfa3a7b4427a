// Two processes approving the same plan at once: exactly one succeeds, the other gets a clear
// error, and the plan ends up in exactly one folder with exactly one approval recorded.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runBaton, startBaton } from '../support/cli.ts';
import { cleanPlanText } from '../support/plans.ts';
import { makeRepository } from '../support/repository.ts';
import { storeTargets } from '../support/stores.ts';

for (const target of storeTargets) {
  test(`${target.name}: two concurrent approvals of one plan: one succeeds, one clear error`, {
    skip: target.skip,
  }, async (t) => {
    const repository = makeRepository(t);
    const { store, environment } = await target.open(t, repository);
    assert.equal(runBaton(repository, ['init'], { env: environment }).status, 0);
    const rounds = 5;
    for (let round = 0; round < rounds; round++) {
      const id = `race-${round}`;
      writeFileSync(path.join(repository, '.baton/plans/review', `${id}.md`), cleanPlanText(id));
      const results = await Promise.all([
        startBaton(repository, ['approve', id, '--by', 'first'], { env: environment, terminal: true }),
        startBaton(repository, ['approve', id, '--by', 'second'], { env: environment, terminal: true }),
      ]);
      const statuses = results.map((result) => result.status).sort();
      assert.deepEqual(statuses, [0, 1], results.map((result) => result.stderr).join('\n'));
      const loser = results.find((result) => result.status === 1)!;
      assert.match(
        loser.stderr,
        /PLAN_CONCURRENT_CHANGE|PLAN_WRONG_STATE|already approved|no longer in review/,
      );
      const folders = ['review', 'active', 'completed', 'rejected'].filter((state) =>
        existsSync(path.join(repository, '.baton/plans', state, `${id}.md`)),
      );
      assert.deepEqual(folders, ['active']);
    }
    const approvals = await store.db
      .selectFrom('events')
      .select(['plan_id'])
      .where('kind', '=', 'plan-approved')
      .execute();
    assert.equal(approvals.length, rounds, 'one approval event per plan');
    const leftovers = readdirSync(path.join(repository, '.baton/plans/review')).filter((name) =>
      name.includes('.tmp'),
    );
    assert.deepEqual(leftovers, []);
  });
}

// The plan reads behind `baton plans`: the raw node:sqlite path and the Kysely path run the same
// SQL and give the same answers on the same store, which are also what the store's general
// functions (listTaskRuns, listPlanEvents) say; a missing store is read as empty and not
// created; an unmigrated one goes the Kysely way, which migrates it.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { planEventKinds } from '../../src/core/lifecycle/approval.ts';
import { appendEvent, listPlanEvents } from '../../src/store/event-log.ts';
import type { PlanReads } from '../../src/store/plan-read-queries.ts';
import { openPlanReads } from '../../src/store/plan-reads.ts';
import { storePlanReads } from '../../src/store/plan-reads-kysely.ts';
import { openSqlitePlanReads } from '../../src/store/plan-reads-sqlite.ts';
import type { Store } from '../../src/store/store.ts';
import { listTaskRuns, upsertTaskRun } from '../../src/store/task-runs.ts';
import { makeTemporaryDirectory } from '../support/repository.ts';
import { storeTargets } from '../support/stores.ts';

async function fill(store: Store): Promise<void> {
  const run = { attempts: 1, branch: null, score: null, instance: null };
  await upsertTaskRun(store, { ...run, planId: 'b', taskId: 'T2', state: 'done' });
  await upsertTaskRun(store, { ...run, planId: 'a', taskId: 'T1', state: 'running' });
  await upsertTaskRun(store, { ...run, planId: 'b', taskId: 'T1', state: 'done' });
  await appendEvent(store, { kind: 'plan-created', planId: 'a', at: 1_000, instance: 'A' });
  await appendEvent(store, {
    kind: 'plan-approved',
    planId: 'a',
    at: 2_000,
    instance: 'A',
    data: { by: 'ann', sha256: 'abc', text: 'approved "text"\n' },
  });
  await appendEvent(store, { kind: 'task-started', planId: 'a', taskId: 'T1', at: 2_500 });
  await appendEvent(store, { kind: 'plan-approved', planId: 'b', at: 2_600, data: { by: 'bob' } });
  await appendEvent(store, { kind: 'plan-revised', planId: 'a', at: 3_000, data: { reason: 'why' } });
}

async function answers(reads: PlanReads) {
  return {
    runs: await reads.taskRunStates(),
    a: await reads.planEvents('a', planEventKinds),
    aAll: await reads.planEvents('a', []),
    b: await reads.planEvents('b', planEventKinds),
    none: await reads.planEvents('missing', planEventKinds),
    // Several plans in one read: each plan's own, as one at a time.
    plans: Object.fromEntries(await reads.plansEvents(['b', 'missing', 'a'], planEventKinds)),
  };
}

async function generalAnswers(store: Store) {
  const events = async (planId: string, kinds?: readonly string[]) =>
    (await listPlanEvents(store, planId, kinds)).map(({ kind, at, instance, data }) => ({
      kind,
      at,
      instance,
      data,
    }));
  return {
    runs: (await listTaskRuns(store)).map(({ planId, taskId, state }) => ({ planId, taskId, state })),
    a: await events('a', planEventKinds),
    aAll: await events('a'),
    b: await events('b', planEventKinds),
    none: await events('missing', planEventKinds),
    plans: {
      b: await events('b', planEventKinds),
      missing: await events('missing', planEventKinds),
      a: await events('a', planEventKinds),
    },
  };
}

for (const target of storeTargets) {
  test(`the Kysely plan reads agree with the store's general reads on ${target.name}`, {
    skip: target.skip,
  }, async (t) => {
    const { store } = await target.open(t);
    await fill(store);
    const viaKysely = await answers(storePlanReads(store));
    assert.deepStrictEqual(viaKysely, await generalAnswers(store));
    assert.equal(viaKysely.a.length, 3);
    assert.deepEqual(viaKysely.a[1]?.data, { by: 'ann', sha256: 'abc', text: 'approved "text"\n' });
  });
}

test('the raw SQLite plan reads give the Kysely path’s answers on the same store', async (t) => {
  const { store } = await storeTargets[0]!.open(t);
  await fill(store);
  const raw = openSqlitePlanReads(store.location, { busyTimeoutMs: 1_000, project: '' });
  assert.ok(raw, 'a migrated SQLite store is read raw');
  t.after(() => raw.close());
  assert.deepStrictEqual(await answers(raw), await answers(storePlanReads(store)));
  // Through openPlanReads too, as `baton plans` opens it.
  const opened = await openPlanReads({ url: store.location });
  t.after(() => opened.close());
  assert.deepStrictEqual(await answers(opened), await generalAnswers(store));
});

test('openPlanReads: a missing store reads as empty and is not created; an unmigrated one is migrated', async (t) => {
  const directory = makeTemporaryDirectory(t, 'baton-plan-reads-');
  const file = path.join(directory, 'baton.db');
  const missing = await openPlanReads({ url: file });
  assert.deepStrictEqual(await answers(missing), {
    runs: [],
    a: [],
    aAll: [],
    b: [],
    none: [],
    plans: { b: [], missing: [], a: [] },
  });
  await missing.close();
  assert.equal(existsSync(file), false);

  // A SQLite file without baton's tables: not read raw, migrated by the Kysely path.
  const { DatabaseSync } = await import('node:sqlite');
  new DatabaseSync(file).close();
  assert.equal(openSqlitePlanReads(file, { busyTimeoutMs: 1_000, project: '' }), undefined);
  const migrated = await openPlanReads({ url: file });
  assert.deepStrictEqual((await answers(migrated)).runs, []);
  await migrated.close();
  const raw = openSqlitePlanReads(file, { busyTimeoutMs: 1_000, project: '' });
  assert.ok(raw, 'read raw once migrated');
  await raw.close();
});

// Two projects in one store (one SQLite file, one Postgres schema) never see each other's rows,
// in any table and on every path (Kysely, the raw SQLite hook and plan-read paths); rows stored
// before project keys are adopted by the first opener, once.
import assert from 'node:assert/strict';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { advanceAttention, readAttention } from '../../src/store/attention-turns.ts';
import { acquireClaims, findConflictingClaim, listClaims } from '../../src/store/claim-leases.ts';
import { releaseClaims } from '../../src/store/claim-release.ts';
import { takeCooldown } from '../../src/store/cooldowns.ts';
import { openSqliteEditClaims } from '../../src/store/edit-claims-sqlite.ts';
import { appendEvent, listPlanEvents } from '../../src/store/event-log.ts';
import { queryEvents } from '../../src/store/event-query.ts';
import { migrations } from '../../src/store/migrations.ts';
import { storePlanReads } from '../../src/store/plan-reads-kysely.ts';
import { openSqlitePlanReads } from '../../src/store/plan-reads-sqlite.ts';
import { postPoolEntries, queryPool } from '../../src/store/pool-entries.ts';
import { acquireRunLease, getRunLease, listRunLeases } from '../../src/store/runs.ts';
import { bindSession, findSessionBinding } from '../../src/store/session-bindings.ts';
import { lastSessionStart, recordSessionStart } from '../../src/store/sessions.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { migrationNames } from '../../src/store/store-location.ts';
import { listTaskRuns, upsertTaskRun } from '../../src/store/task-runs.ts';
import { listUsage, planSpend, recordUsage } from '../../src/store/usage.ts';
import { openLegacyStore, writeLegacyRows } from '../support/legacy-store.ts';
import { makeTemporaryDirectory } from '../support/repository.ts';
import { dropSchemaLater, postgresUrl, uniqueSchema } from '../support/stores.ts';

interface SharedTarget {
  name: 'sqlite' | 'postgres';
  skip?: string;
  /** Somewhere a store can live, opened by any number of projects. */
  location(t: TestContext): Promise<{ file: string } | { url: string; schema: string }>;
}

const targets: SharedTarget[] = [
  {
    name: 'sqlite',
    async location(t) {
      return { file: path.join(makeTemporaryDirectory(t, 'baton-shared-'), 'baton.db') };
    },
  },
  {
    name: 'postgres',
    skip: postgresUrl ? undefined : 'BATON_TEST_DATABASE_URL is not set',
    async location(t) {
      const schema = uniqueSchema();
      await dropSchemaLater(t, schema);
      return { url: postgresUrl!, schema };
    },
  },
];

async function openAs(
  t: TestContext,
  where: { file: string } | { url: string; schema: string },
  project: string,
): Promise<Store> {
  const store = await openStore(
    'file' in where ? { url: where.file, project } : { url: where.url, schema: where.schema, project },
  );
  t.after(() => store.close());
  return store;
}

const attentionSettings = { decay: 0.8, hot: 0.8, warm: 0.25 };

test('the migrations this baton applies are the ones it checks a store for', () => {
  for (const engine of ['sqlite', 'postgres'] as const)
    assert.deepEqual(Object.keys(migrations(engine)).sort(), [...migrationNames]);
});

for (const target of targets) {
  test(`${target.name}: two projects in one store never see each other's rows`, {
    skip: target.skip,
  }, async (t) => {
    const where = await target.location(t);
    const first = await openAs(t, where, 'first-project');
    const second = await openAs(t, where, 'second-project');
    const now = Date.now();

    // The same instance, plan and task names in both: every keyed table keeps them apart.
    for (const store of [first, second]) {
      const claimed = await acquireClaims(store, {
        instance: 'A',
        patterns: ['src/app.ts'],
        ttlMs: 60_000,
        exclusive: true,
        now,
      });
      assert.ok('granted' in claimed, `${store.project}: the other project's claim is not in the way`);
      assert.equal(await recordSessionStart(store, 'A', now), undefined, 'a first session in each project');
      await bindSession(store, {
        instance: 'run.p.t',
        sessionId: store.project,
        planId: 'p',
        taskId: 't',
        now,
      });
      assert.equal(
        await takeCooldown(store, { instance: 'A', kind: 'edited', cooldownMs: 60_000, now }),
        true,
        "the other project's cooldown does not hold this one back",
      );
      await upsertTaskRun(store, {
        planId: 'p',
        taskId: 't',
        state: store.project,
        attempts: 1,
        branch: null,
        score: null,
        instance: null,
      });
      const lease = await acquireRunLease(store, {
        planId: 'p',
        runnerId: store.project,
        pid: process.pid,
        host: 'here',
        staleAfterMs: 60_000,
        now,
        isProcessAlive: () => true,
      });
      assert.equal(lease.acquired, true, "the other project's live run of plan p does not hold this one");
      await recordUsage(store, {
        role: 'executor',
        backend: 'model',
        planId: 'p',
        taskId: 't',
        costUsd: 1,
        at: now,
      });
      const state = await advanceAttention(store, {
        instance: 'A',
        mentioned: [store.project],
        settings: attentionSettings,
        now,
      });
      assert.equal(state.turn, 1);
      await postPoolEntries(store, [
        {
          instance: 'A',
          action: 'note',
          topic: store.project,
          summary: 's',
          affects: ['src/app.ts'],
          planId: 'p',
        },
      ]);
      await appendEvent(store, {
        kind: 'plan-approved',
        planId: 'p',
        instance: 'A',
        data: { by: store.project },
      });
    }

    for (const store of [first, second]) {
      const other = store === first ? second.project : first.project;
      assert.deepEqual(
        (await listClaims(store, { now })).map((claim) => claim.pattern),
        ['src/app.ts'],
      );
      assert.equal(
        await findConflictingClaim(store, { instance: 'B', path: 'src/app.ts', now }).then(
          (claim) => claim?.instance,
        ),
        'A',
      );
      assert.equal(await lastSessionStart(store, 'A'), now);
      assert.equal((await findSessionBinding(store, 'run.p.t'))?.sessionId, store.project);
      assert.deepEqual(
        (await listTaskRuns(store)).map((run) => run.state),
        [store.project],
      );
      assert.equal((await getRunLease(store, 'p'))?.runnerId, store.project);
      assert.equal((await listRunLeases(store)).length, 1);
      assert.equal(await planSpend(store, 'p'), 1);
      assert.equal((await listUsage(store)).length, 1);
      assert.deepEqual(
        (await readAttention(store)).map((attention) => attention.scores.map((score) => score.path)),
        [[store.project]],
      );
      assert.deepEqual(
        (await queryPool(store)).map((entry) => entry.topic),
        [store.project],
      );
      assert.deepEqual(
        (await queryPool(store, { affects: 'src/' })).map((entry) => entry.topic),
        [store.project],
      );
      assert.deepEqual(
        (await queryEvents(store, { kinds: ['plan-approved'] })).map((event) => event.data.by),
        [store.project],
      );
      const planEvents = await listPlanEvents(store, 'p', ['plan-approved']);
      assert.deepEqual(
        planEvents.map((event) => event.data.by),
        [store.project],
      );
      const reads = storePlanReads(store);
      assert.deepEqual(
        (await reads.taskRunStates()).map((run) => run.state),
        [store.project],
      );
      assert.deepEqual(
        (await reads.planEvents('p', ['plan-approved'])).map((event) => event.data.by),
        [store.project],
      );
      assert.notEqual(store.project, other);
    }

    // Releasing everything in one project leaves the other's claim.
    await releaseClaims(second, { instance: 'A', all: true, now });
    assert.equal((await listClaims(first, { now })).length, 1);
    assert.equal((await listClaims(second, { now })).length, 0);

    if ('file' in where) {
      // The raw node:sqlite paths (the PreToolUse hook, `baton plans`) keep to their project too.
      const hookSecond = openSqliteEditClaims(where.file, {
        busyTimeoutMs: 1_000,
        project: 'second-project',
      });
      assert.ok(hookSecond);
      t.after(() => hookSecond.close());
      assert.equal(hookSecond.findBlockingClaim('B', 'src/app.ts', now), undefined);
      assert.equal(hookSecond.sessionBinding('run.p.t')?.sessionId, 'second-project');
      assert.equal(
        hookSecond.claimForEdit({ instance: 'B', path: 'src/app.ts', ttlMs: 60_000, now }).kind,
        'claimed',
      );
      const hookFirst = openSqliteEditClaims(where.file, { busyTimeoutMs: 1_000, project: 'first-project' });
      assert.ok(hookFirst);
      t.after(() => hookFirst.close());
      assert.equal(
        hookFirst.findBlockingClaim('B', 'src/app.ts', now)?.instance,
        'A',
        'control: held in its own project',
      );
      assert.equal(
        hookFirst.claimForEdit({ instance: 'B', path: 'src/app.ts', ttlMs: 60_000, now }).kind,
        'held',
      );
      const readsFirst = openSqlitePlanReads(where.file, { busyTimeoutMs: 1_000, project: 'first-project' });
      assert.ok(readsFirst);
      t.after(() => readsFirst.close());
      assert.deepEqual(
        (await readsFirst.taskRunStates()).map((run) => run.state),
        ['first-project'],
      );
      assert.deepEqual(
        (await readsFirst.planEvents('p', ['plan-approved'])).map((event) => event.data.by),
        ['first-project'],
      );
    }
  });

  test(`${target.name}: rows stored before project keys are adopted by the first project that opens the store, once`, {
    skip: target.skip,
  }, async (t) => {
    const where = await target.location(t);
    const legacy = await openLegacyStore(where);
    const now = Date.now();
    await writeLegacyRows(legacy, now);
    await legacy.destroy();

    const adopter = await openAs(t, where, 'adopter');
    const expectAll = async (store: Store) => {
      assert.deepEqual(
        (await listClaims(store, { now })).map((claim) => claim.reason),
        ['legacy claim'],
      );
      assert.deepEqual(
        (await queryPool(store)).map((entry) => entry.topic),
        ['from before keys'],
      );
      assert.equal(await lastSessionStart(store, 'A'), now);
      assert.equal((await findSessionBinding(store, 'run.p.t'))?.sessionId, 'legacy-session');
      assert.equal(
        await takeCooldown(store, { instance: 'A', kind: 'edited', cooldownMs: 60_000, now: now + 1 }),
        false,
      );
      assert.deepEqual(
        (await listTaskRuns(store)).map((run) => `${run.planId}/${run.taskId} ${run.state}`),
        ['p/t merged'],
      );
      assert.equal((await getRunLease(store, 'p'))?.runnerId, 'r');
      assert.equal(await planSpend(store, 'p'), 1.5);
      const attention = await readAttention(store, 'A');
      assert.equal(attention[0]?.turn, 3);
      assert.deepEqual(
        attention[0]?.scores.map((score) => score.path),
        ['src/legacy.ts'],
      );
    };
    await expectAll(adopter);

    // Another project opening the store later finds none of them: they were adopted once.
    const later = await openAs(t, where, 'later');
    assert.deepEqual(await listClaims(later, { now }), []);
    assert.deepEqual(await queryPool(later), []);
    assert.equal(await lastSessionStart(later, 'A'), undefined);
    assert.equal(await findSessionBinding(later, 'run.p.t'), undefined);
    assert.deepEqual(await listTaskRuns(later), []);
    assert.equal(await getRunLease(later, 'p'), undefined);
    assert.equal(await planSpend(later, 'p'), 0);
    assert.deepEqual(await readAttention(later), []);
    const claimed = await acquireClaims(later, {
      instance: 'B',
      patterns: ['src/legacy.ts'],
      ttlMs: 60_000,
      exclusive: true,
      now,
    });
    assert.ok('granted' in claimed, "the adopted claim is not in another project's way");

    // The adopter keeps them on every later open.
    await adopter.close();
    await expectAll(await openAs(t, where, 'adopter'));
  });
}

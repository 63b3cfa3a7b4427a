// The runner lease: refused while its holder lives, taken over when the holder is dead.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { acquireRunLease, finishRunLease, getRunLease, renewRunLease } from '../../src/store/runs.ts';
import { storeTargets } from '../support/stores.ts';

for (const target of storeTargets) {
  test(`run lease on ${target.name}`, { skip: target.skip }, async (t) => {
    const { store } = await target.open(t);
    const base = { planId: 'p', pid: 100, host: 'h', staleAfterMs: 3000, now: 1_000 };
    const alive = () => true;
    assert.ok((await acquireRunLease(store, { ...base, runnerId: 'a', isProcessAlive: alive })).acquired);
    const refused = await acquireRunLease(store, {
      ...base,
      runnerId: 'b',
      pid: 200,
      now: 2_000,
      isProcessAlive: alive,
    });
    assert.equal(refused.acquired, false);
    assert.equal(!refused.acquired && refused.heldBy.runnerId, 'a');
    // The holder's pid is gone on this host: taken over at once.
    const takeover = await acquireRunLease(store, {
      ...base,
      runnerId: 'b',
      pid: 200,
      now: 2_000,
      isProcessAlive: (pid) => pid !== 100,
    });
    assert.ok(takeover.acquired && takeover.previous?.runnerId === 'a');
    assert.equal(await renewRunLease(store, 'p', 'a', 2_500), false);
    assert.equal(await renewRunLease(store, 'p', 'b', 2_500), true);
    // Another host cannot see the pid: only a stale heartbeat frees the lease.
    const elsewhere = { ...base, host: 'other', runnerId: 'c', pid: 300, isProcessAlive: () => false };
    assert.equal((await acquireRunLease(store, { ...elsewhere, now: 4_000 })).acquired, false);
    assert.ok((await acquireRunLease(store, { ...elsewhere, now: 6_000 })).acquired);
    await finishRunLease(store, 'p', 'c', 'finished', {}, 7_000);
    assert.equal((await getRunLease(store, 'p'))?.state, 'finished');
    assert.ok(
      (await acquireRunLease(store, { ...base, runnerId: 'd', now: 7_100, isProcessAlive: alive })).acquired,
    );
  });
}

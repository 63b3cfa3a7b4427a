import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appendEvent, listPlanEvents } from '../../src/store/event-log.ts';
import { storeTargets } from '../support/stores.ts';

for (const target of storeTargets) {
  test(`${target.name}: events are appended with ids and read back in order`, {
    skip: target.skip,
  }, async (t) => {
    const { store } = await target.open(t);
    const first = await appendEvent(store, { kind: 'plan-created', planId: 'p1', data: { state: 'review' } });
    const second = await appendEvent(store, {
      kind: 'plan-approved',
      planId: 'p1',
      instance: 'A',
      affects: ['a.ts', 'b.ts'],
    });
    await appendEvent(store, { kind: 'plan-created', planId: 'p2' });
    assert.ok(second.id > first.id);
    const events = await listPlanEvents(store, 'p1');
    assert.deepEqual(
      events.map((event) => [event.kind, event.instance, event.affects]),
      [
        ['plan-created', null, []],
        ['plan-approved', 'A', ['a.ts', 'b.ts']],
      ],
    );
    assert.deepEqual(events[0]?.data, { state: 'review' });
    assert.equal(typeof events[0]?.at, 'number');
  });

  test(`${target.name}: opening an already migrated store again works`, { skip: target.skip }, async (t) => {
    const { store } = await target.open(t);
    await appendEvent(store, { kind: 'note' });
    const rows = await store.db.selectFrom('events').select('id').execute();
    assert.equal(rows.length, 1);
  });
}

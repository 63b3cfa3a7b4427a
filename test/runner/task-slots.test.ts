import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TaskSlots } from '../../src/runner/task-slots.ts';

test('a released slot is free again and the scheduler is told', () => {
  let changes = 0;
  const slots = new TaskSlots(2, () => changes++);
  slots.take('T1');
  slots.take('T2');
  assert.equal(slots.free, 0);
  slots.release('T1');
  assert.equal(slots.free, 1);
  assert.equal(changes, 1);
  slots.release('T1');
  assert.equal(changes, 1, 'releasing twice changes nothing');
});

test('a task running again after a conflict gets the next slot before tasks not yet started', async () => {
  const slots = new TaskSlots(1, () => {});
  const never = new AbortController().signal;
  slots.take('T1');
  slots.release('T1'); // T1 waits for its merge
  slots.take('T2'); // T2 took the slot meanwhile
  let granted = false;
  const again = slots.takeAgain('T1', never).then(() => {
    granted = true;
  });
  await Promise.resolve();
  assert.equal(granted, false, 'no free slot yet');
  assert.equal(slots.free, 0, 'the waiting re-run counts against new tasks');
  slots.release('T2');
  await again;
  assert.equal(granted, true);
  assert.equal(slots.free, 0, 'T1 holds the slot now');
});

test('a stopped run ends the wait for a slot', async () => {
  const slots = new TaskSlots(1, () => {});
  slots.take('T2');
  const controller = new AbortController();
  const again = slots.takeAgain('T1', controller.signal);
  controller.abort();
  await again;
  slots.release('T2');
  assert.equal(slots.free, 1, 'the abandoned wait holds nothing');
});

test('a pick cancelled (claims denied) frees its slot for a waiting re-run, without waking the scheduler', async () => {
  let changes = 0;
  const slots = new TaskSlots(1, () => changes++);
  const never = new AbortController().signal;
  slots.take('T1');
  slots.release('T1'); // T1 waits for its merge
  slots.take('T2'); // the scheduler picked T2 and asks for its claims
  const again = slots.takeAgain('T1', never); // T1's merge conflicted meanwhile: it waits
  assert.equal(slots.free, 0);
  const before = changes;
  slots.cancel('T2'); // T2's claims were denied
  await again;
  assert.equal(changes, before, 'a cancelled pick is no news for the scheduler');
  assert.equal(slots.free, 0, 'T1 holds the slot: never two working tasks in one slot');
});

test('a re-run asking for a slot after the run was stopped does not wait', async () => {
  const slots = new TaskSlots(1, () => {});
  slots.take('T2');
  const controller = new AbortController();
  controller.abort();
  await slots.takeAgain('T1', controller.signal);
  assert.equal(slots.free, 0, 'T2 still holds the only slot; T1 took none');
});

// The page's live updates: a write to a SQLite store, by another connection (another process
// reads the same way: the kernel reports the write to the store's files), reaches the page's
// listeners without waiting for the safety interval, and a store nobody writes is not polled.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreWatcher } from '../../../src/integrations/ui/live.ts';
import { appendEvent, type StoredEvent } from '../../../src/store/event-log.ts';
import { openStore } from '../../../src/store/store.ts';
import { makeTemporaryDirectory } from '../../support/repository.ts';

test('a write to a SQLite store reaches the listeners when it happens, not at the next interval', async (t) => {
  const file = path.join(makeTemporaryDirectory(t, 'baton-live-'), 'baton.db');
  const pageStore = await openStore({ url: file });
  const writerStore = await openStore({ url: file });
  // An interval and a settling read of a minute: only the notification can bring the event in time.
  const watcher = new StoreWatcher(pageStore, { watchedIntervalMs: 60_000, settleMs: 60_000 });
  t.after(async () => {
    watcher.stop();
    await writerStore.close();
    await pageStore.close();
  });
  await appendEvent(writerStore, { kind: 'plan-created', planId: 'before' });
  await watcher.start();
  assert.equal(watcher.watching, true);
  await sleep(300);
  assert.equal(watcher.reads, 0, 'a store nobody writes is not read');

  const seen: Array<{ events: StoredEvent[]; states: Record<string, Array<{ taskId: string }>> }> = [];
  const arrived = new Promise<void>((resolve) =>
    watcher.listen((message) => {
      seen.push(JSON.parse(message));
      resolve();
    }),
  );
  await appendEvent(writerStore, { kind: 'task-started', planId: 'p', taskId: 'T1', data: { round: 1 } });
  const deadline = sleep(5_000, 'too late', { ref: false });
  assert.notEqual(await Promise.race([arrived, deadline]), 'too late');
  assert.deepEqual(
    seen.flatMap((batch) => batch.events.map((event) => [event.kind, event.planId, event.taskId])),
    [['task-started', 'p', 'T1']],
  );
  // With an event about a task go its plan's task states (none recorded here).
  assert.deepEqual(seen[0]!.states, { p: [] });
});

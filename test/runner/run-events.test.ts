// The run's events are scrubbed before anyone sees or stores them: a secret variable's value in
// an event's message or anywhere in its data is replaced, in what listeners get and in the store.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { type RunEvent, RunEventRecorder } from '../../src/runner/run-events.ts';
import { listPlanEvents } from '../../src/store/event-log.ts';
import { openStore } from '../../src/store/store.ts';
import { setEnvironment } from '../support/environment.ts';
import { makeTemporaryDirectory } from '../support/repository.ts';

test("an event's message and data are scrubbed of the environment's secrets, for listeners and the store", async (t) => {
  const secret = 'run-events-secret-0123456789';
  setEnvironment(t, { BATON_TEST_ACCESS_TOKEN: secret });
  const store = await openStore({ url: path.join(makeTemporaryDirectory(t), 'baton.db') });
  t.after(() => store.close());
  const recorder = new RunEventRecorder(store, 'runner-test');
  const heard: RunEvent[] = [];
  recorder.listen((event) => heard.push(event));
  recorder.emit({
    kind: 'task-round-failed',
    planId: 'p',
    taskId: 'T1',
    message: `verify printed ${secret}`,
    data: { output: [`line with ${secret}`], nested: { value: secret }, count: 2 },
  });
  recorder.emit({ kind: 'task-started', planId: 'p', taskId: 'T2', message: 'started' });
  assert.equal(await recorder.flush(), undefined);

  const redacted = '[redacted BATON_TEST_ACCESS_TOKEN]';
  assert.equal(heard[0]?.message, `verify printed ${redacted}`);
  assert.deepEqual(heard[0]?.data, {
    output: [`line with ${redacted}`],
    nested: { value: redacted },
    count: 2,
  });
  assert.equal('data' in (heard[1] ?? {}), false);
  const stored = JSON.stringify(await listPlanEvents(store, 'p'));
  assert.ok(stored.includes(redacted));
  assert.equal(stored.includes(secret), false);
});

// `baton run` with the `model` executor: the real AI SDK Anthropic provider against the local
// fake Messages server. The executor writes its declared file through baton's tools; its write
// outside the declared files is refused in the tool layer, answered to the model, and recorded
// as an event of the run's plan and task; its usage is recorded by role.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { listPlanEvents } from '../../src/store/event-log.ts';
import { openStore } from '../../src/store/store.ts';
import { makeRunRepository, parseEvents, reviewerSpec } from '../runner/support/run-repository.ts';
import { startBaton } from '../support/cli.ts';
import { lastToolResults, startFakeAnthropic } from '../support/fake-anthropic.ts';
import { git } from '../support/repository.ts';

test('a model executor in a run: declared file merged, write outside refused and recorded, usage recorded', async (t) => {
  const run = makeRunRepository(t, 'modelled', [{ id: 'T1', files: ['notes/t1.txt'] }], {
    sandbox: 'auto',
  });
  const server = await startFakeAnthropic({
    isConversation: () => true,
    turns: [
      {
        content: [
          { type: 'tool_use', name: 'write_file', input: { path: 'README.md', content: 'taken over\n' } },
          { type: 'tool_use', name: 'write_file', input: { path: 'notes/t1.txt', content: 'T1 OK\n' } },
        ],
      },
      { content: [{ type: 'tool_use', name: 'finish', input: { summary: 'Wrote notes/t1.txt.' } }] },
    ],
  });
  t.after(() => server.close());

  const result = await startBaton(
    run.repository,
    [
      'run',
      'modelled',
      '--executor',
      'model:anthropic:claude-sonnet-4-5',
      '--reviewer',
      reviewerSpec,
      '--json',
    ],
    { env: { ...run.env, ANTHROPIC_API_KEY: 'sk-ant-test-run-0123456789', ANTHROPIC_BASE_URL: server.url } },
  );
  assert.equal(result.status, 0, result.stderr + result.stdout);
  assert.equal(git(run.repository, 'show', 'baton/modelled:notes/t1.txt'), 'T1 OK');
  assert.throws(
    () => git(run.repository, 'show', 'baton/modelled:README.md'),
    'README.md never reaches the branch',
  );

  // The model was told, in the tool's answer, why its first write was refused.
  const toolAnswers = JSON.stringify(lastToolResults(server.requests.at(-1)!));
  assert.match(toolAnswers, /README\.md/);

  const store = await openStore({ url: path.join(run.repository, '.baton', 'baton.db') });
  t.after(() => store.close());
  const refusals = (await listPlanEvents(store, 'modelled', ['tool-refused'])).filter(
    (event) => event.taskId === 'T1',
  );
  assert.equal(refusals.length, 1);
  assert.equal(refusals[0]?.data.path, 'README.md');
  // Under the task's own instance, and shown in the run's progress as it happened.
  assert.equal(refusals[0]?.instance, 'run.modelled.T1');
  const denied = parseEvents(result.stdout).filter((event) => event.kind === 'task-denied');
  assert.equal(denied.length, 1);
  assert.match(denied[0]!.message, /^executor: refused by baton: executor write_file: .*README\.md/);
  const usage = await store.db.selectFrom('usage').selectAll().where('plan_id', '=', 'modelled').execute();
  assert.ok(
    usage.some((row) => row.role === 'executor' && row.task_id === 'T1' && Number(row.input_tokens) > 0),
  );
  const rows = JSON.stringify(await store.db.selectFrom('events').selectAll().execute());
  assert.doesNotMatch(rows, /sk-ant-test-run/, 'the API key never reaches the store');
});

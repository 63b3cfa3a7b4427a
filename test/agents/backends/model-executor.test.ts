// The model backend's executor through the real AI SDK Anthropic provider against the local
// fake Messages server: it edits files in a real git worktree with baton's tools, and a write
// outside its declared files is refused, answered to the model and recorded as an event.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { ExecuteRequest, Usage } from '../../../src/agents/backend.ts';
import type { WithModelHooks } from '../../../src/agents/backends/model-hooks.ts';
import { refusalRecorder } from '../../../src/agents/tools/record-refusal.ts';
import { listPlanEvents } from '../../../src/store/event-log.ts';
import { openStore } from '../../../src/store/store.ts';
import { lastToolResults, requestText, startFakeAnthropic } from '../../support/fake-anthropic.ts';
import { git, makeRepository, makeTemporaryDirectory } from '../../support/repository.ts';
import { anthropicKey, executeRequest, fakeModelBackend } from './model-fixture.ts';

test('an executor edits its declared file in a worktree with write_file and edit_file; a write elsewhere is refused and recorded', async (t) => {
  const repository = makeRepository(t);
  const worktree = path.join(makeTemporaryDirectory(t, 'baton-worktrees-'), 'T1');
  git(repository, 'worktree', 'add', '--quiet', '-b', 'baton/greeting/T1', worktree);
  const buildFile = path.join(makeTemporaryDirectory(t, 'baton-build-'), 'BUILD_T1.md');
  writeFileSync(buildFile, '# T1: Create the greeting\n\nExport greet(name) returning "Hello, name".\n');
  const store = await openStore({ url: path.join(makeTemporaryDirectory(t, 'baton-store-'), 'baton.db') });
  t.after(() => store.close());

  const server = await startFakeAnthropic({
    isConversation: () => true,
    turns: [
      {
        content: [
          { type: 'text', text: 'Writing the module.' },
          {
            type: 'tool_use',
            name: 'write_file',
            input: { path: 'src/greet.js', content: 'exports.greet = (name) => "Hi, " + name;\n' },
          },
          { type: 'tool_use', name: 'write_file', input: { path: 'src/other.js', content: 'x\n' } },
        ],
        usage: { cache_read_input_tokens: 40, cache_creation_input_tokens: 10 },
      },
      {
        content: [
          {
            type: 'tool_use',
            name: 'edit_file',
            input: { path: 'src/greet.js', oldText: '"Hi, "', newText: '"Hello, "' },
          },
        ],
      },
      { content: [{ type: 'tool_use', name: 'finish', input: { summary: 'Created src/greet.js.' } }] },
    ],
  });
  t.after(() => server.close());

  const backend = await fakeModelBackend({
    role: 'executor',
    model: 'anthropic:claude-sonnet-4-5',
    repositoryRoot: repository,
    env: { ANTHROPIC_API_KEY: anthropicKey, ANTHROPIC_BASE_URL: server.url },
  });
  const usages: Usage[] = [];
  const request: WithModelHooks<ExecuteRequest> = {
    ...executeRequest(worktree, buildFile, usages),
    onRefusal: refusalRecorder(store, { role: 'executor', planId: 'greeting', taskId: 'T1', instance: 'w1' }),
  };
  const outcome = await backend.execute!(request);

  assert.deepEqual(outcome, { status: 'finished', summary: 'Created src/greet.js.' });
  assert.equal(
    readFileSync(path.join(worktree, 'src', 'greet.js'), 'utf8'),
    'exports.greet = (name) => "Hello, " + name;\n',
  );
  assert.equal(existsSync(path.join(worktree, 'src', 'other.js')), false);
  assert.equal(existsSync(path.join(repository, 'src', 'greet.js')), false, 'the main checkout was touched');

  const requests = server.conversationRequests();
  assert.equal(requests.length, 3);
  assert.match(requestText(requests[0]!), /Export greet\(name\) returning "Hello, name"/);
  assert.match(requestText(requests[0]!), /You may change only these files: src\/greet\.js/);
  const answers = lastToolResults(requests[1]!);
  assert.equal(answers.length, 2);
  assert.equal(answers[0]!.isError, false);
  assert.equal(answers[1]!.isError, true);
  assert.match(answers[1]!.text, /OUTSIDE_TASK_FILES/);
  assert.match(answers[1]!.text, /src\/other\.js is not among this task's declared files \(src\/greet\.js\)/);
  // The tools were offered with their schemas, and only the executor's.
  const offered = (requests[0]!.body?.tools ?? []).map((tool) => tool.name).sort();
  assert.deepEqual(offered, [
    'edit_file',
    'finish',
    'list_files',
    'read_file',
    'report_blocked',
    'run_command',
    'search',
    'write_file',
  ]);

  const refused = await listPlanEvents(store, 'greeting', ['tool-refused']);
  assert.equal(refused.length, 1);
  assert.equal(refused[0]!.taskId, 'T1');
  assert.deepEqual(refused[0]!.affects, ['src/other.js']);
  assert.equal(refused[0]!.data.code, 'OUTSIDE_TASK_FILES');

  assert.equal(usages.length, 3);
  assert.deepEqual(usages[0], {
    inputTokens: 100,
    outputTokens: 20,
    cacheReadTokens: 40,
    cacheWriteTokens: 10,
    model: 'anthropic:claude-sonnet-4-5',
  });
});

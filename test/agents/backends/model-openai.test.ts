// The model backend through the AI SDK's real OpenAI provider (Chat Completions) against the
// local fake server: streamed and not streamed reach the same result; a 429 is retried after
// the Retry-After it asked for; Ctrl-C aborts a call in flight.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Usage } from '../../../src/agents/backend.ts';
import {
  chatRequestText,
  lastToolMessages,
  type OpenAIScript,
  startFakeOpenAI,
} from '../../support/fake-openai.ts';
import { executeRequest, fakeModelBackend, openaiKey, setUpWorktree } from './model-fixture.ts';

function executorScript(): OpenAIScript[] {
  return [
    {
      content: 'Creating it.',
      toolCalls: [
        {
          name: 'write_file',
          arguments: { path: 'src/greet.js', content: 'exports.greet = (n) => "Hello, " + n;\n' },
        },
      ],
      usage: { prompt_tokens: 100, completion_tokens: 20, cached_tokens: 30 },
    },
    (request) => {
      // The tool's answer came back on the next request.
      const [answer] = lastToolMessages(request);
      return answer && /"bytesWritten"/.test(answer.content)
        ? { toolCalls: [{ name: 'finish', arguments: { summary: 'Wrote src/greet.js.' } }] }
        : { content: `unexpected: ${JSON.stringify(answer)}` };
    },
  ];
}

for (const stream of [true, false]) {
  test(`OpenAI Chat Completions, ${stream ? 'streamed' : 'not streamed'}: the executor writes its file and finishes`, async (t) => {
    const { repository, worktree, buildFile } = setUpWorktree(t);
    const server = await startFakeOpenAI({ turns: executorScript() });
    t.after(() => server.close());
    const backend = await fakeModelBackend({
      role: 'executor',
      model: 'openai:gpt-5',
      repositoryRoot: repository,
      env: { OPENAI_API_KEY: openaiKey, OPENAI_BASE_URL: server.url },
      stream,
    });
    const usages: Usage[] = [];
    const outcome = await backend.execute!(executeRequest(worktree, buildFile, usages));
    assert.deepEqual(outcome, { status: 'finished', summary: 'Wrote src/greet.js.' });
    assert.equal(
      readFileSync(path.join(worktree, 'src', 'greet.js'), 'utf8'),
      'exports.greet = (n) => "Hello, " + n;\n',
    );
    const requests = server.chatRequests();
    assert.equal(requests.length, 2);
    assert.equal(requests[0]!.body?.stream === true, stream);
    if (stream) assert.equal(requests[0]!.body?.stream_options?.include_usage, true);
    assert.equal(requests[0]!.headers.authorization, `Bearer ${openaiKey}`);
    assert.match(chatRequestText(requests[0]!), /Export greet\(name\)/);
    assert.deepEqual(usages, [
      { inputTokens: 70, outputTokens: 20, cacheReadTokens: 30, cacheWriteTokens: 0, model: 'openai:gpt-5' },
      { inputTokens: 100, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0, model: 'openai:gpt-5' },
    ]);
  });
}

test('a 429 then a success: retried after the Retry-After asked for, one result, usage of the answered call only', async (t) => {
  const { repository, worktree, buildFile } = setUpWorktree(t);
  const server = await startFakeOpenAI({
    turns: [
      { fail: { status: 429, retryAfter: 7, message: 'Rate limit reached' } },
      { toolCalls: [{ name: 'finish', arguments: { summary: 'Nothing to do.' } }] },
    ],
  });
  t.after(() => server.close());
  const delays: number[] = [];
  const backend = await fakeModelBackend({
    role: 'executor',
    model: 'openai:gpt-5',
    repositoryRoot: repository,
    env: { OPENAI_API_KEY: openaiKey, OPENAI_BASE_URL: server.url },
    delays,
  });
  const usages: Usage[] = [];
  const outcome = await backend.execute!(executeRequest(worktree, buildFile, usages));
  assert.deepEqual(outcome, { status: 'finished', summary: 'Nothing to do.' });
  assert.equal(server.chatRequests().length, 2);
  assert.deepEqual(delays, [7000]);
  assert.equal(usages.length, 1);
});

test('a 500 on every attempt: the executor fails after the retries, with the status and no key', async (t) => {
  const { repository, worktree, buildFile } = setUpWorktree(t);
  const failing = await startFakeOpenAI({
    turns: [
      { fail: { status: 500, message: `boom ${openaiKey}` } },
      { fail: { status: 500, message: `boom ${openaiKey}` } },
      { fail: { status: 500, message: `boom ${openaiKey}` } },
    ],
  });
  t.after(() => failing.close());
  const delays: number[] = [];
  const backend = await fakeModelBackend({
    role: 'executor',
    model: 'openai:gpt-5',
    repositoryRoot: repository,
    env: { OPENAI_API_KEY: openaiKey, OPENAI_BASE_URL: failing.url },
    delays,
    retry: { attempts: 3 },
  });
  const outcome = await backend.execute!(executeRequest(worktree, buildFile, []));
  assert.equal(outcome.status, 'failed');
  assert.equal(failing.chatRequests().length, 3);
  assert.equal(delays.length, 2);
  assert.match(outcome.status === 'failed' ? outcome.reason : '', /HTTP 500/);
  assert.equal(JSON.stringify(outcome).includes(openaiKey), false);
});

test('Ctrl-C aborts a call in flight: no retry, the abort reason comes back', async (t) => {
  const { repository, worktree, buildFile } = setUpWorktree(t);
  const server = await startFakeOpenAI({ turns: [{ content: 'late', holdMs: 30_000 }] });
  t.after(() => server.close());
  const backend = await fakeModelBackend({
    role: 'executor',
    model: 'openai:gpt-5',
    repositoryRoot: repository,
    env: { OPENAI_API_KEY: openaiKey, OPENAI_BASE_URL: server.url },
  });
  const controller = new AbortController();
  const running = backend.execute!(executeRequest(worktree, buildFile, [], controller.signal));
  while (server.chatRequests().length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  controller.abort(new Error('interrupted (Ctrl-C)'));
  await assert.rejects(running, /interrupted \(Ctrl-C\)/);
  assert.equal(server.chatRequests().length, 1);
});

// The model backend through the AI SDK's real Google provider against a local fake of the
// Gemini API: streamed and not streamed, the executor writes its file through baton's tools
// and finishes; the key travels in x-goog-api-key; usage is read from usageMetadata; a 429 is
// retried after the Retry-After it asked for.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Usage } from '../../../src/agents/backend.ts';
import { functionResponses, type GeminiScript, startFakeGoogle } from '../../support/fake-google.ts';
import { executeRequest, fakeModelBackend, setUpWorktree } from './model-fixture.ts';

const googleKey = 'AIzaSy-test-google-0123456789abcdef';

function executorScript(): GeminiScript[] {
  return [
    {
      text: 'Creating it.',
      functionCalls: [
        {
          name: 'write_file',
          args: { path: 'src/greet.js', content: 'exports.greet = (n) => "Hi, " + n;\n' },
        },
      ],
      usage: { promptTokenCount: 100, candidatesTokenCount: 20, cachedContentTokenCount: 30 },
    },
    (request) => {
      // The tool's answer came back on the next request.
      const [answer] = functionResponses(request);
      return answer && /bytesWritten/.test(JSON.stringify(answer.response))
        ? { functionCalls: [{ name: 'finish', args: { summary: 'Wrote src/greet.js.' } }] }
        : { text: `unexpected: ${JSON.stringify(request.body.contents?.at(-1))}` };
    },
  ];
}

for (const stream of [true, false]) {
  test(`Gemini, ${stream ? 'streamed' : 'not streamed'}: the executor writes its file and finishes`, async (t) => {
    const { repository, worktree, buildFile } = setUpWorktree(t);
    const server = await startFakeGoogle({ turns: executorScript() });
    t.after(() => server.close());
    const backend = await fakeModelBackend({
      role: 'executor',
      model: 'google:gemini-2.5-pro',
      repositoryRoot: repository,
      env: { GOOGLE_GENERATIVE_AI_API_KEY: googleKey, GOOGLE_GENERATIVE_AI_BASE_URL: server.url },
      stream,
    });
    const usages: Usage[] = [];
    const outcome = await backend.execute!(executeRequest(worktree, buildFile, usages));
    assert.deepEqual(outcome, { status: 'finished', summary: 'Wrote src/greet.js.' });
    assert.equal(
      readFileSync(path.join(worktree, 'src', 'greet.js'), 'utf8'),
      'exports.greet = (n) => "Hi, " + n;\n',
    );
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[0]!.streamed, stream);
    assert.match(server.requests[0]!.path, /\/models\/gemini-2\.5-pro:/);
    assert.equal(server.requests[0]!.headers['x-goog-api-key'], googleKey);
    assert.match(JSON.stringify(server.requests[0]!.body.contents), /Export greet\(name\)/);
    const declared = server.requests[0]!.body.tools?.flatMap((tool) => tool.functionDeclarations ?? []);
    assert.ok(declared?.some((declaration) => declaration.name === 'write_file'));
    assert.deepEqual(usages, [
      {
        inputTokens: 70,
        outputTokens: 20,
        cacheReadTokens: 30,
        cacheWriteTokens: 0,
        model: 'google:gemini-2.5-pro',
      },
      {
        inputTokens: 100,
        outputTokens: 20,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        model: 'google:gemini-2.5-pro',
      },
    ]);
  });
}

test('Gemini: a 429 then a success is retried after the Retry-After asked for', async (t) => {
  const { repository, worktree, buildFile } = setUpWorktree(t);
  const server = await startFakeGoogle({
    turns: [
      { fail: { status: 429, retryAfter: 5, message: 'Resource has been exhausted' } },
      { functionCalls: [{ name: 'finish', args: { summary: 'Nothing to do.' } }] },
    ],
  });
  t.after(() => server.close());
  const delays: number[] = [];
  const backend = await fakeModelBackend({
    role: 'executor',
    model: 'google:gemini-2.5-pro',
    repositoryRoot: repository,
    env: { GOOGLE_GENERATIVE_AI_API_KEY: googleKey, GOOGLE_GENERATIVE_AI_BASE_URL: server.url },
    delays,
  });
  const outcome = await backend.execute!(executeRequest(worktree, buildFile, []));
  assert.deepEqual(outcome, { status: 'finished', summary: 'Nothing to do.' });
  assert.equal(server.requests.length, 2);
  assert.deepEqual(delays, [5000]);
});

// The codex backend against a stand-in `codex` on PATH that prints `codex exec --json` events
// (thread.started, item.completed agent_message, turn.completed with usage) and records the
// arguments it was given: the exact command line and the parsing of odd lines. The real Codex
// CLI runs in codex-cli.test.ts.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { createBackend } from '../../../src/agents/backends/load-backend.ts';
import { selectBackend } from '../../../src/agents/select-backend.ts';
import { makeRepository, makeTemporaryDirectory } from '../../support/repository.ts';
import { greetingRequest } from './execute-request.ts';

function fakeCodex(t: TestContext, body: string): string {
  const bin = makeTemporaryDirectory(t, 'baton-fake-codex-');
  const file = path.join(bin, 'codex');
  writeFileSync(
    file,
    `#!/usr/bin/env bash
printf '%s\\n' "$@" > "$FAKE_CODEX_LOG"
cat > "$FAKE_CODEX_LOG.prompt"
echo '{"type":"thread.started","thread_id":"th_1"}'
echo '{"type":"turn.started"}'
${body}
`,
  );
  chmodSync(file, 0o755);
  return bin;
}

async function run(t: TestContext, body: string, files = ['src/greet.js']) {
  const repository = makeRepository(t);
  mkdirSync(path.join(repository, 'src'));
  const bin = fakeCodex(t, body);
  const log = path.join(makeTemporaryDirectory(t, 'baton-codex-log-'), 'args');
  const descriptor = await selectBackend({
    role: 'executor',
    config: { roles: undefined },
    flag: 'codex:gpt-5-codex',
  });
  const backend = await createBackend(descriptor, {
    repositoryRoot: repository,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_CODEX_LOG: log },
  });
  const { request, usages } = greetingRequest(repository, files, '/tmp/BUILD_T1.md');

  const outcome = await backend.execute!(request);
  return {
    outcome,
    usages,
    args: readFileSync(log, 'utf8').trim().split('\n'),
    prompt: readFileSync(`${log}.prompt`, 'utf8'),
  };
}

test('codex executor: the last agent message is the summary, usage from turn.completed', async (t) => {
  const { outcome, usages, args, prompt } = await run(
    t,
    `echo 'exports.greet = 1;' > src/greet.js
echo '{"type":"item.completed","item":{"id":"i1","type":"file_change","changes":[{"path":"src/greet.js","kind":"add"}],"status":"completed"}}'
echo 'not json at all'
echo '{"type":"item.completed","item":{"id":"i2","type":"agent_message","text":"Created src/greet.js."}}'
echo '{"type":"turn.completed","usage":{"input_tokens":1200,"cached_input_tokens":200,"output_tokens":300}}'`,
  );
  assert.deepEqual(outcome, { status: 'finished', summary: 'Created src/greet.js.' });
  assert.deepEqual(usages, [
    {
      inputTokens: 1000,
      outputTokens: 300,
      cacheReadTokens: 200,
      cacheWriteTokens: 0,
      model: 'openai:gpt-5-codex',
    },
  ]);
  assert.deepEqual(args.slice(0, 2), ['exec', '--json']);
  assert.ok(args.includes('workspace-write'));
  assert.deepEqual(args.slice(args.indexOf('--model'), args.indexOf('--model') + 2), [
    '--model',
    'gpt-5-codex',
  ]);
  assert.equal(args[args.length - 1], '-');
  assert.match(prompt, /executor of task T1/);
});

test('codex executor: a change outside the declared files fails the round, naming the file', async (t) => {
  const { outcome } = await run(
    t,
    `echo 'x' > src/greet.js; echo 'y' > src/sneaky.js
echo '{"type":"item.completed","item":{"id":"i2","type":"agent_message","text":"Done."}}'
echo '{"type":"turn.completed","usage":{"input_tokens":10,"cached_input_tokens":0,"output_tokens":5}}'`,
  );
  assert.equal(outcome.status, 'failed');
  assert.match(
    (outcome as { reason: string }).reason,
    /outside the task's declared files \(src\/greet\.js\): src\/sneaky\.js/,
  );
});

test('codex executor: turn.failed is failed; a BATON-BLOCKED line is blocked', async (t) => {
  const failed = await run(
    t,
    `echo '{"type":"turn.failed","error":{"message":"stream disconnected"}}'; exit 1`,
  );
  assert.equal(failed.outcome.status, 'failed');
  assert.match((failed.outcome as { reason: string }).reason, /stream disconnected/);
  const blocked = await run(
    t,
    `echo '{"type":"item.completed","item":{"id":"i","type":"agent_message","text":"I cannot.\\nBATON-BLOCKED: the schema file is not in scope"}}'
echo '{"type":"turn.completed","usage":{"input_tokens":10,"cached_input_tokens":0,"output_tokens":5}}'`,
  );
  assert.deepEqual(blocked.outcome, { status: 'blocked', reason: 'the schema file is not in scope' });
});

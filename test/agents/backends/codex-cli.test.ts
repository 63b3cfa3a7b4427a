// The codex backend with the real Codex CLI (`codex exec --json`, the npm dev dependency)
// against a local fake of the OpenAI Responses API. What the model asks for is scripted; Codex
// itself runs the commands, in its own sandbox, and baton reads what Codex prints.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, type TestContext, test } from 'node:test';
import type { ExecuteRequest } from '../../../src/agents/backend.ts';
import { createBackend } from '../../../src/agents/backends/load-backend.ts';
import { selectBackend } from '../../../src/agents/select-backend.ts';
import { codexEnvironment, codexUnavailable } from '../../support/codex-cli.ts';
import {
  type ResponsesTurn,
  responsesRequestText,
  startFakeResponses,
  toolOutputs,
} from '../../support/fake-openai-responses.ts';
import { makeRepository, makeTemporaryDirectory } from '../../support/repository.ts';
import { greetingRequest } from './execute-request.ts';

if (codexUnavailable) process.stderr.write(`notice: ${codexUnavailable}\n`);

async function execute(
  t: TestContext,
  turns: ResponsesTurn[],
  files = ['src/greet.js'],
  extra: Partial<ExecuteRequest> = {},
) {
  const server = await startFakeResponses({ turns });
  t.after(() => server.close());
  const repository = makeRepository(t);
  mkdirSync(path.join(repository, 'src'));
  const backend = await createBackend(
    await selectBackend({ role: 'executor', config: { roles: undefined }, flag: 'codex' }),
    { repositoryRoot: repository, env: { ...process.env, ...codexEnvironment(t, server) } },
  );
  const { request, usages } = greetingRequest(
    repository,
    files,
    path.join(makeTemporaryDirectory(t), 'BUILD_T1.md'),
  );

  const outcome = await backend.execute!({ ...request, ...extra });
  return { outcome, usages, server, repository };
}

describe('the codex backend with the real Codex CLI', { skip: codexUnavailable }, () => {
  test('an executor writes its file through Codex; the last message is the summary; usage recorded', async (t) => {
    const { outcome, usages, server, repository } = await execute(t, [
      { commands: ["printf 'exports.greet = () => 1;\\n' > src/greet.js"], usage: { input_tokens: 900 } },
      { text: 'Created src/greet.js.', usage: { input_tokens: 1000, cached_tokens: 400, output_tokens: 30 } },
    ]);
    assert.deepEqual(outcome, { status: 'finished', summary: 'Created src/greet.js.' });
    assert.equal(readFileSync(path.join(repository, 'src/greet.js'), 'utf8'), 'exports.greet = () => 1;\n');
    // baton's executor prompt reached the model, and Codex sent the command's result back.
    assert.equal(server.requests.length, 2);
    assert.match(responsesRequestText(server.requests[0]!), /executor of task T1/);
    assert.match(toolOutputs(server.requests[1]!).join('\n'), /exited with code 0/);
    assert.equal(usages.length, 1);
    assert.equal(usages[0]!.outputTokens, 20 + 30);
    assert.equal(usages[0]!.cacheReadTokens, 400);
    assert.equal(usages[0]!.inputTokens, 900 + 1000 - 400);
  });

  test("the executor is told the task's instance; Codex has no session for baton to bind", async (t) => {
    const bound: string[] = [];
    const { outcome, repository } = await execute(
      t,
      [{ commands: ['printf "%s" "$BATON_INSTANCE" > src/greet.js'] }, { text: 'Wrote it.' }],
      ['src/greet.js'],
      { instance: 'run.greeting.T1', bindSession: async (sessionId) => void bound.push(sessionId) },
    );
    assert.equal(outcome.status, 'finished');
    assert.equal(readFileSync(path.join(repository, 'src/greet.js'), 'utf8'), 'run.greeting.T1');
    assert.deepEqual(bound, []);
  });

  test("the executor's sandbox: nothing outside the worktree, not even /tmp; its own TMPDIR is writable", async (t) => {
    const outside = makeTemporaryDirectory(t, 'baton-outside-');
    const { outcome, server } = await execute(t, [
      {
        commands: [
          `echo leak > ${outside}/leak.txt; echo "scratch at $TMPDIR" > "$TMPDIR/scratch.txt" && cat "$TMPDIR/scratch.txt"; echo inside > src/greet.js`,
        ],
      },
      { text: 'Tried.' },
    ]);
    assert.equal(outcome.status, 'finished');
    assert.equal(existsSync(path.join(outside, 'leak.txt')), false, 'Codex wrote outside the worktree');
    const output = toolOutputs(server.requests[1]!).join('\n');
    assert.match(output, /leak\.txt: Read-only file system/);
    const scratch = /scratch at (\S+)/.exec(output)?.[1];
    assert.ok(scratch, `the scratch folder was writable: ${output}`);
    assert.equal(existsSync(scratch), false, 'the scratch folder is removed after the run');
  });

  test('a change beside the declared files fails the round, naming the file', async (t) => {
    const { outcome } = await execute(t, [
      { commands: ["echo 'x' > src/greet.js; echo 'y' > src/sneaky.js"] },
      { text: 'Done.' },
    ]);
    assert.equal(outcome.status, 'failed');
    assert.match(
      (outcome as { reason: string }).reason,
      /outside the task's declared files \(src\/greet\.js\): src\/sneaky\.js/,
    );
  });

  test('a BATON-BLOCKED line in the last message reports the task blocked', async (t) => {
    const { outcome } = await execute(t, [
      { text: 'I cannot do this.\nBATON-BLOCKED: the schema file is not among my files' },
    ]);
    assert.deepEqual(outcome, { status: 'blocked', reason: 'the schema file is not among my files' });
  });
});

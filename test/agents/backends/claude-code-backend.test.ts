// The claude-code backend with the real Claude Code CLI against the local fake Anthropic
// server: what the "model" does is scripted; what Claude Code, baton's backend and baton's hooks
// (passed with --settings) do with it is real.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, type TestContext, test } from 'node:test';
import type { ExecuteRequest, Usage } from '../../../src/agents/backend.ts';
import { createBackend } from '../../../src/agents/backends/load-backend.ts';
import { selectBackend } from '../../../src/agents/select-backend.ts';
import { parsePlan } from '../../../src/core/plan/parse.ts';
import { openStore } from '../../../src/store/store.ts';
import { claudeBin, claudeEnvironment, claudeUnavailable } from '../../support/claude-code.ts';
import { childEnvironment, runBaton } from '../../support/cli.ts';
import {
  lastToolResults,
  requestText,
  type ScriptedTurn,
  startFakeAnthropic,
} from '../../support/fake-anthropic.ts';
import { cleanPlanText } from '../../support/plans.ts';
import { makeRepository, makeTemporaryDirectory } from '../../support/repository.ts';

if (claudeUnavailable) process.stderr.write(`notice: ${claudeUnavailable}\n`);

const plan = parsePlan(cleanPlanText('greeting')).plan;
const write = (filePath: string, content: string): ScriptedTurn => ({
  content: [{ type: 'tool_use', name: 'Write', input: { file_path: filePath, content } }],
});
const say = (text: string): ScriptedTurn => ({ content: [{ type: 'text', text }] });

function request(repository: string, usages: Usage[]): ExecuteRequest {
  return {
    planId: 'greeting',
    plan,
    task: plan.tasks[0]!,
    workdir: repository,
    buildFile: path.join(repository, '.baton', 'handoff', 'greeting', 'BUILD_T1.md'),
    round: 1,
    instance: 'exec-1',
    signal: new AbortController().signal,
    onUsage: (usage) => void usages.push(usage),
  };
}

describe('the claude-code backend under the real Claude Code CLI', { skip: claudeUnavailable }, () => {
  test('an executor run writes its declared file; usage and cost come from the result event', async (t) => {
    const repository = makeRepository(t);
    const home = makeTemporaryDirectory(t, 'baton-home-');
    assert.equal(runBaton(repository, ['init'], { env: { HOME: home } }).status, 0);
    const greet = path.join(repository, 'src', 'greet.js');
    const scripted = await startFakeAnthropic({
      turns: [write(greet, 'exports.greet = (name) => "Hello, " + name;\n'), say('Wrote src/greet.js.')],
    });
    t.after(() => scripted.close());
    const { backend: executor } = await setUpWith(t, repository, scripted.url, home);
    const usages: Usage[] = [];
    const outcome = await executor.execute!(request(repository, usages));
    assert.deepEqual(outcome, { status: 'finished', summary: 'Wrote src/greet.js.' });
    assert.equal(readFileSync(greet, 'utf8'), 'exports.greet = (name) => "Hello, " + name;\n');
    // The prompt (on stdin) named the task and its files.
    const first = scripted.conversationRequests()[0];
    assert.ok(first);
    assert.match(requestText(first), /executor of task T1 \("Create the greeting"\) of plan greeting/);
    assert.match(requestText(first), /You may change only these files: src\/greet\.js/);
    assert.equal(usages.length, 1);
    const [usage] = usages;
    assert.ok(usage!.inputTokens >= 200, JSON.stringify(usage));
    assert.ok(usage!.outputTokens >= 40, JSON.stringify(usage));
    assert.equal(typeof usage!.costUsd, 'number');
    assert.match(usage!.model ?? '', /^anthropic:/);
  });

  test('a session under an instance is bound before it starts; a binding that fails starts no session', async (t) => {
    const repository = makeRepository(t);
    const home = makeTemporaryDirectory(t, 'baton-home-');
    assert.equal(runBaton(repository, ['init'], { env: { HOME: home } }).status, 0);
    const server = await startFakeAnthropic({ turns: [say('Nothing to do.')] });
    t.after(() => server.close());
    const { backend } = await setUpWith(t, repository, server.url, home);
    await assert.rejects(
      backend.execute!({
        ...request(repository, []),
        instance: 'run.greeting.T1',
        bindSession: async () => {
          throw new Error('the store is locked');
        },
      }),
      /the store is locked/,
    );
    assert.equal(server.requests.length, 0, 'a session started without its binding');
    // Control: a binding that succeeds is made once, with a session id, before the session.
    const bound: string[] = [];
    const outcome = await backend.execute!({
      ...request(repository, []),
      instance: 'run.greeting.T1',
      bindSession: async (sessionId) => {
        assert.equal(server.requests.length, 0);
        bound.push(sessionId);
      },
    });
    assert.equal(outcome.status, 'finished');
    assert.equal(bound.length, 1);
    assert.match(bound[0]!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test("an edit outside BATON_TASK_FILES is denied by baton's hooks, and recorded", async (t) => {
    const repository = makeRepository(t);
    const home = makeTemporaryDirectory(t, 'baton-home-');
    assert.equal(runBaton(repository, ['init'], { env: { HOME: home } }).status, 0);
    const outside = path.join(repository, 'src', 'other.js');
    const greet = path.join(repository, 'src', 'greet.js');
    const server = await startFakeAnthropic({
      turns: [
        write(outside, 'exports.other = 1;\n'),
        write(greet, 'exports.greet = () => "hi";\n'),
        say('Done.'),
      ],
    });
    t.after(() => server.close());
    const { backend } = await setUpWith(t, repository, server.url, home);
    const outcome = await backend.execute!(request(repository, []));
    assert.equal(outcome.status, 'finished');
    assert.equal(existsSync(outside), false, 'the write outside the declared files went through');
    assert.equal(readFileSync(greet, 'utf8'), 'exports.greet = () => "hi";\n');
    const afterDenial = server.conversationRequests()[1];
    assert.ok(afterDenial);
    const [result] = lastToolResults(afterDenial);
    assert.ok(result?.isError);
    assert.match(result.text, /src\/other\.js is not among this task's declared files \(src\/greet\.js\)/);
    const store = await openStore({ url: path.join(repository, '.baton', 'baton.db') });
    try {
      const denied = await store.db
        .selectFrom('events')
        .selectAll()
        .where('kind', '=', 'edit-denied')
        .execute();
      assert.equal(denied.length, 1);
      assert.equal(denied[0]!.instance, 'exec-1');
      assert.match(denied[0]!.data ?? '', /"path":"src\/other\.js"/);
    } finally {
      await store.close();
    }
  });
});

async function setUpWith(
  t: TestContext,
  repository: string,
  serverUrl: string,
  home = makeTemporaryDirectory(t, 'baton-home-'),
) {
  mkdirSync(path.join(repository, 'src'), { recursive: true });
  const env = childEnvironment(claudeEnvironment(home, serverUrl));
  const descriptor = await selectBackend({
    role: 'executor',
    config: {
      roles: { executor: { backend: 'claude-code', command: claudeBin, args: [], timeout: 120_000 } },
    },
  });
  return { backend: await createBackend(descriptor, { repositoryRoot: repository, env }) };
}

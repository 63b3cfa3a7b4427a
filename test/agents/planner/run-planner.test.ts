// The planner's phases in process: an interview chosen by the model (the AI SDK's OpenAI
// provider against the fake Chat Completions server), answers from a file, lint errors going
// back to a Markdown planner (a `command`), and a plan that stays unclean after the rounds.
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import type { BackendDescriptor } from '../../../src/agents/backends/backend-context.ts';
import { createModelBackend } from '../../../src/agents/backends/model-backend.ts';
import { runPlanner } from '../../../src/agents/planner/run-planner.ts';
import { loadConfig } from '../../../src/config/load-config.ts';
import { listPlanEvents } from '../../../src/store/event-log.ts';
import { listUsage } from '../../../src/store/usage.ts';
import { runBaton } from '../../support/cli.ts';
import { chatRequestText, startFakeOpenAI } from '../../support/fake-openai.ts';
import { planAnswerText } from '../../support/planner-answers.ts';
import { cleanPlanText } from '../../support/plans.ts';
import { makeRepository, makeTemporaryDirectory } from '../../support/repository.ts';
import { storeTargets } from '../../support/stores.ts';

async function setUp(t: TestContext) {
  const repository = makeRepository(t);
  assert.equal(runBaton(repository, ['init']).status, 0);
  const { store } = await storeTargets[0]!.open(t, repository);
  return { repository, store, config: loadConfig(repository) };
}

test('a model planner interviews (questions from the model, answers at the "terminal"), then plans', async (t) => {
  const { repository, store, config } = await setUp(t);
  const server = await startFakeOpenAI({
    turns: [
      { toolCalls: [{ name: 'list_files', arguments: {} }] },
      { content: JSON.stringify({ questions: ['Which module system?', 'Should greet trim the name?'] }) },
      (request) => {
        const text = chatRequestText(request);
        return /Which module system\?: CommonJS/.test(text) &&
          /Should greet trim the name\?: \(no answer/.test(text)
          ? { content: planAnswerText({ requirements: ['CommonJS, as answered.'] }) }
          : { content: 'the answers did not arrive' };
      },
    ],
  });
  t.after(() => server.close());
  const asked: string[] = [];
  const result = await runPlanner({
    repositoryRoot: repository,
    config,
    store,
    request: 'Add a greeting module',
    planner: 'openai:gpt-5',
    signal: new AbortController().signal,
    ask: async (question) => {
      asked.push(question);
      return asked.length === 1 ? 'CommonJS' : '';
    },
    makeBackend: async (descriptor: BackendDescriptor, context) =>
      createModelBackend(
        descriptor,
        {
          ...context,
          env: { OPENAI_API_KEY: 'sk-test-planner-0123456789abcdef', OPENAI_BASE_URL: server.url },
        },
        { stream: false },
      ),
  });
  assert.deepEqual(asked, ['Which module system?', 'Should greet trim the name?']);
  assert.equal(result.planId, 'add-greeting-module');
  assert.equal(result.interview.mode, 'terminal');
  assert.equal(result.rounds, 1);
  assert.deepEqual(result.errors, []);
  assert.equal(result.modelCalls, 3);
  const text = readFileSync(result.file, 'utf8');
  assert.match(text, /## Requirements Clarified\n\n- CommonJS, as answered\./);
  assert.equal(
    path.relative(repository, result.file),
    path.join('.baton', 'plans', 'review', 'add-greeting-module.md'),
  );
  const usage = await listUsage(store, { planId: 'add-greeting-module' });
  assert.equal(usage.length, 3);
  assert.ok(usage.every((row) => row.role === 'planner' && row.backend === 'model'));
});

test('a structured plan that fails its schema gets one more turn with the validation error', async (t) => {
  const { repository, store, config } = await setUp(t);
  const server = await startFakeOpenAI({
    turns: [
      { content: JSON.stringify({ meta: { title: 'Greeting', risk: 'severe', effort: '' }, summary: 'x' }) },
      { content: planAnswerText() },
    ],
  });
  t.after(() => server.close());
  const result = await runPlanner({
    repositoryRoot: repository,
    config,
    store,
    request: 'Add a greeting module',
    planId: 'greeting',
    planner: 'openai:gpt-5',
    noInterview: true,
    signal: new AbortController().signal,
    makeBackend: async (descriptor: BackendDescriptor, context) =>
      createModelBackend(descriptor, {
        ...context,
        env: { OPENAI_API_KEY: 'sk-test-planner-0123456789abcdef', OPENAI_BASE_URL: server.url },
      }),
  });
  assert.deepEqual(result.errors, []);
  const second = chatRequestText(server.chatRequests()[1]!);
  assert.match(second, /does not match the required JSON schema/);
  assert.match(second, /meta\.risk/);
  assert.match(second, /tasks/);
  // The provider was asked for the schema (structured output), not only told in the prompt.
  assert.match(JSON.stringify(server.chatRequests()[0]!.body?.response_format ?? {}), /json_schema/);
});

/** A `command` planner that answers the plan files of `answers` in turn, saving what it read. */
function commandPlanner(t: TestContext, answers: string[]): { spec: string; inputs: string } {
  const directory = makeTemporaryDirectory(t, 'baton-planner-');
  for (const [index, answer] of answers.entries())
    writeFileSync(path.join(directory, `answer-${index + 1}.md`), answer);
  const script = path.join(directory, 'plan.sh');
  writeFileSync(
    script,
    `#!/usr/bin/env bash
set -e
dir=${JSON.stringify(directory)}
n=$(( $(ls "$dir" | grep -c '^input-' || true) + 1 ))
cat > "$dir/input-$n.json"
if [ -f "$dir/answer-$n.md" ]; then cat "$dir/answer-$n.md"; else cat "$dir/answer-${answers.length}.md"; fi
`,
  );
  chmodSync(script, 0o755);
  return { spec: `command:${script}`, inputs: directory };
}

const brokenPlan = cleanPlanText('whatever').replace('- **Dependencies**: T1', '- **Dependencies**: T7');

test('a Markdown planner (command): answers from a file, a lint error sent back, fixed in round two', async (t) => {
  const { repository, store, config } = await setUp(t);
  const planner = commandPlanner(t, [brokenPlan, cleanPlanText('whatever')]);
  const answersFile = path.join(repository, 'answers.yaml');
  writeFileSync(answersFile, 'Which module system?: CommonJS\nTrim names?: no\n');
  const progress: string[] = [];
  const result = await runPlanner({
    onProgress: (line) => progress.push(line),
    repositoryRoot: repository,
    config,
    store,
    request: 'Add a greeting module',
    planId: 'greeting',
    planner: planner.spec,
    answersFile,
    author: 'Ada',
    base: 'main',
    signal: new AbortController().signal,
  });
  assert.equal(result.rounds, 2);
  assert.deepEqual(result.errors, []);
  assert.equal(result.interview.mode, 'answers-file');
  // The backend line names the role once ("planner: command …", never "planner: planner: …").
  assert.match(progress[0] ?? '', /^planner: command /);
  assert.equal(
    progress.some((line) => line.includes('planner: planner')),
    false,
    progress.join('\n'),
  );
  const first = JSON.parse(readFileSync(path.join(planner.inputs, 'input-1.json'), 'utf8'));
  assert.deepEqual(first.answers, [
    { question: 'Which module system?', answer: 'CommonJS' },
    { question: 'Trim names?', answer: 'no' },
  ]);
  assert.equal(first.lint_feedback, null);
  const second = JSON.parse(readFileSync(path.join(planner.inputs, 'input-2.json'), 'utf8'));
  assert.match(second.lint_feedback, /PLAN_UNKNOWN_DEPENDENCY T2 depends on T7/);
  assert.match(second.lint_feedback, /### T2: Test the greeting/);
  // The id is baton's, whatever the planner wrote.
  assert.match(readFileSync(result.file, 'utf8'), /^---\nid: greeting\ntitle: Greeting module\n/);
});

test('a plan fenced with words around it is the plan: lint-clean in round one', async (t) => {
  const { repository, store, config } = await setUp(t);
  const answer = `Here is the plan:\n\n\`\`\`markdown\n${cleanPlanText('greeting')}\`\`\`\n\nTell me what to change.\n`;
  const planner = commandPlanner(t, [answer]);
  const result = await runPlanner({
    repositoryRoot: repository,
    config,
    store,
    request: 'Add a greeting module',
    planId: 'greeting',
    planner: planner.spec,
    signal: new AbortController().signal,
  });
  assert.deepEqual(result.errors, []);
  assert.equal(result.rounds, 1);
  assert.equal(readFileSync(result.file, 'utf8').startsWith('---\nid: greeting\n'), true);
});

test('a plan still unclean after two more rounds lands in review with its errors listed', async (t) => {
  const { repository, store, config } = await setUp(t);
  const planner = commandPlanner(t, [brokenPlan]);
  const result = await runPlanner({
    repositoryRoot: repository,
    config,
    store,
    request: 'Add a greeting module',
    planId: 'greeting',
    planner: planner.spec,
    signal: new AbortController().signal,
  });
  assert.equal(result.rounds, 3);
  assert.equal(result.interview.mode, 'assumptions');
  assert.match(result.interview.note ?? '', /no terminal/);
  assert.deepEqual(
    result.errors.map((diagnostic) => diagnostic.code),
    ['PLAN_UNKNOWN_DEPENDENCY'],
  );
  assert.match(readFileSync(result.file, 'utf8'), /\*\*Dependencies\*\*: T7/);
  const [created] = await listPlanEvents(store, 'greeting', ['plan-created']);
  assert.equal(created?.data.lintErrors, 1);
  assert.equal(created?.data.rounds, 3);
  // Without an interview the planner was told to state its assumptions.
  const first = JSON.parse(readFileSync(path.join(planner.inputs, 'input-1.json'), 'utf8'));
  assert.match(first.answers[0].answer, /Assumption:/);
});

test('an existing id is refused before any planning', async (t) => {
  const { repository, store, config } = await setUp(t);
  writeFileSync(path.join(repository, '.baton', 'plans', 'review', 'greeting.md'), cleanPlanText('greeting'));
  const planner = commandPlanner(t, [cleanPlanText('greeting')]);
  await assert.rejects(
    runPlanner({
      repositoryRoot: repository,
      config,
      store,
      request: 'Anything',
      planId: 'greeting',
      planner: planner.spec,
      signal: new AbortController().signal,
    }),
    /PLAN_EXISTS|already exists/,
  );
});
